migration! {
    createIndex("analytics.page_views", ["postId", "viewedAt"]);
    createIndex("analytics.page_views", "viewedAt", { method: "brin", name: "page_views_viewed_at_brin" });
}
