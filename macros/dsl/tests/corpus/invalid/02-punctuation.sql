-- Parentheses, commas, quotes and semicolons in the wrong place.
----
CREATE TABLE users (id int, email text,);
----
CREATE TABLE users (id int email text);
----
CREATE TABLE users (id int, email text;
----
CREATE TABLE users id int, email text);
----
CREATE TABLE users ((id int));
----
CREATE TABLE users (id int,, email text);
----
CREATE TABLE users (id numeric(10, 2, email text);
----
CREATE TABLE users (CHECK id > 0);
----
CREATE INDEX users_email_idx ON users email;
----
CREATE INDEX users_email_idx ON users (email,);
----
CREATE INDEX users_email_idx ON users (lower(email);
----
CREATE INDEX users_email_idx ON users ();
----
INSERT INTO users (id, email,) VALUES (1, 'a');
----
INSERT INTO users (id) VALUES (1,);
----
INSERT INTO users (id) VALUES (1), ;
----
INSERT INTO users (id) VALUES 1;
----
INSERT INTO users (id VALUES (1);
----
UPDATE users SET name = 'x', WHERE id = 1;
----
UPDATE users SET (a, b) = (1, 2;
----
SELECT a, b, FROM users;
----
SELECT , a FROM users;
----
SELECT lower(email FROM users;
----
SELECT (1 + 2;
----
SELECT 1 + 2);
----
SELECT 'unterminated;
----
SELECT "unterminated FROM t;
----
SELECT $$unterminated;
----
DO $$ BEGIN RAISE NOTICE 'x'; END $;
----
SELECT /* unterminated comment 1;
----
SELECT count(*) FROM users WHERE id IN (1, 2,);
----
SELECT count(*) FROM users WHERE id IN ();
----
SELECT ARRAY[1, 2;
----
SELECT f(a := );
----
CREATE FUNCTION f(a int,) RETURNS int LANGUAGE sql AS 'SELECT 1';
----
CREATE FUNCTION f(a int RETURNS int LANGUAGE sql AS 'SELECT 1';
----
CREATE TYPE mood AS ENUM ('a', 'b',);
----
CREATE TYPE mood AS ENUM 'a', 'b';
----
CREATE TYPE pair AS (a int, b int,);
----
ALTER TABLE users ADD COLUMN a int,;
----
ALTER TABLE users ADD COLUMN a int ADD COLUMN b int;
----
GRANT SELECT, ON users TO app;
----
CREATE TABLE t (a int) PARTITION BY RANGE a;
----
CREATE TABLE t_1 PARTITION OF t FOR VALUES FROM (1 TO (2);
----
SELECT 1 2;
----
SELECT 'two' 'strings on one line';
----
CREATE TABLE t (a varchar(10)(20));
----
CREATE TABLE t (a int[);
----
SELECT count(* FROM t;
----
SELECT CASE WHEN THEN 1 END;
----
SELECT 1 ::;
----
SELECT pg_advisory_lock(1,);
----
SET search_path TO a,;
