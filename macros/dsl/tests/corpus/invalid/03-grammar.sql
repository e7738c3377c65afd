-- Clauses in the wrong order, missing pieces, and constructs from other databases.
----
CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY);
----
CREATE TABLE users (id int) ENGINE = InnoDB;
----
CREATE TABLE `users` (id int);
----
CREATE TABLE users (id integer(11));
----
CREATE TABLE users (id int unsigned);
----
CREATE TABLE users (id int IDENTITY(1, 1));
----
ALTER TABLE users MODIFY COLUMN name text;
----
ALTER TABLE users ADD COLUMN name text AFTER id;
----
SELECT TOP 10 * FROM users;
----
SELECT * FROM users LIMIT 10, 20;
----
CREATE TABLE users (id int PRIMARY KEY PRIMARY);
----
CREATE TABLE users (id int REFERENCES);
----
CREATE TABLE users (id int CHECK);
----
CREATE TABLE users (id int DEFAULT);
----
CREATE TABLE users (id int CONSTRAINT);
----
CREATE TABLE (id int);
----
CREATE TABLE users (FOREIGN KEY REFERENCES accounts (id));
----
CREATE INDEX ON;
----
CREATE INDEX i ON users USING (email);
----
CREATE INDEX i ON users (email) WHERE;
----
CREATE INDEX i ON users (email) INCLUDE;
----
CREATE UNIQUE users_email_idx ON users (email);
----
ALTER TABLE users ALTER COLUMN;
----
ALTER TABLE users ALTER COLUMN bio TYPE;
----
ALTER TABLE users ADD CONSTRAINT c;
----
ALTER TABLE users RENAME TO;
----
ALTER TABLE users DETACH PARTITION;
----
ALTER TABLE ADD COLUMN a int;
----
INSERT INTO users VALUES;
----
INSERT INTO users (id) VALUES (1) ON CONFLICT DO;
----
INSERT INTO users (id) VALUES (1) ON CONFLICT (id) DO UPDATE;
----
INSERT INTO users (id) VALUES (1) ON CONFLICT (id) UPDATE SET id = 2;
----
UPDATE users SET WHERE id = 1;
----
UPDATE SET id = 1;
----
DELETE FROM WHERE id = 1;
----
SELECT * FROM users WHERE;
----
SELECT * FROM users ORDER BY;
----
SELECT * FROM users LIMIT;
----
SELECT * FROM users JOIN accounts;
----
SELECT * FROM users WHERE id = 1 ORDER BY id WHERE id = 2;
----
SELECT CASE WHEN true THEN 1;
----
SELECT CAST(1 AS);
----
SELECT 1 BETWEEN 2;
----
SELECT * FROM users WHERE id NOT;
----
WITH x AS (SELECT 1);
----
WITH x (SELECT 1) SELECT * FROM x;
----
MERGE INTO t USING s ON t.id = s.id;
----
MERGE INTO t USING s WHEN MATCHED THEN DELETE;
----
CREATE FUNCTION f() LANGUAGE sql AS 'SELECT 1' RETURNS int;
----
CREATE FUNCTION f RETURNS int LANGUAGE sql AS 'SELECT 1';
----
CREATE TRIGGER t ON users FOR EACH ROW EXECUTE FUNCTION f();
----
CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE f();
----
CREATE VIEW v SELECT 1;
----
CREATE SEQUENCE s INCREMENT BY;
----
CREATE DOMAIN d AS;
----
CREATE TYPE t AS;
----
ALTER TYPE mood ADD VALUE;
----
ALTER TYPE mood RENAME VALUE 'a' 'b';
----
GRANT ON users TO app;
----
GRANT SELECT ON users;
----
REVOKE SELECT ON users;
----
COMMENT ON TABLE users;
----
DROP;
----
DROP INDEX CONCURRENTLY;
----
VACUUM FULL FULL users;
----
REINDEX users;
----
CREATE EXTENSION;
----
CREATE SCHEMA;
----
BEGIN ATOMIC SELECT 1; END;
----
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$;
----
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 FROM $$;
----
CREATE PROCEDURE p() LANGUAGE sql AS $$ INSERT INTO t VALUES (1,) $$;
----
SELECT 1 FROM users u u;
----
SELECT 1 UNION;
----
SELECT INTO FROM users;
----
CREATE TABLE t (a int) INHERITS;
----
CREATE TABLE t PARTITION OF p;
----
CREATE TABLE t PARTITION OF p FOR VALUES IN;
----
ALTER TABLE p ATTACH PARTITION c;
----
CREATE POLICY p ON users FOR UPDATE TO;
----
SET search_path =;
----
SET TO 'x';
----
CREATE INDEX i ON users (email) NULLS DISTINCT NOT;
----
INSERT INTO users (id) OVERRIDING VALUE VALUES (1);
----
CREATE TABLE users (id bigint(20) unsigned NOT NULL);
----
CREATE TABLE users (id integer(11) PRIMARY KEY);
----
CREATE TABLE t (a timestamp with zone);
----
CREATE TABLE t (a character varying varying);
----
CREATE TABLE t (a int) WITH OIDS;
----
CREATE INDEX CONCURRENTLY CONCURRENTLY i ON t (a);
----
SELECT DISTINCT ON a FROM t;
----
SELECT * FROM t NATURAL JOIN u ON true;
----
INSERT INTO t DEFAULT VALUES VALUES (1);
----
SELECT 123abc;
----
SELECT 1e;
----
CREATE TABLE t (a int, PRIMARY KEY ());
----
CREATE TABLE t (a int, UNIQUE a);
----
CREATE TABLE t (a int, EXCLUDE USING gist (a WITH));
----
CREATE POLICY ON t USING (true);
----
ALTER TABLE t ENABLE ROW SECURITY;
----
CREATE DOMAIN d AS int CHECK VALUE > 0;
----
ALTER TYPE mood ADD VALUE 'x' AFTER 'y' BEFORE 'z';
----
GRANT ALL ON ALL TABLES IN app TO x;
----
CREATE VIEW v AS SELECT 1 WITH CHECK;
----
CREATE TABLE t (a int REFERENCES u ON DELETE SET NULL MATCH SIMPLE);
----
SELECT 3 year;
