migration! {
    addConstraint("posts", "posts_author_fkey", { foreignKey: { columns: ["userId", "title"], references: "users(id)" } });
}
