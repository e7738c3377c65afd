migration! {
    up {
        sql("CREATE VIEW customer_lifetime_value AS
            SELECT c.id AS customer_id, c.full_name, count(o.id) AS orders,
                   coalesce(sum(o.grand_total) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')), 0) AS revenue,
                   max(o.placed_at) AS last_order_at
            FROM customers c
            LEFT JOIN orders o ON o.customer_id = c.id
            WHERE c.deleted_at IS NULL
            GROUP BY c.id, c.full_name");
    }
    down {
        sql("DROP VIEW customer_lifetime_value");
    }
}
