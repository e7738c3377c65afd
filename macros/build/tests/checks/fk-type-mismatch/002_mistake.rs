migration! {
    addColumns("posts", { editor: { type: "text", references: "users(id)" } });
}
