migration! {
    createTable("projects", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        name: { type: "varchar(120)", notNull: true },
        description: "text",
        archivedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("projects", ["organizationId", "name"], { unique: true });
}
