migration! {
    up {
        sql("DROP POLICY access_tokens_tenant_isolation ON access_tokens;
            CREATE POLICY access_tokens_tenant_isolation ON access_tokens
                USING (organization_id = current_org_id()
                       OR user_id = nullif(current_setting('app.current_user', true), '')::uuid)");
    }
    down {
        sql("DROP POLICY access_tokens_tenant_isolation ON access_tokens;
            CREATE POLICY access_tokens_tenant_isolation ON access_tokens
                USING (organization_id = current_setting('app.current_org', true)::uuid)");
    }
}
