migration! {
    createIndex("notifications", ["userId", { name: "createdAt", sort: "desc" }], { concurrently: true, name: "notifications_feed_idx" });
}
