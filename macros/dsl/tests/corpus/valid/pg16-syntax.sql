-- PostgreSQL 16 syntax. Checked with PostgreSQL 18's parser (see ../verify.py), not run:
-- the check server is PostgreSQL 15.
----
CREATE TABLE app.blobs (id bigint PRIMARY KEY, body bytea STORAGE EXTERNAL, note text STORAGE MAIN COMPRESSION pglz);
----
GRANT corpus_reader TO corpus_app WITH INHERIT FALSE, SET TRUE;
----
GRANT corpus_reader TO corpus_admin WITH ADMIN TRUE;
----
SELECT 1_000_000 AS million, 0x1F AS hex, 0o17 AS octal, 0b1010 AS binary;
----
SELECT json_object('id': 1, 'name': 'ada' ABSENT ON NULL RETURNING jsonb);
----
SELECT json_array(1, 'two', NULL NULL ON NULL);
----
SELECT json_arrayagg(email ORDER BY id RETURNING jsonb) FROM app.users;
----
SELECT json_objectagg(key VALUE value) FROM app.settings;
----
SELECT '{"a": 1}' IS JSON OBJECT WITH UNIQUE KEYS, '[1]' IS NOT JSON SCALAR;
----
ALTER TABLE app.accounts ADD CONSTRAINT settings_is_object CHECK (settings::text IS JSON OBJECT);
----
SELECT SYSTEM_USER;
----
-- outside a transaction
VACUUM (BUFFER_USAGE_LIMIT '256kB', SKIP_DATABASE_STATS) app.users;
----
-- outside a transaction
REINDEX DATABASE;
----
-- outside a transaction
VACUUM (ONLY_DATABASE_STATS);
