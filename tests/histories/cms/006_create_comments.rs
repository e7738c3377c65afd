// Threaded: a reply points at its parent; deleting a comment deletes its replies.
migration! {
    createType("comment_status", ["pending", "approved", "spam"]);
    createTable("comments", {
        id: "id",
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        parentId: { type: "bigint", references: "comments(id)", onDelete: "cascade" },
        authorName: { type: "text", notNull: true },
        authorEmail: { type: "email_address", notNull: true },
        body: { type: "text", notNull: true, check: "length(body) BETWEEN 1 AND 20000" },
        status: { type: "comment_status", notNull: true, default: "pending" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: "parent_id IS NULL OR parent_id <> id" },
    });
    createIndex("comments", ["postId", "createdAt"], { where: "status = 'approved'", name: "comments_approved_idx" });
    createIndex("comments", "parentId", { where: "parent_id IS NOT NULL" });
}
