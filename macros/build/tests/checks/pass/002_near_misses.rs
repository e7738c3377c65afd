// Every check's valid neighbour: none of these may be refused.
migration! {
    addColumns("users", { nickname: "text", score: { type: "integer", default: "42" }, level: { type: "integer", default: 1e3 } });
    addColumns("users", { email: "text" }, { ifNotExists: true });
    createIndex("users", ["email", "name"]);
    createIndex("users", "email", { name: "users_email_idx2", ifNotExists: true });
    createIndex("posts", "title", { where: "deleted_at IS NULL AND title <> ''" });
    createIndex("users", [{ expression: "lower(email)" }], { name: "users_lower_email_idx" });
    addTypeValue("mood", "ecstatic", { after: "happy" });
    addTypeValue("mood", "happy", { ifNotExists: true });
    alterColumn("users", "mood", { default: "ok" });
    alterColumn("users", "name", { default: "anonymous" });
    addColumns("posts", { author: { type: "text", references: "users(email)" } });
    addColumns("posts", { publishedAt: { type: "timestamptz", default: func("now()") }, flag: { type: "boolean", default: "yes" } });
    addConstraint("users", "users_age_check", { check: "age >= 0 AND age < 200 AND current_date > '2000-01-01'" });
    addConstraint("posts", "posts_user_id_fkey2", { foreignKey: { columns: ["userId"], references: "users(id)", onDelete: "cascade" } });
    renameColumn("users", "nickname", "handle");
    dropConstraint("posts", "posts_user_id_fkey2");
    dropIndex("posts", "title", { name: "no_such_index", ifExists: true });
    dropColumns("users", ["missing"], { ifExists: true });
    createSchema("public", { ifNotExists: true });
    down { noop; }
}
