migration! {
    up {
        sql("ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
            ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
            CREATE POLICY webhooks_tenant_isolation ON webhooks
                USING (organization_id = current_setting('app.current_org', true)::uuid)");
    }
    down {
        sql("DROP POLICY webhooks_tenant_isolation ON webhooks;
            ALTER TABLE webhooks NO FORCE ROW LEVEL SECURITY;
            ALTER TABLE webhooks DISABLE ROW LEVEL SECURITY");
    }
}
