//! `--json` output of `status`, `up`, `down` and `redo`, checked against the tracking
//! table; and the durations the tracking table records.

use serde_json::Value;
use tests::{TestDb, cli};

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"))
}

/// Runs `args`, expecting a clean failure, and returns the JSON document on stdout.
fn json_failure(db: &TestDb, fixture: &str, args: &[&str]) -> (Value, String) {
    let output = cli::run(db, fixture, args);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let stderr = cli::failed(output, args);
    (json(&stdout), stderr)
}

/// `(label, batch, duration_ms)` of each tracking row, by id.
async fn recorded(db: &TestDb) -> Vec<(String, i32, i64)> {
    db.client()
        .await
        .query(
            "SELECT lpad(id::text, 3, '0') || '_' || name, batch, duration_ms
             FROM migrations ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn up_json_lists_each_migration_as_the_tracking_table_records_it() {
    let db = TestDb::new().await;
    let document = json(&cli::ok(&db, "three", &["up", "--json"]));
    assert_eq!(document["success"], true);
    assert_eq!(document["batch"], 1);
    let message = document["message"].as_str().unwrap();
    assert!(
        message.starts_with("Batch 1: 3 migrations applied to postgres@"),
        "{message}"
    );
    let results = document["results"].as_array().unwrap();
    let tracked = recorded(&db).await;
    assert_eq!(results.len(), tracked.len());
    for (result, (label, batch, duration_ms)) in results.iter().zip(&tracked) {
        assert_eq!(result["name"], label.as_str());
        assert_eq!(result["direction"], "up");
        assert_eq!(result["success"], true);
        assert_eq!(result["batch"], *batch);
        assert_eq!(result["durationMs"], *duration_ms);
        let timestamp = result["timestamp"].as_str().unwrap();
        assert!(
            timestamp.starts_with("20") && timestamp.ends_with('Z'),
            "{timestamp}"
        );
    }

    // Nothing pending: still a document, with no results.
    let document = json(&cli::ok(&db, "three", &["up", "--json"]));
    assert_eq!(document["success"], true);
    assert_eq!(document["batch"], Value::Null);
    assert_eq!(document["results"], serde_json::json!([]));
    assert!(
        document["message"]
            .as_str()
            .unwrap()
            .starts_with("Nothing to apply")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn down_and_redo_json_list_the_migrations_reverted_newest_first() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up", "--to", "1"]);
    cli::ok(&db, "three", &["up"]);
    let document = json(&cli::ok(&db, "three", &["redo", "--json"]));
    assert_eq!(document["success"], true);
    // The whole run's figures, as `up --json` and `down --json` give theirs.
    assert_eq!(
        document["durationMs"].as_u64().unwrap(),
        document["down"]["durationMs"].as_u64().unwrap()
            + document["up"]["durationMs"].as_u64().unwrap(),
        "{document}"
    );
    assert_eq!(document["lockRetries"], 0, "{document}");
    let directions: Vec<(&str, &str, i64)> = document["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["name"].as_str().unwrap(),
                result["direction"].as_str().unwrap(),
                result["batch"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        directions,
        [
            ("003_create_c", "down", 2),
            ("002_create_b", "down", 2),
            ("002_create_b", "up", 2),
            ("003_create_c", "up", 2),
        ]
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 2), (3, 2)]);

    let document = json(&cli::ok(&db, "three", &["down", "--json"]));
    assert_eq!(document["success"], true);
    assert_eq!(document["batches"], serde_json::json!([2]));
    let reverted: Vec<(&str, &str)> = document["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            (
                result["name"].as_str().unwrap(),
                result["direction"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reverted,
        [("003_create_c", "down"), ("002_create_b", "down")]
    );
    assert_eq!(db.batches().await, [(1, 1)]);
    assert_eq!(db.tables().await, ["a", "migrations"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_up_prints_a_json_error_saying_nothing_was_applied() {
    let db = TestDb::new().await;
    let (document, stderr) = json_failure(&db, "third_fails", &["up", "--json"]);
    assert!(
        stderr.starts_with("error: migration 003_create_c failed"),
        "{stderr}"
    );
    assert_eq!(document["success"], false);
    let error = &document["error"];
    assert_eq!(error["kind"], "step");
    assert_eq!(error["migration"], "003_create_c");
    assert_eq!(error["direction"], "up");
    assert_eq!(
        (error["step"].as_u64(), error["steps"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(error["sqlstate"], "42P01");
    assert_eq!(error["applied"], serde_json::json!([]));
    assert_eq!(error["reverted"], serde_json::json!([]));
    assert_eq!(error["partial"], Value::Null);
    assert!(
        error["outcome"]
            .as_str()
            .unwrap()
            .contains("batch 1 was rolled back; none of its 3 migrations was applied")
    );
    assert_eq!(document["message"], error["message"]);
    // As the document says: nothing at all.
    assert_eq!(db.tables().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_up_json_error_lists_what_was_undone_and_what_stays() {
    let db = TestDb::new().await;
    // Migrations 1 and 2 committed before 4 failed; both were undone.
    let (document, _) = json_failure(&db, "concurrent_fails", &["up", "--json"]);
    let error = &document["error"];
    assert_eq!(error["migration"], "004_break_t");
    assert_eq!(
        names(&error["reverted"]),
        ["002_index_t_concurrently", "001_create_t"]
    );
    assert_eq!(error["applied"], serde_json::json!([]));
    assert_eq!(db.tracking().await, []);
    assert_eq!(db.tables().await, ["migrations"]);

    // Here undoing fails at 001's broken down: 002 is undone, 001 stays applied.
    let db = TestDb::new().await;
    let (document, _) = json_failure(&db, "undo_fails", &["up", "--json"]);
    let error = &document["error"];
    assert_eq!(error["migration"], "003_divide_by_zero");
    assert_eq!(names(&error["reverted"]), ["002_index_u_concurrently"]);
    assert_eq!(names(&error["applied"]), ["001_create_u"]);
    assert_eq!(db.batches().await, [(1, 1)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_down_prints_a_json_error_and_changes_nothing() {
    let db = TestDb::new().await;
    cli::ok(&db, "no_down", &["up"]);
    let (document, _) = json_failure(&db, "no_down", &["down", "--json"]);
    assert_eq!(document["success"], false);
    assert_eq!(document["error"]["kind"], "irreversible");
    assert_eq!(names(&document["error"]["migrations"]), ["002_seed_a"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_json_lists_labels_in_the_seed_apis_shape() {
    let db = TestDb::new().await;
    let document = json(&cli::ok(&db, "three", &["status", "--json"]));
    assert_eq!(document["appliedMigrations"], serde_json::json!([]));
    assert_eq!(
        names(&document["pendingMigrations"]),
        ["001_create_a", "002_create_b", "003_create_c"]
    );
    assert_eq!(document["lastMigration"], Value::Null);
    assert_eq!(document["isUpToDate"], false);

    cli::ok(&db, "three", &["up", "--to", "2"]);
    cli::ok(&db, "three", &["up"]);
    let document = json(&cli::ok(&db, "four", &["status", "--json"]));
    let tracked: Vec<String> = recorded(&db)
        .await
        .into_iter()
        .map(|(label, _, _)| label)
        .collect();
    assert_eq!(names(&document["appliedMigrations"]), tracked);
    assert_eq!(names(&document["pendingMigrations"]), ["004_create_d"]);
    assert_eq!(document["lastMigration"], "003_create_c");
    assert_eq!(document["isUpToDate"], false);
    let document = json(&cli::ok(&db, "three", &["status", "--json"]));
    assert_eq!(document["isUpToDate"], true);
    assert_eq!(document["pendingMigrations"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn durations_are_the_real_time_of_each_migration() {
    let db = TestDb::new().await;
    let up = json(&cli::ok(&db, "sleepy", &["up", "--json"]));
    let tracked = recorded(&db).await;
    assert_eq!(tracked[1].0, "002_sleep_briefly");
    let slept = tracked[1].2;
    assert!(slept >= 200, "recorded {slept} ms for pg_sleep(0.2)");
    assert!(slept < 10_000, "recorded {slept} ms for pg_sleep(0.2)");
    assert!(tracked[0].2 < 200, "{tracked:?}");
    assert_eq!(up["results"][1]["durationMs"], slept);
    let status = json(&cli::ok(&db, "sleepy", &["status", "--json"]));
    let entry = &status["migrations"][1];
    assert_eq!(entry["label"], "002_sleep_briefly");
    assert_eq!(entry["durationMs"], slept);
    assert_eq!(entry["state"], "applied");
    let down = json(&cli::ok(&db, "sleepy", &["down", "--json"]));
    assert!(up["durationMs"].as_u64().unwrap() >= 200, "{up}");
    assert_eq!(down["results"][1]["name"], "001_create_a");
}
