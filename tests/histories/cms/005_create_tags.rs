migration! {
    createTable("tags", {
        id: { type: "serial", primaryKey: true },
        name: { type: "text", notNull: true },
        slug: { type: "slug", notNull: true, unique: true },
    });
    createTable("post_tags", {
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        tagId: { type: "integer", notNull: true, references: "tags(id)", onDelete: "cascade" },
    }, {
        constraints: { primaryKey: ["postId", "tagId"] },
    });
    createIndex("post_tags", "tagId");
}
