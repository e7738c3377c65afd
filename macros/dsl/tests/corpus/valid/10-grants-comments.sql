-- Privileges, default privileges, and comments.
----
GRANT USAGE ON SCHEMA app TO corpus_app, corpus_reader;
----
GRANT CREATE, USAGE ON SCHEMA audit TO corpus_admin WITH GRANT OPTION;
----
GRANT SELECT ON ALL TABLES IN SCHEMA app TO corpus_reader;
----
GRANT SELECT, INSERT, UPDATE, DELETE ON app.users, app.accounts TO corpus_app;
----
GRANT SELECT (id, email), UPDATE (name) ON app.users TO corpus_reader;
----
GRANT ALL PRIVILEGES ON TABLE app.orders TO corpus_admin;
----
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO corpus_app;
----
GRANT USAGE ON SEQUENCE app.invoice_seq TO corpus_app;
----
GRANT EXECUTE ON FUNCTION app.slugify(text) TO PUBLIC;
----
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA app TO corpus_app;
----
GRANT EXECUTE ON PROCEDURE app.touch_user(bigint, timestamptz) TO corpus_app;
----
GRANT USAGE ON TYPE app.email TO corpus_app;
----
GRANT CONNECT, TEMPORARY ON DATABASE corpus_check TO corpus_app;
----
GRANT TRUNCATE, REFERENCES, TRIGGER ON app.settings TO corpus_admin GRANTED BY CURRENT_USER;
----
REVOKE ALL ON SCHEMA public FROM PUBLIC;
----
REVOKE INSERT, UPDATE ON app.users FROM corpus_reader;
----
REVOKE GRANT OPTION FOR CREATE ON SCHEMA audit FROM corpus_admin CASCADE;
----
REVOKE EXECUTE ON FUNCTION app.slugify(text) FROM PUBLIC;
----
REVOKE SELECT (email) ON app.users FROM corpus_reader RESTRICT;
----
REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA app FROM corpus_reader;
----
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO corpus_reader;
----
ALTER DEFAULT PRIVILEGES FOR ROLE corpus_admin IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO corpus_app;
----
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
----
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE ON TYPES TO corpus_app;
----
COMMENT ON TABLE app.users IS 'people who can sign in';
----
COMMENT ON COLUMN app.users.email IS 'unique, case-insensitive';
----
COMMENT ON COLUMN app.orders.status IS NULL;
----
COMMENT ON INDEX app.orders_pending_idx IS 'orders waiting to be shipped';
----
COMMENT ON CONSTRAINT accounts_balance_check ON app.accounts IS 'no overdraft';
----
COMMENT ON FUNCTION app.slugify(text) IS 'URL-safe form of a name';
----
COMMENT ON PROCEDURE app.touch_user IS 'bumps updated_at';
----
COMMENT ON VIEW app.current_users IS 'users with a locale';
----
COMMENT ON MATERIALIZED VIEW app.daily_totals IS 'refreshed nightly';
----
COMMENT ON SEQUENCE app.invoice_seq IS 'invoice numbers';
----
COMMENT ON TRIGGER users_touch ON app.users IS 'keeps updated_at fresh';
----
COMMENT ON POLICY accounts_owner ON app.accounts IS 'owners see their accounts';
----
COMMENT ON ROLE corpus_app IS 'the application';
----
COMMENT ON DATABASE corpus_check IS 'corpus check';
----
ALTER TABLE app.users OWNER TO CURRENT_USER;
----
REASSIGN OWNED BY corpus_worker TO corpus_admin;
