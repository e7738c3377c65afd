// Prices per currency with validity periods that must not overlap.
migration! {
    createExtension("btree_gist");
    createTable("variant_prices", {
        id: "id",
        variantId: { type: "bigint", notNull: true, references: "product_variants(id)", onDelete: "cascade" },
        currency: { type: "char(3)", notNull: true },
        amount: { type: "numeric(12,2)", notNull: true, check: "amount >= 0" },
        validDuring: { type: "tstzrange", notNull: true, default: func("tstzrange(now(), NULL)") },
    });
}
