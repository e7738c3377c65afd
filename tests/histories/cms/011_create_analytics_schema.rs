// Analytics lives apart: other retention, other grants, other backups.
migration! {
    createSchema("analytics");
    createTable("analytics.page_views", {
        id: "id",
        postId: { type: "bigint", references: "public.posts(id)", onDelete: "set null" },
        path: { type: "text", notNull: true },
        referrer: "text",
        userAgent: "text",
        sessionId: "uuid",
        viewedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "one row per page view; rolled up nightly" });
}
