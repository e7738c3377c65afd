migration! {
    addColumns("users", { rank: { type: "smallint", default: 40000 } });
}
