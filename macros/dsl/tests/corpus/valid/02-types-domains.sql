-- Enums, composite and range types, domains, and their changes.
----
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
----
CREATE TYPE app.order_status AS ENUM ();
----
ALTER TYPE app.order_status ADD VALUE 'pending';
----
ALTER TYPE app.order_status ADD VALUE IF NOT EXISTS 'shipped' AFTER 'pending';
----
ALTER TYPE app.order_status ADD VALUE 'draft' BEFORE 'pending';
----
ALTER TYPE app.order_status RENAME VALUE 'shipped' TO 'sent';
----
ALTER TYPE app.mood RENAME TO feeling;
----
ALTER TYPE app.feeling OWNER TO corpus_admin;
----
ALTER TYPE app.feeling SET SCHEMA public;
----
CREATE TYPE app.address AS (
    street text,
    city text COLLATE "C",
    zip varchar(10)
);
----
CREATE TYPE app.money_amount AS (amount numeric(12, 2), currency char(3));
----
ALTER TYPE app.address ADD ATTRIBUTE country text;
----
ALTER TYPE app.address ALTER ATTRIBUTE zip TYPE varchar(16);
----
ALTER TYPE app.address DROP ATTRIBUTE IF EXISTS country CASCADE;
----
ALTER TYPE app.address RENAME ATTRIBUTE street TO line1;
----
CREATE TYPE app.float_range AS RANGE (subtype = float8, subtype_diff = float8mi);
----
CREATE TYPE app.ts_span AS RANGE (
    subtype = timestamptz,
    multirange_type_name = app.ts_spans
);
----
CREATE DOMAIN app.email AS citext
    CHECK (VALUE ~ '^[^@[:space:]]+@[^@[:space:]]+$');
----
CREATE DOMAIN app.positive_int AS integer NOT NULL DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0);
----
CREATE DOMAIN app.short_text text COLLATE "C" CHECK (length(VALUE) <= 80);
----
CREATE DOMAIN app.percentage AS numeric(5, 2) CHECK (VALUE BETWEEN 0 AND 100);
----
ALTER DOMAIN app.short_text ADD CONSTRAINT not_blank CHECK (VALUE <> '') NOT VALID;
----
ALTER DOMAIN app.short_text VALIDATE CONSTRAINT not_blank;
----
ALTER DOMAIN app.short_text RENAME CONSTRAINT not_blank TO short_text_not_blank;
----
ALTER DOMAIN app.short_text DROP CONSTRAINT IF EXISTS short_text_not_blank;
----
ALTER DOMAIN app.positive_int SET DEFAULT 10;
----
ALTER DOMAIN app.positive_int DROP DEFAULT;
----
ALTER DOMAIN app.positive_int DROP NOT NULL;
----
ALTER DOMAIN app.positive_int SET NOT NULL;
----
ALTER DOMAIN app.percentage OWNER TO corpus_admin;
----
COMMENT ON TYPE app.address IS 'a postal address';
----
COMMENT ON DOMAIN app.email IS 'an e-mail address';
----
CREATE COLLATION app.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
