// Merchandising: hand-picked product lists for the storefront.
migration! {
    createTable("collections", {
        id: "id",
        title: { type: "text", notNull: true },
        handle: { type: "text", notNull: true, unique: true, check: "handle ~ '^[a-z0-9-]+$'" },
        publishedAt: "timestamptz",
        sortOrder: { type: "text", notNull: true, default: "manual", check: "sort_order IN ('manual', 'best_selling', 'newest', 'price_asc', 'price_desc')" },
    }, { comment: "curated product lists" });
    createTable("collection_products", {
        collectionId: { type: "bigint", notNull: true, references: "collections(id)", onDelete: "cascade" },
        productId: { type: "bigint", notNull: true, references: "products(id)", onDelete: "cascade" },
        position: { type: "integer", notNull: true, default: 0 },
    }, {
        constraints: { primaryKey: ["collectionId", "productId"] },
    });
    createIndex("collection_products", "productId");
}
