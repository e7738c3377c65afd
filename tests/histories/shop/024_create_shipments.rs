migration! {
    createType("shipment_status", ["label_created", "in_transit", "delivered", "returned"]);
    createTable("shipments", {
        id: "id",
        orderId: { type: "bigint", notNull: true, references: "orders(id)", onDelete: "cascade" },
        carrier: { type: "text", notNull: true },
        trackingNumber: "text",
        status: { type: "shipment_status", notNull: true, default: "label_created" },
        shippedAt: "timestamptz",
        deliveredAt: "timestamptz",
    });
    createTable("shipment_items", {
        shipmentId: { type: "bigint", notNull: true, references: "shipments(id)", onDelete: "cascade" },
        orderItemId: { type: "bigint", notNull: true, references: "order_items(id)", onDelete: "cascade" },
        quantity: { type: "integer", notNull: true, check: "quantity > 0" },
    }, {
        constraints: { primaryKey: ["shipmentId", "orderItemId"] },
    });
    createIndex("shipments", "orderId");
    createIndex("shipments", ["carrier", "trackingNumber"], { unique: true, where: "tracking_number IS NOT NULL" });
}
