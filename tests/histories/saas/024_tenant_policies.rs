// The same isolation as projects, for every table that carries organization_id.
migration! {
    up {
        sql("ALTER TABLE organization_members ENABLE ROW LEVEL SECURITY;
            CREATE POLICY organization_members_tenant_isolation ON organization_members
                USING (organization_id = current_setting('app.current_org', true)::uuid);
            ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
            CREATE POLICY invitations_tenant_isolation ON invitations
                USING (organization_id = current_setting('app.current_org', true)::uuid);
            ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
            CREATE POLICY api_keys_tenant_isolation ON api_keys
                USING (organization_id = current_setting('app.current_org', true)::uuid);
            ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
            CREATE POLICY teams_tenant_isolation ON teams
                USING (organization_id = current_setting('app.current_org', true)::uuid)");
    }
    down {
        sql("DROP POLICY teams_tenant_isolation ON teams;
            ALTER TABLE teams DISABLE ROW LEVEL SECURITY;
            DROP POLICY api_keys_tenant_isolation ON api_keys;
            ALTER TABLE api_keys DISABLE ROW LEVEL SECURITY;
            DROP POLICY invitations_tenant_isolation ON invitations;
            ALTER TABLE invitations DISABLE ROW LEVEL SECURITY;
            DROP POLICY organization_members_tenant_isolation ON organization_members;
            ALTER TABLE organization_members DISABLE ROW LEVEL SECURITY");
    }
}
