migration! {
    createType("review_decision", ["approved", "changes_requested", "rejected"]);
    createTable("post_reviews", {
        id: "id",
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        revisionId: { type: "bigint", references: "post_revisions(id)", onDelete: "set null" },
        reviewerId: { type: "bigint", notNull: true, references: "authors(id)", onDelete: "restrict" },
        decision: { type: "review_decision", notNull: true },
        note: "text",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("post_reviews", ["postId", { name: "createdAt", sort: "desc" }]);
}
