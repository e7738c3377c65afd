migration! {
    createTable("customer_notes", {
        id: "id",
        customerId: { type: "bigint", notNull: true, references: "customers(id)", onDelete: "cascade" },
        author: { type: "text", notNull: true, comment: "support agent's login" },
        body: { type: "text", notNull: true, check: "length(body) <= 10000" },
        pinned: { type: "boolean", notNull: true, default: false },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "internal notes by support; never shown to the customer" });
    createIndex("customer_notes", "customerId", { include: ["pinned", "createdAt"] });
}
