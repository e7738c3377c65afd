// Every change of stock as a ledger row, so counts can be audited and rebuilt.
migration! {
    createType("inventory_reason", ["restock", "sale", "return", "adjustment"]);
    createTable("inventory_movements", {
        id: "id",
        variantId: { type: "bigint", notNull: true, references: "product_variants(id)", onDelete: "cascade" },
        delta: { type: "integer", notNull: true, check: "delta <> 0" },
        reason: { type: "inventory_reason", notNull: true },
        orderId: { type: "bigint", references: "orders(id)", onDelete: "set null" },
        note: "text",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("inventory_movements", ["variantId", "createdAt"]);
}
