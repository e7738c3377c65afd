// Downloadable products, stored as large objects and unlinked with their row.
migration! {
    up {
        createExtension("lo");
        createTable("digital_assets", {
            id: "id",
            variantId: { type: "bigint", notNull: true, references: "product_variants(id)", onDelete: "cascade" },
            fileName: { type: "text", notNull: true },
            content: { type: "public.lo", notNull: true },
            bytes: { type: "bigint", notNull: true },
            sha256: { type: "bytea", notNull: true },
        });
        sql("CREATE TRIGGER digital_assets_unlink BEFORE UPDATE OR DELETE ON digital_assets
                FOR EACH ROW EXECUTE FUNCTION lo_manage(content)");
    }
    down {
        sql("DROP TRIGGER digital_assets_unlink ON digital_assets");
        dropTable("digital_assets");
        dropExtension("lo");
    }
}
