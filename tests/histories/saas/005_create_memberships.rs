// Which user belongs to which organization, and as what.
migration! {
    createType("membership_role", ["owner", "admin", "member"]);
    createTable("memberships", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        role: { type: "membership_role", notNull: true, default: "member" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { unique: [["organizationId", "userId"]] },
    });
    createIndex("memberships", "userId");
}
