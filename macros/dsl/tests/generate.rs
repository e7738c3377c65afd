//! Snapshots of the SQL generated for every operation and option, up and derived down.
//! Update with `UPDATE_EXPECT=1 cargo test -p dsl`, then read the diff.

mod common;

use common::check;
use expect_test::expect;

#[test]
fn create_table_with_every_column_option() {
    check(
        r#"
        createTable("posts", {
            id: "id",
            userId: { type: "bigint", notNull: true, references: "users(id)", onDelete: "cascade", onUpdate: "no action" },
            title: { type: "varchar(255)", notNull: true, unique: true, comment: "shown in lists" },
            status: { type: "text", notNull: true, default: "draft", check: "status <> ''" },
            score: { type: "numeric(5,2)", default: 0.5 },
            pinned: { type: "boolean", default: false },
            tags: "text[]",
            order: { type: "int", default: -1 },
            publishedAt: { type: "timestamp with time zone", default: null },
            createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        }, { comment: "user's posts" });
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE posts (
              id bigserial PRIMARY KEY,
              user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE ON UPDATE NO ACTION,
              title varchar(255) NOT NULL UNIQUE,
              status text NOT NULL DEFAULT 'draft' CHECK (status <> ''),
              score numeric(5,2) DEFAULT 0.5,
              pinned boolean DEFAULT false,
              tags text[],
              "order" int DEFAULT -1,
              published_at timestamp with time zone DEFAULT NULL,
              created_at timestamptz NOT NULL DEFAULT now()
            );
            COMMENT ON TABLE posts IS 'user''s posts';
            COMMENT ON COLUMN posts.title IS 'shown in lists'
            -- down step 1
            DROP TABLE posts
        "#]],
    );
}

#[test]
fn create_table_with_table_options() {
    check(
        r#"
        createType("membershipRole", ["owner", "member"]);
        createTable("app.memberships", {
            teamId: { type: "bigint", notNull: true },
            userId: { type: "bigint", notNull: true },
            role: { type: "membership_role", notNull: true, default: "member" },
            seats: { type: "integer", primaryKey: false },
        }, {
            inherits: "app.base_rows",
            constraints: {
                primaryKey: ["teamId", "userId"],
                unique: [["teamId", "role"], ["userId", "seats"]],
                check: ["seats > 0", "seats < 1000"],
                foreignKeys: [
                    { columns: "teamId", references: "app.teams", onDelete: "restrict" },
                    { name: "memberships_user_fk", columns: ["userId"], references: "users(id)", onDelete: "set null", onUpdate: "cascade" },
                ],
            },
        });
        "#,
        expect![[r#"
            -- up step 1
            CREATE TYPE membership_role AS ENUM ('owner', 'member')
            -- up step 2
            CREATE TABLE app.memberships (
              team_id bigint NOT NULL,
              user_id bigint NOT NULL,
              role membership_role NOT NULL DEFAULT 'member',
              seats integer,
              PRIMARY KEY (team_id, user_id),
              UNIQUE (team_id, role),
              UNIQUE (user_id, seats),
              CHECK (seats > 0),
              CHECK (seats < 1000),
              FOREIGN KEY (team_id) REFERENCES app.teams ON DELETE RESTRICT,
              CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE
            ) INHERITS (app.base_rows)
            -- down step 1
            DROP TABLE app.memberships
            -- down step 2
            DROP TYPE membership_role
        "#]],
    );
}

#[test]
fn table_and_column_operations() {
    check(
        r#"
        renameTable("userSessions", "sessions");
        addColumns("users", { avatarUrl: { type: "varchar(500)", comment: "https only" }, lastSeenAt: "timestamptz" });
        addColumn("users", { nickname: "text" });
        renameColumn("users", "email", "emailAddress");
        "#,
        expect![[r#"
            -- up step 1
            ALTER TABLE user_sessions RENAME TO sessions
            -- up step 2
            ALTER TABLE users
              ADD COLUMN avatar_url varchar(500),
              ADD COLUMN last_seen_at timestamptz;
            COMMENT ON COLUMN users.avatar_url IS 'https only'
            -- up step 3
            ALTER TABLE users
              ADD COLUMN nickname text
            -- up step 4
            ALTER TABLE users RENAME COLUMN email TO email_address
            -- down step 1
            ALTER TABLE users RENAME COLUMN email_address TO email
            -- down step 2
            ALTER TABLE users
              DROP COLUMN nickname
            -- down step 3
            ALTER TABLE users
              DROP COLUMN last_seen_at,
              DROP COLUMN avatar_url
            -- down step 4
            ALTER TABLE sessions RENAME TO user_sessions
        "#]],
    );
}

#[test]
fn column_defaults_outside_postgres_restricted_grammar_are_parenthesized() {
    // After a column's `DEFAULT`, PostgreSQL takes no `AT TIME ZONE`, `NOT`, `IN`, `IS`…
    // unparenthesized; what it takes keeps its exact text (the checksum covers it), and
    // `SET DEFAULT`, which takes any expression, is unchanged.
    check(
        r#"
        createTable("events", {
            at: { type: "timestamp", default: func("now() AT TIME ZONE 'utc'") },
            open: { type: "bool", default: func("NOT false") },
            listed: { type: "bool", default: func("1 IN (1)") },
            unset: { type: "bool", default: func("NULL IS NULL") },
            quantified: { type: "bool", default: func("1 = ANY ('{1}')") },
            created: { type: "timestamptz", default: func("now()") },
            count: { type: "int", default: func("0") },
            label: { type: "text", default: func("'x'") },
            token: { type: "uuid", default: func("gen_random_uuid()") },
            data: { type: "jsonb", default: func("'{}'::jsonb") },
            seen: { type: "timestamptz", default: func("CURRENT_TIMESTAMP") },
            total: { type: "int", default: func("-1 + 2 * 3") },
            same: { type: "bool", default: func("1 IS NOT DISTINCT FROM 1") },
            grouped: { type: "bool", default: func("(true AND false)") },
            called: { type: "bool", default: func("coalesce(NULL OR true, false)") },
            name: { type: "text", default: func("'x' COLLATE \"C\"") },
        });
        addColumn("events", { day: { type: "date", default: func("CURRENT_DATE AT TIME ZONE 'utc'") } });
        alterColumn("events", "at", { default: func("now() AT TIME ZONE 'utc'") });
        irreversible;
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE events (
              at timestamp DEFAULT (now() AT TIME ZONE 'utc'),
              open bool DEFAULT (NOT false),
              listed bool DEFAULT (1 IN (1)),
              unset bool DEFAULT (NULL IS NULL),
              quantified bool DEFAULT (1 = ANY ('{1}')),
              created timestamptz DEFAULT now(),
              count int DEFAULT 0,
              label text DEFAULT 'x',
              token uuid DEFAULT gen_random_uuid(),
              data jsonb DEFAULT '{}'::jsonb,
              seen timestamptz DEFAULT CURRENT_TIMESTAMP,
              total int DEFAULT -1 + 2 * 3,
              same bool DEFAULT 1 IS NOT DISTINCT FROM 1,
              grouped bool DEFAULT (true AND false),
              called bool DEFAULT coalesce(NULL OR true, false),
              name text DEFAULT 'x' COLLATE "C"
            )
            -- up step 2
            ALTER TABLE events
              ADD COLUMN day date DEFAULT (CURRENT_DATE AT TIME ZONE 'utc')
            -- up step 3
            ALTER TABLE events
              ALTER COLUMN at SET DEFAULT now() AT TIME ZONE 'utc'
            -- down: none (irreversible)
        "#]],
    );
}

#[test]
fn irreversible_operations_with_a_down_block() {
    check(
        r#"
        up {
            dropTable("legacy", { ifExists: true, cascade: true });
            dropColumns("users", ["nickname", "lastSeenAt"], { ifExists: true });
            dropColumn("users", "avatarUrl");
            alterColumn("users", "email", { type: "varchar(320)", using: "email::varchar(320)", default: func("''"), notNull: true });
            alterColumn("users", "bio", { default: null, notNull: false });
            dropConstraint("posts", "posts_title_check", { ifExists: true });
            dropIndex("posts", ["userId", "createdAt"], { concurrently: true, ifExists: true });
            dropIndex("posts", "title", { name: "posts_title_idx", cascade: true });
            dropType("mood", { ifExists: true });
            addTypeValue("mood", "meh", { before: "happy", ifNotExists: true });
            addTypeValue("mood", "ecstatic", { after: "happy" });
            dropExtension("citext", { cascade: true });
            dropSchema("archive", { ifExists: true, cascade: true });
            sql("UPDATE users SET bio = ''");
        }
        down {
            sql("SELECT 1");
        }
        "#,
        expect![[r#"
            -- up step 1
            DROP TABLE IF EXISTS legacy CASCADE
            -- up step 2
            ALTER TABLE users
              DROP COLUMN IF EXISTS nickname,
              DROP COLUMN IF EXISTS last_seen_at
            -- up step 3
            ALTER TABLE users
              DROP COLUMN avatar_url
            -- up step 4
            ALTER TABLE users
              ALTER COLUMN email TYPE varchar(320) USING email::varchar(320),
              ALTER COLUMN email SET DEFAULT '',
              ALTER COLUMN email SET NOT NULL
            -- up step 5
            ALTER TABLE users
              ALTER COLUMN bio DROP DEFAULT,
              ALTER COLUMN bio DROP NOT NULL
            -- up step 6
            ALTER TABLE posts DROP CONSTRAINT IF EXISTS posts_title_check
            -- up step 7, outside a transaction
            DROP INDEX CONCURRENTLY IF EXISTS posts_user_id_created_at_idx
            -- up step 8
            DROP INDEX posts_title_idx CASCADE
            -- up step 9
            DROP TYPE IF EXISTS mood
            -- up step 10
            ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'happy'
            -- up step 11
            ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy'
            -- up step 12
            DROP EXTENSION citext CASCADE
            -- up step 13
            DROP SCHEMA IF EXISTS archive CASCADE
            -- up step 14
            UPDATE users SET bio = ''
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn constraints() {
    check(
        r#"
        addConstraint("posts", "postsUserFk", { foreignKey: { columns: ["userId"], references: "users(id)", onDelete: "cascade" }, notValid: true });
        validateConstraint("posts", "posts_user_fk");
        addConstraint("posts", "posts_title_check", { check: "char_length(title) > 0", notValid: true });
        addConstraint("posts", "posts_slug_key", { unique: ["userId", "slug"] });
        addConstraint("tags", "tags_pkey", { primaryKey: "id" });
        "#,
        expect![[r#"
            -- up step 1
            ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID
            -- up step 2
            ALTER TABLE posts VALIDATE CONSTRAINT posts_user_fk
            -- up step 3
            ALTER TABLE posts ADD CONSTRAINT posts_title_check CHECK (char_length(title) > 0) NOT VALID
            -- up step 4
            ALTER TABLE posts ADD CONSTRAINT posts_slug_key UNIQUE (user_id, slug)
            -- up step 5
            ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id)
            -- down step 1
            ALTER TABLE tags DROP CONSTRAINT tags_pkey
            -- down step 2
            ALTER TABLE posts DROP CONSTRAINT posts_slug_key
            -- down step 3
            ALTER TABLE posts DROP CONSTRAINT posts_title_check
            -- down step 4
            ALTER TABLE posts DROP CONSTRAINT posts_user_fk
        "#]],
    );
}

#[test]
fn node_pg_migrate_aliases_and_raw_sql_with_its_own_down() {
    check(
        r#"
        addExtension("citext");
        addType("priority", ["low", "high"]);
        createTable("tickets", { id: "id", userId: "bigint" }, { constraints: { foreignKey: { columns: ["userId"], references: "users" } } });
        createConstraint("tickets", "tickets_user_fk", { foreignKeys: { columns: ["userId"], references: "users(id)" } });
        addIndex("tickets", "userId");
        sql("CREATE VIEW open_tickets AS SELECT * FROM tickets", { down: "DROP VIEW open_tickets" });
        sql("CREATE INDEX CONCURRENTLY tickets_id_idx ON tickets (id)", { down: "DROP INDEX CONCURRENTLY tickets_id_idx" });
        "#,
        expect![[r#"
            -- up step 1
            CREATE EXTENSION citext
            -- up step 2
            CREATE TYPE priority AS ENUM ('low', 'high')
            -- up step 3
            CREATE TABLE tickets (
              id bigserial PRIMARY KEY,
              user_id bigint,
              FOREIGN KEY (user_id) REFERENCES users
            )
            -- up step 4
            ALTER TABLE tickets ADD CONSTRAINT tickets_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
            -- up step 5
            CREATE INDEX tickets_user_id_idx ON tickets (user_id)
            -- up step 6
            CREATE VIEW open_tickets AS SELECT * FROM tickets
            -- up step 7, outside a transaction
            CREATE INDEX CONCURRENTLY tickets_id_idx ON tickets (id)
            -- down step 1, outside a transaction
            DROP INDEX CONCURRENTLY tickets_id_idx
            -- down step 2
            DROP VIEW open_tickets
            -- down step 3
            DROP INDEX IF EXISTS tickets_user_id_idx
            -- down step 4
            ALTER TABLE tickets DROP CONSTRAINT tickets_user_fk
            -- down step 5
            DROP TABLE tickets
            -- down step 6
            DROP TYPE priority
            -- down step 7
            DROP EXTENSION citext
        "#]],
    );
}

#[test]
fn views_and_materialized_views() {
    check(
        r#"
        createView("activeUsers", "SELECT id, email FROM users WHERE deleted_at IS NULL");
        createView("reports.userEmails", { columns: ["userId", "email"], checkOption: "local" }, "SELECT id, email FROM users");
        createView("tree", { recursive: true, columns: ["n"] }, "VALUES (1) UNION ALL SELECT n + 1 FROM tree WHERE n < 5");
        renameView("activeUsers", "liveUsers");
        createMaterializedView("userCounts", { data: false }, "SELECT count(*) AS users FROM users -- all of them");
        renameMaterializedView("userCounts", "userTotals");
        refreshMaterializedView("userTotals");
        refreshMaterializedView("userTotals", { concurrently: true });
        "#,
        expect![[r#"
            -- up step 1
            CREATE VIEW active_users AS
            SELECT id, email FROM users WHERE deleted_at IS NULL
            -- up step 2
            CREATE VIEW reports.user_emails (user_id, email) AS
            SELECT id, email FROM users
            WITH LOCAL CHECK OPTION
            -- up step 3
            CREATE RECURSIVE VIEW tree (n) AS
            VALUES (1) UNION ALL SELECT n + 1 FROM tree WHERE n < 5
            -- up step 4
            ALTER VIEW active_users RENAME TO live_users
            -- up step 5
            CREATE MATERIALIZED VIEW user_counts AS
            SELECT count(*) AS users FROM users -- all of them
            WITH NO DATA
            -- up step 6
            ALTER MATERIALIZED VIEW user_counts RENAME TO user_totals
            -- up step 7
            REFRESH MATERIALIZED VIEW user_totals
            -- up step 8
            REFRESH MATERIALIZED VIEW CONCURRENTLY user_totals
            -- down step 1
            ALTER MATERIALIZED VIEW user_totals RENAME TO user_counts
            -- down step 2
            DROP MATERIALIZED VIEW user_counts
            -- down step 3
            ALTER VIEW live_users RENAME TO active_users
            -- down step 4
            DROP VIEW tree
            -- down step 5
            DROP VIEW reports.user_emails
            -- down step 6
            DROP VIEW active_users
        "#]],
    );
    check(
        r#"
        createView("liveUsers", { replace: true }, "SELECT id FROM users");
        dropView("oldUsers", { ifExists: true, cascade: true });
        dropMaterializedView("oldTotals");
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            CREATE OR REPLACE VIEW live_users AS
            SELECT id FROM users
            -- up step 2
            DROP VIEW IF EXISTS old_users CASCADE
            -- up step 3
            DROP MATERIALIZED VIEW old_totals
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn functions_and_triggers() {
    check(
        r#"
        createFunction("addPoints", ["integer", { name: "bonus", type: "integer", default: "0" }, { mode: "out", name: "total", type: "integer" }],
            { language: "sql", behavior: "immutable", parallel: "safe", onNull: true },
            "SELECT $1 + bonus");
        createFunction("touch", [], { returns: "trigger", language: "plpgsql", security: "definer" },
            "BEGIN NEW.updated_at := now(); RETURN NEW; END $body$");
        createTrigger("posts", "postsTouch", { when: "before", operation: ["insert", "update"], level: "row", function: "touch" });
        createTrigger("posts", "postsAudit", { when: "after", operation: "delete", level: "row", condition: "OLD.id > 0", functionParams: ["posts", 1] },
            "BEGIN INSERT INTO audit VALUES (TG_ARGV[0]); RETURN NULL; END");
        renameFunction("touch", [], "touchRow");
        renameTrigger("posts", "postsTouch", "postsTouchRow");
        "#,
        expect![[r#"
            -- up step 1
            CREATE FUNCTION add_points(integer, bonus integer DEFAULT 0, OUT total integer)
            LANGUAGE sql
            IMMUTABLE
            RETURNS NULL ON NULL INPUT
            PARALLEL SAFE
            AS $body$SELECT $1 + bonus$body$
            -- up step 2
            CREATE FUNCTION touch()
            RETURNS trigger
            LANGUAGE plpgsql
            SECURITY DEFINER
            AS $body1$BEGIN NEW.updated_at := now(); RETURN NEW; END $body$$body1$
            -- up step 3
            CREATE TRIGGER posts_touch BEFORE INSERT OR UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch()
            -- up step 4
            CREATE FUNCTION posts_audit()
            RETURNS trigger
            LANGUAGE plpgsql
            AS $body$BEGIN INSERT INTO audit VALUES (TG_ARGV[0]); RETURN NULL; END$body$;
            CREATE TRIGGER posts_audit AFTER DELETE ON posts FOR EACH ROW WHEN (OLD.id > 0) EXECUTE FUNCTION posts_audit('posts', '1')
            -- up step 5
            ALTER FUNCTION touch() RENAME TO touch_row
            -- up step 6
            ALTER TRIGGER posts_touch ON posts RENAME TO posts_touch_row
            -- down step 1
            ALTER TRIGGER posts_touch_row ON posts RENAME TO posts_touch
            -- down step 2
            ALTER FUNCTION touch_row() RENAME TO touch
            -- down step 3
            DROP TRIGGER posts_audit ON posts;
            DROP FUNCTION posts_audit()
            -- down step 4
            DROP TRIGGER posts_touch ON posts
            -- down step 5
            DROP FUNCTION touch()
            -- down step 6
            DROP FUNCTION add_points(integer, integer)
        "#]],
    );
    check(
        r#"
        dropTrigger("posts", "postsTouch", { ifExists: true });
        dropFunction("touch", [], { cascade: true });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            DROP TRIGGER IF EXISTS posts_touch ON posts
            -- up step 2
            DROP FUNCTION touch() CASCADE
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn column_collation_identity_generated_and_foreign_key_options() {
    check(
        r#"
        createTable("orders", {
            id: { type: "bigint", primaryKey: true, generated: "always" },
            number: { type: "integer", generated: { identity: "byDefault", start: 1000, increment: 10, cycle: true } },
            code: { type: "text", collation: "C", notNull: true },
            total: "numeric",
            totalWithTax: { type: "numeric", generated: { expression: "total * 1.2", stored: true } },
            userId: { type: "bigint", references: "users", referencesConstraintName: "ordersBuyerFk", match: "full", deferrable: true },
            tags: { type: "text[]", notNull: true, default: [] },
            labels: { type: "text[]", default: ["a b", "say \"hi\""] },
            settings: { type: "jsonb", default: { theme: "dark", sizes: [1, 2], beta: null } },
            history: { type: "jsonb", default: [] },
        }, { constraints: { foreignKeys: { columns: ["number"], references: "invoices(number)", deferred: true } } });
        addConstraint("orders", "ordersSellerFk", { foreignKeys: { columns: ["userId"], references: "users", match: "simple", deferrable: true, deferred: true } });
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE orders (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              number integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 INCREMENT BY 10 CYCLE),
              code text COLLATE "C" NOT NULL,
              total numeric,
              total_with_tax numeric GENERATED ALWAYS AS (total * 1.2) STORED,
              user_id bigint CONSTRAINT orders_buyer_fk REFERENCES users MATCH FULL DEFERRABLE,
              tags text[] NOT NULL DEFAULT '{}',
              labels text[] DEFAULT '{"a b","say \"hi\""}',
              settings jsonb DEFAULT '{"theme": "dark", "sizes": [1, 2], "beta": null}',
              history jsonb DEFAULT '[]',
              FOREIGN KEY (number) REFERENCES invoices (number) DEFERRABLE INITIALLY DEFERRED
            )
            -- up step 2
            ALTER TABLE orders ADD CONSTRAINT orders_seller_fk FOREIGN KEY (user_id) REFERENCES users DEFERRABLE INITIALLY DEFERRED
            -- down step 1
            ALTER TABLE orders DROP CONSTRAINT orders_seller_fk
            -- down step 2
            DROP TABLE orders
        "#]],
    );
}

#[test]
fn sequences_domains_and_composite_types() {
    check(
        r#"
        createSequence("invoiceNumbers", { type: "integer", increment: 10, minValue: 1000, maxValue: null, start: 1000, cache: 5, cycle: false });
        createTable("invoices", { id: "id", number: { type: "integer", default: func("nextval('invoice_numbers')") } });
        renameSequence("invoiceNumbers", "invoiceSeq");
        createDomain("email", "text", { notNull: true, check: "VALUE ~ '@'", constraintName: "emailHasAt", collation: "C" });
        createDomain("positive", "integer", { default: 1, check: "VALUE > 0" });
        renameDomain("positive", "positiveInt");
        createType("money2", { amount: "numeric(12,2)", currency: "char(3)" });
        renameType("money2", "priced");
        "#,
        expect![[r#"
            -- up step 1
            CREATE SEQUENCE invoice_numbers AS integer INCREMENT BY 10 MINVALUE 1000 NO MAXVALUE START WITH 1000 CACHE 5 NO CYCLE
            -- up step 2
            CREATE TABLE invoices (
              id bigserial PRIMARY KEY,
              number integer DEFAULT nextval('invoice_numbers')
            )
            -- up step 3
            ALTER SEQUENCE invoice_numbers RENAME TO invoice_seq
            -- up step 4
            CREATE DOMAIN email AS text COLLATE "C" NOT NULL CONSTRAINT email_has_at CHECK (VALUE ~ '@')
            -- up step 5
            CREATE DOMAIN positive AS integer DEFAULT 1 CHECK (VALUE > 0)
            -- up step 6
            ALTER DOMAIN positive RENAME TO positive_int
            -- up step 7
            CREATE TYPE money2 AS (amount numeric(12,2), currency char(3))
            -- up step 8
            ALTER TYPE money2 RENAME TO priced
            -- down step 1
            ALTER TYPE priced RENAME TO money2
            -- down step 2
            DROP TYPE money2
            -- down step 3
            ALTER DOMAIN positive_int RENAME TO positive
            -- down step 4
            DROP DOMAIN positive
            -- down step 5
            DROP DOMAIN email
            -- down step 6
            ALTER SEQUENCE invoice_seq RENAME TO invoice_numbers
            -- down step 7
            DROP TABLE invoices
            -- down step 8
            DROP SEQUENCE invoice_numbers
        "#]],
    );
    check(
        r#"
        alterSequence("invoiceSeq", { owner: "invoices.number", restart: 1, maxValue: 99999, cycle: true });
        dropSequence("oldSeq", { ifExists: true });
        dropDomain("oldDomain", { cascade: true });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            ALTER SEQUENCE invoice_seq MAXVALUE 99999 RESTART WITH 1 CYCLE OWNED BY invoices.number
            -- up step 2
            DROP SEQUENCE IF EXISTS old_seq
            -- up step 3
            DROP DOMAIN old_domain CASCADE
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn row_level_security() {
    check(
        r#"
        alterTable("posts", { levelSecurity: "enable" });
        alterTable("posts", { levelSecurity: "force" });
        createPolicy("posts", "ownPosts", { using: "user_id = current_setting('app.user_id')::bigint" });
        createPolicy("posts", "insertOwn", { command: "insert", role: ["appUser", "public"], check: "user_id > 0", restrictive: true });
        renamePolicy("posts", "ownPosts", "readOwnPosts");
        "#,
        expect![[r#"
            -- up step 1
            ALTER TABLE posts ENABLE ROW LEVEL SECURITY
            -- up step 2
            ALTER TABLE posts FORCE ROW LEVEL SECURITY
            -- up step 3
            CREATE POLICY own_posts ON posts FOR ALL USING (user_id = current_setting('app.user_id')::bigint)
            -- up step 4
            CREATE POLICY insert_own ON posts AS RESTRICTIVE FOR INSERT TO app_user, PUBLIC WITH CHECK (user_id > 0)
            -- up step 5
            ALTER POLICY own_posts ON posts RENAME TO read_own_posts
            -- down step 1
            ALTER POLICY read_own_posts ON posts RENAME TO own_posts
            -- down step 2
            DROP POLICY insert_own ON posts
            -- down step 3
            DROP POLICY own_posts ON posts
            -- down step 4
            ALTER TABLE posts NO FORCE ROW LEVEL SECURITY
            -- down step 5
            ALTER TABLE posts DISABLE ROW LEVEL SECURITY
        "#]],
    );
}

#[test]
fn roles_and_grants() {
    check(
        r#"
        createRole("appReader", { login: true, inherit: false, limit: 5, password: "s3cret", valid: "2030-01-01" });
        createRole("appAdmin", { inRole: ["appReader"], createdb: true });
        renameRole("appAdmin", "appOwner");
        grantRoles("appReader", ["appOwner"], { withAdminOption: true });
        grantOnTables({ privileges: ["select", "insert"], tables: ["posts", "archive.posts"], roles: "appReader" });
        grantOnTables({ privileges: "ALL", tables: "ALL", schema: "public", roles: ["appOwner"], withGrantOption: true });
        grantOnSchemas({ privileges: "usage", schemas: ["archive"], roles: "appReader" });
        revokeOnTables({ privileges: "delete", tables: "posts", roles: "public", onlyGrantOption: true });
        revokeRoles("appReader", "appOwner");
        "#,
        expect![[r#"
            -- up step 1
            CREATE ROLE app_reader WITH NOINHERIT LOGIN CONNECTION LIMIT 5 PASSWORD 's3cret' VALID UNTIL '2030-01-01'
            -- up step 2
            CREATE ROLE app_admin WITH CREATEDB IN ROLE app_reader
            -- up step 3
            ALTER ROLE app_admin RENAME TO app_owner
            -- up step 4
            GRANT app_reader TO app_owner WITH ADMIN OPTION
            -- up step 5
            GRANT SELECT, INSERT ON TABLE posts, archive.posts TO app_reader
            -- up step 6
            GRANT ALL ON ALL TABLES IN SCHEMA public TO app_owner WITH GRANT OPTION
            -- up step 7
            GRANT USAGE ON SCHEMA archive TO app_reader
            -- up step 8
            REVOKE GRANT OPTION FOR DELETE ON TABLE posts FROM PUBLIC
            -- up step 9
            REVOKE app_reader FROM app_owner
            -- down step 1
            GRANT app_reader TO app_owner
            -- down step 2
            GRANT DELETE ON TABLE posts TO PUBLIC WITH GRANT OPTION
            -- down step 3
            REVOKE USAGE ON SCHEMA archive FROM app_reader
            -- down step 4
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM app_owner
            -- down step 5
            REVOKE SELECT, INSERT ON TABLE posts, archive.posts FROM app_reader
            -- down step 6
            REVOKE app_reader FROM app_owner
            -- down step 7
            ALTER ROLE app_owner RENAME TO app_admin
            -- down step 8
            DROP ROLE app_admin
            -- down step 9
            DROP ROLE app_reader
        "#]],
    );
}

#[test]
fn constraints_as_sql_exclusion_and_renames() {
    check(
        r#"
        addConstraint("posts", "postsPricePositive", "CHECK (price > 0)");
        addConstraint("bookings", "noOverlap", { exclude: "USING gist (room WITH =, during WITH &&)" });
        renameConstraint("posts", "postsPricePositive", "postsPriceCheck");
        renameIndex("posts_title_idx", "postsTitleIndex");
        renameSchema("legacy", "archive");
        "#,
        expect![[r#"
            -- up step 1
            ALTER TABLE posts ADD CONSTRAINT posts_price_positive CHECK (price > 0)
            -- up step 2
            ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
            -- up step 3
            ALTER TABLE posts
              RENAME CONSTRAINT posts_price_positive TO posts_price_check
            -- up step 4
            ALTER INDEX posts_title_idx RENAME TO posts_title_index
            -- up step 5
            ALTER SCHEMA legacy RENAME TO archive
            -- down step 1
            ALTER SCHEMA archive RENAME TO legacy
            -- down step 2
            ALTER INDEX posts_title_index RENAME TO posts_title_idx
            -- down step 3
            ALTER TABLE posts
              RENAME CONSTRAINT posts_price_check TO posts_price_positive
            -- down step 4
            ALTER TABLE bookings DROP CONSTRAINT no_overlap
            -- down step 5
            ALTER TABLE posts DROP CONSTRAINT posts_price_positive
        "#]],
    );
}

#[test]
fn indexes() {
    check(
        r#"
        createIndex("posts", ["userId", "createdAt"], { concurrently: true });
        createIndex("users", [func("lower(email)")], { unique: true, name: "users_email_lower_idx" });
        createIndex("posts", "title", { method: "GIN", include: ["id"], where: "published_at IS NOT NULL" });
        createIndex("app.events", "kind");
        createIndex("users", "nickname", { unique: true, nulls: "not distinct" });
        "#,
        expect![[r#"
            -- up step 1, outside a transaction
            CREATE INDEX CONCURRENTLY posts_user_id_created_at_idx ON posts (user_id, created_at)
            -- up step 2
            CREATE UNIQUE INDEX users_email_lower_idx ON users ((lower(email)))
            -- up step 3
            CREATE INDEX posts_title_idx ON posts USING gin (title) INCLUDE (id) WHERE published_at IS NOT NULL
            -- up step 4
            CREATE INDEX events_kind_idx ON app.events (kind)
            -- up step 5
            CREATE UNIQUE INDEX users_nickname_idx ON users (nickname) NULLS NOT DISTINCT
            -- down step 1
            DROP INDEX IF EXISTS users_nickname_idx
            -- down step 2
            DROP INDEX IF EXISTS app.events_kind_idx
            -- down step 3
            DROP INDEX IF EXISTS posts_title_idx
            -- down step 4
            DROP INDEX IF EXISTS users_email_lower_idx
            -- down step 5, outside a transaction
            DROP INDEX CONCURRENTLY IF EXISTS posts_user_id_created_at_idx
        "#]],
    );
}

#[test]
fn index_columns_with_sort_order_operator_class_and_collation() {
    check(
        r#"
        createIndex("posts", [{ name: "createdAt", sort: "desc", nulls: "last" }, "userId"]);
        createIndex("users", { name: "email", opclass: "text_pattern_ops", collate: "C" });
        createIndex("users", [{ expression: func("lower(email)"), sort: "ASC" }], { name: "users_email_lower_idx" });
        createIndex("app.events", [{ name: "at", nulls: "first" }, { name: "kind", collate: "pg_catalog.en-x-icu", opclass: "public.my_ops" }]);
        "#,
        expect![[r#"
            -- up step 1
            CREATE INDEX posts_created_at_user_id_idx ON posts (created_at DESC NULLS LAST, user_id)
            -- up step 2
            CREATE INDEX users_email_idx ON users (email COLLATE "C" text_pattern_ops)
            -- up step 3
            CREATE INDEX users_email_lower_idx ON users ((lower(email)) ASC)
            -- up step 4
            CREATE INDEX events_at_kind_idx ON app.events (at NULLS FIRST, kind COLLATE pg_catalog."en-x-icu" public.my_ops)
            -- down step 1
            DROP INDEX IF EXISTS app.events_at_kind_idx
            -- down step 2
            DROP INDEX IF EXISTS users_email_lower_idx
            -- down step 3
            DROP INDEX IF EXISTS users_email_idx
            -- down step 4
            DROP INDEX IF EXISTS posts_created_at_user_id_idx
        "#]],
    );
    check(
        r#"
        up { dropIndex("posts", [{ name: "createdAt", sort: "desc" }, "userId"]); }
        down { createIndex("posts", [{ name: "createdAt", sort: "desc" }, "userId"]); }
        "#,
        expect![[r#"
            -- up step 1
            DROP INDEX posts_created_at_user_id_idx
            -- down step 1
            CREATE INDEX posts_created_at_user_id_idx ON posts (created_at DESC, user_id)
        "#]],
    );
}

#[test]
fn types_extensions_and_schemas() {
    check(
        r#"
        createExtension("uuid-ossp", { schema: "extensions" });
        createExtension("citext");
        createSchema("archive");
        createType("archive.postStatus", ["draft", "it's live"]);
        "#,
        expect![[r#"
            -- up step 1
            CREATE EXTENSION "uuid-ossp" SCHEMA extensions
            -- up step 2
            CREATE EXTENSION citext
            -- up step 3
            CREATE SCHEMA archive
            -- up step 4
            CREATE TYPE archive.post_status AS ENUM ('draft', 'it''s live')
            -- down step 1
            DROP TYPE archive.post_status
            -- down step 2
            DROP SCHEMA archive
            -- down step 3
            DROP EXTENSION citext
            -- down step 4
            DROP EXTENSION "uuid-ossp"
        "#]],
    );
}

#[test]
fn raw_sql_is_sent_as_written_and_split_only_where_it_must() {
    check(
        r#"
        sql("CREATE TABLE t (a int); -- a comment
             INSERT INTO t VALUES (1)");
        sql("CREATE TABLE u (a int); CREATE INDEX CONCURRENTLY u_a_idx ON u (a); DO $$ BEGIN RAISE NOTICE 'a;b'; END $$; ANALYZE u");
        irreversible;
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE t (a int); -- a comment
                         INSERT INTO t VALUES (1)
            -- up step 2
            CREATE TABLE u (a int)
            -- up step 3, outside a transaction
            CREATE INDEX CONCURRENTLY u_a_idx ON u (a)
            -- up step 4
            DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;
            ANALYZE u
            -- down: none (irreversible)
        "#]],
    );
}

#[test]
fn a_statement_ending_in_a_line_comment_keeps_the_semicolon_after_it_out_of_the_comment() {
    check(
        r#"
        sql("UPDATE users SET a = 1 -- backfill
             ; UPDATE users SET b = '--' ; UPDATE users SET c = 3 /* c */
             ; CREATE INDEX CONCURRENTLY i ON users (a)");
        irreversible;
        "#,
        expect![[r#"
            -- up step 1
            UPDATE users SET a = 1 -- backfill
            ;
            UPDATE users SET b = '--';
            UPDATE users SET c = 3 /* c */
            -- up step 2, outside a transaction
            CREATE INDEX CONCURRENTLY i ON users (a)
            -- down: none (irreversible)
        "#]],
    );
}

#[test]
fn a_down_block_replaces_the_derived_down_and_validate_needs_none() {
    check(
        r#"
        createTable("a", { id: "id" });
        down { sql("DROP TABLE a CASCADE"); }
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE a (
              id bigserial PRIMARY KEY
            )
            -- down step 1
            DROP TABLE a CASCADE
        "#]],
    );
    check(
        r#"
        sql("UPDATE users SET bio = '' WHERE bio IS NULL");
        down { noop; }
        "#,
        expect![[r#"
            -- up step 1
            UPDATE users SET bio = '' WHERE bio IS NULL
            -- down: nothing to do
        "#]],
    );
    check(
        r#"validateConstraint("posts", "posts_user_fk");"#,
        expect![[r#"
            -- up step 1
            ALTER TABLE posts VALIDATE CONSTRAINT posts_user_fk
            -- down: nothing to do
        "#]],
    );
}

#[test]
fn names_are_snake_case_and_quoted_only_when_needed() {
    check(
        r#"
        createTable("user", { select: "text", userID: "int", HTTPStatus: "int", "2fa": "boolean", naïve: "text" });
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE "user" (
              "select" text,
              user_id int,
              http_status int,
              "2fa" boolean,
              "naïve" text
            )
            -- down step 1
            DROP TABLE "user"
        "#]],
    );
    check(
        r#"
        createTable("_internal", { "a$b": "int", user_id: "int", "double__underscore": "int", createdAt: "timestamptz" });
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE _internal (
              "a$b" int,
              user_id int,
              double__underscore int,
              created_at timestamptz
            )
            -- down step 1
            DROP TABLE _internal
        "#]],
    );
}

#[test]
fn if_not_exists_everywhere_with_a_down_block() {
    check(
        r#"
        createExtension("citext", { ifNotExists: true });
        createSchema("archive", { ifNotExists: true });
        createTable("archive.items", { id: "id" }, { ifNotExists: true });
        addColumns("archive.items", { note: "text" }, { ifNotExists: true });
        createIndex("archive.items", "note", { ifNotExists: true });
        down { sql("DROP SCHEMA archive CASCADE"); }
        "#,
        expect![[r#"
            -- up step 1
            CREATE EXTENSION IF NOT EXISTS citext
            -- up step 2
            CREATE SCHEMA IF NOT EXISTS archive
            -- up step 3
            CREATE TABLE IF NOT EXISTS archive.items (
              id bigserial PRIMARY KEY
            )
            -- up step 4
            ALTER TABLE archive.items
              ADD COLUMN IF NOT EXISTS note text
            -- up step 5
            CREATE INDEX IF NOT EXISTS items_note_idx ON archive.items (note)
            -- down step 1
            DROP SCHEMA archive CASCADE
        "#]],
    );
}

#[test]
fn a_primary_key_column_and_drop_constraint_cascade() {
    check(
        r#"
        createTable("tokens", { value: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") } });
        dropConstraint("posts", "posts_user_fk", { cascade: true });
        down { sql("SELECT 1"); }
        "#,
        expect![[r#"
            -- up step 1
            CREATE TABLE tokens (
              value uuid PRIMARY KEY DEFAULT gen_random_uuid()
            )
            -- up step 2
            ALTER TABLE posts DROP CONSTRAINT posts_user_fk CASCADE
            -- down step 1
            SELECT 1
        "#]],
    );
}

#[test]
fn checksums_cover_the_up_only() {
    let checksum = |input: &str| {
        let tokens: proc_macro2::TokenStream = input.parse().expect("tokens");
        pgbatch_dsl::sql::generate(&pgbatch_dsl::parse_and_check(tokens, &[]).expect("valid"))
            .checksum
    };
    let base = checksum(r#"createTable("a", { id: "id" });"#);
    assert_eq!(
        base,
        checksum(r#"createTable("a", { id: "id" }); down { sql("DROP TABLE a"); }"#)
    );
    assert_ne!(
        base,
        checksum(r#"createTable("a", { id: "id", x: "int" });"#)
    );
    assert_ne!(
        checksum(r#"createIndex("a", "x");"#),
        checksum(r#"createIndex("a", "x", { concurrently: true });"#),
        "the transaction flag is part of the checksum"
    );
    assert_eq!(base.len(), 64);
}
