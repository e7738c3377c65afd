//! `drift` and `status --drift`: the live schema against the one its applied
//! migrations make. Each kind of hand change is named; an untouched database has no
//! drift; the target is only read.

use serde_json::Value;
use std::process::Command;
use tests::{TestDb, cli};

fn json(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(stdout)))
}

/// Everything `drift` could write to: the schema (`pg_dump`) and every column of
/// every tracking row.
async fn state(db: &TestDb) -> (String, Vec<String>) {
    let rows = db
        .client()
        .await
        .query(
            "SELECT to_jsonb(m)::text FROM migrations m ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    (tests::dump::schema(db, &[]), rows)
}

/// `(kind, name, change, attribute)` of each difference.
fn differences(document: &Value) -> Vec<(String, String, String, String)> {
    document["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|difference| {
            let text = |key: &str| difference[key].as_str().unwrap_or_default().to_owned();
            (
                text("kind"),
                text("name"),
                text("change"),
                text("attribute"),
            )
        })
        .collect()
}

/// The CLI over the `people` set with a `migrator.toml` that ignores `public.tmp_*`.
fn with_ignore(db: &TestDb, dir: &tempfile::TempDir) -> Command {
    std::fs::write(
        dir.path().join("migrator.toml"),
        "[defaults]\nignore = [\"public.tmp_*\"]\n",
    )
    .unwrap();
    let mut command = cli::command(db, "people");
    command.current_dir(dir.path());
    command
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untouched_database_has_no_drift_and_drift_writes_nothing() {
    let db = TestDb::new().await;
    cli::ok(&db, "people", &["up"]);
    let before = state(&db).await;
    let document = json(cli::ok(&db, "people", &["drift", "--json"]).as_bytes());
    assert_eq!(document["success"], true, "{document:#}");
    assert_eq!(differences(&document), Vec::new());
    assert_eq!(
        document["replayed"],
        serde_json::json!(["001_create_people"])
    );
    let stdout = cli::ok(&db, "people", &["drift"]);
    assert!(stdout.contains("no drift: postgres@"), "{stdout}");
    cli::ok(&db, "people", &["status", "--check", "--drift"]);
    assert_eq!(state(&db).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn drift_names_each_kind_of_hand_change_and_leaves_out_what_it_should() {
    let db = TestDb::new().await;
    cli::ok(&db, "people", &["up"]);
    db.client()
        .await
        .batch_execute(
            "CREATE INDEX by_hand ON people (email);
             ALTER TABLE people ALTER COLUMN email TYPE varchar(200);
             ALTER TABLE people DROP CONSTRAINT people_score_check;
             ALTER TABLE people ALTER COLUMN name SET DEFAULT 'someone';
             ALTER TYPE mood ADD VALUE 'sleepy';
             CREATE OR REPLACE VIEW calm_people AS
                 SELECT id, name, email FROM people WHERE mood = 'calm';
             DROP TRIGGER people_touch ON people;
             DROP POLICY people_self ON people;
             COMMENT ON TABLE people IS 'Changed by hand';
             CREATE FUNCTION by_hand() RETURNS int LANGUAGE sql AS 'SELECT 1';
             CREATE TABLE tmp_import (line text);
             CREATE SCHEMA reporting;
             CREATE TABLE reporting.totals (total bigint);",
        )
        .await
        .unwrap();
    let before = state(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let args = ["drift", "--json"];
    let output = with_ignore(&db, &dir).args(args).output().unwrap();
    let document = json(&output.stdout);
    let stderr = cli::failed(output, &args);
    let found = differences(&document);
    let expected = [
        ("type", "public.mood", "changed", "labels"),
        ("column", "public.people.email", "changed", "type"),
        ("column", "public.people.name", "changed", "default"),
        (
            "constraint",
            "public.people.people_score_check",
            "missing",
            "",
        ),
        ("index", "public.by_hand", "unexpected", ""),
        // A consequence of the new type: the index's expression now casts it.
        ("index", "public.people_email_key", "changed", "definition"),
        ("table", "public.people", "changed", "comment"),
        ("view", "public.calm_people", "changed", "definition"),
        ("function", "public.by_hand()", "unexpected", ""),
        ("trigger", "public.people.people_touch", "missing", ""),
        ("policy", "public.people.people_self", "missing", ""),
    ];
    for (kind, name, change, attribute) in expected {
        assert!(
            found
                .iter()
                .any(|d| (d.0.as_str(), d.1.as_str(), d.2.as_str(), d.3.as_str())
                    == (kind, name, change, attribute)),
            "{kind} {name} {change} {attribute} not in {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    assert!(
        stderr.contains(&format!(
            "has drifted from its migrations: {} differences",
            expected.len()
        )),
        "{stderr}"
    );
    assert_eq!(
        document["unmanagedSchemas"],
        serde_json::json!(["reporting"])
    );
    assert_eq!(state(&db).await, before, "drift wrote to the target");

    // In words, and through `status --check --drift`.
    let args = ["status", "--check", "--drift"];
    let output = with_ignore(&db, &dir).args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let stderr = cli::failed(output, &args);
    assert!(
        stdout.contains(
            "column `public.people.name`: default: from the migrations `'anonymous'::text`, in the database `'someone'::text`"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("index `public.by_hand` is in the database but not made by the migrations"),
        "{stdout}"
    );
    assert!(stdout.contains("schema `reporting`"), "{stdout}");
    assert!(
        stderr.contains("has drifted from its migrations"),
        "{stderr}"
    );
    assert_eq!(
        state(&db).await,
        before,
        "status --drift wrote to the target"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn drift_compares_only_the_applied_migrations_and_names_a_missing_table() {
    let db = TestDb::new().await;
    cli::ok(&db, "people_nickname", &["up", "--to", "1"]);
    // Migration 2 is pending: its column is not expected yet, so adding it by hand is
    // drift; dropping a table the migrations made is too.
    db.client()
        .await
        .batch_execute(
            "ALTER TABLE people ADD COLUMN nickname text;
             CREATE TABLE gone (id int); DROP TABLE gone;
             DROP VIEW calm_people;",
        )
        .await
        .unwrap();
    let args = ["status", "--drift", "--json"];
    let document = json(&cli::run(&db, "people_nickname", &args).stdout);
    assert_eq!(document["isUpToDate"], serde_json::json!(false));
    let drift = &document["drift"];
    assert_eq!(drift["replayed"], serde_json::json!(["001_create_people"]));
    assert_eq!(
        differences(drift),
        [
            (
                "column".to_owned(),
                "public.people.nickname".to_owned(),
                "unexpected".to_owned(),
                String::new()
            ),
            (
                "view".to_owned(),
                "public.calm_people".to_owned(),
                "missing".to_owned(),
                String::new()
            ),
        ]
    );
}
