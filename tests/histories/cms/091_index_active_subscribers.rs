migration! {
    createIndex("subscribers", "status", { where: "status = 'active'", name: "subscribers_active_idx" });
}
