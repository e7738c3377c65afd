migration! {
    createType("discount_kind", ["percent", "fixed_amount", "free_shipping"]);
    createTable("discounts", {
        id: "id",
        code: { type: "text", notNull: true },
        kind: { type: "discount_kind", notNull: true },
        value: { type: "numeric(12,2)", notNull: true, default: 0 },
        startsAt: { type: "timestamptz", notNull: true, default: func("now()") },
        endsAt: "timestamptz",
        usageLimit: "integer",
        timesUsed: { type: "integer", notNull: true, default: 0 },
    }, {
        constraints: {
            check: [
                "kind <> 'percent' OR value BETWEEN 0 AND 100",
                "ends_at IS NULL OR ends_at > starts_at",
                "usage_limit IS NULL OR times_used <= usage_limit",
            ],
        },
    });
    createIndex("discounts", [func("upper(code)")], { unique: true, name: "discounts_code_idx" });
    createTable("order_discounts", {
        orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
        discountId: { type: "bigint", notNull: true, references: "discounts(id)", onDelete: "restrict" },
        amount: { type: "numeric(12,2)", notNull: true },
    }, {
        constraints: { primaryKey: ["orderId", "discountId"] },
    });
}
