migration! {
    up {
        sql(r#"INSERT INTO roles (key, name, permissions) VALUES
            ('owner', 'Owner', '["*"]'),
            ('admin', 'Administrator', '["members:write", "projects:write", "billing:read"]'),
            ('billing', 'Billing manager', '["billing:write", "billing:read"]'),
            ('member', 'Member', '["projects:read"]')"#);
    }
    down {
        sql("DELETE FROM roles WHERE organization_id IS NULL AND key IN ('owner', 'admin', 'billing', 'member')");
    }
}
