migration! {
    createTable("email_verifications", {
        id: "id",
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        email: { type: "citext", notNull: true, comment: "the address being verified, which may differ from users.email" },
        tokenHash: { type: "bytea", notNull: true, unique: true },
        verifiedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
}
