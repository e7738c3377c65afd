migration! {
    createTable("menus", {
        id: { type: "serial", primaryKey: true },
        key: { type: "slug", notNull: true, unique: true },
        title: { type: "text", notNull: true },
    });
    createTable("menu_items", {
        id: "id",
        menuId: { type: "integer", notNull: true, references: "menus(id)", onDelete: "cascade" },
        parentId: { type: "bigint", references: "menu_items(id)", onDelete: "cascade" },
        label: { type: "text", notNull: true },
        url: "text",
        postId: { type: "bigint", references: "posts(id)", onDelete: "cascade" },
        position: { type: "smallint", notNull: true, default: 0 },
    }, {
        constraints: { check: "(url IS NULL) <> (post_id IS NULL)" },
    });
    createIndex("menu_items", ["menuId", "parentId", "position"]);
}
