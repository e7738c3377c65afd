migration! {
    createTable("teams", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        name: { type: "text", notNull: true },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { unique: [["organizationId", "name"]] },
    });
    createTable("teamMembers", {
        teamId: { type: "uuid", notNull: true, references: "teams(id)", onDelete: "cascade" },
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        addedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { primaryKey: ["teamId", "userId"] },
    });
    createIndex("teamMembers", "userId");
}
