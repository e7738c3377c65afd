migration! {
    createTable("tax_rates", {
        id: "id",
        country: { type: "char(2)", notNull: true },
        region: "text",
        rate: { type: "numeric(6,4)", notNull: true, check: "rate >= 0 AND rate < 1" },
        name: { type: "text", notNull: true },
    });
    createIndex("tax_rates", ["country", func("coalesce(region, '')")], { unique: true, name: "tax_rates_place_idx" });
}
