// Public profile fields split from authors (the login record), step one: the new table.
migration! {
    createTable("author_profiles", {
        authorId: { type: "bigint", primaryKey: true, references: "authors(id)", onDelete: "cascade" },
        bio: "text",
        avatarUrl: "text",
        website: "text",
        social: { type: "jsonb", notNull: true, default: func("'{}'::jsonb") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
}
