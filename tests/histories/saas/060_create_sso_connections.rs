migration! {
    createType("sso_provider", ["saml", "oidc"]);
    createTable("sso_connections", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        provider: { type: "sso_provider", notNull: true },
        domain: { type: "citext", notNull: true, unique: true },
        metadata: { type: "jsonb", notNull: true, default: func("'{}'::jsonb") },
        enabled: { type: "boolean", notNull: true, default: false },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "one identity provider per verified email domain" });
    createIndex("sso_connections", "organizationId");
}
