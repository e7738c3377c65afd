migration! {
    alterViewColumn("activeUser", "email", { default: "none" });
    down { noop; }
}
