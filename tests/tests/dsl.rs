//! Every DSL operation against a real PostgreSQL: the up applies, and the derived down
//! brings the schema back to exactly what it was (`pg_dump --schema-only`, before and
//! after). Steps run as the engine will run them: each transactional step in a
//! transaction, the others (concurrent index builds) alone.

use pgbatch::Script;
use tests::TestDb;
use tests::round_trip::{holds, run, schema};

/// Declares one module per migration, each with the `SCRIPT` that `migration!` makes.
macro_rules! migrations {
    ($($name:ident { $($body:tt)* })*) => {
        $(mod $name { ::pgbatch::migration! { $($body)* } })*
    };
}

/// The schema every case starts from.
const BASE: &str = "
    CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, bio text DEFAULT 'x', nickname text);
    CREATE TABLE user_sessions (id bigserial PRIMARY KEY, user_id bigint);
    CREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint, title text, slug text, price numeric,
                        doc jsonb, created_at timestamptz, published_at timestamptz);
    CREATE TABLE tags (id int NOT NULL, name text);
    CREATE TYPE mood AS ENUM ('happy', 'sad');
    CREATE SCHEMA legacy;
    CREATE TABLE legacy_posts (id int, old_column int);
    CREATE INDEX posts_title_idx ON posts (title);
    CREATE INDEX posts_slug_idx ON posts (slug);
    ALTER TABLE posts ADD CONSTRAINT posts_price_check CHECK (price >= 0);
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
";

migrations! {
    create_table {
        createType("postStatus", ["draft", "published", "archived"]);
        createTable("baseRows", { createdAt: { type: "timestamptz", notNull: true, default: func("now()") } });
        createTable("articles", {
            id: "id",
            userId: { type: "bigint", notNull: true, references: "users(id)", onDelete: "cascade", onUpdate: "no action" },
            title: { type: "varchar(255)", notNull: true, unique: true, comment: "shown in lists" },
            status: { type: "post_status", notNull: true, default: "draft" },
            score: { type: "numeric(5,2)", default: 0.5, check: "score >= 0" },
            pinned: { type: "boolean", default: false },
            tags: "text[]",
            order: { type: "int", default: -1 },
        }, { comment: "user articles", inherits: "baseRows" });
        createTable("memberships", {
            teamId: { type: "bigint", notNull: true },
            userId: { type: "bigint", notNull: true },
            seats: "integer",
        }, {
            constraints: {
                primaryKey: ["teamId", "userId"],
                unique: [["userId", "seats"]],
                check: ["seats > 0"],
                foreignKeys: [{ name: "memberships_user_fk", columns: ["userId"], references: "users", onDelete: "set null" }],
            },
        });
    }
    rename_table { renameTable("userSessions", "sessions"); }
    add_columns {
        addColumns("users", { avatarUrl: { type: "varchar(500)", comment: "https only" }, lastSeenAt: "timestamptz" });
        addColumn("users", { score: { type: "int", notNull: true, default: 0 } });
    }
    rename_column { renameColumn("users", "email", "emailAddress"); }
    constraints {
        addConstraint("posts", "posts_user_fk", { foreignKey: { columns: ["userId"], references: "users(id)", onDelete: "cascade" }, notValid: true });
        validateConstraint("posts", "posts_user_fk");
        addConstraint("posts", "posts_title_check", { check: "char_length(title) > 0", notValid: true });
        addConstraint("posts", "posts_slug_key", { unique: ["userId", "slug"] });
        addConstraint("tags", "tags_pkey", { primaryKey: "id" });
    }
    indexes {
        createIndex("posts", ["userId", "createdAt"], { concurrently: true });
        createIndex("users", [func("lower(email)")], { unique: true, name: "users_email_lower_idx" });
        createIndex("posts", "createdAt", { include: ["id"], where: "published_at IS NOT NULL", method: "btree" });
        createIndex("posts", "doc", { method: "gin" });
        createIndex("posts", "title", { method: "hash", name: "posts_title_hash_idx" });
        createIndex("users", "nickname", { unique: true, nulls: "not distinct" });
        createIndex("posts", [{ name: "publishedAt", sort: "desc", nulls: "last" }, { name: "slug", opclass: "text_pattern_ops", collate: "C" }]);
    }
    types_extensions_schemas {
        createExtension("citext");
        createSchema("archive");
        createType("archive.state", ["open", "closed"]);
        createTable("archive.entries", { id: "id", email: "citext", state: "archive.state" });
    }
    views {
        createView("activeUsers", "SELECT id, email FROM users");
        createView("userEmails", { columns: ["userId", "email"], checkOption: "cascaded" }, "SELECT id, email FROM users");
        createView("counter", { recursive: true, columns: ["n"] }, "VALUES (1) UNION ALL SELECT n + 1 FROM counter WHERE n < 5");
        renameView("activeUsers", "liveUsers");
        createMaterializedView("userCounts", { data: false }, "SELECT 1 AS one, count(*) AS users FROM users");
        sql("CREATE UNIQUE INDEX user_counts_one ON user_counts (one)", { down: "DROP INDEX user_counts_one" });
        refreshMaterializedView("userCounts");
        refreshMaterializedView("userCounts", { concurrently: true });
        renameMaterializedView("userCounts", "userTotals");
    }
    functions_and_triggers {
        createFunction("addPoints", ["integer", { name: "bonus", type: "integer", default: "0" }, { mode: "out", name: "total", type: "integer" }],
            { language: "sql", behavior: "immutable", parallel: "safe", onNull: true },
            "SELECT $1 + bonus");
        createFunction("touch", [], { returns: "trigger", language: "plpgsql", security: "definer" },
            "BEGIN NEW.bio := coalesce(NEW.bio, 'none'); RETURN NEW; END");
        createTrigger("users", "usersTouch", { when: "before", operation: ["insert", "update"], level: "row", function: "touch" });
        createTrigger("users", "usersGuard", { when: "before", operation: "delete", level: "row", condition: "OLD.id < 0", functionParams: ["users", 1] },
            "BEGIN RAISE EXCEPTION 'guarded %', TG_ARGV[0]; END");
        renameFunction("addPoints", ["integer", "integer"], "sumPoints");
        renameTrigger("users", "usersTouch", "usersTouchRow");
    }
    column_options {
        createTable("orders", {
            id: { type: "bigint", primaryKey: true, generated: "always" },
            number: { type: "integer", unique: true, generated: { identity: "byDefault", start: 1000, increment: 10 } },
            code: { type: "text", collation: "C" },
            total: "numeric",
            totalWithTax: { type: "numeric", generated: { expression: "total * 1.2", stored: true } },
            userId: { type: "bigint", references: "users", referencesConstraintName: "ordersBuyerFk", match: "full", deferrable: true },
            tags: { type: "text[]", notNull: true, default: [] },
            labels: { type: "text[]", default: ["a b", "say \"hi\""] },
            settings: { type: "jsonb", default: { theme: "dark", sizes: [1, 2], beta: null } },
        }, { constraints: { foreignKeys: { columns: ["userId"], references: "users(id)", deferred: true } } });
        addConstraint("orders", "ordersSellerFk", { foreignKeys: { columns: ["userId"], references: "users", deferrable: true } });
    }
    sequences_domains_types {
        createSequence("invoiceNumbers", { type: "integer", increment: 10, minValue: 1000, maxValue: null, start: 1000, cache: 5, cycle: false });
        createTable("invoices", { id: "id", number: { type: "integer", default: func("nextval('invoice_numbers')") } });
        renameSequence("invoiceNumbers", "invoiceSeq");
        createDomain("email", "text", { notNull: true, check: "VALUE ~ '@'", constraintName: "emailHasAt", collation: "C" });
        createDomain("positive", "integer", { default: 1, check: "VALUE > 0" });
        renameDomain("positive", "positiveInt");
        createType("money2", { amount: "numeric(12,2)", currency: "char(3)" });
        renameType("money2", "priced");
        addColumns("invoices", { contact: "email", quantity: "positive_int", price: "priced" });
    }
    row_level_security {
        alterTable("posts", { levelSecurity: "enable" });
        alterTable("posts", { levelSecurity: "force" });
        createPolicy("posts", "ownPosts", { using: "user_id = current_setting('app.user_id', true)::bigint" });
        createPolicy("posts", "insertOwn", { command: "insert", role: ["public"], check: "user_id > 0", restrictive: true });
        renamePolicy("posts", "ownPosts", "readOwnPosts");
    }
    // Roles are the server's, not the database's: names no other test uses.
    roles_and_grants {
        createRole("pgbatchDslReader", { login: true, inherit: false, limit: 5 });
        createRole("pgbatchDslAdmin", { inRole: ["pgbatchDslReader"], createdb: true });
        renameRole("pgbatchDslAdmin", "pgbatchDslOwner");
        grantRoles("pgbatchDslReader", ["pgbatchDslOwner"], { withAdminOption: true });
        grantOnTables({ privileges: ["select", "insert"], tables: ["posts", "users"], roles: "pgbatchDslReader" });
        grantOnTables({ privileges: "ALL", tables: "ALL", schema: "public", roles: ["pgbatchDslOwner"], withGrantOption: true });
        grantOnSchemas({ privileges: "usage", schemas: ["legacy"], roles: "pgbatchDslReader" });
        revokeOnTables({ privileges: "insert", tables: "users", roles: "pgbatchDslReader" });
    }
    constraints_as_sql_and_renames {
        addColumn("posts", { during: "tstzrange" });
        addConstraint("posts", "postsPricePositive", "CHECK (price > 0)");
        addConstraint("posts", "postsNoOverlap", { exclude: "USING gist (during WITH &&)" });
        renameConstraint("posts", "postsPricePositive", "postsPriceCheckPositive");
        renameIndex("posts_title_idx", "postsTitleIndex");
        renameSchema("legacy", "archive");
    }
    raw_sql_with_down {
        sql("CREATE TABLE audit (id int); INSERT INTO audit VALUES (1)");
        down { sql("DROP TABLE audit"); }
    }
    // node-pg-migrate's spellings, and raw statements carrying their own downs: the
    // migration keeps a derived down, with no `down` block.
    ported_from_node_pg_migrate {
        addExtension("citext");
        addType("priority", ["low", "high"]);
        sql("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.title := NEW.title; RETURN NEW; END $$",
            { down: "DROP FUNCTION touch()" });
        createTable("tickets", {
            id: "id",
            userId: { type: "bigint", notNull: true },
            level: { type: "priority", notNull: true, default: "low" },
        }, { constraints: { foreignKey: { columns: ["userId"], references: "users" } } });
        sql("CREATE TRIGGER tickets_touch BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION touch()",
            { down: "DROP TRIGGER tickets_touch ON tickets" });
        createConstraint("tickets", "tickets_user_fk", { foreignKeys: { columns: ["userId"], references: "users(id)" } });
        addIndex("tickets", "userId", { concurrently: true });
        sql("CREATE INDEX CONCURRENTLY tickets_level_idx ON tickets (level)",
            { down: "DROP INDEX CONCURRENTLY tickets_level_idx" });
    }
    drops {
        dropTable("legacy_posts", { ifExists: true, cascade: true });
        dropColumns("users", ["nickname"], { ifExists: true });
        dropColumn("posts", "price", { cascade: true });
        alterColumn("users", "email", { type: "varchar(320)", using: "email::varchar(320)", default: "none", notNull: true });
        alterColumn("users", "bio", { default: null, notNull: false });
        dropConstraint("posts", "posts_missing_check", { ifExists: true });
        dropIndex("posts", "slug", { concurrently: true });
        dropIndex("posts", "title", { name: "posts_title_idx", ifExists: true });
        addTypeValue("mood", "meh", { before: "sad", ifNotExists: true });
        addTypeValue("mood", "ecstatic", { after: "happy" });
        dropExtension("pg_trgm", { cascade: true });
        dropSchema("legacy", { cascade: true });
        createType("doomed", ["x"]);
        dropType("doomed");
        irreversible;
    }
}

/// Applies `script` to the base schema, checks `after_up`, and reverts it.
async fn round_trip(script: Script, after_up: &str) {
    tests::round_trip::round_trip(BASE, script, after_up).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_table_and_its_options_round_trip() {
    round_trip(
        create_table::SCRIPT,
        "SELECT count(*) = 3 FROM pg_tables WHERE tablename IN ('articles', 'memberships', 'base_rows')
         AND obj_description('articles'::regclass) = 'user articles'
         AND (SELECT count(*) FROM pg_inherits WHERE inhrelid = 'articles'::regclass) = 1",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rename_table_round_trips() {
    round_trip(
        rename_table::SCRIPT,
        "SELECT to_regclass('sessions') IS NOT NULL",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn add_columns_round_trips() {
    round_trip(
        add_columns::SCRIPT,
        "SELECT count(*) = 3 FROM information_schema.columns
         WHERE table_name = 'users' AND column_name IN ('avatar_url', 'last_seen_at', 'score')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rename_column_round_trips() {
    round_trip(
        rename_column::SCRIPT,
        "SELECT count(*) = 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_address'",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn constraints_round_trip() {
    round_trip(
        constraints::SCRIPT,
        "SELECT count(*) = 4 FROM pg_constraint
         WHERE conname IN ('posts_user_fk', 'posts_title_check', 'posts_slug_key', 'tags_pkey')
         AND (conname <> 'posts_user_fk' OR convalidated)",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn indexes_round_trip_including_concurrent_builds() {
    round_trip(
        indexes::SCRIPT,
        "SELECT (SELECT count(*) = 6 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indisvalid AND c.relname IN ('posts_user_id_created_at_idx', 'users_email_lower_idx',
                       'posts_created_at_idx', 'posts_doc_idx', 'posts_title_hash_idx', 'posts_published_at_slug_idx'))
         AND pg_get_indexdef('posts_published_at_slug_idx'::regclass)
             = 'CREATE INDEX posts_published_at_slug_idx ON public.posts USING btree (published_at DESC NULLS LAST, slug COLLATE \"C\" text_pattern_ops)'
         AND (SELECT indnullsnotdistinct FROM pg_index WHERE indexrelid = 'users_nickname_idx'::regclass)",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn types_extensions_and_schemas_round_trip() {
    round_trip(
        types_extensions_schemas::SCRIPT,
        "SELECT to_regclass('archive.entries') IS NOT NULL AND to_regtype('archive.state') IS NOT NULL
         AND EXISTS (SELECT FROM pg_extension WHERE extname = 'citext')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn views_and_materialized_views_round_trip() {
    round_trip(
        views::SCRIPT,
        "SELECT to_regclass('live_users') IS NOT NULL
         AND (SELECT count(*) = 5 FROM counter)
         AND (SELECT users >= 0 FROM user_totals)
         AND EXISTS (SELECT FROM pg_views WHERE viewname = 'user_emails'
                     AND definition LIKE '%email%')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn functions_and_triggers_round_trip() {
    round_trip(
        functions_and_triggers::SCRIPT,
        "SELECT sum_points(2, 3) = 5
         AND EXISTS (SELECT FROM pg_trigger WHERE tgname = 'users_touch_row')
         AND EXISTS (SELECT FROM pg_trigger WHERE tgname = 'users_guard')
         AND EXISTS (SELECT FROM pg_proc WHERE proname = 'users_guard' AND prorettype = 'trigger'::regtype)",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn column_options_round_trip() {
    round_trip(
        column_options::SCRIPT,
        "SELECT (SELECT attidentity = 'a' FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'id')
         AND (SELECT attidentity = 'd' FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'number')
         AND (SELECT attgenerated = 's' FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'total_with_tax')
         AND (SELECT collname = 'C' FROM pg_attribute JOIN pg_collation c ON c.oid = attcollation
              WHERE attrelid = 'orders'::regclass AND attname = 'code')
         AND (SELECT condeferrable AND confmatchtype = 'f' FROM pg_constraint WHERE conname = 'orders_buyer_fk')
         AND (SELECT condeferred FROM pg_constraint WHERE conname = 'orders_user_id_fkey')
         AND (SELECT condeferrable AND NOT condeferred FROM pg_constraint WHERE conname = 'orders_seller_fk')
         AND (SELECT array_agg(attname || ' ' || pg_get_expr(adbin, adrelid) ORDER BY attname)
              FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum
              WHERE adrelid = 'orders'::regclass AND attname IN ('tags', 'labels', 'settings'))
             = ARRAY['labels ''{\"a b\",\"say \\\"hi\\\"\"}''::text[]',
                     'settings ''{\"beta\": null, \"sizes\": [1, 2], \"theme\": \"dark\"}''::jsonb',
                     'tags ''{}''::text[]']",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sequences_domains_and_composite_types_round_trip() {
    round_trip(
        sequences_domains_types::SCRIPT,
        "SELECT to_regclass('invoice_seq') IS NOT NULL
         AND (SELECT nextval('invoice_seq') = 1000)
         AND EXISTS (SELECT FROM pg_type WHERE typname = 'positive_int' AND typtype = 'd')
         AND EXISTS (SELECT FROM pg_constraint WHERE conname = 'email_has_at')
         AND EXISTS (SELECT FROM pg_type WHERE typname = 'priced' AND typtype = 'c')
         AND (SELECT format_type(atttypid, atttypmod) = 'priced' FROM pg_attribute
              WHERE attrelid = 'invoices'::regclass AND attname = 'price')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn row_level_security_round_trips() {
    round_trip(
        row_level_security::SCRIPT,
        "SELECT (SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'posts'::regclass)
         AND EXISTS (SELECT FROM pg_policies WHERE policyname = 'read_own_posts' AND cmd = 'ALL')
         AND EXISTS (SELECT FROM pg_policies WHERE policyname = 'insert_own' AND permissive = 'RESTRICTIVE'
                     AND with_check IS NOT NULL)",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_and_grants_round_trip() {
    // A run that died half-way may have left the roles behind.
    let admin = tests::connect(tests::server()).await;
    admin
        .batch_execute(
            "DROP ROLE IF EXISTS pgbatch_dsl_admin; DROP ROLE IF EXISTS pgbatch_dsl_owner;
             DROP ROLE IF EXISTS pgbatch_dsl_reader",
        )
        .await
        .unwrap();
    // `pg_dump --schema-only` without privileges does not show grants: the catalog
    // does, and a role cannot be dropped while it holds privileges or members.
    let db = TestDb::new().await;
    db.client().await.batch_execute(BASE).await.unwrap();
    let before = schema(&db);
    run(&db, &roles_and_grants::SCRIPT.up()).await;
    let applied: bool = db
        .client()
        .await
        .query_one(
            "SELECT has_table_privilege('pgbatch_dsl_reader', 'posts', 'INSERT')
             AND NOT has_table_privilege('pgbatch_dsl_reader', 'users', 'INSERT')
             AND has_table_privilege('pgbatch_dsl_owner', 'users', 'DELETE WITH GRANT OPTION')
             AND has_schema_privilege('pgbatch_dsl_reader', 'legacy', 'USAGE')
             AND pg_has_role('pgbatch_dsl_owner', 'pgbatch_dsl_reader', 'USAGE WITH ADMIN OPTION')
             AND (SELECT rolconnlimit = 5 AND rolcanlogin AND NOT rolinherit FROM pg_roles
                  WHERE rolname = 'pgbatch_dsl_reader')",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(applied, "the grants are not all there");
    run(&db, &roles_and_grants::SCRIPT.down().expect("reversible")).await;
    assert_eq!(schema(&db), before);
    let left: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pgbatch_dsl_%'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0, "the down did not drop the roles");
}

#[tokio::test(flavor = "multi_thread")]
async fn constraints_as_sql_and_renames_round_trip() {
    round_trip(
        constraints_as_sql_and_renames::SCRIPT,
        "SELECT EXISTS (SELECT FROM pg_constraint WHERE conname = 'posts_price_check_positive' AND contype = 'c')
         AND EXISTS (SELECT FROM pg_constraint WHERE conname = 'posts_no_overlap' AND contype = 'x')
         AND to_regclass('posts_title_index') IS NOT NULL
         AND EXISTS (SELECT FROM pg_namespace WHERE nspname = 'archive')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_sql_with_a_down_block_round_trips() {
    round_trip(raw_sql_with_down::SCRIPT, "SELECT count(*) = 1 FROM audit").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn aliases_and_raw_sql_with_its_own_down_round_trip() {
    round_trip(
        ported_from_node_pg_migrate::SCRIPT,
        "SELECT EXISTS (SELECT FROM pg_trigger WHERE tgname = 'tickets_touch')
         AND EXISTS (SELECT FROM pg_constraint WHERE conname = 'tickets_user_fk')
         AND to_regclass('tickets_level_idx') IS NOT NULL
         AND to_regclass('tickets_user_id_idx') IS NOT NULL",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn irreversible_operations_apply() {
    let db = TestDb::new().await;
    db.client().await.batch_execute(BASE).await.unwrap();
    assert!(!drops::SCRIPT.reversible());
    run(&db, &drops::SCRIPT.up()).await;
    let checks = [
        "SELECT to_regclass('legacy_posts') IS NULL",
        "SELECT NOT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nickname')",
        "SELECT NOT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'price')",
        "SELECT data_type = 'character varying' AND character_maximum_length = 320 AND is_nullable = 'NO'
                AND column_default = '''none''::character varying'
         FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'",
        "SELECT column_default IS NULL AND is_nullable = 'YES' FROM information_schema.columns
         WHERE table_name = 'users' AND column_name = 'bio'",
        "SELECT to_regclass('posts_slug_idx') IS NULL AND to_regclass('posts_title_idx') IS NULL",
        "SELECT enum_range(NULL::mood)::text = '{happy,ecstatic,meh,sad}'",
        "SELECT NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm')",
        "SELECT NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'legacy')",
        "SELECT to_regtype('doomed') IS NULL",
    ];
    holds(&db, &checks).await;
}
