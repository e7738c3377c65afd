// Computed by the database so reports and the storefront cannot disagree.
migration! {
    up {
        sql("ALTER TABLE order_items ADD COLUMN line_total numeric(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED");
    }
    down {
        dropColumn("order_items", "lineTotal");
    }
}
