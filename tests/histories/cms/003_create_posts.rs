migration! {
    createType("post_status", ["draft", "review", "published"]);
    createTable("posts", {
        id: "id",
        authorId: { type: "bigint", notNull: true, references: "authors(id)", onDelete: "restrict" },
        title: { type: "varchar(300)", notNull: true },
        slug: { type: "slug", notNull: true, unique: true },
        excerpt: "text",
        body: { type: "text", notNull: true, default: "" },
        status: { type: "post_status", notNull: true, default: "draft" },
        publishedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: "status <> 'published' OR published_at IS NOT NULL" },
    });
    createIndex("posts", ["authorId", { name: "createdAt", sort: "desc" }]);
    createIndex("posts", { name: "publishedAt", sort: "desc", nulls: "last" }, { where: "status = 'published'", name: "posts_published_idx" });
}
