migration! {
    up {
        alterColumn("organizations", "slug", { notNull: true });
        createIndex("organizations", "slug", { unique: true });
    }
    down {
        dropIndex("organizations", "slug");
        alterColumn("organizations", "slug", { notNull: false });
    }
}
