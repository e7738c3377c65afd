// Metering for usage-based billing.
migration! {
    createTable("usage_records", {
        id: "id",
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        metric: { type: "text", notNull: true },
        quantity: { type: "bigint", notNull: true, check: "quantity >= 0" },
        recordedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        idempotencyKey: { type: "text" },
    }, {
        constraints: { unique: [["organizationId", "idempotencyKey"]] },
    });
    createIndex("usage_records", ["organizationId", "metric", { name: "recordedAt", sort: "desc" }], { name: "usage_records_lookup_idx" });
}
