migration! {
    createType("teamRole", ["maintainer", "member"]);
    addColumns("team_memberships", { role: { type: "team_role", notNull: true, default: "member" } });
}
