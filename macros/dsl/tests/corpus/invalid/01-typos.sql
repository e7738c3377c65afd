-- Misspelt keywords: the mistake a hurried migration makes most.
----
CREAT TABLE users (id int);
----
CREATE TABEL users (id int);
----
CREATE TABLE users (id int PRIMRY KEY);
----
CREATE TABLE users (id int PRIMARY KYE);
----
CREATE TABLE users (id int NOT NUL);
----
CREATE TABLE users (email text UNIQE);
----
CREATE TABLE users (id int REFERENCE accounts (id));
----
CREATE TABLE users (id int DEFUALT 1);
----
CREATE TABLE users (id int GENERATED ALWAYS AS IDENTIY);
----
CREATE UNIQU INDEX users_email_idx ON users (email);
----
CREATE INDEX CONCURENTLY users_email_idx ON users (email);
----
CREATE INDEX users_email_idx ONN users (email);
----
ALTER TABEL users ADD COLUMN bio text;
----
ALTER TABLE users ADDD COLUMN bio text;
----
ALTER TABLE users ALTER COLUMN bio SET NOT NUL;
----
ALTER TABLE users DROP COLUMNN bio;
----
ALTER TABLE users RENAME COLUMN bio TOO about;
----
DROP TABEL users;
----
DROP INDEX CONCURENTLY users_email_idx;
----
INSRT INTO users (id) VALUES (1);
----
INSERT INTO users (id) VALEUS (1);
----
INSERT users (id) VALUES (1);
----
UPDATE users SETT name = 'x';
----
UPDATE users SET name = 'x' WHER id = 1;
----
DELETE users WHERE id = 1;
----
DELET FROM users WHERE id = 1;
----
SELECT * FORM users;
----
SELECT * FROM users WHER id = 1;
----
SELECT * FROM users ORDER id;
----
SELECT * FROM users GROUP id;
----
CREATE OR REPLCE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
----
CREATE FUNCTON f() RETURNS int LANGUAGE sql AS 'SELECT 1';
----
CREATE FUNCTION f() RETURN int LANGUAGE sql AS 'SELECT 1';
----
CREATE TYPE mood AS ENUMM ('a', 'b');
----
CREATE DOMIAN email AS text;
----
CREATE SEQENCE s;
----
CREATE VEIW v AS SELECT 1;
----
CREATE MATERIALIZED VEW v AS SELECT 1;
----
CREATE TRIGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f();
----
CREATE TRIGGER t BEFOR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f();
----
CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROWS EXECUTE FUNCTION f();
----
CREATE POLICY p ON users USIN (true);
----
GRANT SELECT ON users TOO app;
----
REVOKE SELECT ON users TO app;
----
COMMENT ON TABLE users AS 'people';
----
CREATE EXTENSON pgcrypto;
----
CREATE SCHEMA IF NOT EXIST app;
----
DROP TABLE IF EXIST users;
----
CREATE TABLE IF NOT EXIST users (id int);
----
ALTER TYPE mood ADD VALEU 'c';
