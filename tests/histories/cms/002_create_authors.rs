migration! {
    createTable("authors", {
        id: "id",
        email: { type: "email_address", notNull: true, unique: true },
        displayName: { type: "text", notNull: true },
        bio: "text",
        avatarUrl: "text",
        website: "text",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
}
