migration! {
    renameTable("team_members", "team_memberships");
}
