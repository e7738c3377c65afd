migration! {
    addColumns("users", { score: { type: "integer", default: "abc" } });
}
