migration! {
    addColumns("posts", {
        metadata: { type: "jsonb", notNull: true, default: func("'{}'::jsonb"), comment: "free-form, set by plugins" },
    });
    createIndex("posts", [{ name: "metadata", opclass: "jsonb_path_ops" }], { method: "gin", name: "posts_metadata_idx" });
}
