migration! {
    up {
        sql("UPDATE order_items oi
            SET product_name = p.name, variant_title = v.title, sku = v.sku
            FROM product_variants v
            JOIN products p ON p.id = v.product_id
            WHERE v.id = oi.variant_id AND oi.product_name IS NULL");
    }
    down { noop; }
}
