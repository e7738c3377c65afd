//! Snapshots of the third wave of node-pg-migrate's operations: the alters of views,
//! domains, policies, roles and tables, the attributes and values of types, table
//! persistence and `like`, operators, operator classes and families, and casts.
//! Update with `UPDATE_EXPECT=1 cargo test -p pgbatch-dsl`, then read the diff.

mod common;

use common::check;
use expect_test::expect;

#[test]
fn type_attributes_and_values() {
    check(
        r#"
        addTypeAttribute("address", "postCode", "varchar(10)");
        renameTypeAttribute("address", "street", "streetLine");
        renameTypeValue("mood", "ok", "fine");
        "#,
        expect![[r#"
            -- up step 1
            ALTER TYPE address ADD ATTRIBUTE post_code varchar(10)
            -- up step 2
            ALTER TYPE address RENAME ATTRIBUTE street TO street_line
            -- up step 3
            ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'
            -- down step 1
            ALTER TYPE mood RENAME VALUE 'fine' TO 'ok'
            -- down step 2
            ALTER TYPE address RENAME ATTRIBUTE street_line TO street
            -- down step 3
            ALTER TYPE address DROP ATTRIBUTE post_code
        "#]],
    );
    check(
        r#"
        dropTypeAttribute("address", "postCode", { ifExists: true });
        setTypeAttribute("address", "streetLine", "text");
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            ALTER TYPE address DROP ATTRIBUTE IF EXISTS post_code
            -- up step 2
            ALTER TYPE address ALTER ATTRIBUTE street_line SET DATA TYPE text
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn views_materialized_views_and_their_alters() {
    check(
        r#"
        createView("activeUsers", { options: { securityBarrier: true }, checkOption: "local" }, "SELECT id, name FROM users WHERE active");
        createMaterializedView("userCounts", { storageParameters: { fillfactor: 70 }, tablespace: "pg_default", data: false }, "SELECT count(*) AS total FROM users");
        renameMaterializedViewColumn("userCounts", "total", "userTotal");
        "#,
        expect![[r#"
            -- up step 1
            CREATE VIEW active_users WITH (security_barrier = true) AS
            SELECT id, name FROM users WHERE active
            WITH LOCAL CHECK OPTION
            -- up step 2
            CREATE MATERIALIZED VIEW user_counts WITH (fillfactor = 70) TABLESPACE pg_default AS
            SELECT count(*) AS total FROM users
            WITH NO DATA
            -- up step 3
            ALTER MATERIALIZED VIEW user_counts RENAME COLUMN total TO user_total
            -- down step 1
            ALTER MATERIALIZED VIEW user_counts RENAME COLUMN user_total TO total
            -- down step 2
            DROP MATERIALIZED VIEW user_counts
            -- down step 3
            DROP VIEW active_users
        "#]],
    );
    check(
        r#"
        alterView("activeUsers", { checkOption: null, options: { securityBarrier: false, securityInvoker: true } });
        alterViewColumn("activeUsers", "name", { default: "anonymous" });
        alterViewColumn("activeUsers", "id", { default: null });
        alterMaterializedView("userCounts", { cluster: "userCountsIdx", extension: "pg_trgm", storageParameters: { fillfactor: 80, autovacuumEnabled: null } });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            ALTER VIEW active_users SET (security_barrier = false, security_invoker = true);
            ALTER VIEW active_users RESET (check_option)
            -- up step 2
            ALTER VIEW active_users ALTER COLUMN name SET DEFAULT 'anonymous'
            -- up step 3
            ALTER VIEW active_users ALTER COLUMN id DROP DEFAULT
            -- up step 4
            ALTER MATERIALIZED VIEW user_counts CLUSTER ON user_counts_idx;
            ALTER MATERIALIZED VIEW user_counts DEPENDS ON EXTENSION pg_trgm;
            ALTER MATERIALIZED VIEW user_counts SET (fillfactor = 80);
            ALTER MATERIALIZED VIEW user_counts RESET (autovacuum_enabled)
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn domains_policies_and_roles() {
    check(
        r#"
        alterDomain("email", { default: "x@example.com", notNull: true, check: "VALUE <> ''", constraintName: "emailNotEmpty" });
        alterDomain("email", { default: null, allowNull: true });
        alterPolicy("posts", "ownPosts", { role: ["appUser"], using: "user_id = 1", check: "user_id = 1" });
        alterRole("appUser", { login: true, limit: 10, password: null, valid: "2030-01-01" });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            ALTER DOMAIN email SET DEFAULT 'x@example.com';
            ALTER DOMAIN email SET NOT NULL;
            ALTER DOMAIN email ADD CONSTRAINT email_not_empty CHECK (VALUE <> '')
            -- up step 2
            ALTER DOMAIN email DROP DEFAULT;
            ALTER DOMAIN email DROP NOT NULL
            -- up step 3
            ALTER POLICY own_posts ON posts TO app_user USING (user_id = 1) WITH CHECK (user_id = 1)
            -- up step 4
            ALTER ROLE app_user WITH LOGIN CONNECTION LIMIT 10 PASSWORD NULL VALID UNTIL '2030-01-01'
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn table_persistence_like_and_alter_table() {
    check(
        r#"
        createTable("events", { id: "id" }, { unlogged: true });
        createTable("scratch", { note: "text" }, { temporary: true });
        createTable("eventsCopy", {}, { like: { table: "events", options: { including: ["defaults", "constraints"], excluding: "indexes" } } });
        createTable("eventsPlain", { extra: "text" }, { like: "events" });
        alterTable("events", { unlogged: false, levelSecurity: "enable" });
        "#,
        expect![[r#"
            -- up step 1
            CREATE UNLOGGED TABLE events (
              id bigserial PRIMARY KEY
            )
            -- up step 2
            CREATE TEMPORARY TABLE scratch (
              note text
            )
            -- up step 3
            CREATE TABLE events_copy (
              LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS EXCLUDING INDEXES
            )
            -- up step 4
            CREATE TABLE events_plain (
              LIKE events,
              extra text
            )
            -- up step 5
            ALTER TABLE events SET LOGGED;
            ALTER TABLE events ENABLE ROW LEVEL SECURITY
            -- down step 1
            ALTER TABLE events DISABLE ROW LEVEL SECURITY;
            ALTER TABLE events SET UNLOGGED
            -- down step 2
            DROP TABLE events_plain
            -- down step 3
            DROP TABLE events_copy
            -- down step 4
            DROP TABLE IF EXISTS pg_temp.scratch
            -- down step 5
            DROP TABLE events
        "#]],
    );
}

#[test]
fn operators_classes_and_families() {
    check(
        r#"
        createOperator("===", { procedure: "caseInsensitiveEq", left: "text", right: "text", commutator: "===", negator: "!==", restrict: "eqsel", join: "eqjoinsel", hashes: true, merges: true });
        createOperator("app.~~~", { procedure: "app.fuzzy", right: "text" });
        createOperatorFamily("textOps", "btree");
        addToOperatorFamily("textOps", "btree", [
            { type: "operator", number: 1, name: "<", params: ["text", "text"] },
            { type: "function", number: 1, name: "bttextcmp", params: ["text", "text"] },
        ]);
        renameOperatorFamily("textOps", "btree", "textFamily");
        createOperatorClass("ciTextOps", "text", "btree", [
            { type: "operator", number: 3, name: "===" },
            { type: "function", number: 1, name: "ciCompare", params: ["text", "text"] },
        ], { default: false, family: "textFamily" });
        renameOperatorClass("ciTextOps", "btree", "ciOps");
        "#,
        expect![[r#"
            -- up step 1
            CREATE OPERATOR === (FUNCTION = case_insensitive_eq, LEFTARG = text, RIGHTARG = text, COMMUTATOR = ===, NEGATOR = !==, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES)
            -- up step 2
            CREATE OPERATOR app.~~~ (FUNCTION = app.fuzzy, RIGHTARG = text)
            -- up step 3
            CREATE OPERATOR FAMILY text_ops USING btree
            -- up step 4
            ALTER OPERATOR FAMILY text_ops USING btree ADD OPERATOR 1 < (text, text), FUNCTION 1 bttextcmp(text, text)
            -- up step 5
            ALTER OPERATOR FAMILY text_ops USING btree RENAME TO text_family
            -- up step 6
            CREATE OPERATOR CLASS ci_text_ops FOR TYPE text USING btree FAMILY text_family AS OPERATOR 3 ===, FUNCTION 1 ci_compare(text, text)
            -- up step 7
            ALTER OPERATOR CLASS ci_text_ops USING btree RENAME TO ci_ops
            -- down step 1
            ALTER OPERATOR CLASS ci_ops USING btree RENAME TO ci_text_ops
            -- down step 2
            DROP OPERATOR CLASS ci_text_ops USING btree
            -- down step 3
            ALTER OPERATOR FAMILY text_family USING btree RENAME TO text_ops
            -- down step 4
            ALTER OPERATOR FAMILY text_ops USING btree DROP OPERATOR 1 (text, text), FUNCTION 1 (text, text)
            -- down step 5
            DROP OPERATOR FAMILY text_ops USING btree
            -- down step 6
            DROP OPERATOR app.~~~ (NONE, text)
            -- down step 7
            DROP OPERATOR === (text, text)
        "#]],
    );
    check(
        r#"
        removeFromOperatorFamily("textFamily", "btree", [{ type: "operator", number: 1, name: "<", params: ["text", "text"] }]);
        dropOperatorClass("ciOps", "btree", { ifExists: true, cascade: true });
        dropOperatorFamily("textFamily", "btree");
        dropOperator("===", { left: "text", right: "text", ifExists: true });
        dropOperator("app.~~~", { right: "text" });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            ALTER OPERATOR FAMILY text_family USING btree DROP OPERATOR 1 (text, text)
            -- up step 2
            DROP OPERATOR CLASS IF EXISTS ci_ops USING btree CASCADE
            -- up step 3
            DROP OPERATOR FAMILY text_family USING btree
            -- up step 4
            DROP OPERATOR IF EXISTS === (text, text)
            -- up step 5
            DROP OPERATOR app.~~~ (NONE, text)
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn casts() {
    check(
        r#"
        createType("mood", ["sad", "fine"]);
        createType("priced", { amount: "numeric" });
        createCast("mood", "text", { inout: true, as: "assignment" });
        createCast("text", "mood", { functionName: "toMood", argumentTypes: ["text"], as: "implicit" });
        createCast("priced", "numeric", { functionName: "amountOf" });
        createCast("int4", "mood");
        "#,
        expect![[r#"
            -- up step 1
            CREATE TYPE mood AS ENUM ('sad', 'fine')
            -- up step 2
            CREATE TYPE priced AS (amount numeric)
            -- up step 3
            CREATE CAST (mood AS text) WITH INOUT AS ASSIGNMENT
            -- up step 4
            CREATE CAST (text AS mood) WITH FUNCTION to_mood(text) AS IMPLICIT
            -- up step 5
            CREATE CAST (priced AS numeric) WITH FUNCTION amount_of(priced)
            -- up step 6
            CREATE CAST (int4 AS mood) WITHOUT FUNCTION
            -- down step 1
            DROP CAST (int4 AS mood)
            -- down step 2
            DROP CAST (priced AS numeric)
            -- down step 3
            DROP CAST (text AS mood)
            -- down step 4
            DROP CAST (mood AS text)
            -- down step 5
            DROP TYPE priced
            -- down step 6
            DROP TYPE mood
        "#]],
    );
    check(
        r#"
        dropCast("public.mood", "text", { ifExists: true });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            DROP CAST IF EXISTS (public.mood AS text)
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn node_pg_migrate_spellings_of_column_and_other_options() {
    check(
        r#"
        createSchema("reports", { authorization: "appOwner" });
        createTable("readings", {
            id: { type: "bigint", sequenceGenerated: { precedence: "BY DEFAULT", start: 100 } },
            tags: { type: "text", array: true },
            quarters: { type: "integer", array: 4 },
            celsius: "numeric",
            fahrenheit: { type: "numeric", expressionGenerated: "celsius * 9 / 5 + 32" },
            userId: { type: "bigint", references: "users", referencesConstraintName: "readingsUserFk", referencesConstraintComment: "who took it" },
        });
        createRole("appOwner", { password: "secret", encrypted: true });
        "#,
        expect![[r#"
            -- up step 1
            CREATE SCHEMA reports AUTHORIZATION app_owner
            -- up step 2
            CREATE TABLE readings (
              id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100),
              tags text[],
              quarters integer[4],
              celsius numeric,
              fahrenheit numeric GENERATED ALWAYS AS (celsius * 9 / 5 + 32) STORED,
              user_id bigint CONSTRAINT readings_user_fk REFERENCES users
            );
            COMMENT ON CONSTRAINT readings_user_fk ON readings IS 'who took it'
            -- up step 3
            CREATE ROLE app_owner WITH ENCRYPTED PASSWORD 'secret'
            -- down step 1
            DROP ROLE app_owner
            -- down step 2
            DROP TABLE readings
            -- down step 3
            DROP SCHEMA reports
        "#]],
    );
    check(
        r#"
        alterColumn("readings", "celsius", { type: "text", collation: "C", using: "celsius::text", allowNull: false, comment: "as read" });
        alterColumn("readings", "quarters", { comment: null, sequenceGenerated: false });
        alterColumn("readings", "userId", { sequenceGenerated: { precedence: "ALWAYS" } });
        dropConstraint("readings", "readingsUserFk", { ifTableExists: true, ifExists: true });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            ALTER TABLE readings
              ALTER COLUMN celsius TYPE text COLLATE "C" USING celsius::text,
              ALTER COLUMN celsius SET NOT NULL;
            COMMENT ON COLUMN readings.celsius IS 'as read'
            -- up step 2
            ALTER TABLE readings
              ALTER COLUMN quarters DROP IDENTITY;
            COMMENT ON COLUMN readings.quarters IS NULL
            -- up step 3
            ALTER TABLE readings
              ALTER COLUMN user_id ADD GENERATED ALWAYS AS IDENTITY
            -- up step 4
            ALTER TABLE IF EXISTS readings DROP CONSTRAINT IF EXISTS readings_user_fk
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn grants_take_the_options_of_their_reverse() {
    check(
        r#"
        grantOnTables({ privileges: "select", tables: "posts", roles: "reader", withGrantOption: true, onlyGrantOption: true });
        grantRoles("reader", "writer", { cascade: true });
        revokeOnSchemas({ privileges: "usage", schemas: "archive", roles: "reader", withGrantOption: true });
        "#,
        expect![[r#"
            -- up step 1
            GRANT SELECT ON TABLE posts TO reader WITH GRANT OPTION
            -- up step 2
            GRANT reader TO writer
            -- up step 3
            REVOKE USAGE ON SCHEMA archive FROM reader
            -- down step 1
            GRANT USAGE ON SCHEMA archive TO reader WITH GRANT OPTION
            -- down step 2
            REVOKE reader FROM writer CASCADE
            -- down step 3
            REVOKE GRANT OPTION FOR SELECT ON TABLE posts FROM reader
        "#]],
    );
}
