migration! {
    alterPolicy("post", "ownPosts", { using: "true" });
    down { noop; }
}
