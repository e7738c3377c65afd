migration! {
    createTable("webhooks", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        url: { type: "text", notNull: true, check: "url LIKE 'https://%'" },
        secret: { type: "text", notNull: true },
        events: { type: "text[]", notNull: true, default: func("ARRAY['*']") },
        active: { type: "boolean", notNull: true, default: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createTable("webhook_deliveries", {
        id: "id",
        webhookId: { type: "uuid", notNull: true, references: "webhooks(id)", onDelete: "cascade" },
        event: { type: "text", notNull: true },
        payload: { type: "jsonb", notNull: true },
        statusCode: "smallint",
        responseMs: "integer",
        attempt: { type: "smallint", notNull: true, default: 1 },
        attemptedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("webhook_deliveries", ["webhookId", { name: "attemptedAt", sort: "desc" }]);
}
