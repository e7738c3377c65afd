migration! {
    addColumns("product_variants", {
        barcode: { type: "varchar(14)", check: "barcode ~ '^[0-9]{8,14}$'" },
        taxCode: "text",
    });
    createIndex("product_variants", "barcode", { unique: true, where: "barcode IS NOT NULL AND deleted_at IS NULL", name: "product_variants_barcode_idx" });
}
