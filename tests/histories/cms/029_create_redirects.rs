migration! {
    createTable("redirects", {
        id: "id",
        fromPath: { type: "text", notNull: true, unique: true, check: "from_path LIKE '/%'" },
        toPath: { type: "text", notNull: true },
        statusCode: { type: "smallint", notNull: true, default: 301, check: "status_code IN (301, 302, 307, 308)" },
        hits: { type: "bigint", notNull: true, default: 0 },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
}
