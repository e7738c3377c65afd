// Tenant isolation in the database: the app sets app.current_org per request.
migration! {
    up {
        sql("ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
            CREATE POLICY projects_tenant_isolation ON projects
                USING (organization_id = current_setting('app.current_org', true)::uuid)
                WITH CHECK (organization_id = current_setting('app.current_org', true)::uuid)");
    }
    down {
        sql("DROP POLICY projects_tenant_isolation ON projects;
            ALTER TABLE projects DISABLE ROW LEVEL SECURITY");
    }
}
