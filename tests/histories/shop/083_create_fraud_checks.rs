migration! {
    createType("fraud_decision", ["allow", "review", "deny"]);
    createTable("fraud_checks", {
        id: "id",
        orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
        provider: { type: "text", notNull: true },
        score: { type: "numeric(5,2)", check: "score BETWEEN 0 AND 100", comment: "0 is safe, 100 is certainly fraud" },
        decision: { type: "fraud_decision", notNull: true },
        response: { type: "jsonb", comment: "raw provider response" },
        checkedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("fraud_checks", "orderId");
    createIndex("fraud_checks", "checkedAt", { where: "decision = 'review'", name: "fraud_checks_review_queue_idx" });
}
