migration! {
    renameTable("posts", "users");
}
