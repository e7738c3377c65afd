-- Sequences, views and materialized views.
----
CREATE SEQUENCE app.invoice_seq;
----
CREATE SEQUENCE IF NOT EXISTS app.ticket_seq AS integer START WITH 100 INCREMENT BY 10 MINVALUE 100 MAXVALUE 1000000 CACHE 20 CYCLE;
----
CREATE TEMPORARY SEQUENCE temp_seq;
----
CREATE SEQUENCE app.counter_seq OWNED BY app.counters.value;
----
ALTER SEQUENCE app.ticket_seq RESTART WITH 500;
----
ALTER SEQUENCE app.ticket_seq INCREMENT BY 5 NO CYCLE NO MAXVALUE;
----
ALTER SEQUENCE IF EXISTS app.invoice_seq OWNED BY NONE;
----
ALTER SEQUENCE app.ticket_seq AS bigint;
----
ALTER SEQUENCE app.ticket_seq RENAME TO support_ticket_seq;
----
SELECT setval('app.support_ticket_seq', 1000, false);
----
SELECT setval(pg_get_serial_sequence('app.orders', 'id'), coalesce(max(id), 1)) FROM app.orders;
----
DROP SEQUENCE IF EXISTS app.counter_seq;
----
CREATE VIEW app.active_users AS SELECT id, email, name FROM app.users WHERE locale IS NOT NULL;
----
CREATE OR REPLACE VIEW app.active_users AS
    SELECT id, email, name, created_at FROM app.users WHERE locale IS NOT NULL;
----
CREATE VIEW app.user_emails (user_id, address) WITH (security_barrier = true) AS
    SELECT id, email FROM app.users;
----
CREATE VIEW app.account_owners WITH (security_invoker = on) AS
    SELECT a.id AS account_id, u.email
    FROM app.accounts AS a
    JOIN app.users AS u ON u.id = a.owner_id;
----
CREATE VIEW app.pro_accounts AS SELECT * FROM app.accounts WHERE plan = 'pro' WITH LOCAL CHECK OPTION;
----
CREATE VIEW app.updatable_orders AS SELECT id, status FROM app.orders WITH CASCADED CHECK OPTION;
----
CREATE RECURSIVE VIEW app.comment_tree (id, parent_id, depth) AS
    SELECT id, parent_id, 0 FROM app.comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, c.parent_id, t.depth + 1 FROM app.comments AS c JOIN comment_tree AS t ON c.parent_id = t.id;
----
CREATE TEMP VIEW my_orders AS SELECT * FROM app.orders WHERE account_id IS NOT NULL;
----
ALTER VIEW app.active_users RENAME TO current_users;
----
ALTER VIEW app.current_users ALTER COLUMN name SET DEFAULT 'anonymous';
----
ALTER VIEW app.current_users SET (security_barrier = true);
----
ALTER VIEW app.current_users OWNER TO corpus_admin;
----
ALTER VIEW IF EXISTS app.current_users RENAME COLUMN name TO display_name;
----
CREATE MATERIALIZED VIEW app.daily_totals AS
    SELECT date_trunc('day', placed_at) AS day, count(*) AS orders, sum(total_cents) AS cents
    FROM app.orders
    GROUP BY 1
WITH NO DATA;
----
CREATE MATERIALIZED VIEW IF NOT EXISTS app.account_sizes (account_id, members) AS
    SELECT account_id, count(*) FROM app.memberships GROUP BY account_id
WITH DATA;
----
CREATE UNIQUE INDEX daily_totals_day_idx ON app.daily_totals (day);
----
REFRESH MATERIALIZED VIEW app.daily_totals;
----
REFRESH MATERIALIZED VIEW CONCURRENTLY app.daily_totals;
----
REFRESH MATERIALIZED VIEW app.account_sizes WITH NO DATA;
----
ALTER MATERIALIZED VIEW app.account_sizes RENAME TO account_member_counts;
----
ALTER MATERIALIZED VIEW app.account_member_counts SET TABLESPACE pg_default;
----
DROP MATERIALIZED VIEW IF EXISTS app.account_member_counts;
----
DROP VIEW IF EXISTS app.pro_accounts, app.updatable_orders CASCADE;
