migration! {
    createTable("inventory", {
        variantId: { type: "bigint", primaryKey: true, references: "product_variants(id)", onDelete: "cascade" },
        onHand: { type: "integer", notNull: true, default: 0, check: "on_hand >= 0" },
        reserved: { type: "integer", notNull: true, default: 0 },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: ["reserved >= 0", "reserved <= on_hand"] },
        comment: "stock per variant; reserved is held by unpaid orders",
    });
}
