migration! {
    renameTable("analytics.search_queries", "searches");
}
