-- Declarative partitioning: PARTITION BY, PARTITION OF, ATTACH and DETACH.
----
CREATE TABLE app.events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    account_id uuid NOT NULL,
    kind text NOT NULL,
    payload jsonb,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
----
CREATE TABLE app.events_2024 PARTITION OF app.events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
----
CREATE TABLE IF NOT EXISTS app.events_2025 PARTITION OF app.events
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    WITH (fillfactor = 90);
----
CREATE TABLE app.events_old PARTITION OF app.events FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
----
CREATE TABLE app.events_default PARTITION OF app.events DEFAULT;
----
CREATE TABLE app.tenants_data (
    tenant text NOT NULL,
    region text NOT NULL,
    value int
) PARTITION BY LIST (tenant);
----
CREATE TABLE app.tenants_data_acme PARTITION OF app.tenants_data FOR VALUES IN ('acme', 'acme-eu')
    PARTITION BY LIST (region);
----
CREATE TABLE app.tenants_data_acme_eu PARTITION OF app.tenants_data_acme FOR VALUES IN ('eu');
----
CREATE TABLE app.tenants_data_acme_rest PARTITION OF app.tenants_data_acme DEFAULT;
----
CREATE TABLE app.tenants_data_null PARTITION OF app.tenants_data (
    value DEFAULT 0,
    CONSTRAINT value_small CHECK (value < 1000)
) FOR VALUES IN (NULL);
----
CREATE TABLE app.buckets (id bigint NOT NULL, body text) PARTITION BY HASH (id);
----
CREATE TABLE app.buckets_0 PARTITION OF app.buckets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
----
CREATE TABLE app.buckets_1 PARTITION OF app.buckets FOR VALUES WITH (modulus 2, remainder 1);
----
CREATE TABLE app.readings (sensor int, at date, v numeric) PARTITION BY RANGE (sensor, (extract(year FROM at)));
----
CREATE TABLE app.events_2026 (LIKE app.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
----
ALTER TABLE app.events ATTACH PARTITION app.events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
----
ALTER TABLE app.events DETACH PARTITION app.events_old;
----
ALTER TABLE app.events ATTACH PARTITION app.events_old FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
----
-- outside a transaction
ALTER TABLE app.buckets DETACH PARTITION app.buckets_1 CONCURRENTLY;
----
ALTER TABLE app.buckets ATTACH PARTITION app.buckets_1 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
