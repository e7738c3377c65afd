migration! {
    up {
        sql("COMMENT ON COLUMN orders.subtotal IS 'sum of line totals, before discounts, in the order currency';
            COMMENT ON COLUMN orders.grand_total IS 'what the customer pays';
            COMMENT ON COLUMN order_items.line_total IS 'generated: quantity * unit_price';
            COMMENT ON COLUMN customers.full_name IS 'generated from first and last name';
            COMMENT ON COLUMN variant_prices.valid_during IS 'half-open; NULL upper bound means until further notice';
            COMMENT ON MATERIALIZED VIEW product_sales IS 'refreshed every ten minutes by the scheduler'");
    }
    down {
        sql("COMMENT ON MATERIALIZED VIEW product_sales IS NULL;
            COMMENT ON COLUMN variant_prices.valid_during IS NULL;
            COMMENT ON COLUMN customers.full_name IS NULL;
            COMMENT ON COLUMN order_items.line_total IS NULL;
            COMMENT ON COLUMN orders.grand_total IS NULL;
            COMMENT ON COLUMN orders.subtotal IS NULL");
    }
}
