// Custom roles per organization; rows without an organization are the built-in ones.
migration! {
    createTable("roles", {
        id: "id",
        organizationId: { type: "uuid", references: "organizations(id)", onDelete: "cascade" },
        key: { type: "varchar(64)", notNull: true, check: "key ~ '^[a-z][a-z0-9_]*$'" },
        name: { type: "text", notNull: true },
        permissions: { type: "jsonb", notNull: true, default: func("'[]'::jsonb") },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("roles", ["organizationId", "key"], { unique: true, where: "organization_id IS NOT NULL" });
    createIndex("roles", "key", { unique: true, where: "organization_id IS NULL", name: "roles_builtin_key_idx" });
}
