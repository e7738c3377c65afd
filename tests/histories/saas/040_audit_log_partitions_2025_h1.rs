// And a default partition, after the night the cron job that adds months did not run.
migration! {
    up {
        sql("CREATE TABLE audit_log_2025_01 PARTITION OF audit_log FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
            CREATE TABLE audit_log_2025_02 PARTITION OF audit_log FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
            CREATE TABLE audit_log_2025_03 PARTITION OF audit_log FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
            CREATE TABLE audit_log_2025_04 PARTITION OF audit_log FOR VALUES FROM ('2025-04-01') TO ('2025-05-01');
            CREATE TABLE audit_log_2025_05 PARTITION OF audit_log FOR VALUES FROM ('2025-05-01') TO ('2025-06-01');
            CREATE TABLE audit_log_2025_06 PARTITION OF audit_log FOR VALUES FROM ('2025-06-01') TO ('2025-07-01');
            CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT");
    }
    down {
        sql("DROP TABLE audit_log_default;
            DROP TABLE audit_log_2025_06, audit_log_2025_05, audit_log_2025_04,
                audit_log_2025_03, audit_log_2025_02, audit_log_2025_01");
    }
}
