// Append-only, partitioned by month so old months can be dropped whole.
migration! {
    up {
        sql("CREATE TABLE audit_log (
                id bigint GENERATED ALWAYS AS IDENTITY,
                organization_id uuid NOT NULL,
                actor_id uuid,
                action text NOT NULL,
                target_type text,
                target_id text,
                metadata jsonb NOT NULL DEFAULT '{}',
                occurred_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (id, occurred_at)
            ) PARTITION BY RANGE (occurred_at);
            CREATE TABLE audit_log_2024_01 PARTITION OF audit_log FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
            CREATE TABLE audit_log_2024_02 PARTITION OF audit_log FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
            CREATE TABLE audit_log_2024_03 PARTITION OF audit_log FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
            CREATE TABLE audit_log_2024_04 PARTITION OF audit_log FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');
            CREATE TABLE audit_log_2024_05 PARTITION OF audit_log FOR VALUES FROM ('2024-05-01') TO ('2024-06-01');
            CREATE TABLE audit_log_2024_06 PARTITION OF audit_log FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');
            COMMENT ON TABLE audit_log IS 'who did what, per tenant; monthly partitions'");
    }
    down {
        sql("DROP TABLE audit_log");
    }
}
