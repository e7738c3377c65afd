migration! {
    up {
        sql("CREATE VIEW daily_usage AS
            SELECT organization_id, metric, date_trunc('day', recorded_at) AS day, sum(quantity) AS quantity
            FROM usage_records
            GROUP BY organization_id, metric, date_trunc('day', recorded_at)");
    }
    down {
        sql("DROP VIEW daily_usage");
    }
}
