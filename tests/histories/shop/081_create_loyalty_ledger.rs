migration! {
    createType("loyalty_entry_kind", ["earned", "redeemed", "expired", "adjusted"]);
    createTable("loyalty_entries", {
        id: "id",
        customerId: { type: "bigint", notNull: true, references: "customers(id)", onDelete: "cascade" },
        kind: { type: "loyalty_entry_kind", notNull: true },
        points: { type: "integer", notNull: true, check: "points <> 0", comment: "positive when earned, negative when spent" },
        orderId: { type: "bigint", references: "orders(id)", onDelete: "set null" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "append-only; a balance is the sum of a customer's rows" });
    createIndex("loyalty_entries", ["customerId", "createdAt"]);
}
