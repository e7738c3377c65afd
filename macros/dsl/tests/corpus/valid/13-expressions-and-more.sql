-- Lexical corners, expressions, and the less common statements migrations still use.
----
SELECT 'it''s', E'tab\there', U&'\0041\0042', B'1010', X'FF', $$dollar 'quoted'$$, $tag$with $$ inside$tag$,
       'con'
       'catenated', 1e10, .5, 5., -2.5e-3, 'x'::text::varchar(5);
----
SELECT /* a /* nested */ comment */ 1 -- and a line comment
    + 2;
----
SELECT "user", "type", "order" FROM (SELECT 1 AS "user", 2 AS "type", 3 AS "order") AS "select";
----
SELECT ärger, "名前" FROM (VALUES (1, 2)) AS t (ärger, "名前");
----
SELECT (ARRAY[1, 2, 3])[1:2], (ARRAY[[1, 2], [3, 4]])[2][1], ARRAY(SELECT generate_series(1, 3)), '{1,2}'::int[];
----
SELECT ROW(1, 'a'), (ROW('1', 'a', 'b')::app.address).city, (t.a).line1
FROM (SELECT ROW('x', 'y', 'z')::app.address AS a) AS t;
----
SELECT 1 WHERE (1, 2) < (1, 3) AND 1 = ANY (ARRAY[1, 2]) AND 2 > ALL (SELECT 1) AND 3 IN (VALUES (3), (4))
    AND EXISTS (SELECT 1) AND NOT false IS TRUE AND NULL IS UNKNOWN AND 'a' IS NOT DISTINCT FROM 'a';
----
SELECT 3 OPERATOR(pg_catalog.+) 4, '10' !~ '1', '{"a":1}'::jsonb #- '{a}', '{"a":1}'::jsonb @? '$.a',
       to_tsvector('a b') @@ to_tsquery('a'), point '(1,2)' <-> point '(3,4)', |/ 16.0, @ -5;
----
SELECT interval '1' day, interval '1 day 2 hours', timestamp '2024-01-01 00:00', date '2024-01-01',
       time with time zone '04:05:06+02', current_date, current_timestamp(3), localtimestamp, current_user, session_user;
----
SELECT (timestamp '2024-01-01', interval '1 day') OVERLAPS (timestamp '2024-01-01', timestamp '2024-01-03');
----
SELECT substring('hello' FROM 2 FOR 3), position('l' IN 'hello'), overlay('hello' PLACING 'J' FROM 1 FOR 1),
       trim(LEADING 'x' FROM 'xxa'), extract(dow FROM now()), collation for ('a'), 'a' < 'b' COLLATE "C";
----
SELECT xmlelement(name item, xmlattributes(1 AS id), 'text'), xmlforest(1 AS a), '<a/>'::xml IS DOCUMENT;
----
SELECT n, x FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b'])) WITH ORDINALITY AS t (x, y, n);
----
SELECT * FROM unnest(ARRAY[1, 2]) WITH ORDINALITY AS u (v, i);
----
SELECT * FROM app.orders TABLESAMPLE SYSTEM (10) REPEATABLE (42);
----
SELECT id, avg(total_cents) OVER (ORDER BY placed_at RANGE BETWEEN INTERVAL '1 day' PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW),
       count(*) OVER (ORDER BY id GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)
FROM app.orders;
----
SELECT id FROM app.orders ORDER BY id FOR NO KEY UPDATE OF orders NOWAIT;
----
SELECT id FROM app.accounts FOR KEY SHARE SKIP LOCKED;
----
SELECT array_agg(x ORDER BY x DESC) FILTER (WHERE x > 1), bool_and(x > 0), json_agg(x), jsonb_object_agg(x, x)
FROM generate_series(1, 5) AS x;
----
SELECT account_id, status, count(*) FROM app.orders GROUP BY ROLLUP (account_id, status);
----
SELECT account_id FROM app.orders GROUP BY CUBE (account_id, status), account_id;
----
SELECT * FROM app.accounts AS a JOIN app.memberships AS m ON m.account_id = a.id
    FULL OUTER JOIN (SELECT 1::bigint AS user_id) AS x USING (user_id) NATURAL JOIN (SELECT 1 AS q) AS q;
----
SELECT * FROM app.users u RIGHT JOIN app.accounts a ON a.owner_id = u.id LEFT JOIN LATERAL jsonb_each(a.settings) AS s ON true;
----
INSERT INTO app.users (email, name, locale) SELECT 'x' || g || '@example.com', 'x', 'en' FROM generate_series(1, 3) AS g
ON CONFLICT (email) DO UPDATE SET name = excluded.name || '!' RETURNING id, (xmax = 0) AS inserted;
----
WITH new_account AS (
    INSERT INTO app.accounts (owner_id, slug) VALUES (1000, 'root') RETURNING id
), member AS (
    INSERT INTO app.memberships (user_id, account_id, role) SELECT 1000, id, 'owner' FROM new_account RETURNING *
)
SELECT count(*) FROM member;
----
UPDATE app.users SET name = DEFAULT, locale = (SELECT 'en'), updated_at = now() AT TIME ZONE 'UTC' WHERE id = 1000;
----
DELETE FROM app.users WHERE id = 1000 AND NOT EXISTS (SELECT FROM app.accounts WHERE owner_id = 1000);
----
SET ROLE corpus_admin;
----
RESET ROLE;
----
SET TIME ZONE 'UTC';
----
SET CONSTRAINTS ALL DEFERRED;
----
SET CONSTRAINTS app.memberships_user_fkey IMMEDIATE;
----
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;
----
SET app.feature_flags = 'a,b';
----
CREATE STATISTICS app.orders_account_status (dependencies, ndistinct) ON account_id, status FROM app.orders;
----
CREATE STATISTICS IF NOT EXISTS app.orders_expr ON (total_cents + tax_cents), status FROM app.orders;
----
ALTER STATISTICS app.orders_account_status SET STATISTICS 500;
----
DROP STATISTICS IF EXISTS app.orders_expr;
----
CREATE TEXT SEARCH CONFIGURATION app.simple_en (COPY = pg_catalog.english);
----
ALTER TEXT SEARCH CONFIGURATION app.simple_en ALTER MAPPING FOR hword, hword_part, word WITH simple;
----
CREATE TEXT SEARCH DICTIONARY app.english_stem (TEMPLATE = snowball, Language = english);
----
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
----
CREATE SERVER corpus_remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', dbname 'postgres', port '5432');
----
CREATE USER MAPPING FOR CURRENT_USER SERVER corpus_remote OPTIONS (user 'postgres');
----
CREATE FOREIGN TABLE app.remote_roles (rolname name, rolsuper boolean)
    SERVER corpus_remote OPTIONS (schema_name 'pg_catalog', table_name 'pg_roles');
----
IMPORT FOREIGN SCHEMA public LIMIT TO (pg_stat_statements_placeholder) FROM SERVER corpus_remote INTO app;
----
ALTER FOREIGN TABLE app.remote_roles ADD COLUMN rolcanlogin boolean;
----
ALTER SERVER corpus_remote OPTIONS (SET port '5432', ADD fetch_size '1000');
----
DROP USER MAPPING IF EXISTS FOR CURRENT_USER SERVER corpus_remote;
----
DROP SERVER corpus_remote CASCADE;
----
CREATE PUBLICATION corpus_pub FOR TABLE app.users (id, email) WHERE (id > 0), app.settings;
----
ALTER PUBLICATION corpus_pub ADD TABLE app.kv;
----
CREATE PUBLICATION corpus_pub_audit FOR TABLES IN SCHEMA audit WITH (publish = 'insert');
----
DROP PUBLICATION IF EXISTS corpus_pub_audit;
----
ALTER PUBLICATION corpus_pub SET (publish = 'insert, update');
----
-- Without a connection there is no replication slot to create: allowed in a transaction.
CREATE SUBSCRIPTION corpus_sub CONNECTION 'dbname=corpus_check' PUBLICATION corpus_pub WITH (connect = false);
----
ALTER SUBSCRIPTION corpus_sub ADD PUBLICATION corpus_pub_more WITH (refresh = false);
----
ALTER SUBSCRIPTION corpus_sub SET (slot_name = NONE);
----
-- outside a transaction
DROP SUBSCRIPTION corpus_sub;
----
DROP PUBLICATION corpus_pub;
----
CREATE OR REPLACE RULE counters_log AS ON INSERT TO app.counters DO ALSO NOTIFY counters_changed;
----
CREATE FUNCTION app.sql_body_demo(a integer, b text) RETURNS text LANGUAGE sql AS $$
    INSERT INTO app.kv (key, value) VALUES ($2, $1::text) ON CONFLICT (key) DO NOTHING;
    SELECT value FROM app.kv WHERE key = $2;
$$;
----
CREATE FUNCTION app.plpgsql_demo(items text[]) RETURNS integer LANGUAGE plpgsql AS $$
#variable_conflict use_column
<<outer>>
DECLARE
    item text;
    total integer := 0;
    cur CURSOR FOR SELECT id FROM app.users;
    rec record;
    msg text;
BEGIN
    FOREACH item IN ARRAY items LOOP
        CONTINUE WHEN item IS NULL;
        total := total + length(item);
    END LOOP;
    FOR i IN REVERSE 10..1 BY 2 LOOP
        EXIT outer WHEN i < 3;
    END LOOP;
    WHILE total > 100 LOOP
        total := total / 2;
    END LOOP;
    CASE WHEN total = 0 THEN RAISE NOTICE 'empty'; ELSE NULL; END CASE;
    OPEN cur;
    FETCH cur INTO rec;
    CLOSE cur;
    EXECUTE 'SELECT count(*) FROM app.users WHERE id > $1' INTO STRICT total USING 0;
    ASSERT total >= 0, 'negative';
    RETURN total;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
    RAISE WARNING 'failed: %', msg USING HINT = 'check the items';
    RETURN -1;
END outer;
$$;
----
COMMENT ON COLUMN app."CamelCase"."Display Name" IS 'shown in the UI';
----
ALTER TABLE app."CamelCase" RENAME COLUMN "Display Name" TO display_name;
----
ALTER TABLE app.kv ADD COLUMN id integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME app.kv_id_seq MINVALUE 1 NO CYCLE);
----
ALTER TABLE app.kv ALTER COLUMN value SET DEFAULT nextval('app.kv_id_seq'::regclass)::text;
----
ALTER TABLE app.kv DROP CONSTRAINT kv_pkey, ADD PRIMARY KEY (key, id);
----
CREATE UNIQUE INDEX kv_id_idx ON app.kv ((id + 0), (lower(key)));
----
CREATE UNIQUE INDEX kv_id_plain_idx ON app.kv (id);
----
ALTER TABLE app.kv ADD CONSTRAINT kv_id_key UNIQUE USING INDEX kv_id_plain_idx;
----
ALTER TABLE app.measurements SET (autovacuum_enabled = off, toast.autovacuum_enabled = off);
----
ALTER TABLE ALL IN TABLESPACE pg_default OWNED BY corpus_admin SET TABLESPACE pg_default;
----
ALTER TABLE app.typed_addresses NOT OF;
----
SELECT pg_catalog.set_config('search_path', '', false), app.slugify(value => 'Hello World'), app.slugify(value := 'x');
