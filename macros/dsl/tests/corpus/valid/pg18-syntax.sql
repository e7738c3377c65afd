-- PostgreSQL 18 syntax. Checked with PostgreSQL 18's parser (see ../verify.py), not run:
-- the check server is PostgreSQL 15.
----
CREATE TABLE app.invoices (
    id uuid PRIMARY KEY DEFAULT uuidv7(),
    net_cents bigint NOT NULL,
    tax_cents bigint NOT NULL,
    gross_cents bigint GENERATED ALWAYS AS (net_cents + tax_cents) VIRTUAL,
    issued_on date NOT NULL
);
----
ALTER TABLE app.invoices ADD COLUMN net_euros numeric GENERATED ALWAYS AS (net_cents / 100.0);
----
ALTER TABLE app.invoices ADD CONSTRAINT invoices_positive CHECK (net_cents > 0) NOT ENFORCED;
----
ALTER TABLE app.orders ADD CONSTRAINT orders_account_soft_fkey FOREIGN KEY (account_id)
    REFERENCES app.accounts (id) NOT ENFORCED;
----
ALTER TABLE app.orders ALTER CONSTRAINT orders_account_soft_fkey ENFORCED;
----
CREATE TABLE app.room_bookings (
    room_id integer NOT NULL,
    booked_during tstzrange NOT NULL,
    guest text,
    PRIMARY KEY (room_id, booked_during WITHOUT OVERLAPS)
);
----
CREATE TABLE app.room_cleanings (
    room_id integer NOT NULL,
    cleaned_during tstzrange NOT NULL,
    UNIQUE (room_id, cleaned_during WITHOUT OVERLAPS),
    FOREIGN KEY (room_id, PERIOD cleaned_during) REFERENCES app.room_bookings (room_id, PERIOD booked_during)
);
----
UPDATE app.accounts SET balance = balance * 1.1 RETURNING old.balance AS before, new.balance AS after;
----
DELETE FROM app.sessions WHERE expires_at < now() RETURNING WITH (OLD AS gone) gone.token;
----
MERGE INTO app.settings AS s USING app.kv AS k ON s.key = k.key
WHEN MATCHED THEN UPDATE SET value = k.value
RETURNING merge_action(), old.value, new.value;
----
SELECT uuidv7(), uuidv4(), uuid_extract_timestamp(uuidv7());
----
ALTER TABLE app.users ADD CONSTRAINT users_name_not_null NOT NULL name NOT VALID;
