// A discontinued variant keeps its rows; its SKU may be reused by a new one.
migration! {
    up {
        addColumns("product_variants", { deletedAt: "timestamptz" });
        dropConstraint("product_variants", "product_variants_sku_key");
        createIndex("product_variants", "sku", { unique: true, where: "deleted_at IS NULL", name: "product_variants_live_sku_idx" });
    }
    down {
        dropIndex("product_variants", "sku", { name: "product_variants_live_sku_idx" });
        addConstraint("product_variants", "product_variants_sku_key", { unique: "sku" });
        dropColumn("product_variants", "deletedAt");
    }
}
