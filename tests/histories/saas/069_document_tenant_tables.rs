migration! {
    up {
        sql("COMMENT ON COLUMN organizations.slug IS 'URL name, unique among live organizations';
            COMMENT ON COLUMN organizations.settings IS 'tenant preferences, see docs/settings.md';
            COMMENT ON TABLE organization_members IS 'users in organizations, with their role';
            COMMENT ON POLICY projects_tenant_isolation ON projects IS 'requires SET app.current_org'");
    }
    down {
        sql("COMMENT ON POLICY projects_tenant_isolation ON projects IS NULL;
            COMMENT ON TABLE organization_members IS NULL;
            COMMENT ON COLUMN organizations.settings IS NULL;
            COMMENT ON COLUMN organizations.slug IS NULL");
    }
}
