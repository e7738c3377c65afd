migration! {
    createType("sales_channel", ["web", "ios", "android", "pos", "marketplace"]);
    addColumns("orders", {
        channel: { type: "sales_channel", notNull: true, default: "web", comment: "where the order was placed" },
        externalRef: { type: "text", comment: "the marketplace's own order id" },
    });
    createIndex("orders", ["channel", "externalRef"], { unique: true, where: "external_ref IS NOT NULL", name: "orders_external_ref_idx" });
}
