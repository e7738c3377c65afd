migration! {
    createTable("users", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        email: { type: "citext", notNull: true, unique: true },
        name: { type: "text" },
        passwordHash: { type: "text" },
        lastLoginAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
}
