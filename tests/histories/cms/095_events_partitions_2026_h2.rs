migration! {
    up {
        sql("CREATE TABLE analytics.events_2026_07 PARTITION OF analytics.events FOR VALUES FROM ('2026-07-01') TO ('2026-08-01');
            CREATE TABLE analytics.events_2026_08 PARTITION OF analytics.events FOR VALUES FROM ('2026-08-01') TO ('2026-09-01');
            CREATE TABLE analytics.events_2026_09 PARTITION OF analytics.events FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');
            CREATE TABLE analytics.events_2026_10 PARTITION OF analytics.events FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
            CREATE TABLE analytics.events_2026_11 PARTITION OF analytics.events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
            CREATE TABLE analytics.events_2026_12 PARTITION OF analytics.events FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')");
    }
    down {
        sql("DROP TABLE analytics.events_2026_12, analytics.events_2026_11, analytics.events_2026_10,
                analytics.events_2026_09, analytics.events_2026_08, analytics.events_2026_07");
    }
}
