migration! {
    createTable("livePosts", { id: "id" });
    renameView("posts", "postCounts");
}
