migration! {
    createTable("product_variants", {
        id: "id",
        productId: { type: "bigint", notNull: true, references: "products(id)", onDelete: "cascade" },
        sku: { type: "varchar(64)", notNull: true, unique: true },
        title: { type: "text", notNull: true },
        price: { type: "numeric(12,2)", notNull: true, check: "price >= 0" },
        compareAtPrice: "numeric(12,2)",
        weightGrams: "integer",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: "compare_at_price IS NULL OR compare_at_price > price" },
    });
    createIndex("product_variants", "productId");
}
