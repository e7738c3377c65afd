migration! {
    createTable("livePosts", { id: "id" });
}
