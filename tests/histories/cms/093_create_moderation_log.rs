// Written the way the moderation service's own bootstrap does it: idempotent, in a DO block.
// The DSL does not see types created inside DO, so the column names it schema-qualified.
migration! {
    up {
        sql("DO $$
            BEGIN
                CREATE TYPE moderation_action AS ENUM ('approve', 'reject', 'delete', 'restore', 'ban_author');
            EXCEPTION
                WHEN duplicate_object THEN NULL;
            END
            $$");
        createTable("moderation_log", {
            id: "id",
            commentId: { type: "bigint", references: "post_comments(id)", onDelete: "set null" },
            moderatorId: { type: "bigint", notNull: true, references: "authors(id)", onDelete: "restrict" },
            action: { type: "public.moderation_action", notNull: true },
            reason: "text",
            createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        createIndex("moderation_log", ["moderatorId", { name: "createdAt", sort: "desc" }]);
    }
    down {
        dropTable("moderation_log");
        sql("DROP TYPE moderation_action");
    }
}
