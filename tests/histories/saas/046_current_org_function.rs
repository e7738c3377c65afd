// One place that reads the tenant setting; policies call it instead of repeating the cast.
migration! {
    up {
        sql("CREATE FUNCTION current_org_id() RETURNS uuid
                LANGUAGE sql STABLE
                AS $$ SELECT nullif(current_setting('app.current_org', true), '')::uuid $$;
            DROP POLICY projects_tenant_isolation ON projects;
            CREATE POLICY projects_tenant_isolation ON projects
                USING (organization_id = current_org_id())
                WITH CHECK (organization_id = current_org_id());
            DROP POLICY teams_tenant_isolation ON teams;
            CREATE POLICY teams_tenant_isolation ON teams
                USING (organization_id = current_org_id())");
    }
    down {
        sql("DROP POLICY teams_tenant_isolation ON teams;
            CREATE POLICY teams_tenant_isolation ON teams
                USING (organization_id = current_setting('app.current_org', true)::uuid);
            DROP POLICY projects_tenant_isolation ON projects;
            CREATE POLICY projects_tenant_isolation ON projects
                USING (organization_id = current_setting('app.current_org', true)::uuid)
                WITH CHECK (organization_id = current_setting('app.current_org', true)::uuid);
            DROP FUNCTION current_org_id()");
    }
}
