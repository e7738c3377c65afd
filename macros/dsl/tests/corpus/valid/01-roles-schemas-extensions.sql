-- Roles, schemas, extensions and session settings: the preamble of many migrations.
----
CREATE ROLE corpus_app LOGIN PASSWORD 'secret' VALID UNTIL 'infinity';
----
CREATE ROLE corpus_reader NOLOGIN;
----
CREATE ROLE corpus_admin WITH CREATEDB CREATEROLE NOINHERIT CONNECTION LIMIT 5;
----
CREATE USER corpus_service WITH ENCRYPTED PASSWORD 'md5' IN ROLE corpus_reader;
----
ALTER ROLE corpus_app SET statement_timeout = '30s';
----
ALTER ROLE corpus_app IN DATABASE postgres SET search_path TO app, public;
----
ALTER ROLE corpus_service RENAME TO corpus_worker;
----
ALTER USER corpus_worker WITH NOLOGIN;
----
GRANT corpus_reader TO corpus_app;
----
GRANT corpus_reader TO corpus_admin WITH ADMIN OPTION;
----
REVOKE corpus_reader FROM corpus_admin;
----
CREATE SCHEMA app;
----
CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION corpus_admin;
----
CREATE SCHEMA archive
    CREATE TABLE old_events (id bigint PRIMARY KEY, payload jsonb)
    CREATE VIEW old_event_ids AS SELECT id FROM old_events;
----
ALTER SCHEMA archive RENAME TO archived;
----
ALTER SCHEMA archived OWNER TO corpus_admin;
----
CREATE EXTENSION IF NOT EXISTS pgcrypto;
----
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;
----
CREATE EXTENSION citext;
----
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
----
CREATE EXTENSION btree_gist;
----
CREATE EXTENSION hstore VERSION '1.8';
----
CREATE EXTENSION earthdistance CASCADE;
----
ALTER EXTENSION hstore UPDATE;
----
ALTER EXTENSION citext UPDATE TO '1.6';
----
COMMENT ON EXTENSION citext IS 'case-insensitive text';
----
COMMENT ON SCHEMA app IS 'the application''s tables';
----
SET search_path TO app, public;
----
SET lock_timeout = '5s';
----
SET LOCAL statement_timeout TO 0;
----
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED;
----
RESET lock_timeout;
----
SELECT set_config('app.tenant', 'acme', false);
