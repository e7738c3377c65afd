migration! {
    createTable("refunds", {
        id: "id",
        paymentId: { type: "bigint", notNull: true, references: "payments(id)", onDelete: "restrict" },
        amount: { type: "numeric(12,2)", notNull: true, check: "amount > 0" },
        reason: "text",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("refunds", "paymentId");
}
