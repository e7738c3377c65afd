migration! {
    createTable("shipping_zones", {
        id: "id",
        name: { type: "text", notNull: true },
        countries: { type: "char(2)[]", notNull: true, comment: "ISO 3166-1 alpha-2 codes" },
    }, { comment: "groups of destination countries sharing rates" });
    createTable("shipping_rates", {
        id: "id",
        zoneId: { type: "bigint", notNull: true, references: "shipping_zones(id)", onDelete: "cascade" },
        name: { type: "text", notNull: true },
        minWeightKg: { type: "numeric(10,3)", notNull: true, default: 0 },
        maxWeightKg: "numeric(10,3)",
        price: { type: "numeric(12,2)", notNull: true, check: "price >= 0" },
    }, {
        constraints: { check: "max_weight_kg IS NULL OR max_weight_kg > min_weight_kg" },
    });
    createIndex("shipping_zones", "countries", { method: "gin" });
}
