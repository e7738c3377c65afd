migration! {
    createTable("categories", {
        id: { type: "serial", primaryKey: true },
        parentId: { type: "integer", references: "categories(id)", onDelete: "set null" },
        name: { type: "text", notNull: true },
        slug: { type: "text", notNull: true, unique: true },
        position: { type: "integer", notNull: true, default: 0 },
    });
    createIndex("categories", "parentId");
}
