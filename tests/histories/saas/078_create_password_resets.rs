migration! {
    createTable("password_resets", {
        tokenHash: { type: "bytea", primaryKey: true },
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        expiresAt: { type: "timestamptz", notNull: true },
        usedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "one-time links; rows older than a day are swept" });
    createIndex("password_resets", "userId");
}
