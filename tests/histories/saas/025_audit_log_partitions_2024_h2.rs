migration! {
    up {
        sql("CREATE TABLE audit_log_2024_07 PARTITION OF audit_log FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');
            CREATE TABLE audit_log_2024_08 PARTITION OF audit_log FOR VALUES FROM ('2024-08-01') TO ('2024-09-01');
            CREATE TABLE audit_log_2024_09 PARTITION OF audit_log FOR VALUES FROM ('2024-09-01') TO ('2024-10-01');
            CREATE TABLE audit_log_2024_10 PARTITION OF audit_log FOR VALUES FROM ('2024-10-01') TO ('2024-11-01');
            CREATE TABLE audit_log_2024_11 PARTITION OF audit_log FOR VALUES FROM ('2024-11-01') TO ('2024-12-01');
            CREATE TABLE audit_log_2024_12 PARTITION OF audit_log FOR VALUES FROM ('2024-12-01') TO ('2025-01-01')");
    }
    down {
        sql("DROP TABLE audit_log_2024_12, audit_log_2024_11, audit_log_2024_10,
                audit_log_2024_09, audit_log_2024_08, audit_log_2024_07");
    }
}
