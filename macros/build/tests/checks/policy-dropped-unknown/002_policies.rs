migration! {
    alterTable("posts", { levelSecurity: "enable" });
    createPolicy("posts", "ownPosts", { using: "user_id = 1" });
}
