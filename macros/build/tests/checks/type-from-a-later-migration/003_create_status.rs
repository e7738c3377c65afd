migration! {
    createType("post_status", ["draft", "published"]);
}
