migration! {
    createType("orderStatus", ["pending", "paid", "fulfilled", "cancelled", "refunded"]);
    createTable("orders", {
        id: "id",
        number: { type: "bigint", notNull: true, unique: true, default: func("nextval('order_number_seq')") },
        customerId: { type: "bigint", notNull: true, references: "customers(id)", onDelete: "restrict" },
        status: { type: "order_status", notNull: true, default: "pending" },
        currency: { type: "char(3)", notNull: true, default: "USD" },
        subtotal: { type: "numeric(12,2)", notNull: true, default: 0 },
        tax: { type: "numeric(12,2)", notNull: true, default: 0 },
        shipping: { type: "numeric(12,2)", notNull: true, default: 0 },
        total: { type: "numeric(12,2)", notNull: true },
        shippingAddressId: { type: "bigint", references: "addresses(id)", onDelete: "set null" },
        placedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: ["total = subtotal + tax + shipping", "subtotal >= 0"] },
    });
    createIndex("orders", ["customerId", { name: "createdAt", sort: "desc" }]);
}
