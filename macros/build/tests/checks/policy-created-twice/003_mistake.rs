migration! {
    createPolicy("posts", "ownPosts", { command: "select", using: "true" });
}
