// The admin dashboard's best sellers; refreshed by a job every ten minutes.
migration! {
    up {
        sql("CREATE MATERIALIZED VIEW product_sales AS
                SELECT oi.variant_id,
                       sum(oi.quantity) AS units,
                       sum(oi.line_total) AS revenue,
                       max(o.placed_at) AS last_sold_at
                FROM order_items oi
                JOIN orders o ON o.id = oi.order_id
                WHERE o.status IN ('paid', 'fulfilled')
                GROUP BY oi.variant_id
            WITH DATA;
            CREATE UNIQUE INDEX product_sales_variant_idx ON product_sales (variant_id);
            CREATE INDEX product_sales_revenue_idx ON product_sales (revenue DESC)");
    }
    down {
        sql("DROP MATERIALIZED VIEW product_sales");
    }
}
