// The permission strings roles grant, as rows, so the admin UI can list them.
migration! {
    up {
        createTable("permissions", {
            key: { type: "text", primaryKey: true, check: "key ~ '^[a-z_]+:(read|write)$' OR key = '*'" },
            description: { type: "text", notNull: true },
        }, { comment: "every permission a role may grant" });
        sql("INSERT INTO permissions (key, description) VALUES
                ('*', 'everything'),
                ('members:write', 'invite, remove and change members'),
                ('projects:read', 'see projects'),
                ('projects:write', 'create, change and archive projects'),
                ('billing:read', 'see invoices and usage'),
                ('billing:write', 'change the plan and payment method')");
    }
    down {
        dropTable("permissions");
    }
}
