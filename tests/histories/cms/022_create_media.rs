migration! {
    up {
        sql("CREATE DOMAIN mime_type AS text CHECK (VALUE ~ '^[a-z]+/[a-z0-9.+-]+$')");
        createTable("media", {
            id: "id",
            uploaderId: { type: "bigint", references: "authors(id)", onDelete: "set null" },
            storageKey: { type: "text", notNull: true, unique: true },
            mimeType: { type: "mime_type", notNull: true },
            bytes: { type: "bigint", notNull: true, check: "bytes > 0" },
            width: "integer",
            height: "integer",
            altText: "text",
            metadata: { type: "jsonb", notNull: true, default: func("'{}'::jsonb") },
            createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        createIndex("media", "metadata", { method: "gin" });
    }
    down {
        dropTable("media");
        sql("DROP DOMAIN mime_type");
    }
}
