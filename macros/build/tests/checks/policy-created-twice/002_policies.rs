migration! {
    createPolicy("posts", "ownPosts", { using: "user_id = 1" });
}
