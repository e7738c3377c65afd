migration! {
    dropIndex("posts", "title");
    down { noop; }
}
