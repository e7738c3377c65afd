migration! {
    up {
        sql("ALTER TABLE sso_connections ENABLE ROW LEVEL SECURITY;
            CREATE POLICY sso_connections_tenant_isolation ON sso_connections
                FOR ALL USING (organization_id = current_org_id())");
    }
    down {
        sql("DROP POLICY sso_connections_tenant_isolation ON sso_connections;
            ALTER TABLE sso_connections DISABLE ROW LEVEL SECURITY");
    }
}
