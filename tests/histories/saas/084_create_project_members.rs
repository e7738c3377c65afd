migration! {
    createType("project_access", ["viewer", "editor", "admin"]);
    createTable("project_members", {
        projectId: { type: "uuid", notNull: true, references: "projects(id)", onDelete: "cascade" },
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        access: { type: "project_access", notNull: true, default: "viewer" },
        grantedBy: { type: "uuid", references: "users(id)", onDelete: "set null" },
        grantedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { primaryKey: ["projectId", "userId"] },
    });
    createIndex("project_members", "userId");
}
