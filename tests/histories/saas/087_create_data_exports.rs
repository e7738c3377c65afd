migration! {
    createType("export_status", ["queued", "running", "succeeded", "failed"]);
    createTable("data_exports", {
        id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
        organizationId: { type: "uuid", notNull: true, references: "organizations(id)", onDelete: "cascade" },
        requestedBy: { type: "uuid", references: "users(id)", onDelete: "set null" },
        status: { type: "export_status", notNull: true, default: "queued" },
        format: { type: "text", notNull: true, default: "csv", check: "format IN ('csv', 'json')" },
        fileUrl: "text",
        error: "text",
        startedAt: "timestamptz",
        finishedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("data_exports", "createdAt", { where: "status IN ('queued', 'running')", name: "data_exports_pending_idx" });
}
