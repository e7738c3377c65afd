-- Functions, procedures and DO blocks: dollar-quoted bodies in PL/pgSQL and SQL.
----
CREATE OR REPLACE FUNCTION app.set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
----
CREATE FUNCTION app.add(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT a + b';
----
CREATE OR REPLACE FUNCTION app.user_count() RETURNS bigint AS $body$
    SELECT count(*) FROM app.users;
$body$ LANGUAGE sql STABLE;
----
CREATE FUNCTION app.users_by_locale(p_locale text)
RETURNS TABLE (id bigint, email text)
LANGUAGE sql STABLE
AS $$
    SELECT u.id, u.email::text FROM app.users AS u WHERE u.locale = p_locale ORDER BY u.id;
$$;
----
CREATE FUNCTION app.recent_orders(p_account uuid, p_limit integer DEFAULT 10)
RETURNS SETOF app.orders
LANGUAGE sql STABLE
ROWS 10
AS $$
    SELECT * FROM app.orders WHERE account_id = p_account ORDER BY placed_at DESC LIMIT p_limit;
$$;
----
CREATE OR REPLACE FUNCTION app.transfer(from_account uuid, to_account uuid, amount numeric)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = app, pg_temp
AS $$
DECLARE
    remaining numeric;
BEGIN
    IF amount <= 0 THEN
        RAISE EXCEPTION 'amount must be positive, got %', amount USING ERRCODE = 'check_violation';
    END IF;
    UPDATE app.accounts SET balance = balance - amount WHERE id = from_account
        RETURNING balance INTO remaining;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no account %', from_account;
    END IF;
    UPDATE app.accounts SET balance = balance + amount WHERE id = to_account;
EXCEPTION
    WHEN check_violation THEN
        RAISE NOTICE 'transfer refused: %', SQLERRM;
        RAISE;
END;
$$;
----
CREATE FUNCTION app.split_name(full_name text, OUT first_name text, OUT last_name text)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    first_name := split_part(full_name, ' ', 1);
    last_name := nullif(substr(full_name, length(first_name) + 2), '');
END
$$;
----
CREATE FUNCTION app.greatest_of(VARIADIC numbers integer[]) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT max(n) FROM unnest(numbers) AS n $$;
----
CREATE FUNCTION app.slugify(value text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT COST 10 AS $fn$
DECLARE
    result text := lower(value);
BEGIN
    result := regexp_replace(result, '[^a-z0-9]+', '-', 'g');
    RETURN trim(BOTH '-' FROM result);
END;
$fn$;
----
CREATE FUNCTION app.is_adult(age integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN age >= 18;
----
CREATE FUNCTION app.order_total(p_order bigint) RETURNS bigint
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT sum(quantity * unit_price_cents) FROM app.order_items WHERE order_id = p_order;
END;
----
CREATE FUNCTION app.each_account_balance() RETURNS TABLE (account uuid, balance numeric)
LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT a.id, a.balance FROM app.accounts AS a LOOP
        account := r.id;
        balance := r.balance;
        RETURN NEXT;
    END LOOP;
    RETURN;
END;
$$;
----
CREATE FUNCTION app.audit_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO audit.log (table_name, op, old_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD));
        RETURN OLD;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit.log (table_name, op, old_row, new_row)
        VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD), to_jsonb(NEW));
    ELSE
        INSERT INTO audit.log (table_name, op, new_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW));
    END IF;
    RETURN NEW;
END;
$$;
----
CREATE FUNCTION app.count_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('changes', (SELECT count(*)::text FROM new_rows));
    RETURN NULL;
END;
$$;
----
CREATE FUNCTION app.prevent_delete() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''rows of % cannot be deleted'', TG_TABLE_NAME; END';
----
CREATE OR REPLACE FUNCTION app.next_invoice_number(prefix text DEFAULT 'INV')
RETURNS text
LANGUAGE plpgsql
VOLATILE
PARALLEL UNSAFE
AS $$
DECLARE
    n bigint;
BEGIN
    n := nextval('app.invoice_seq');
    RETURN format('%s-%s', prefix, lpad(n::text, 8, '0'));
END;
$$;
----
CREATE FUNCTION app.jsonb_merge(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE LEAKPROOF
    AS $$ SELECT a || b $$;
----
CREATE FUNCTION app.search_users(query text) RETURNS SETOF app.users
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY EXECUTE format('SELECT * FROM app.users WHERE name ILIKE %L', '%' || query || '%');
END;
$$;
----
CREATE PROCEDURE app.archive_orders(before timestamptz)
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM app.orders WHERE placed_at < before;
    COMMIT;
END;
$$;
----
CREATE OR REPLACE PROCEDURE app.touch_user(p_id bigint, p_at timestamptz DEFAULT now())
LANGUAGE sql
BEGIN ATOMIC
    UPDATE app.users SET updated_at = p_at WHERE id = p_id;
END;
----
CALL app.touch_user(1);
----
ALTER FUNCTION app.add(integer, integer) RENAME TO add_ints;
----
ALTER FUNCTION app.add_ints(integer, integer) OWNER TO corpus_admin;
----
ALTER FUNCTION app.slugify(text) SET search_path = app, public;
----
ALTER FUNCTION app.slugify(text) RESET ALL;
----
ALTER FUNCTION app.user_count() STABLE PARALLEL SAFE COST 50;
----
ALTER PROCEDURE app.archive_orders(timestamptz) SET SCHEMA audit;
----
DROP FUNCTION IF EXISTS app.add_ints(integer, integer);
----
DROP FUNCTION app.greatest_of(VARIADIC integer[]) CASCADE;
----
DROP PROCEDURE IF EXISTS audit.archive_orders(timestamptz);
----
DROP FUNCTION IF EXISTS app.no_such_function;
----
DO $$
BEGIN
    RAISE NOTICE 'semicolons; inside; a body';
END
$$;
----
DO LANGUAGE plpgsql $do$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'app' LOOP
        EXECUTE format('COMMENT ON TABLE app.%I IS %L', t, 'owned by the app');
    END LOOP;
END
$do$;
----
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'corpus_app') THEN
        CREATE ROLE corpus_app;
    END IF;
END
$$ LANGUAGE plpgsql;
----
DO 'BEGIN PERFORM 1; END';
----
DO $$
DECLARE
    batch_size constant integer := 1000;
    moved integer;
BEGIN
    LOOP
        WITH batch AS (
            SELECT id FROM app.orders WHERE status = 'draft' LIMIT batch_size FOR UPDATE SKIP LOCKED
        )
        UPDATE app.orders AS o SET status = 'pending' FROM batch WHERE o.id = batch.id;
        GET DIAGNOSTICS moved = ROW_COUNT;
        EXIT WHEN moved < batch_size;
    END LOOP;
END
$$;
----
CREATE AGGREGATE app.product(numeric) (sfunc = numeric_mul, stype = numeric, initcond = '1');
----
CREATE CAST (app.address AS text) WITH INOUT AS ASSIGNMENT;
----
CREATE OPERATOR app.=== (leftarg = integer, rightarg = integer, function = int4eq, commutator = OPERATOR(app.===));
