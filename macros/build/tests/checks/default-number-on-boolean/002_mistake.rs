migration! {
    addColumns("users", { admin: { type: "boolean", default: 1 } });
}
