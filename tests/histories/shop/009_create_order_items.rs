migration! {
    createTable("order_items", {
        id: "id",
        orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
        variantId: { type: "bigint", notNull: true, references: "product_variants(id)", onDelete: "restrict" },
        quantity: { type: "integer", notNull: true, check: "quantity > 0" },
        unitPrice: { type: "numeric(12,2)", notNull: true },
    });
    createIndex("order_items", "orderId");
    createIndex("order_items", "variantId");
}
