migration! {
    createType("refund_status", ["pending", "succeeded", "failed"]);
    addColumns("refunds", {
        status: { type: "refund_status", notNull: true, default: "pending" },
        providerRef: "text",
    });
    createIndex("refunds", "providerRef", { unique: true, where: "provider_ref IS NOT NULL" });
}
