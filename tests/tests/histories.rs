//! Three long, realistic migration histories (`tests/histories/<name>/`), as a team
//! writes and evolves them over years, must build and run: every file parses and
//! passes the DSL's checks with the types the history creates, every up applies in
//! order to a real PostgreSQL, the catalog then holds what the history should leave,
//! and every down, newest first, leaves the database empty again. They are the test
//! data that keeps build-time checks from rejecting a valid history.

use pgbatch_dsl::sql::{Script, Step};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tests::TestDb;

/// One migration file of a history, checked and generated.
struct Loaded {
    file_name: String,
    script: Script,
}

fn history_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("histories")
        .join(name)
}

/// The `migration! { … }` body of a migration file, as the macro receives it.
fn migration_body(file_name: &str, source: &str) -> Result<proc_macro2::TokenStream, String> {
    let file = syn::parse_file(source).map_err(|error| format!("not Rust: {error}"))?;
    let mut bodies = file.items.into_iter().filter_map(|item| match item {
        syn::Item::Macro(item)
            if item
                .mac
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "migration") =>
        {
            Some(item.mac.tokens)
        }
        _ => None,
    });
    match (bodies.next(), bodies.next()) {
        (Some(body), None) => Ok(body),
        (None, _) => Err(format!("{file_name} holds no `migration! {{ … }}`")),
        (Some(_), Some(_)) => Err(format!("{file_name} holds two `migration!` invocations")),
    }
}

/// Reads, checks and generates every migration of a history, in number order, as the
/// build script and the macro would; fails with every file's errors at once.
fn load(name: &str) -> Vec<Loaded> {
    let dir = history_dir(name);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    let files = pgbatch_files::discover(&names)
        .unwrap_or_else(|errors| panic!("bad file names in {name}:\n{}", errors.join("\n")));
    assert_eq!(
        files.len(),
        names.len(),
        "{name} holds files that are not migrations: {names:?}"
    );
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|file| {
            let source = std::fs::read_to_string(dir.join(&file.file_name)).unwrap();
            (file.file_name.clone(), source)
        })
        .collect();
    // As the build script does: a migration may use a type any migration creates.
    let known_types: Vec<String> = sources
        .iter()
        .flat_map(|(_, source)| pgbatch_dsl::created_types(source))
        .collect();
    let mut loaded = Vec::new();
    let mut failures = Vec::new();
    for (file_name, source) in sources {
        let checked = migration_body(&file_name, &source).and_then(|body| {
            pgbatch_dsl::parse_and_check(body, &known_types).map_err(|error| {
                error
                    .into_iter()
                    .map(|error| error.to_string())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            })
        });
        match checked {
            Ok(migration) => loaded.push(Loaded {
                file_name,
                script: pgbatch_dsl::sql::generate(&migration),
            }),
            Err(message) => failures.push(format!("{name}/{file_name}:\n  {message}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} migration(s) of `{name}` were refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
    loaded
}

/// How many SQL statements the up steps of a history hold.
fn statement_count(history: &[Loaded]) -> usize {
    history
        .iter()
        .flat_map(|loaded| loaded.script.up.iter().map(move |step| (loaded, step)))
        .map(|(loaded, step)| {
            pgbatch_dsl::statements(&step.sql)
                .unwrap_or_else(|error| panic!("{}: {error}", loaded.file_name))
                .len()
        })
        .sum()
}

/// Runs one migration's steps as the engine does: consecutive transactional steps in
/// one transaction, each other step alone.
async fn run(client: &tokio_postgres::Client, file_name: &str, direction: &str, steps: &[Step]) {
    let mut open = false;
    for (index, step) in steps.iter().enumerate() {
        if step.transaction && !open {
            client.batch_execute("BEGIN").await.unwrap();
            open = true;
        } else if !step.transaction && open {
            client.batch_execute("COMMIT").await.unwrap();
            open = false;
        }
        if let Err(error) = client.batch_execute(&step.sql).await {
            let message = error
                .as_db_error()
                .map_or_else(|| error.to_string(), |db| format!("{db}"));
            panic!(
                "{file_name} failed ({direction}, step {} of {}): {message}\n{}",
                index + 1,
                steps.len(),
                step.sql
            );
        }
    }
    if open {
        client.batch_execute("COMMIT").await.unwrap();
    }
}

/// Each query returns one boolean that must hold; every failing one is reported.
async fn assert_holds(client: &tokio_postgres::Client, history: &str, checks: &[&str]) {
    let mut failing = Vec::new();
    for check in checks {
        let holds: bool = client
            .query_one(*check, &[])
            .await
            .unwrap_or_else(|error| panic!("{history}: check failed to run: {error:?}\n{check}"))
            .get(0);
        if !holds {
            failing.push(*check);
        }
    }
    assert!(
        failing.is_empty(),
        "{history}: after every up, these do not hold:\n{}",
        failing.join("\n")
    );
}

/// Everything a history may have left behind in the database, by kind.
async fn leftovers(client: &tokio_postgres::Client) -> Vec<String> {
    let query = "
        SELECT 'schema ' || nspname FROM pg_namespace
         WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('public', 'information_schema')
        UNION ALL
        SELECT 'relation ' || c.oid::regclass::text FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
        UNION ALL
        SELECT 'type ' || t.oid::regtype::text FROM pg_type t
          JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
        UNION ALL
        SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
        UNION ALL
        SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
        UNION ALL
        SELECT 'policy ' || polname FROM pg_policy
        ORDER BY 1";
    client
        .query(query, &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// Checks, applies, inspects and reverts a whole history; `checks` are the boolean
/// queries that must hold once every up has run.
async fn replay(name: &str, min_migrations: usize, checks: &[&str]) {
    let started = Instant::now();
    let history = load(name);
    let statements = statement_count(&history);
    eprintln!(
        "{name}: {} migrations, {statements} statements in their ups",
        history.len()
    );
    assert!(
        history.len() >= min_migrations,
        "{name} should be a long history"
    );
    assert!(
        statements >= 250,
        "{name} should hold at least 250 statements, not {statements}"
    );

    // What `cargo build` would report over the folder (schema replay and lints, with the
    // repository's `migrator.toml`): warnings are fine, an error refuses a valid history.
    let dir = history_dir(name);
    let diagnostics = pgbatch_build::check(&dir, &dir)
        .unwrap_or_else(|errors| panic!("{name}: the build checks failed:\n{}", errors.join("\n")));
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.error)
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "{name}: the build checks refuse {} thing(s) in a valid history:\n{}",
        errors.len(),
        errors.join("\n")
    );
    let warnings = diagnostics.len() - errors.len();
    eprintln!("{name}: build checks: no errors, {warnings} warning(s)");
    // HISTORY_WARNINGS=1 lists them, to review the lints against real histories.
    if std::env::var_os("HISTORY_WARNINGS").is_some() {
        for diagnostic in &diagnostics {
            eprintln!("{name}: {diagnostic}");
        }
    }

    let db = TestDb::new().await;
    let client = db.client().await;
    assert!(
        leftovers(&client).await.is_empty(),
        "a new database is empty"
    );
    for loaded in &history {
        run(&client, &loaded.file_name, "up", &loaded.script.up).await;
    }
    assert_holds(&client, name, checks).await;

    for loaded in history.iter().rev() {
        let down = loaded.script.down.as_ref().unwrap_or_else(|| {
            panic!(
                "{name}/{} has no down; every migration of a history reverts",
                loaded.file_name
            )
        });
        run(&client, &loaded.file_name, "down", down).await;
    }
    let left = leftovers(&client).await;
    assert!(
        left.is_empty(),
        "{name}: every down ran, yet the database still holds:\n{}",
        left.join("\n")
    );
    eprintln!("{name}: replayed in {:.2?}", started.elapsed());

    // The engine applies the whole history as one batch (enum values added and used
    // later in it included: it commits after each) and reverts it with one `down`.
    let migrations = engine_migrations(&history);
    // The tracking table in a schema of its own, out of the checks' counts.
    let mut options = pgbatch::Options::default();
    options.table = pgbatch::TableName::parse("pgbatch_history.migrations").unwrap();
    let mut migrator = pgbatch::Migrator::connect(db.options(), options)
        .await
        .unwrap();
    let report = migrator
        .up(&migrations)
        .await
        .unwrap_or_else(|error| panic!("{name}: `up` of the whole history failed: {error}"));
    assert_eq!(report.batch, Some(1));
    assert_eq!(report.applied.len(), history.len());
    assert_holds(&client, name, checks).await;
    let batches: Vec<i32> = db
        .tracking_in("pgbatch_history.migrations")
        .await
        .into_iter()
        .map(|(_, _, batch)| batch)
        .collect();
    assert_eq!(batches, vec![1; history.len()], "{name}: one batch");
    migrator
        .down()
        .await
        .unwrap_or_else(|error| panic!("{name}: `down` of the whole history failed: {error}"));
    migrator.close().await;
    let left: Vec<String> = leftovers(&client)
        .await
        .into_iter()
        .filter(|object| !object.contains("pgbatch_history"))
        .collect();
    assert!(
        left.is_empty(),
        "{name}: `down` of the batch left:\n{}",
        left.join("\n")
    );
}

/// The history as the engine's migration list, as `embed_migrations!` would give it:
/// each script in the one string `migration!` compiles it to (leaked: the list lives
/// as long as the test). Each reads back as it was generated.
fn engine_migrations(history: &[Loaded]) -> Vec<pgbatch::Migration> {
    history
        .iter()
        .map(|loaded| {
            let file =
                pgbatch_files::parse_file_name(&loaded.file_name).expect("a migration file name");
            let encoded = pgbatch_dsl::encode::script(&loaded.script, None);
            let script = pgbatch::Script {
                __v1: Box::leak(encoded.into_boxed_str()),
            };
            reads_back(&loaded.file_name, &loaded.script, &script);
            pgbatch::Migration::new(file.id, Box::leak(file.name.into_boxed_str()), script)
        })
        .collect()
}

/// The engine reads `compiled` as the DSL generated it: every step's SQL, flags and
/// origins, the checksum and the `lock_timeout`.
fn reads_back(file: &str, generated: &Script, compiled: &pgbatch::Script) {
    fn same(file: &str, generated: &[Step], compiled: &[pgbatch::Step]) {
        assert_eq!(generated.len(), compiled.len(), "{file}: step count");
        for (generated, compiled) in generated.iter().zip(compiled) {
            assert_eq!(generated.sql, compiled.sql, "{file}");
            assert_eq!(
                (generated.transaction, generated.commit_after),
                (compiled.transaction, compiled.commit_after),
                "{file}: {}",
                generated.sql
            );
            let origins: Vec<_> = generated
                .origins
                .iter()
                .map(|(offset, origin)| {
                    let location = origin.location.as_ref();
                    let pair = |(a, b): (usize, usize)| (a as u32, b as u32);
                    (
                        *offset as u32,
                        origin.operation.as_str(),
                        location.map(|l| pair((l.line, l.column))),
                        origin.statement.map(pair),
                    )
                })
                .collect();
            let read: Vec<_> = compiled
                .origins
                .iter()
                .map(|(offset, origin)| {
                    (
                        *offset,
                        origin.operation,
                        origin.line_column,
                        origin.statement,
                    )
                })
                .collect();
            assert_eq!(origins, read, "{file}: {}", generated.sql);
        }
    }
    assert_eq!(generated.checksum, compiled.checksum(), "{file}");
    assert_eq!(
        generated.lock_timeout_ms,
        compiled.lock_timeout_ms(),
        "{file}"
    );
    same(file, &generated.up, &compiled.up());
    match (&generated.down, compiled.down()) {
        (Some(generated), Some(compiled)) => same(file, generated, &compiled),
        (None, None) => {}
        (generated, compiled) => panic!("{file}: down {generated:?} read as {compiled:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn saas_history_builds_applies_and_reverts() {
    replay(
        "saas",
        60,
        &[
            // Tables of public (partitions included), and the partitions that are left.
            "SELECT count(*) = 26 FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'audit\\_log\\_%'",
            "SELECT array_agg(c.relname::text ORDER BY c.relname) = ARRAY['audit_log_2024_04', 'audit_log_2024_05']
                 || ARRAY['audit_log_2024_06', 'audit_log_2024_07']
                 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'audit_log'::regclass AND c.relname <= 'audit_log_2024_07'",
            "SELECT count(*) = 40 FROM pg_inherits WHERE inhparent = 'audit_log'::regclass",
            "SELECT relkind = 'p' FROM pg_class WHERE oid = 'audit_log'::regclass",
            "SELECT partstrat = 'r' FROM pg_partitioned_table WHERE partrelid = 'audit_log'::regclass",
            // Enums, with the values added over time where they were put.
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) = ARRAY['owner', 'admin', 'billing', 'member']
                 FROM pg_enum WHERE enumtypid = 'membership_role'::regtype",
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder)
                 = ARRAY['incomplete', 'trialing', 'active', 'past_due', 'unpaid', 'canceled']
                 FROM pg_enum WHERE enumtypid = 'subscription_status'::regtype",
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) = ARRAY['free', 'starter', 'pro', 'enterprise']
                 FROM pg_enum WHERE enumtypid = 'plan_tier'::regtype",
            // Renames, type changes and the column that moved out.
            "SELECT to_regclass('memberships') IS NULL AND to_regclass('organization_members_pkey') IS NOT NULL",
            "SELECT to_regclass('api_keys') IS NULL AND to_regclass('access_tokens_prefix_idx') IS NOT NULL",
            "SELECT to_regclass('feature_flags') IS NULL AND to_regclass('organization_member_counts') IS NOT NULL",
            "SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'organizations'
                 AND column_name = 'display_name' AND data_type = 'text')",
            "SELECT format_type(atttypid, atttypmod) = 'character varying(35)' FROM pg_attribute
                 WHERE attrelid = 'users'::regclass AND attname = 'locale'",
            "SELECT format_type(atttypid, atttypmod) = 'citext' FROM pg_attribute
                 WHERE attrelid = 'users'::regclass AND attname = 'email'",
            "SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'full_name')
                 AND NOT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'users'
                                 AND column_name IN ('name', 'password_hash'))",
            "SELECT NOT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'organizations' AND column_name = 'plan')",
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'organizations'::regclass AND attname = 'slug'",
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'organization_members'::regclass AND attname = 'role_id'",
            "SELECT pg_get_expr(adbin, adrelid) = 'gen_random_uuid()' FROM pg_attrdef
                 WHERE adrelid = 'organizations'::regclass AND adnum = (SELECT attnum FROM pg_attribute
                     WHERE attrelid = 'organizations'::regclass AND attname = 'id')",
            // Row-level security, policies, triggers.
            "SELECT count(*) = 15 FROM pg_policy",
            "SELECT relrowsecurity AND NOT relforcerowsecurity FROM pg_class WHERE oid = 'projects'::regclass",
            "SELECT pg_get_expr(polqual, polrelid) = '(organization_id = current_org_id())' FROM pg_policy
                 WHERE polname = 'projects_tenant_isolation'",
            "SELECT count(*) = 4 FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%set_updated_at'",
            "SELECT confdeltype = 'n' FROM pg_constraint WHERE conname = 'access_tokens_created_by_fkey'",
            "SELECT convalidated FROM pg_constraint WHERE conname = 'access_tokens_prefix_format'",
            "SELECT count(*) = 4 FROM roles WHERE organization_id IS NULL",
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'notifications_feed_idx'::regclass",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shop_history_builds_applies_and_reverts() {
    replay(
        "shop",
        60,
        &[
            "SELECT count(*) = 43 FROM pg_tables WHERE schemaname = 'public'",
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder)
                 = ARRAY['pending', 'on_hold', 'paid', 'fulfilled', 'partially_refunded', 'cancelled', 'refunded']
                 FROM pg_enum WHERE enumtypid = 'order_status'::regtype",
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder)
                 = ARRAY['pending', 'authorized', 'captured', 'failed', 'partially_refunded', 'refunded', 'disputed']
                 FROM pg_enum WHERE enumtypid = 'payment_status'::regtype",
            // Money, type changes, renames.
            "SELECT format_type(atttypid, atttypmod) = 'numeric(12,2)' FROM pg_attribute
                 WHERE attrelid = 'orders'::regclass AND attname = 'grand_total'",
            "SELECT format_type(atttypid, atttypmod) = 'character varying(8)' FROM pg_attribute
                 WHERE attrelid = 'orders'::regclass AND attname = 'currency'",
            "SELECT format_type(atttypid, atttypmod) = 'numeric(10,3)' FROM pg_attribute
                 WHERE attrelid = 'product_variants'::regclass AND attname = 'weight_kg'",
            "SELECT atttypid = 'payment_provider'::regtype FROM pg_attribute
                 WHERE attrelid = 'payments'::regclass AND attname = 'provider'",
            "SELECT to_regclass('carts') IS NULL AND to_regclass('shopping_cart_items_pkey') IS NOT NULL",
            "SELECT NOT EXISTS (SELECT FROM information_schema.columns WHERE (table_name, column_name)
                 IN (('discounts', 'times_used'), ('shopping_cart_items', 'price'), ('orders', 'total')))",
            // Generated columns.
            "SELECT attgenerated = 's' FROM pg_attribute WHERE attrelid = 'order_items'::regclass AND attname = 'line_total'",
            "SELECT attgenerated = 's' FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'full_name'",
            "SELECT attgenerated = 's' FROM pg_attribute WHERE attrelid = 'products'::regclass AND attname = 'search'",
            // Constraints: the changed foreign key, the checks, the exclusion, the new primary key.
            "SELECT confdeltype = 'n' FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'",
            "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_or_guest'",
            "SELECT contype = 'x' FROM pg_constraint WHERE conname = 'variant_prices_no_overlap'",
            "SELECT array_length(conkey, 1) = 2 FROM pg_constraint WHERE conname = 'inventory_pkey'",
            "SELECT count(*) = 0 FROM pg_constraint WHERE conname = 'product_variants_sku_key'",
            // Indexes: partial unique, expression, concurrent builds left valid.
            "SELECT indisunique AND indpred IS NOT NULL FROM pg_index
                 WHERE indexrelid = 'product_variants_live_sku_idx'::regclass",
            "SELECT indisunique AND indexprs IS NOT NULL AND indpred IS NOT NULL FROM pg_index
                 WHERE indexrelid = 'customers_email_lower_idx'::regclass",
            "SELECT bool_and(indisvalid) AND count(*) = 2 FROM pg_index
                 WHERE indexrelid IN ('orders_open_status_idx'::regclass, 'payments_order_id_status_idx'::regclass)",
            "SELECT to_regclass('payments_order_id_idx') IS NULL",
            // Views, the materialized view, sequences, extensions, statistics.
            "SELECT array_agg(relname::text ORDER BY relname) = ARRAY['customer_lifetime_value', 'loyalty_balances', 'order_summaries', 'product_catalog']
                 FROM pg_class WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace",
            "SELECT relkind = 'm' AND relispopulated FROM pg_class WHERE oid = 'product_sales'::regclass",
            "SELECT pg_get_serial_sequence('invoices', 'number') = 'public.invoice_number_seq'",
            "SELECT count(*) = 3 FROM pg_class WHERE relkind = 'S' AND relname IN ('order_number_seq', 'invoice_number_seq', 'return_number_seq')",
            "SELECT count(*) = 5 FROM pg_extension WHERE extname IN ('pg_trgm', 'btree_gist', 'cube', 'earthdistance', 'lo')",
            "SELECT EXISTS (SELECT FROM pg_statistic_ext WHERE stxname = 'orders_status_currency_stats')",
            "SELECT count(*) = 5 FROM categories",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cms_history_builds_applies_and_reverts() {
    replay(
        "cms",
        60,
        &[
            "SELECT count(*) = 28 FROM pg_tables WHERE schemaname = 'public'",
            "SELECT array_agg(tablename::text ORDER BY tablename)
                 = ARRAY['daily_post_stats', 'events', 'page_views', 'redirect_hits', 'searches']
                 FROM pg_tables WHERE schemaname = 'analytics' AND tablename NOT LIKE 'events\\_%'",
            "SELECT count(*) = 23 FROM pg_inherits WHERE inhparent = 'analytics.events'::regclass",
            "SELECT to_regclass('analytics.events_2025_02') IS NULL AND to_regclass('analytics.events_2025_03') IS NOT NULL",
            "SELECT relkind = 'm' FROM pg_class WHERE oid = 'analytics.popular_posts'::regclass",
            // Domains and the composite type, as column types.
            "SELECT atttypid = 'slug'::regtype FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'slug'",
            "SELECT atttypid = 'email_address'::regtype FROM pg_attribute
                 WHERE attrelid = 'post_comments'::regclass AND attname = 'author_email'",
            "SELECT count(*) = 5 FROM pg_type WHERE typtype = 'd' AND typnamespace = 'public'::regnamespace",
            "SELECT typtype = 'c' FROM pg_type WHERE oid = 'seo_meta'::regtype",
            "SELECT atttypid = 'seo_meta'::regtype FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'seo'",
            "SELECT count(*) = 1 FROM pg_constraint WHERE conname = 'slug_max_length' AND contypid = 'slug'::regtype",
            // Enums, including the one rebuilt under its old name and the one in analytics.
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) = ARRAY['pending', 'approved', 'rejected', 'deleted']
                 FROM pg_enum WHERE enumtypid = 'comment_status'::regtype",
            "SELECT to_regtype('comment_status_v2') IS NULL AND to_regtype('analytics.referrer_kind') IS NULL",
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder) = ARRAY['draft', 'review', 'scheduled', 'published', 'archived']
                 FROM pg_enum WHERE enumtypid = 'post_status'::regtype",
            "SELECT array_agg(enumlabel::text ORDER BY enumsortorder)
                 = ARRAY['scroll', 'share', 'video_play', 'copy', 'outbound_click', 'newsletter_signup']
                 FROM pg_enum WHERE enumtypid = 'analytics.event_kind'::regtype",
            // The renamed table, indexed under its new name; the self-reference.
            "SELECT to_regclass('comments') IS NULL",
            "SELECT indrelid = 'post_comments'::regclass AND indisvalid FROM pg_index
                 WHERE indexrelid = 'post_comments_author_email_live_idx'::regclass",
            "SELECT to_regclass('post_comments_author_email_idx') IS NULL",
            "SELECT confrelid = 'post_comments'::regclass FROM pg_constraint
                 WHERE conrelid = 'post_comments'::regclass AND contype = 'f' AND conkey = ARRAY[
                     (SELECT attnum FROM pg_attribute WHERE attrelid = 'post_comments'::regclass AND attname = 'parent_id')]",
            // The split of authors, full-text search, JSONB.
            "SELECT NOT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'authors' AND column_name IN ('bio', 'avatar_url', 'website'))
                 AND EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'author_profiles' AND column_name = 'bio')",
            "SELECT count(*) = 2 FROM pg_trigger WHERE tgname IN ('posts_search_vector', 'post_comments_thread_path')",
            "SELECT am.amname = 'gin' FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.oid = 'posts_search_vector_idx'::regclass",
            "SELECT am.amname = 'gin' FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.oid = 'posts_metadata_idx'::regclass",
            "SELECT format_type(atttypid, atttypmod) = 'text' FROM pg_attribute WHERE attrelid = 'posts'::regclass AND attname = 'title'",
            "SELECT condeferrable AND condeferred FROM pg_constraint WHERE conname = 'posts_series_position_key'",
            "SELECT to_regtype('moderation_action') IS NOT NULL",
            "SELECT count(*) = 5 FROM categories",
        ],
    )
    .await;
}
