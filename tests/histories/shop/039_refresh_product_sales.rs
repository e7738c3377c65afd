migration! {
    up {
        sql("REFRESH MATERIALIZED VIEW product_sales");
    }
    down { noop; }
}
