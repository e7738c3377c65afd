migration! {
    createTable("product_images", {
        id: "id",
        productId: { type: "bigint", notNull: true, references: "products(id)", onDelete: "cascade" },
        variantId: { type: "bigint", references: "product_variants(id)", onDelete: "set null" },
        url: { type: "text", notNull: true },
        altText: "text",
        position: { type: "smallint", notNull: true, default: 0 },
        width: "integer",
        height: "integer",
    }, {
        constraints: { check: "(width IS NULL) = (height IS NULL)" },
    });
    createIndex("product_images", ["productId", "position"]);
}
