migration! {
    createType("payment_status", ["pending", "authorized", "captured", "failed", "refunded"]);
    createTable("payments", {
        id: "id",
        orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
        provider: { type: "text", notNull: true },
        providerRef: { type: "text", notNull: true },
        amount: { type: "numeric(12,2)", notNull: true, check: "amount > 0" },
        status: { type: "payment_status", notNull: true, default: "pending" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { unique: [["provider", "providerRef"]] },
    });
}
