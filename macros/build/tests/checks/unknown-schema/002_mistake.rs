migration! {
    createTable("analytics.events", { id: "id" });
}
