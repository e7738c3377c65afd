migration! {
    addColumns("invitations", {
        teamId: { type: "uuid", references: "teams(id)", onDelete: "set null" },
    });
}
