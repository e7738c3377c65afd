migration! {
    up {
        sql("CREATE VIEW product_catalog AS
                SELECT p.id, p.slug, p.name, p.status, c.slug AS category_slug,
                       min(vp.amount) FILTER (WHERE vp.currency = 'USD' AND vp.valid_during @> now()) AS from_price_usd,
                       count(v.id) FILTER (WHERE v.deleted_at IS NULL) AS variant_count
                FROM products p
                LEFT JOIN categories c ON c.id = p.category_id
                LEFT JOIN product_variants v ON v.product_id = p.id
                LEFT JOIN variant_prices vp ON vp.variant_id = v.id
                WHERE p.deleted_at IS NULL
                GROUP BY p.id, c.slug;
            COMMENT ON VIEW product_catalog IS 'one row per listed product, for the storefront API'");
    }
    down {
        sql("DROP VIEW product_catalog");
    }
}
