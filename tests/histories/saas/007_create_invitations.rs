migration! {
    createTable("invitations", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        email: { type: "citext", notNull: true },
        role: { type: "membership_role", notNull: true, default: "member" },
        token: { type: "text", notNull: true, unique: true },
        invitedBy: { type: "uuid", references: "users(id)", onDelete: "set null" },
        expiresAt: { type: "timestamptz", notNull: true, default: func("now() + interval '7 days'") },
        acceptedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("invitations", ["organizationId", "email"], {
        unique: true,
        name: "invitations_open_per_email_idx",
        where: "accepted_at IS NULL",
    });
}
