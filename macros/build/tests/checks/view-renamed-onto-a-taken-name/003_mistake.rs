migration! {
    renameView("livePosts", "postCounts");
}
