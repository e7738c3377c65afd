migration! {
    dropColumns("users", ["nickname"]);
    down { noop; }
}
