// Personal tokens join organization keys in one table; "API key" no longer fits.
migration! {
    up {
        renameTable("api_keys", "access_tokens");
        sql("ALTER INDEX api_keys_pkey RENAME TO access_tokens_pkey;
            ALTER INDEX api_keys_prefix_idx RENAME TO access_tokens_prefix_idx;
            ALTER INDEX api_keys_active_idx RENAME TO access_tokens_active_idx;
            ALTER TABLE access_tokens RENAME CONSTRAINT api_keys_prefix_format TO access_tokens_prefix_format;
            ALTER TABLE access_tokens RENAME CONSTRAINT api_keys_created_by_fkey TO access_tokens_created_by_fkey;
            ALTER TABLE access_tokens RENAME CONSTRAINT api_keys_organization_id_fkey TO access_tokens_organization_id_fkey;
            ALTER POLICY api_keys_tenant_isolation ON access_tokens RENAME TO access_tokens_tenant_isolation");
    }
    down {
        sql("ALTER POLICY access_tokens_tenant_isolation ON access_tokens RENAME TO api_keys_tenant_isolation;
            ALTER TABLE access_tokens RENAME CONSTRAINT access_tokens_organization_id_fkey TO api_keys_organization_id_fkey;
            ALTER TABLE access_tokens RENAME CONSTRAINT access_tokens_created_by_fkey TO api_keys_created_by_fkey;
            ALTER TABLE access_tokens RENAME CONSTRAINT access_tokens_prefix_format TO api_keys_prefix_format;
            ALTER INDEX access_tokens_active_idx RENAME TO api_keys_active_idx;
            ALTER INDEX access_tokens_prefix_idx RENAME TO api_keys_prefix_idx;
            ALTER INDEX access_tokens_pkey RENAME TO api_keys_pkey");
        renameTable("access_tokens", "api_keys");
    }
}
