migration! {
    up {
        sql("CREATE SEQUENCE return_number_seq START 5000");
        createType("return_status", ["requested", "approved", "received", "refunded", "rejected"]);
        createTable("returns", {
            id: "id",
            number: { type: "integer", notNull: true, unique: true, default: func("nextval('return_number_seq')") },
            orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
            status: { type: "return_status", notNull: true, default: "requested" },
            reason: { type: "text", notNull: true },
            refundId: { type: "bigint", references: "refunds(id)", onDelete: "set null" },
            createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        createTable("return_items", {
            returnId: { type: "bigint", notNull: true, references: "returns(id)", onDelete: "cascade" },
            orderItemId: { type: "bigint", notNull: true, references: "order_items(id)", onDelete: "cascade" },
            quantity: { type: "integer", notNull: true, check: "quantity > 0" },
            restock: { type: "boolean", notNull: true, default: true },
        }, {
            constraints: { primaryKey: ["returnId", "orderItemId"] },
        });
    }
    down {
        dropTable("return_items");
        dropTable("returns");
        dropType("return_status");
        sql("DROP SEQUENCE return_number_seq");
    }
}
