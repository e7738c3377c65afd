// Password hashes move out of users, which half the app selects with *.
migration! {
    createTable("user_credentials", {
        userId: { type: "uuid", primaryKey: true, references: "users(id)", onDelete: "cascade" },
        passwordHash: { type: "text", notNull: true },
        passwordUpdatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        failedAttempts: { type: "integer", notNull: true, default: 0 },
        lockedUntil: "timestamptz",
    });
}
