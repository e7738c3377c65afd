migration! {
    createType("posts", ["a"]);
}
