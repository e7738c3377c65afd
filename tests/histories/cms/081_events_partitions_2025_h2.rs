migration! {
    up {
        sql("CREATE TABLE analytics.events_2025_07 PARTITION OF analytics.events FOR VALUES FROM ('2025-07-01') TO ('2025-08-01');
            CREATE TABLE analytics.events_2025_08 PARTITION OF analytics.events FOR VALUES FROM ('2025-08-01') TO ('2025-09-01');
            CREATE TABLE analytics.events_2025_09 PARTITION OF analytics.events FOR VALUES FROM ('2025-09-01') TO ('2025-10-01');
            CREATE TABLE analytics.events_2025_10 PARTITION OF analytics.events FOR VALUES FROM ('2025-10-01') TO ('2025-11-01');
            CREATE TABLE analytics.events_2025_11 PARTITION OF analytics.events FOR VALUES FROM ('2025-11-01') TO ('2025-12-01');
            CREATE TABLE analytics.events_2025_12 PARTITION OF analytics.events FOR VALUES FROM ('2025-12-01') TO ('2026-01-01')");
    }
    down {
        sql("DROP TABLE analytics.events_2025_12, analytics.events_2025_11, analytics.events_2025_10,
                analytics.events_2025_09, analytics.events_2025_08, analytics.events_2025_07");
    }
}
