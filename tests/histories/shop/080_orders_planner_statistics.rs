// Status and currency are strongly correlated; the planner misestimated the admin filters.
migration! {
    up {
        sql("CREATE STATISTICS orders_status_currency_stats (dependencies, ndistinct) ON status, currency FROM orders;
            ALTER TABLE order_items ALTER COLUMN sku SET STATISTICS 500;
            ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.01);
            ANALYZE orders");
    }
    down {
        sql("ALTER TABLE orders RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor);
            ALTER TABLE order_items ALTER COLUMN sku SET STATISTICS -1;
            DROP STATISTICS orders_status_currency_stats");
    }
}
