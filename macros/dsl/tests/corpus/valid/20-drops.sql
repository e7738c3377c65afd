-- Dropping what the files before created: the end of a down migration.
----
DROP TABLE IF EXISTS app.empty_marker;
----
DROP TABLE app.typed_addresses, app.users_archive CASCADE;
----
DROP TABLE IF EXISTS app.events_old RESTRICT;
----
DROP VIEW IF EXISTS app.current_users CASCADE;
----
DROP MATERIALIZED VIEW app.daily_totals;
----
DROP SEQUENCE app.support_ticket_seq, app.invoice_seq CASCADE;
----
DROP TYPE IF EXISTS app.float_range;
----
DROP TYPE app.money_amount CASCADE;
----
DROP DOMAIN IF EXISTS app.percentage;
----
DROP AGGREGATE app.product(numeric);
----
DROP OPERATOR app.=== (integer, integer);
----
DROP CAST IF EXISTS (app.address AS text);
----
DROP COLLATION app.case_insensitive;
----
DROP EXTENSION IF EXISTS earthdistance, cube;
----
DROP EXTENSION hstore CASCADE;
----
DROP SCHEMA IF EXISTS archived CASCADE;
----
DROP SCHEMA audit, app CASCADE;
----
DROP OWNED BY corpus_app, corpus_reader, corpus_admin, corpus_worker CASCADE;
----
DROP ROLE IF EXISTS corpus_worker;
----
DROP ROLE corpus_app, corpus_reader;
----
DROP USER IF EXISTS corpus_admin;
