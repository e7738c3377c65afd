migration! {
    createTable("api_keys", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organization_id: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        name: { type: "text", notNull: true },
        prefix: { type: "varchar(12)", notNull: true },
        hashed_key: { type: "text", notNull: true },
        scopes: { type: "text[]", notNull: true, default: func("'{}'") },
        last_used_at: "timestamptz",
        revoked_at: "timestamptz",
        created_by: { type: "uuid", references: "users(id)" },
        created_at: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "per-organization API credentials; only a hash of the key is kept" });
    createIndex("api_keys", "prefix", { unique: true });
    createIndex("api_keys", "organization_id", { where: "revoked_at IS NULL", name: "api_keys_active_idx" });
}
