//! Two migration sets written as a team porting from node-pg-migrate would write them,
//! with the operations of the second wave: one with functions, triggers and row-level
//! security, one with views, sequences and grants. Each runs through the engine as one
//! batch; `down` restores `pg_dump --schema-only` exactly. Raw SQL is left only where
//! the DSL has no operation (noted at each `sql`).

use pgbatch::{Migration, Migrator, Options};
use tests::TestDb;

/// Declares one module per migration, each with the `SCRIPT` that `migration!` makes.
macro_rules! migrations {
    ($($name:ident { $($body:tt)* })*) => {
        $(mod $name { ::pgbatch::migration! { $($body)* } })*
    };
}

const fn m(id: u32, name: &'static str, script: pgbatch::Script) -> Migration {
    Migration::new(id, name, script)
}

migrations! {
    // A multi-tenant notes app: tenants, notes with an updated-at trigger, an audit
    // trail filled by an inline trigger function, and row-level security per tenant.
    tenants_and_notes {
        addExtension("pgcrypto");
        addType("noteState", ["draft", "shared", "archived"]);
        createTable("tenants", {
            id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
            name: { type: "text", notNull: true, collation: "C" },
        });
        createTable("notes", {
            id: { type: "bigint", primaryKey: true, generated: "always" },
            tenantId: { type: "uuid", notNull: true, references: "tenants", onDelete: "cascade" },
            body: { type: "text", notNull: true, default: "" },
            state: { type: "note_state", notNull: true, default: "draft" },
            words: { type: "integer", generated: { expression: "array_length(regexp_split_to_array(body, '\\s+'), 1)", stored: true } },
            updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        addIndex("notes", ["tenantId", "updatedAt"]);
    }
    note_triggers {
        createFunction("touchUpdatedAt", [], { returns: "trigger", language: "plpgsql" },
            "BEGIN NEW.updated_at := now(); RETURN NEW; END");
        createTrigger("notes", "notesTouch", { when: "before", operation: "update", level: "row", function: "touchUpdatedAt" });
        createTable("noteAudit", {
            id: { type: "bigint", primaryKey: true, generated: "byDefault" },
            noteId: { type: "bigint", notNull: true },
            action: { type: "text", notNull: true },
            at: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        createTrigger("notes", "notesAudit", { when: "after", operation: ["insert", "update", "delete"], level: "row" },
            "BEGIN INSERT INTO note_audit (note_id, action) VALUES (coalesce(NEW.id, OLD.id), TG_OP); RETURN NULL; END");
    }
    tenant_security {
        alterTable("notes", { levelSecurity: "enable" });
        createPolicy("notes", "tenantIsolation", {
            using: "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid",
            check: "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid",
        });
        createPolicy("notes", "hideArchived", { command: "select", restrictive: true, using: "state <> 'archived'" });
    }

    // A shop's reporting: an order-number sequence, a domain, views and a
    // materialized view for dashboards, and a reporting role with read grants.
    orders {
        createSequence("orderNumbers", { type: "bigint", start: 10000, increment: 1, cache: 10 });
        createDomain("moneyAmount", "numeric(12,2)", { check: "VALUE >= 0", constraintName: "moneyAmountNonNegative" });
        createTable("orders", {
            id: "id",
            number: { type: "bigint", notNull: true, unique: true, default: func("nextval('order_numbers')") },
            total: { type: "money_amount", notNull: true },
            placedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        });
        alterSequence("orderNumbers", { owner: "orders.number" });
        // Changing a sequence has no derived down: the down is written out.
        down {
            dropTable("orders");
            dropDomain("moneyAmount");
            dropSequence("orderNumbers", { ifExists: true });
        }
    }
    reporting {
        createSchema("reporting");
        createView("reporting.recentOrders", { columns: ["number", "total", "placedAt"] },
            "SELECT number, total, placed_at FROM orders WHERE placed_at > now() - interval '30 days'");
        createMaterializedView("reporting.dailyTotals", { data: false },
            "SELECT date_trunc('day', placed_at) AS day, sum(total) AS total FROM orders GROUP BY 1");
        createIndex("reporting.daily_totals", "day", { unique: true });
        refreshMaterializedView("reporting.dailyTotals");
        createRole("pgbatchPortedReporter", { login: false });
        grantOnSchemas({ privileges: "usage", schemas: "reporting", roles: "pgbatchPortedReporter" });
        grantOnTables({ privileges: "select", tables: ["reporting.recent_orders", "reporting.daily_totals"], roles: "pgbatchPortedReporter" });
    }
}

static NOTES: &[Migration] = &[
    m(1, "tenants_and_notes", tenants_and_notes::SCRIPT),
    m(2, "note_triggers", note_triggers::SCRIPT),
    m(3, "tenant_security", tenant_security::SCRIPT),
];

static SHOP: &[Migration] = &[
    m(1, "orders", orders::SCRIPT),
    m(2, "reporting", reporting::SCRIPT),
];

/// Applies `migrations` as one batch, runs `check` (a query returning one boolean),
/// reverts the batch, and compares the schema with the one before.
async fn up_check_down(migrations: &[Migration], check: &str) {
    let db = TestDb::new().await;
    let before = tests::dump::schema_of_migrations(&db, &[]);
    let mut migrator = Migrator::connect(db.options(), Options::default())
        .await
        .unwrap();
    let report = migrator.up(migrations).await.unwrap();
    assert_eq!(report.applied.len(), migrations.len());
    let holds: bool = db
        .client()
        .await
        .query_one(check, &[])
        .await
        .unwrap()
        .get(0);
    assert!(holds, "not applied as expected: {check}");
    migrator.down().await.unwrap();
    migrator.close().await;
    let after = tests::dump::schema_of_migrations(&db, &[]);
    assert_eq!(after, before, "down did not restore the schema");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ported_set_with_functions_triggers_and_policies_applies_and_reverts() {
    up_check_down(
        NOTES,
        "SELECT EXISTS (SELECT FROM pg_trigger WHERE tgname = 'notes_touch')
         AND EXISTS (SELECT FROM pg_trigger WHERE tgname = 'notes_audit')
         AND (SELECT relrowsecurity FROM pg_class WHERE oid = 'notes'::regclass)
         AND (SELECT count(*) = 2 FROM pg_policies WHERE tablename = 'notes')",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ported_set_with_views_sequences_and_grants_applies_and_reverts() {
    // Roles are the server's: a run that died half-way may have left this one.
    tests::connect(tests::server())
        .await
        .batch_execute("DROP ROLE IF EXISTS pgbatch_ported_reporter")
        .await
        .unwrap();
    up_check_down(
        SHOP,
        "SELECT has_table_privilege('pgbatch_ported_reporter', 'reporting.daily_totals', 'SELECT')
         AND (SELECT count(*) = 0 FROM reporting.daily_totals)
         AND pg_get_serial_sequence('orders', 'number') IS NOT NULL
         AND EXISTS (SELECT FROM pg_type WHERE typname = 'money_amount' AND typtype = 'd')",
    )
    .await;
}
