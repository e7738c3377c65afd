// Flags moved to the vendor's service; overrides there too.
migration! {
    up {
        dropTable("organization_feature_overrides");
        dropTable("feature_flags");
    }
    down {
        createTable("feature_flags", {
            key: { type: "text", primaryKey: true },
            description: "text",
            enabled: { type: "boolean", notNull: true, default: false },
            rolloutPercent: { type: "smallint", notNull: true, default: 0, check: "rollout_percent BETWEEN 0 AND 100" },
            createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        createTable("organization_feature_overrides", {
            organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
            flagKey: { type: "text", notNull: true, references: "feature_flags(key)", onDelete: "cascade", onUpdate: "cascade" },
            enabled: { type: "boolean", notNull: true },
        }, {
            constraints: { primaryKey: ["organizationId", "flagKey"] },
        });
    }
}
