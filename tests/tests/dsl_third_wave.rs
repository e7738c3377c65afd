//! The third wave of node-pg-migrate's operations against a real PostgreSQL: each
//! reversible one applies (catalog assertion) and its derived down restores
//! `pg_dump --schema-only` exactly; the others apply and change what they say.

use tests::TestDb;
use tests::round_trip::{holds, round_trip, run};

macro_rules! migrations {
    ($($name:ident { $($body:tt)* })*) => {
        $(mod $name { ::pgbatch::migration! { $($body)* } })*
    };
}

/// The schema every case starts from.
const BASE: &str = "
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE users (id bigserial PRIMARY KEY, name text, active boolean);
    CREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint, title text);
    ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own_posts ON posts USING (user_id = 1);
    CREATE TYPE address AS (street text, city text);
    CREATE TYPE mood AS ENUM ('sad', 'ok');
    CREATE DOMAIN email AS text;
    CREATE VIEW active_users AS SELECT id, name FROM users WHERE active;
    CREATE MATERIALIZED VIEW user_counts AS SELECT count(*) AS total FROM users;
    CREATE UNIQUE INDEX user_counts_idx ON user_counts (total);
    CREATE FUNCTION ci_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT lower(a) = lower(b) $$;
    CREATE FUNCTION ci_cmp(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT bttextcmp(lower(a), lower(b)) $$;
    CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$;
    CREATE FUNCTION mood_of(t text) RETURNS mood LANGUAGE sql IMMUTABLE AS $$ SELECT t::mood $$;
    CREATE OPERATOR CLASS old_ops FOR TYPE text USING btree AS OPERATOR 3 =, FUNCTION 1 bttextcmp(text, text);
    CREATE OPERATOR FAMILY old_family USING btree;
    ALTER OPERATOR FAMILY old_family USING btree ADD OPERATOR 1 < (text, text), OPERATOR 5 > (text, text);
    CREATE OPERATOR ~~~ (FUNCTION = shout, RIGHTARG = text);
    CREATE CAST (address AS text) WITH INOUT;
";

migrations! {
    types {
        addTypeAttribute("address", "postCode", "varchar(10)");
        renameTypeAttribute("address", "street", "streetLine");
        renameTypeValue("mood", "ok", "fine");
    }
    views {
        createView("namedUsers", { options: { securityBarrier: true }, checkOption: "local" }, "SELECT id, name FROM users WHERE name IS NOT NULL");
        createMaterializedView("activeCounts", { storageParameters: { fillfactor: 70 }, data: false }, "SELECT count(*) AS total FROM users WHERE active");
        renameMaterializedViewColumn("userCounts", "total", "userTotal");
    }
    tables {
        createTable("events", { id: "id", payload: "jsonb" }, { unlogged: true });
        createTable("scratch", { note: "text" }, { temporary: true });
        createTable("eventsCopy", {}, { like: { table: "events", options: { including: ["defaults", "constraints"], excluding: "indexes" } } });
        alterTable("posts", { unlogged: true, levelSecurity: "force" });
    }
    operators {
        createOperator("===", { procedure: "ciEq", left: "text", right: "text", commutator: "===", restrict: "eqsel", join: "eqjoinsel" });
        createOperator("public.!!!", { procedure: "shout", right: "text" });
        createOperatorFamily("ciFamily", "btree");
        addToOperatorFamily("ciFamily", "btree", [
            { type: "operator", number: 1, name: "<", params: ["text", "text"] },
        ]);
        createOperatorClass("ciTextOps", "text", "btree", [
            { type: "operator", number: 3, name: "===" },
            { type: "function", number: 1, name: "ciCmp", params: ["text", "text"] },
        ], { family: "ciFamily" });
        renameOperatorFamily("ciFamily", "btree", "ciTextFamily");
        renameOperatorClass("ciTextOps", "btree", "ciOps");
        removeFromOperatorFamily("oldFamily", "btree", [
            { type: "operator", number: 1, name: "<", params: ["text", "text"] },
        ]);
        createCast("text", "public.mood", { functionName: "moodOf", as: "assignment" });
        createCast("public.mood", "public.address", { inout: true });
    }
    spellings {
        createSchema("reports", { authorization: "CURRENT_USER" });
        createTable("reports.readings", {
            id: { type: "bigint", sequenceGenerated: { precedence: "BY DEFAULT", start: 100 } },
            tags: { type: "text", array: true },
            quarters: { type: "integer", array: 4 },
            celsius: "numeric",
            fahrenheit: { type: "numeric", expressionGenerated: "celsius * 9 / 5 + 32" },
            userId: { type: "bigint", references: "users", referencesConstraintName: "readingsUserFk", referencesConstraintComment: "who took it" },
        });
        createRole("pgbatchThirdWaveOwner", { password: "secret-enough", encrypted: true });
    }
    alters {
        alterView("activeUsers", { checkOption: "cascaded", options: { securityBarrier: true } });
        alterViewColumn("activeUsers", "name", { default: "anonymous" });
        alterMaterializedView("userCounts", { cluster: "userCountsIdx", extension: "pg_trgm", storageParameters: { fillfactor: 80 } });
        alterDomain("email", { default: "x@example.com", notNull: true, check: "VALUE LIKE '%@%'", constraintName: "emailHasAt" });
        alterPolicy("posts", "ownPosts", { role: "public", using: "user_id = 2", check: "user_id = 2" });
        alterRole("pgbatchThirdWave", { login: true, limit: 3 });
        dropTypeAttribute("address", "city");
        setTypeAttribute("address", "street", "varchar(200)");
        dropOperator("~~~", { right: "text" });
        dropOperatorClass("oldOps", "btree");
        dropOperatorFamily("oldFamily", "btree", { cascade: true });
        dropCast("public.address", "text");
        alterColumn("posts", "title", { type: "varchar(200)", collation: "C", allowNull: false, comment: "shown in lists" });
        alterColumn("posts", "userId", { notNull: true, sequenceGenerated: { precedence: "ALWAYS", start: 10 } });
        dropConstraint("missingTable", "missingConstraint", { ifTableExists: true });
        irreversible;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn type_attributes_and_values_round_trip() {
    round_trip(
        BASE,
        types::SCRIPT,
        "SELECT (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute
                 WHERE attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'address') AND attnum > 0
                 AND NOT attisdropped) = 'street_line,city,post_code'
         AND enum_range(NULL::mood)::text = '{sad,fine}'",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn views_with_options_and_a_renamed_column_round_trip() {
    round_trip(
        BASE,
        views::SCRIPT,
        "SELECT (SELECT reloptions::text FROM pg_class WHERE relname = 'named_users')
                 = '{security_barrier=true,check_option=local}'
         AND (SELECT reloptions::text FROM pg_class WHERE relname = 'active_counts') = '{fillfactor=70}'
         AND NOT (SELECT relispopulated FROM pg_class WHERE relname = 'active_counts')
         AND EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'user_counts'::regclass AND attname = 'user_total')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unlogged_temporary_and_like_tables_round_trip() {
    round_trip(
        BASE,
        tables::SCRIPT,
        "SELECT (SELECT relpersistence FROM pg_class WHERE relname = 'events') = 'u'
         AND (SELECT relpersistence FROM pg_class WHERE relname = 'posts') = 'u'
         AND (SELECT relforcerowsecurity FROM pg_class WHERE relname = 'posts')
         AND (SELECT string_agg(column_name || '=' || coalesce(column_default, ''), ',' ORDER BY ordinal_position)
              FROM information_schema.columns WHERE table_name = 'events_copy')
             = 'id=nextval(''events_id_seq''::regclass),payload='",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn operators_classes_families_and_casts_round_trip() {
    round_trip(
        BASE,
        operators::SCRIPT,
        "SELECT EXISTS (SELECT FROM pg_operator WHERE oprname = '===' AND oprcom = oid)
         AND EXISTS (SELECT FROM pg_operator WHERE oprname = '!!!' AND oprleft = 0)
         AND EXISTS (SELECT FROM pg_opclass c JOIN pg_opfamily f ON f.oid = c.opcfamily
                     WHERE c.opcname = 'ci_ops' AND f.opfname = 'ci_text_family')
         AND (SELECT count(*) FROM pg_amop WHERE amopfamily =
                (SELECT oid FROM pg_opfamily WHERE opfname = 'ci_text_family')) = 2
         AND (SELECT count(*) FROM pg_amop WHERE amopfamily =
                (SELECT oid FROM pg_opfamily WHERE opfname = 'old_family')) = 1
         AND EXISTS (SELECT FROM pg_cast WHERE castsource = 'text'::regtype AND casttarget = 'mood'::regtype
                     AND castcontext = 'a')
         AND EXISTS (SELECT FROM pg_cast WHERE castsource = 'mood'::regtype AND castmethod = 'i')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn node_pg_migrate_option_spellings_round_trip() {
    round_trip(
        BASE,
        spellings::SCRIPT,
        "SELECT (SELECT nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                 FROM pg_namespace WHERE nspname = 'reports')
         AND (SELECT string_agg(column_name || ':' || data_type || ':' || is_generated || ':' || is_identity,
                                ',' ORDER BY ordinal_position)
              FROM information_schema.columns WHERE table_name = 'readings')
             = 'id:bigint:NEVER:YES,tags:ARRAY:NEVER:NO,quarters:ARRAY:NEVER:NO,celsius:numeric:NEVER:NO,'
               'fahrenheit:numeric:ALWAYS:NO,user_id:bigint:NEVER:NO'
         AND obj_description((SELECT oid FROM pg_constraint WHERE conname = 'readings_user_fk'), 'pg_constraint')
             = 'who took it'
         AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgbatch_third_wave_owner')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn alters_and_drops_without_a_derived_down_apply() {
    let db = TestDb::new().await;
    let client = db.client().await;
    // Roles are the server's: this one is this test's alone.
    client
        .batch_execute(
            "DROP ROLE IF EXISTS pgbatch_third_wave; CREATE ROLE pgbatch_third_wave NOLOGIN",
        )
        .await
        .unwrap();
    client.batch_execute(BASE).await.unwrap();
    assert!(!alters::SCRIPT.reversible());
    run(&db, &alters::SCRIPT.up()).await;
    let checks = [
        "SELECT (SELECT reloptions::text FROM pg_class WHERE relname = 'active_users')
                = '{check_option=cascaded,security_barrier=true}'",
        "SELECT column_default = '''anonymous''::text' FROM information_schema.columns
         WHERE table_name = 'active_users' AND column_name = 'name'",
        "SELECT indisclustered FROM pg_index WHERE indexrelid = 'user_counts_idx'::regclass",
        "SELECT EXISTS (SELECT FROM pg_depend WHERE objid = 'user_counts'::regclass AND deptype = 'x')",
        "SELECT reloptions::text = '{fillfactor=80}' FROM pg_class WHERE relname = 'user_counts'",
        "SELECT typnotnull AND typdefault = '''x@example.com''::text' FROM pg_type WHERE typname = 'email'",
        "SELECT EXISTS (SELECT FROM pg_constraint WHERE conname = 'email_has_at')",
        "SELECT qual = '(user_id = 2)' AND with_check = '(user_id = 2)' FROM pg_policies WHERE policyname = 'own_posts'",
        "SELECT rolcanlogin AND rolconnlimit = 3 FROM pg_roles WHERE rolname = 'pgbatch_third_wave'",
        "SELECT (SELECT string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' ORDER BY attnum)
                 FROM pg_attribute WHERE attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'address')
                 AND attnum > 0 AND NOT attisdropped) = 'street:character varying(200)'",
        "SELECT NOT EXISTS (SELECT FROM pg_operator WHERE oprname = '~~~')",
        "SELECT NOT EXISTS (SELECT FROM pg_opclass WHERE opcname = 'old_ops')",
        "SELECT NOT EXISTS (SELECT FROM pg_opfamily WHERE opfname = 'old_family')",
        "SELECT NOT EXISTS (SELECT FROM pg_cast WHERE castsource = 'address'::regtype)",
        "SELECT data_type = 'character varying' AND collation_name = 'C' AND is_nullable = 'NO'
                AND col_description('posts'::regclass, ordinal_position::int) = 'shown in lists'
         FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'title'",
        "SELECT is_identity = 'YES' AND identity_generation = 'ALWAYS' AND identity_start = '10'
         FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'user_id'",
    ];
    holds(&db, &checks).await;
    client
        .batch_execute("DROP ROLE pgbatch_third_wave")
        .await
        .unwrap();
}
