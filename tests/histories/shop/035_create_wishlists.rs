migration! {
    createTable("wishlist_items", {
        customerId: { type: "bigint", notNull: true, references: "customers(id)", onDelete: "cascade" },
        productId: { type: "bigint", notNull: true, references: "products(id)", onDelete: "cascade" },
        addedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { primaryKey: ["customerId", "productId"] },
    });
}
