// Status history, written by a trigger so no code path can forget it.
migration! {
    createTable("order_events", {
        id: "id",
        orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
        fromStatus: "order_status",
        toStatus: { type: "order_status", notNull: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("order_events", ["orderId", "createdAt"]);
}
