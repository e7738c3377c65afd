migration! {
    createTable("sessions", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        tokenHash: { type: "bytea", notNull: true, unique: true },
        ip: "inet",
        userAgent: "text",
        expiresAt: { type: "timestamptz", notNull: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("sessions", "userId");
    createIndex("sessions", "expiresAt");
}
