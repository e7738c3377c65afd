// Deleted tenants keep their rows for 30 days; their slug is free again at once.
migration! {
    up {
        addColumns("organizations", { deletedAt: "timestamptz" });
        dropIndex("organizations", "slug");
        createIndex("organizations", "slug", { unique: true, name: "organizations_live_slug_idx", where: "deleted_at IS NULL" });
    }
    down {
        dropIndex("organizations", "slug", { name: "organizations_live_slug_idx" });
        createIndex("organizations", "slug", { unique: true });
        dropColumn("organizations", "deletedAt");
    }
}
