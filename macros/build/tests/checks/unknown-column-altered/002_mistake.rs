migration! {
    alterColumn("users", "agee", { notNull: true });
    down { noop; }
}
