migration! {
    addColumns("organizations", {
        settings: { type: "jsonb", notNull: true, default: func("'{}'::jsonb") },
    });
    createIndex("organizations", "settings", { method: "gin", name: "organizations_settings_idx" });
}
