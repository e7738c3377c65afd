migration! {
    addColumns("users", { level: { type: "integer", default: 1.5 } });
}
