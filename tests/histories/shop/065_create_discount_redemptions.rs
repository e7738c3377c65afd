// Redemptions as rows: a counter on discounts raced under load.
migration! {
    createTable("discount_redemptions", {
        id: "id",
        discountId: { type: "bigint", notNull: true, references: "discounts(id)", onDelete: "cascade" },
        orderId: { type: "bigint", references: "orders(id)", onDelete: "set null" },
        customerId: { type: "bigint", references: "customers(id)", onDelete: "set null" },
        redeemedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("discount_redemptions", "discountId");
    createIndex("discount_redemptions", ["discountId", "customerId"], { where: "customer_id IS NOT NULL" });
}
