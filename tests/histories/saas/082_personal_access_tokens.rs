migration! {
    up {
        alterColumn("access_tokens", "organization_id", { notNull: false });
        addColumns("access_tokens", {
            userId: { type: "uuid", references: "users(id)", onDelete: "cascade" },
            expiresAt: "timestamptz",
        });
        addConstraint("access_tokens", "access_tokens_owner", {
            check: "(organization_id IS NULL) <> (user_id IS NULL)",
        });
        createIndex("access_tokens", "userId", { where: "user_id IS NOT NULL" });
    }
    down {
        dropIndex("access_tokens", "userId");
        dropConstraint("access_tokens", "access_tokens_owner");
        dropColumns("access_tokens", ["expiresAt", "userId"]);
        alterColumn("access_tokens", "organization_id", { notNull: true });
    }
}
