migration! {
    alterColumn("users", "mood", { default: "angry" });
    down { noop; }
}
