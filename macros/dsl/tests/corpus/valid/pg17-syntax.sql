-- PostgreSQL 17 syntax. Checked with PostgreSQL 18's parser (see ../verify.py), not run:
-- the check server is PostgreSQL 15.
----
SELECT jt.*
FROM app.accounts AS a,
     JSON_TABLE(a.settings, '$.members[*]'
         COLUMNS (
             ordinal FOR ORDINALITY,
             name text PATH '$.name',
             admin boolean PATH '$.admin' DEFAULT false ON EMPTY,
             NESTED PATH '$.emails[*]' COLUMNS (email text PATH '$')
         )) AS jt;
----
SELECT id FROM app.accounts WHERE JSON_EXISTS(settings, '$.beta ? (@ == true)');
----
SELECT JSON_VALUE(settings, '$.theme' RETURNING text DEFAULT 'light' ON EMPTY) FROM app.accounts;
----
SELECT JSON_QUERY(settings, '$.members' WITH CONDITIONAL WRAPPER OMIT QUOTES) FROM app.accounts;
----
SELECT JSON_SERIALIZE(JSON('{"a": 1}') RETURNING text), JSON_SCALAR(42);
----
MERGE INTO app.settings AS s
USING app.kv AS k ON s.key = k.key
WHEN MATCHED THEN UPDATE SET value = k.value
WHEN NOT MATCHED BY TARGET THEN INSERT (key, value) VALUES (k.key, k.value)
WHEN NOT MATCHED BY SOURCE THEN DELETE
RETURNING merge_action(), s.key;
----
ALTER TABLE app.orders ALTER COLUMN gross_cents SET EXPRESSION AS (total_cents + tax_cents + 1);
----
GRANT MAINTAIN ON app.orders TO corpus_admin;
----
EXPLAIN (ANALYZE, SERIALIZE TEXT, MEMORY) SELECT * FROM app.orders;
----
ALTER TABLE app.sessions SET ACCESS METHOD DEFAULT;
