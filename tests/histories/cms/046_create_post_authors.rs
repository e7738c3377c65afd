// Co-authored posts: authors become a list; author_id stays as the primary author.
migration! {
    createTable("post_authors", {
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        authorId: { type: "bigint", notNull: true, references: "authors(id)", onDelete: "cascade" },
        position: { type: "smallint", notNull: true, default: 0 },
    }, {
        constraints: { primaryKey: ["postId", "authorId"] },
    });
    createIndex("post_authors", "authorId");
}
