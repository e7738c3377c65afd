migration! {
    createTable("gift_cards", {
        id: "id",
        code: { type: "text", notNull: true, unique: true, check: "code ~ '^[A-Z0-9]{16}$'" },
        initialBalance: { type: "numeric(12,2)", notNull: true, check: "initial_balance > 0" },
        balance: { type: "numeric(12,2)", notNull: true },
        currency: { type: "char(3)", notNull: true, default: "USD" },
        purchasedByOrderId: { type: "bigint", references: "orders(id)", onDelete: "set null" },
        expiresAt: "timestamptz",
        disabledAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { check: "balance BETWEEN 0 AND initial_balance" },
    });
}
