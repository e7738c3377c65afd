migration! {
    createTable("notifications", {
        id: "id",
        userId: { type: "uuid", notNull: true, references: "users(id)", onDelete: "cascade" },
        organizationId: { type: "uuid", references: "organizations(id)", onDelete: "cascade" },
        kind: { type: "text", notNull: true },
        payload: { type: "jsonb", notNull: true, default: func("'{}'::jsonb") },
        readAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("notifications", "userId", { where: "read_at IS NULL", name: "notifications_unread_idx" });
}
