// The application's users; everything else hangs off them.
migration! {
    createTable("users", {
        id: "id",
        email: { type: "text", notNull: true, unique: true },
        displayName: { type: "varchar(100)", notNull: true },
        passwordHash: { type: "text", notNull: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("users", [func("lower(email)")], { unique: true, name: "users_email_lower_idx" });
}
