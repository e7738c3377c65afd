migration! {
    createIndex("analytics.events", "properties", { method: "gin", name: "events_properties_idx" });
}
