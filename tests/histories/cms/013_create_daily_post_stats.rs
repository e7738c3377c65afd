migration! {
    createTable("analytics.daily_post_stats", {
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        day: { type: "date", notNull: true },
        views: { type: "integer", notNull: true, default: 0 },
        uniqueSessions: { type: "integer", notNull: true, default: 0 },
    }, {
        constraints: { primaryKey: ["postId", "day"] },
    });
}
