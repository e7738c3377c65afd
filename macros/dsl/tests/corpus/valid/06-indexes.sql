-- Indexes: methods, expressions, opclasses, INCLUDE, partial, CONCURRENTLY, REINDEX.
----
CREATE INDEX users_created_at_idx ON app.users (created_at);
----
CREATE INDEX IF NOT EXISTS users_name_idx ON app.users USING btree (name);
----
CREATE UNIQUE INDEX users_lower_email_idx ON app.users (lower(email::text));
----
-- outside a transaction
CREATE INDEX CONCURRENTLY orders_account_id_idx ON app.orders (account_id);
----
-- outside a transaction
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_account_placed_idx
    ON app.orders (account_id, placed_at DESC NULLS LAST)
    INCLUDE (status, total_cents);
----
CREATE INDEX orders_pending_idx ON app.orders (placed_at) WHERE status = 'pending';
----
CREATE INDEX orders_open_idx ON app.orders (account_id, id) WHERE shipped_at IS NULL AND status <> 'draft';
----
CREATE INDEX accounts_settings_idx ON app.accounts USING gin (settings jsonb_path_ops);
----
CREATE INDEX accounts_tags_idx ON app.accounts USING gin (tags);
----
CREATE INDEX users_name_trgm_idx ON app.users USING gin (name gin_trgm_ops);
----
CREATE INDEX users_email_trgm_idx ON app.users USING gist (lower(email::text) gist_trgm_ops(siglen = 32));
----
CREATE INDEX users_name_pattern_idx ON app.users (name text_pattern_ops);
----
CREATE INDEX users_name_c_idx ON app.users (name COLLATE "C" ASC NULLS FIRST);
----
CREATE INDEX measurements_taken_at_brin ON app.measurements USING brin (taken_at) WITH (pages_per_range = 32, autosummarize = on);
----
CREATE INDEX sessions_token_hash ON app.sessions USING hash (token);
----
CREATE INDEX reservations_during_idx ON app.reservations USING gist (during);
----
CREATE INDEX devices_ip_idx ON app.devices USING gist (ip inet_ops);
----
CREATE INDEX devices_location_spgist ON app.devices USING spgist (location);
----
CREATE UNIQUE INDEX devices_serial_idx ON app.devices (serial_number) NULLS NOT DISTINCT;
----
CREATE INDEX products_fts_idx ON app.products USING gin (to_tsvector('english', name));
----
CREATE INDEX products_attributes_idx ON app.products USING gist (attributes);
----
CREATE INDEX ON app.products (price);
----
CREATE INDEX events_kind_idx ON app.events (kind);
----
CREATE INDEX events_payload_idx ON ONLY app.events USING gin (payload);
----
CREATE INDEX events_2026_payload_idx ON app.events_2026 USING gin (payload);
----
ALTER INDEX app.events_payload_idx ATTACH PARTITION app.events_2026_payload_idx;
----
CREATE INDEX users_name_idx2 ON app.users (name) WITH (fillfactor = 70, deduplicate_items = off) TABLESPACE pg_default;
----
ALTER INDEX app.users_name_idx2 RENAME TO users_name_dedup_idx;
----
ALTER INDEX IF EXISTS app.users_name_dedup_idx SET (fillfactor = 80);
----
ALTER INDEX app.users_name_dedup_idx RESET (fillfactor);
----
ALTER INDEX app.users_lower_email_idx ALTER COLUMN 1 SET STATISTICS 1000;
----
ALTER INDEX app.users_name_dedup_idx SET TABLESPACE pg_default;
----
DROP INDEX app.users_name_dedup_idx;
----
DROP INDEX IF EXISTS app.no_such_index, app.users_name_c_idx CASCADE;
----
-- outside a transaction
DROP INDEX CONCURRENTLY IF EXISTS app.users_name_pattern_idx;
----
REINDEX INDEX app.users_name_idx;
----
REINDEX TABLE app.users;
----
REINDEX (VERBOSE) TABLE app.orders;
----
-- outside a transaction
REINDEX INDEX CONCURRENTLY app.users_name_idx;
----
-- outside a transaction
REINDEX TABLE CONCURRENTLY app.orders;
----
-- outside a transaction
REINDEX (CONCURRENTLY, VERBOSE) INDEX app.orders_pending_idx;
----
-- outside a transaction
REINDEX SCHEMA app;
----
-- outside a transaction
REINDEX (CONCURRENTLY true) TABLE app.accounts;
----
CLUSTER app.orders USING orders_pkey;
----
-- outside a transaction
CLUSTER;
