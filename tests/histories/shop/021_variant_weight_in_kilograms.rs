// Shipping carriers quote in kilograms with grams precision.
migration! {
    up {
        alterColumn("product_variants", "weightGrams", { type: "numeric(10,3)", using: "weight_grams / 1000.0" });
        renameColumn("product_variants", "weightGrams", "weightKg");
    }
    down {
        renameColumn("product_variants", "weightKg", "weightGrams");
        alterColumn("product_variants", "weightGrams", { type: "integer", using: "round(weight_grams * 1000)::integer" });
    }
}
