migration! {
    createType("purchase_order_status", ["draft", "sent", "partially_received", "received", "cancelled"]);
    createTable("purchase_orders", {
        id: "id",
        supplierId: { type: "bigint", notNull: true, references: "suppliers(id)", onDelete: "restrict" },
        warehouseId: { type: "integer", notNull: true, references: "warehouses(id)", onDelete: "restrict" },
        status: { type: "purchase_order_status", notNull: true, default: "draft" },
        expectedAt: { type: "date", comment: "promised delivery date" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "stock ordered from suppliers" });
    createTable("purchase_order_items", {
        purchaseOrderId: { type: "bigint", notNull: true, references: "purchase_orders(id)", onDelete: "cascade" },
        variantId: { type: "bigint", notNull: true, references: "product_variants(id)", onDelete: "restrict" },
        quantityOrdered: { type: "integer", notNull: true, check: "quantity_ordered > 0" },
        quantityReceived: { type: "integer", notNull: true, default: 0, comment: "incremented as boxes are scanned in" },
        unitCost: { type: "numeric(12,4)", notNull: true, comment: "in the supplier currency" },
    }, {
        constraints: {
            primaryKey: ["purchaseOrderId", "variantId"],
            check: "quantity_received BETWEEN 0 AND quantity_ordered",
        },
    });
    createIndex("purchase_orders", ["supplierId", "status"]);
}
