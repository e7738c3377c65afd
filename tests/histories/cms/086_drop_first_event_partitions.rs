// Raw events are kept six months; the rollups keep the rest.
migration! {
    up {
        sql("ALTER TABLE analytics.events DETACH PARTITION analytics.events_2025_01;
            DROP TABLE analytics.events_2025_01;
            ALTER TABLE analytics.events DETACH PARTITION analytics.events_2025_02;
            DROP TABLE analytics.events_2025_02");
    }
    down {
        sql("CREATE TABLE analytics.events_2025_02 PARTITION OF analytics.events FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
            CREATE TABLE analytics.events_2025_01 PARTITION OF analytics.events FOR VALUES FROM ('2025-01-01') TO ('2025-02-01')");
    }
}
