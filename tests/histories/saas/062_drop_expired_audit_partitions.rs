// Retention is 18 months; the first quarter of 2024 goes.
migration! {
    up {
        sql("DROP TABLE audit_log_2024_01;
            DROP TABLE audit_log_2024_02;
            DROP TABLE audit_log_2024_03");
    }
    down {
        sql("CREATE TABLE audit_log_2024_01 PARTITION OF audit_log FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
            CREATE TABLE audit_log_2024_02 PARTITION OF audit_log FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
            CREATE TABLE audit_log_2024_03 PARTITION OF audit_log FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')");
    }
}
