migration! {
    createTable("analytics.search_queries", {
        id: "id",
        query: { type: "text", notNull: true },
        results: { type: "integer", notNull: true },
        clickedPostId: { type: "bigint", references: "posts(id)", onDelete: "set null" },
        searchedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("analytics.search_queries", "searchedAt", { method: "brin" });
}
