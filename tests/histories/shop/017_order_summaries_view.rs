migration! {
    up {
        sql("CREATE VIEW order_summaries AS
            SELECT o.id, o.number, o.customer_id, o.status, o.total,
                   count(oi.id) AS item_count,
                   coalesce(sum(oi.quantity), 0) AS units
            FROM orders o
            LEFT JOIN order_items oi ON oi.order_id = o.id
            GROUP BY o.id");
    }
    down {
        sql("DROP VIEW order_summaries");
    }
}
