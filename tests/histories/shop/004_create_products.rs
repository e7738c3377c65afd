migration! {
    createType("product_status", ["draft", "active", "archived"]);
    createTable("products", {
        id: "id",
        categoryId: { type: "integer", references: "categories(id)", onDelete: "set null" },
        name: { type: "text", notNull: true },
        slug: { type: "text", notNull: true },
        description: { type: "text", notNull: true, default: "" },
        status: { type: "product_status", notNull: true, default: "draft" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        deletedAt: "timestamptz",
    });
    createIndex("products", "slug", { unique: true, where: "deleted_at IS NULL", name: "products_live_slug_idx" });
    createIndex("products", ["categoryId", "status"]);
}
