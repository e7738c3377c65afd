// Appended in time order: a BRIN index is a few pages instead of gigabytes.
migration! {
    createIndex("usage_records", "recordedAt", { method: "brin", name: "usage_records_recorded_at_brin" });
}
