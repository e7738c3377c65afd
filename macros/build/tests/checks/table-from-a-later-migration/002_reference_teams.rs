migration! {
    addColumns("users", { teamId: { type: "bigint", references: "teams" } });
}
