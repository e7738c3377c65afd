migration! {
    createSchema("analytics");
    createTable("analytics.events", { id: "id" });
}
