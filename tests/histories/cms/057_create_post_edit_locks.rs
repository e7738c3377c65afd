migration! {
    createTable("post_edit_locks", {
        postId: { type: "bigint", primaryKey: true, references: "posts(id)", onDelete: "cascade" },
        authorId: { type: "bigint", notNull: true, references: "authors(id)", onDelete: "cascade" },
        lockedUntil: { type: "timestamptz", notNull: true, default: func("now() + interval '15 minutes'") },
    }, { comment: "soft locks so two editors do not overwrite each other" });
}
