migration! {
    addConstraint("posts", "posts_user_fkey", { foreignKey: { columns: ["userId"], references: "users(id)", onDelete: "set null" } });
}
