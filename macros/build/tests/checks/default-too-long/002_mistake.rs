migration! {
    alterColumn("users", "name", { default: "a name much longer than forty characters, surely" });
    down { noop; }
}
