migration! {
    dropPolicy("posts", "ownPost");
    down { noop; }
}
