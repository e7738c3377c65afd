migration! {
    up {
        sql("INSERT INTO variant_prices (variant_id, currency, amount, valid_during)
            SELECT id, 'USD', price, tstzrange(created_at, NULL) FROM product_variants");
    }
    down {
        sql("DELETE FROM variant_prices");
    }
}
