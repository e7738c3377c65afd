-- Statements PostgreSQL refuses inside a transaction block, and their neighbours.
----
-- outside a transaction
VACUUM;
----
-- outside a transaction
VACUUM ANALYZE app.users;
----
-- outside a transaction
VACUUM (VERBOSE, ANALYZE, INDEX_CLEANUP off) app.orders, app.accounts (slug);
----
-- outside a transaction
VACUUM FULL app.sessions;
----
-- outside a transaction
VACUUM FREEZE VERBOSE app.settings;
----
-- outside a transaction
CREATE DATABASE corpus_scratch WITH OWNER corpus_admin TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 10;
----
ALTER DATABASE corpus_scratch SET statement_timeout = '1min';
----
ALTER DATABASE corpus_scratch RESET ALL;
----
ALTER DATABASE corpus_scratch WITH ALLOW_CONNECTIONS true;
----
-- outside a transaction
ALTER DATABASE corpus_scratch SET TABLESPACE pg_default;
----
ALTER DATABASE corpus_scratch RENAME TO corpus_scratch2;
----
-- outside a transaction
DROP DATABASE IF EXISTS corpus_scratch2;
----
-- outside a transaction
DROP DATABASE IF EXISTS corpus_never WITH (FORCE);
----
-- outside a transaction
ALTER SYSTEM SET log_min_duration_statement = '250ms';
----
-- outside a transaction
ALTER SYSTEM RESET log_min_duration_statement;
----
-- outside a transaction
DROP TABLESPACE IF EXISTS corpus_no_such_space;
----
-- outside a transaction
DISCARD ALL;
----
DISCARD PLANS;
----
CHECKPOINT;
----
SELECT pg_reload_conf();
