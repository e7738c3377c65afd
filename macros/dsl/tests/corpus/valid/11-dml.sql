-- Data changes and queries that migrations run: backfills, upserts, MERGE, CTEs.
----
INSERT INTO app.users (email, name, locale) VALUES ('ada@example.com', 'Ada', 'en');
----
INSERT INTO app.users (email, name, locale)
VALUES
    ('grace@example.com', 'Grace', 'en'),
    ('linus@example.com', 'Linus', 'fi'),
    ('o''brien@example.com', E'O\'Brien', 'en')
ON CONFLICT DO NOTHING;
----
INSERT INTO app.settings (key, value) VALUES ('version', '1')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE app.settings.value IS DISTINCT FROM EXCLUDED.value
RETURNING key, value;
----
INSERT INTO app.accounts AS a (owner_id, slug) SELECT id, app.slugify(name) FROM app.users
ON CONFLICT ON CONSTRAINT accounts_slug_key DO UPDATE SET plan = a.plan;
----
INSERT INTO app.settings (key, value) VALUES ('mode', 'on')
ON CONFLICT (key) WHERE key <> '' DO NOTHING;
----
INSERT INTO app.nullable_uniques DEFAULT VALUES RETURNING *;
----
INSERT INTO app.users (id, email, name, locale) OVERRIDING SYSTEM VALUE VALUES (1000, 'root@example.com', 'root', 'en');
----
INSERT INTO app.settings (key, value) SELECT 'k' || g, g::text FROM generate_series(1, 10) AS g;
----
UPDATE app.users SET locale = 'en' WHERE locale IS NULL;
----
UPDATE app.users AS u
SET name = initcap(u.name), updated_at = DEFAULT
WHERE u.id IN (SELECT owner_id FROM app.accounts WHERE plan = 'pro')
RETURNING u.id;
----
UPDATE app.orders AS o
SET status = 'sent', shipped_at = now()
FROM app.accounts AS a
WHERE a.id = o.account_id AND a.plan = 'enterprise' AND o.status = 'pending';
----
UPDATE app.accounts SET (plan, balance) = ('pro', balance + 10) WHERE slug = 'ada';
----
UPDATE app.accounts SET (plan, balance) = (SELECT 'free', 0) WHERE slug = 'grace';
----
UPDATE app.accounts SET settings = jsonb_set(settings, '{theme}', '"dark"', true) WHERE settings ->> 'theme' IS NULL;
----
UPDATE app.accounts SET tags = array_append(tags, 'migrated') WHERE NOT ('migrated' = ANY (tags));
----
DELETE FROM app.sessions WHERE expires_at < now() - interval '30 days';
----
DELETE FROM app.order_items AS i
USING app.orders AS o
WHERE o.id = i.order_id AND o.status = 'draft'
RETURNING i.order_id, i.line;
----
DELETE FROM ONLY app.base_events WHERE occurred_at < '2020-01-01'::timestamptz;
----
MERGE INTO app.settings AS s
USING (VALUES ('version', '2'), ('theme', 'dark')) AS v (key, value)
ON s.key = v.key
WHEN MATCHED AND s.value <> v.value THEN UPDATE SET value = v.value
WHEN NOT MATCHED THEN INSERT (key, value) VALUES (v.key, v.value);
----
MERGE INTO app.counters AS c
USING (SELECT 'orders' AS name, count(*) AS n FROM app.orders) AS src
ON c.name = src.name
WHEN MATCHED AND src.n = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET value = src.n
WHEN NOT MATCHED THEN INSERT VALUES (src.name, src.n);
----
MERGE INTO app.settings s USING app.kv k ON s.key = k.key WHEN MATCHED THEN DO NOTHING;
----
WITH moved AS (
    DELETE FROM app.sessions WHERE expires_at < now() RETURNING token, user_id
)
INSERT INTO audit.log (table_name, op, old_row)
SELECT 'sessions', 'DELETE', jsonb_build_object('token', token, 'user', user_id) FROM moved;
----
WITH RECURSIVE thread (id, parent_id, depth, path) AS (
    SELECT id, parent_id, 0, ARRAY[id] FROM app.comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, c.parent_id, t.depth + 1, t.path || c.id
    FROM app.comments AS c JOIN thread AS t ON c.parent_id = t.id
    WHERE NOT c.id = ANY (t.path)
)
SEARCH DEPTH FIRST BY id SET ordercol
CYCLE id SET is_cycle USING cycle_path
SELECT * FROM thread ORDER BY ordercol;
----
WITH totals AS MATERIALIZED (
    SELECT account_id, sum(total_cents) AS cents FROM app.orders GROUP BY account_id
), ranked AS NOT MATERIALIZED (
    SELECT account_id, cents, rank() OVER (ORDER BY cents DESC) AS r FROM totals
)
UPDATE app.accounts AS a SET balance = r.cents / 100.0 FROM ranked AS r WHERE r.account_id = a.id AND r.r <= 10;
----
SELECT u.id, count(o.id) FILTER (WHERE o.status = 'sent') AS sent,
       string_agg(DISTINCT o.status::text, ', ' ORDER BY o.status::text) AS statuses,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY o.total_cents) AS median
FROM app.users AS u
LEFT JOIN app.accounts AS a ON a.owner_id = u.id
LEFT JOIN app.orders AS o ON o.account_id = a.id
GROUP BY u.id
HAVING count(o.id) > 0
ORDER BY sent DESC NULLS LAST
LIMIT 10 OFFSET 5;
----
SELECT DISTINCT ON (account_id) account_id, id, placed_at
FROM app.orders
ORDER BY account_id, placed_at DESC
FETCH FIRST 100 ROWS ONLY;
----
SELECT a.slug, latest.id
FROM app.accounts AS a
CROSS JOIN LATERAL (SELECT id FROM app.orders AS o WHERE o.account_id = a.id ORDER BY placed_at DESC LIMIT 1) AS latest;
----
SELECT account_id, status, count(*) FROM app.orders GROUP BY GROUPING SETS ((account_id), (status), ());
----
SELECT id, sum(total_cents) OVER w, lag(total_cents) OVER (PARTITION BY account_id ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
FROM app.orders WINDOW w AS (PARTITION BY account_id ORDER BY placed_at);
----
SELECT id FROM app.orders WHERE status = 'pending' ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED;
----
SELECT CASE WHEN balance > 100 THEN 'rich' WHEN balance > 0 THEN 'ok' ELSE 'broke' END, coalesce(nullif(slug, ''), 'none'),
       settings -> 'theme', settings #>> '{a,b}', settings @> '{"beta": true}', tags && ARRAY['x'], balance::text,
       CAST(balance AS integer), EXTRACT(epoch FROM now()), now() AT TIME ZONE 'UTC', 'a' || 'b', 5 % 3, 2 ^ 10,
       slug ~* '^a', slug SIMILAR TO 'a%', slug NOT ILIKE 'b%', balance BETWEEN 1 AND 2, id IS NOT NULL
FROM app.accounts;
----
SELECT 1 AS one UNION ALL SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4;
----
VALUES (1, 'one'), (2, 'two');
----
TABLE app.settings;
----
SELECT * INTO TEMP TABLE settings_copy FROM app.settings;
----
EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT * FROM app.users WHERE id = 1;
----
TRUNCATE app.sessions;
----
TRUNCATE TABLE app.kv, app.counters RESTART IDENTITY CASCADE;
----
LOCK TABLE app.orders IN SHARE ROW EXCLUSIVE MODE NOWAIT;
----
LOCK app.users;
----
ANALYZE app.users;
----
ANALYZE VERBOSE app.orders (status, placed_at);
----
NOTIFY changes, 'migrated';
----
SELECT pg_advisory_xact_lock(42);
----
PREPARE recent (integer) AS SELECT * FROM app.orders WHERE id > $1;
----
EXECUTE recent(10);
----
DEALLOCATE recent;
----
COPY (SELECT 1) TO STDOUT;
