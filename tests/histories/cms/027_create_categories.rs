migration! {
    createExtension("ltree");
    createTable("categories", {
        id: { type: "serial", primaryKey: true },
        name: { type: "text", notNull: true },
        slug: { type: "slug", notNull: true },
        path: { type: "ltree", notNull: true, unique: true, comment: "e.g. tech.databases.postgres" },
    });
    createIndex("categories", "path", { method: "gist", name: "categories_path_gist_idx" });
    addColumns("posts", { categoryId: { type: "integer", references: "categories(id)", onDelete: "set null" } });
}
