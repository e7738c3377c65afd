migration! {
    createType("author_role", ["contributor", "author", "editor", "admin"]);
    addColumns("authors", { role: { type: "author_role", notNull: true, default: "contributor" } });
}
