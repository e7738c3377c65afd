// migrator.toml denies ban-drop-column: the warning is an error.
migration! {
    dropColumns("users", ["age"]);
    down { noop; }
}
