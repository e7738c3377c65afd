migration! {
    addColumns("posts", { teamId: { type: "bigint", references: "teams" } });
}
