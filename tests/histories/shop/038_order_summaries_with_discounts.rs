migration! {
    up {
        sql("DROP VIEW order_summaries;
            CREATE VIEW order_summaries AS
            SELECT o.id, o.number, o.customer_id, o.guest_email, o.status, o.currency,
                   o.subtotal, o.grand_total,
                   (SELECT coalesce(sum(d.amount), 0) FROM order_discounts d WHERE d.order_id = o.id) AS discount_total,
                   (SELECT count(*) FROM order_items oi WHERE oi.order_id = o.id) AS item_count,
                   (SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi WHERE oi.order_id = o.id) AS units
            FROM orders o");
    }
    down {
        sql("DROP VIEW order_summaries;
            CREATE VIEW order_summaries AS
            SELECT o.id, o.number, o.customer_id, o.status, o.grand_total AS total,
                   count(oi.id) AS item_count,
                   coalesce(sum(oi.quantity), 0) AS units
            FROM orders o
            LEFT JOIN order_items oi ON oi.order_id = o.id
            GROUP BY o.id");
    }
}
