migration! {
    up {
        sql("CREATE VIEW loyalty_balances AS
                SELECT customer_id, sum(points) AS balance, max(created_at) AS last_activity_at
                FROM loyalty_entries
                GROUP BY customer_id;
            COMMENT ON VIEW loyalty_balances IS 'current points per customer'");
    }
    down {
        sql("DROP VIEW loyalty_balances");
    }
}
