migration! {
    createType("invitation_status", ["pending", "accepted", "revoked"]);
    addColumns("invitations", { status: { type: "invitation_status", notNull: true, default: "pending" } });
}
