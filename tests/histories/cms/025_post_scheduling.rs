migration! {
    addColumns("posts", { scheduledFor: "timestamptz" });
    addConstraint("posts", "posts_scheduled_has_time", { check: "status <> 'scheduled' OR scheduled_for IS NOT NULL" });
    createIndex("posts", "scheduledFor", { where: "status = 'scheduled'", name: "posts_due_idx" });
}
