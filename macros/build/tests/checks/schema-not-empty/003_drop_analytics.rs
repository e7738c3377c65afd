migration! {
    dropSchema("analytics");
    down { noop; }
}
