// Revoked and declined invitations get a timestamp too.
migration! {
    up {
        renameColumn("invitations", "acceptedAt", "respondedAt");
        dropIndex("invitations", ["organizationId", "email"], { name: "invitations_open_per_email_idx" });
        createIndex("invitations", ["organizationId", "email"], {
            unique: true,
            name: "invitations_pending_per_email_idx",
            where: "status = 'pending'",
        });
    }
    down {
        dropIndex("invitations", ["organizationId", "email"], { name: "invitations_pending_per_email_idx" });
        renameColumn("invitations", "respondedAt", "acceptedAt");
        createIndex("invitations", ["organizationId", "email"], {
            unique: true,
            name: "invitations_open_per_email_idx",
            where: "accepted_at IS NULL",
        });
    }
}
