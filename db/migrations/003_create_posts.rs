// Posts written by users, listed newest first on each user's page.
migration! {
    createType("postStatus", ["draft", "published", "archived"]);
    createTable("posts", {
        id: "id",
        userId: { type: "bigint", notNull: true, references: "users(id)", onDelete: "cascade" },
        title: { type: "varchar(255)", notNull: true },
        body: { type: "text", notNull: true, default: "" },
        status: { type: "post_status", notNull: true, default: "draft" },
        tags: { type: "text[]", notNull: true, default: func("'{}'") },
        publishedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "user posts" });
    createIndex("posts", ["userId", "createdAt"]);
    createIndex("posts", "publishedAt", { where: "status = 'published'" });
}
