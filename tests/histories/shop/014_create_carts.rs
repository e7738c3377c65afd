migration! {
    createTable("carts", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        customerId: { type: "bigint", references: "customers(id)", onDelete: "cascade" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createTable("cart_items", {
        cartId: { type: "uuid", notNull: true, references: "carts(id)", onDelete: "cascade" },
        variantId: { type: "bigint", notNull: true, references: "product_variants(id)", onDelete: "cascade" },
        quantity: { type: "integer", notNull: true, default: 1, check: "quantity BETWEEN 1 AND 99" },
        price: { type: "numeric(12,2)", notNull: true },
        addedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { primaryKey: ["cartId", "variantId"] },
    });
    createIndex("carts", "customerId", { where: "customer_id IS NOT NULL" });
}
