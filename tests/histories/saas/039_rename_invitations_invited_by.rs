migration! {
    renameColumn("invitations", "invitedBy", "invitedByUserId");
}
