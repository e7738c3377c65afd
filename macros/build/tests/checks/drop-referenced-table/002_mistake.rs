migration! {
    dropTable("users");
    down { noop; }
}
