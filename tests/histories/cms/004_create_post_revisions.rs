// Every save is a revision; the post row holds the current one.
migration! {
    createTable("post_revisions", {
        id: "id",
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        revision: { type: "integer", notNull: true },
        title: { type: "varchar(300)", notNull: true },
        body: { type: "text", notNull: true },
        authorId: { type: "bigint", references: "authors(id)", onDelete: "set null" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { unique: [["postId", "revision"]] },
    });
}
