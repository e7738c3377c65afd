migration! {
    addColumns("product_variants", {
        options: { type: "jsonb", notNull: true, default: func("'{}'::jsonb"), comment: "size, colour… as shown to the shopper" },
    });
    createIndex("product_variants", [{ name: "options", opclass: "jsonb_path_ops" }], { method: "gin", name: "product_variants_options_idx" });
}
