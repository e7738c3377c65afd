// Login sessions: one row per signed-in device, removed with its user.
migration! {
    createTable("userSessions", {
        id: "id",
        userId: { type: "bigint", notNull: true, references: "users(id)", onDelete: "cascade" },
        token: { type: "text", notNull: true, unique: true },
        userAgent: "text",
        expiresAt: { type: "timestamptz", notNull: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("userSessions", "userId");
    createIndex("userSessions", "expiresAt");
}
