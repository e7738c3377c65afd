migration! {
    addColumns("webhook_deliveries", { nextAttemptAt: "timestamptz", responseBody: "text" });
    createIndex("webhook_deliveries", "nextAttemptAt", { where: "next_attempt_at IS NOT NULL", name: "webhook_deliveries_retry_idx" });
}
