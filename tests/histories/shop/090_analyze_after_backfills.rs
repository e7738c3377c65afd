migration! {
    up {
        sql("VACUUM (ANALYZE) order_items;
            VACUUM (ANALYZE) inventory");
    }
    down { noop; }
}
