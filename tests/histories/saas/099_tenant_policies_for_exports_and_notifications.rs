migration! {
    up {
        sql("ALTER TABLE data_exports ENABLE ROW LEVEL SECURITY;
            CREATE POLICY data_exports_tenant_isolation ON data_exports USING (organization_id = current_org_id());
            ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
            CREATE POLICY notifications_own_rows ON notifications
                USING (user_id = nullif(current_setting('app.current_user', true), '')::uuid);
            CREATE POLICY notifications_tenant_isolation ON notifications AS RESTRICTIVE
                USING (organization_id IS NULL OR organization_id = current_org_id())");
    }
    down {
        sql("DROP POLICY notifications_tenant_isolation ON notifications;
            DROP POLICY notifications_own_rows ON notifications;
            ALTER TABLE notifications DISABLE ROW LEVEL SECURITY;
            DROP POLICY data_exports_tenant_isolation ON data_exports;
            ALTER TABLE data_exports DISABLE ROW LEVEL SECURITY");
    }
}
