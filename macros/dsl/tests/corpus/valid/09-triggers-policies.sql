-- Triggers (row, statement, constraint, transition tables), event triggers, rules,
-- row-level security and policies.
----
CREATE TABLE audit.log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL,
    op text NOT NULL,
    old_row jsonb,
    new_row jsonb,
    at timestamptz NOT NULL DEFAULT now()
);
----
CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON app.users
    FOR EACH ROW
    EXECUTE FUNCTION app.set_updated_at();
----
CREATE OR REPLACE TRIGGER users_set_updated_at
    BEFORE UPDATE OF name, email ON app.users
    FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION app.set_updated_at();
----
CREATE TRIGGER accounts_audit
    AFTER INSERT OR UPDATE OR DELETE ON app.accounts
    FOR EACH ROW EXECUTE PROCEDURE app.audit_change();
----
CREATE TRIGGER orders_count_inserts
    AFTER INSERT ON app.orders
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION app.count_changes();
----
CREATE TRIGGER orders_count_updates
    AFTER UPDATE ON app.orders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION app.count_changes();
----
CREATE TRIGGER settings_no_delete BEFORE DELETE OR TRUNCATE ON app.settings
    FOR EACH STATEMENT EXECUTE FUNCTION app.prevent_delete();
----
CREATE CONSTRAINT TRIGGER memberships_check
    AFTER INSERT OR UPDATE ON app.memberships
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    EXECUTE FUNCTION app.audit_change();
----
CREATE CONSTRAINT TRIGGER comments_check
    AFTER INSERT ON app.comments
    FROM app.users
    NOT DEFERRABLE
    FOR EACH ROW
    WHEN (NEW.body <> '')
    EXECUTE FUNCTION app.audit_change();
----
CREATE TRIGGER current_users_insert
    INSTEAD OF INSERT ON app.current_users
    FOR EACH ROW EXECUTE FUNCTION app.audit_change();
----
CREATE TRIGGER events_audit AFTER INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.audit_change('events', 42);
----
ALTER TRIGGER users_set_updated_at ON app.users RENAME TO users_touch;
----
ALTER TABLE app.users DISABLE TRIGGER users_touch;
----
ALTER TABLE app.users ENABLE TRIGGER users_touch;
----
ALTER TABLE app.accounts DISABLE TRIGGER ALL;
----
ALTER TABLE app.accounts ENABLE ALWAYS TRIGGER accounts_audit;
----
ALTER TABLE app.accounts ENABLE REPLICA TRIGGER accounts_audit;
----
ALTER TABLE app.accounts ENABLE TRIGGER USER;
----
DROP TRIGGER IF EXISTS events_audit ON app.events;
----
DROP TRIGGER comments_check ON app.comments CASCADE;
----
CREATE FUNCTION audit.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'ddl: %', tg_tag;
END;
$$;
----
CREATE EVENT TRIGGER corpus_log_ddl ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION audit.on_ddl();
----
ALTER EVENT TRIGGER corpus_log_ddl DISABLE;
----
DROP EVENT TRIGGER IF EXISTS corpus_log_ddl;
----
CREATE RULE settings_protect AS ON DELETE TO app.settings WHERE old.key = 'version' DO INSTEAD NOTHING;
----
DROP RULE settings_protect ON app.settings;
----
ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
----
ALTER TABLE app.accounts FORCE ROW LEVEL SECURITY;
----
ALTER TABLE app.accounts NO FORCE ROW LEVEL SECURITY;
----
CREATE POLICY accounts_owner ON app.accounts
    USING (owner_id = current_setting('app.user_id')::bigint);
----
CREATE POLICY accounts_owner_write ON app.accounts
    AS PERMISSIVE
    FOR UPDATE
    TO corpus_app
    USING (owner_id = current_setting('app.user_id')::bigint)
    WITH CHECK (owner_id = current_setting('app.user_id')::bigint);
----
CREATE POLICY accounts_tenant ON app.accounts AS RESTRICTIVE FOR ALL TO PUBLIC
    USING (slug = current_setting('app.tenant', true));
----
CREATE POLICY accounts_insert ON app.accounts FOR INSERT TO corpus_app, corpus_reader WITH CHECK (plan <> 'enterprise');
----
CREATE POLICY accounts_select ON app.accounts FOR SELECT TO CURRENT_USER USING (true);
----
CREATE POLICY accounts_delete ON app.accounts FOR DELETE USING (
    EXISTS (SELECT 1 FROM app.memberships AS m WHERE m.account_id = accounts.id AND m.role = 'admin')
);
----
ALTER POLICY accounts_select ON app.accounts TO corpus_reader USING (plan = 'free');
----
ALTER POLICY accounts_select ON app.accounts RENAME TO accounts_read;
----
DROP POLICY IF EXISTS accounts_read ON app.accounts;
----
ALTER TABLE app.accounts DISABLE ROW LEVEL SECURITY;
