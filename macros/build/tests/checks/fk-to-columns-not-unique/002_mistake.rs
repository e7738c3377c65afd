migration! {
    addColumns("posts", { author: { type: "varchar(40)", references: "users(name)" } });
}
