// The same operations on a table this migration creates: it is new and empty, so
// none of them is a hazard.
migration! {
    createTable("drafts", { id: "id", name: "varchar(40)", age: "smallint", authorId: "bigint", title: "text" });
    createIndex("drafts", "name");
    addConstraint("drafts", "drafts_title_check", { check: "length(title) > 0" });
    addConstraint("drafts", "drafts_name_key", { unique: ["name"] });
    addConstraint("drafts", "drafts_author_fkey", { foreignKey: { columns: ["authorId"], references: "users(id)" } });
    alterColumn("drafts", "name", { type: "text" });
    alterColumn("drafts", "age", { notNull: true });
    addColumns("drafts", { code: { type: "text", notNull: true } });
    addColumns("drafts", { token: { type: "uuid", default: func("gen_random_uuid()") } });
    renameColumn("drafts", "title", "headline");
    dropColumns("drafts", ["age"]);
    down { noop; }
}
