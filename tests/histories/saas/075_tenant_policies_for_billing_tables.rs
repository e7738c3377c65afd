migration! {
    up {
        sql("ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
            CREATE POLICY subscriptions_tenant_isolation ON subscriptions USING (organization_id = current_org_id());
            ALTER TABLE usage_records ENABLE ROW LEVEL SECURITY;
            CREATE POLICY usage_records_tenant_isolation ON usage_records USING (organization_id = current_org_id());
            CREATE POLICY usage_records_append_only ON usage_records AS RESTRICTIVE FOR UPDATE USING (false);
            ALTER TABLE organization_domains ENABLE ROW LEVEL SECURITY;
            CREATE POLICY organization_domains_tenant_isolation ON organization_domains USING (organization_id = current_org_id())");
    }
    down {
        sql("DROP POLICY organization_domains_tenant_isolation ON organization_domains;
            ALTER TABLE organization_domains DISABLE ROW LEVEL SECURITY;
            DROP POLICY usage_records_append_only ON usage_records;
            DROP POLICY usage_records_tenant_isolation ON usage_records;
            ALTER TABLE usage_records DISABLE ROW LEVEL SECURITY;
            DROP POLICY subscriptions_tenant_isolation ON subscriptions;
            ALTER TABLE subscriptions DISABLE ROW LEVEL SECURITY");
    }
}
