// Each operation here locks or breaks a busy table: each gets its warning.
migration! {
    createIndex("users", "name");
    addConstraint("posts", "posts_title_check", { check: "length(title) > 0" });
    addConstraint("users", "users_name_key", { unique: ["name"] });
    addColumns("posts", { editorId: { type: "bigint", references: "users" } });
    alterColumn("users", "name", { type: "text" });
    alterColumn("users", "age", { notNull: true });
    addColumns("users", { code: { type: "text", notNull: true } });
    addColumns("users", { token: { type: "uuid", default: func("gen_random_uuid()") } });
    renameColumn("posts", "title", "headline");
    renameTable("posts", "articles");
    dropColumns("users", ["age"]);
    dropIndex("posts", "userId");
    down { noop; }
}
