// The partial index had bloated to ten times its size after the Black Friday backlog.
migration! {
    up {
        sql("REINDEX INDEX CONCURRENTLY orders_open_status_idx");
    }
    down { noop; }
}
