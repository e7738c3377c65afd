migration! {
    addColumns("posts", { publishedAt: { type: "timestamptz", default: "now" } });
}
