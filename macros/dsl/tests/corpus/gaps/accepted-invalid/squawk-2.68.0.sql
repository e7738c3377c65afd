-- Invalid statements squawk 2.68.0 accepts, so `sql("…")` lets them through and the
-- server rejects them when the migration runs. None is common in migrations; each is
-- kept here so that the squawk upgrade that starts rejecting it makes the corpus test
-- say so, and the case moves to invalid/. Checked against PostgreSQL (../verify.py).
--
-- A subscript straight after an ARRAY constructor needs parentheses:
-- `(ARRAY[1, 2, 3])[1:2]`.
----
SELECT ARRAY[1, 2, 3][1:2];
----
-- `IS OF` was removed in PostgreSQL 14.
SELECT 1 IS OF (integer);
----
-- DROP TABLE without a table.
DROP TABLE;
----
-- PostgreSQL's grammar allows one LIMIT and one OFFSET.
SELECT * FROM pg_class LIMIT 1 LIMIT 2;
----
SELECT * FROM pg_class OFFSET 1 OFFSET 2;
----
-- A MERGE action that does not fit its WHEN: INSERT belongs to NOT MATCHED, UPDATE and
-- DELETE to MATCHED.
MERGE INTO app.settings AS s USING app.kv AS k ON s.key = k.key
WHEN MATCHED THEN INSERT (key) VALUES (k.key);
----
MERGE INTO app.settings AS s USING app.kv AS k ON s.key = k.key
WHEN NOT MATCHED THEN UPDATE SET value = k.value;
----
-- XMLTABLE's PASSING takes a simple expression: a cast needs parentheses.
SELECT * FROM XMLTABLE('/rows/row' PASSING '<rows><row a="1"/></rows>'::xml COLUMNS a int PATH '@a');
----
-- A PL/pgSQL body is a string to squawk (as it was to libpg_query's raw parser);
-- PostgreSQL checks it when it creates the function. Missing `;` after `RETURN 1`.
CREATE FUNCTION app.broken() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    RETURN 1
END
$$;
----
-- The same for a DO block, checked when it runs.
DO $$ BEGIN PERFORM 1 END $$;
