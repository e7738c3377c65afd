migration! {
    createIndex("posts", "userId");
}
