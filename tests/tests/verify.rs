//! `verify`: on a scratch database, each down must undo its up. A down that forgets
//! something is named with the difference; the target is never touched and the
//! scratch database is dropped.

use serde_json::Value;
use tests::{TestDb, cli};

fn json(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(stdout)))
}

fn labels(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap())
        .collect()
}

/// The target holds no table and no tracking table, and the scratch database is gone.
async fn assert_untouched(db: &TestDb, document: &Value) {
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, Vec::new());
    let scratch = document["scratch"].as_str().unwrap();
    assert!(scratch.starts_with("pgbatch_verify_"), "{scratch}");
    assert!(
        !tests::database_exists(scratch).await,
        "{scratch} was not dropped"
    );
}

/// Runs `verify --json` over `set`, expecting the failure of migration 2 (`label`) at
/// its down, and returns its one difference.
async fn forgotten(set: &str, label: &str) -> Value {
    let db = TestDb::new().await;
    let args = ["verify", "--json"];
    let output = cli::run(&db, set, &args);
    let document = json(&output.stdout);
    let stderr = cli::failed(output, &args);
    assert!(
        stderr.contains(&format!(
            "verify failed: {label}: its down does not undo its up"
        )),
        "{stderr}"
    );
    assert_eq!(document["success"], false);
    assert_eq!(labels(&document["checked"]), ["001_create_people"]);
    let failure = &document["failure"];
    assert_eq!(failure["migration"], label);
    assert_eq!(failure["phase"], "revert");
    assert_untouched(&db, &document).await;
    let differences = failure["differences"].as_array().unwrap();
    assert_eq!(differences.len(), 1, "{differences:#?}");
    differences[0].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_names_an_index_the_down_leaves_behind() {
    let difference = forgotten("forgets_index", "002_index_names").await;
    assert_eq!(difference["kind"], "index");
    assert_eq!(difference["name"], "public.people_name_idx");
    assert_eq!(difference["change"], "unexpected");
    assert_eq!(
        difference["attributes"]["definition"],
        "CREATE INDEX people_name_idx ON public.people USING btree (name)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_names_a_default_the_down_leaves_set() {
    let difference = forgotten("forgets_default", "002_default_email").await;
    assert_eq!(difference["kind"], "column");
    assert_eq!(difference["name"], "public.people.email");
    assert_eq!(difference["change"], "changed");
    assert_eq!(difference["attribute"], "default");
    assert_eq!(difference["expected"], Value::Null);
    assert_eq!(difference["actual"], "'nobody@example.com'::text");
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_names_an_enum_label_the_down_leaves() {
    let difference = forgotten("forgets_label", "002_add_sleepy").await;
    assert_eq!(difference["kind"], "type");
    assert_eq!(difference["name"], "public.mood");
    assert_eq!(difference["attribute"], "labels");
    assert_eq!(difference["expected"], "'calm', 'busy'");
    assert_eq!(difference["actual"], "'calm', 'busy', 'sleepy'");
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_names_a_sequence_the_down_leaves_behind() {
    let difference = forgotten("forgets_sequence", "002_create_invoice_numbers").await;
    assert_eq!(difference["kind"], "sequence");
    assert_eq!(difference["name"], "public.invoice_numbers");
    assert_eq!(difference["change"], "unexpected");
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_names_a_comment_the_down_leaves_and_says_it_in_words() {
    let difference = forgotten("forgets_comment", "002_comment_name").await;
    assert_eq!(difference["kind"], "column");
    assert_eq!(difference["name"], "public.people.name");
    assert_eq!(difference["attribute"], "comment");
    assert_eq!(difference["actual"], "As they spell it");

    let db = TestDb::new().await;
    let output = cli::run(&db, "forgets_comment", &["verify"]);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    cli::failed(output, &["verify"]);
    assert!(stdout.contains("✓ 001_create_people"), "{stdout}");
    assert!(
        stdout.contains(
            "column `public.people.name`: comment: before the up not set, after the down `As they spell it`"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("003_add_nickname"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_passes_sets_whose_downs_undo_their_ups() {
    for (set, expected) in [
        (
            "db",
            &[
                "001_create_users",
                "002_create_user_sessions",
                "003_create_posts",
            ][..],
        ),
        (
            "people_nickname",
            &["001_create_people", "002_add_nickname"][..],
        ),
        (
            "concurrent",
            &["001_create_t", "002_index_t_concurrently", "003_add_t_note"][..],
        ),
    ] {
        let db = TestDb::new().await;
        let document = json(cli::ok(&db, set, &["verify", "--json"]).as_bytes());
        assert_eq!(document["success"], true, "{set}: {document:#}");
        assert_eq!(labels(&document["checked"]), expected, "{set}");
        assert_eq!(document["failure"], Value::Null);
        assert_untouched(&db, &document).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_applies_irreversible_migrations_and_goes_on() {
    let db = TestDb::new().await;
    let stdout = cli::ok(&db, "no_down", &["verify"]);
    assert!(
        stdout.contains("- 002_seed_a: irreversible, applied and not reverted"),
        "{stdout}"
    );
    assert!(stdout.contains("✓ 003_create_b"), "{stdout}");
    assert!(stdout.contains("verified 3 migrations"), "{stdout}");
    assert_eq!(db.tracking().await, Vec::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_from_a_migrated_point_checks_only_the_later_migrations() {
    let db = TestDb::new().await;
    let document =
        json(cli::ok(&db, "forgets_index", &["verify", "--from", "2", "--json"]).as_bytes());
    assert_eq!(
        labels(&document["baseline"]),
        ["001_create_people", "002_index_names"]
    );
    assert_eq!(labels(&document["checked"]), ["003_add_nickname"]);
    assert_untouched(&db, &document).await;

    let stderr = cli::fails(&db, "forgets_index", &["verify", "--from", "9"]);
    assert!(
        stderr.contains("there is no migration 009 in the source"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_reports_a_down_that_fails_with_postgresql_s_error() {
    let db = TestDb::new().await;
    let args = ["verify", "--json"];
    let output = cli::run(&db, "failing_down", &args);
    let document = json(&output.stdout);
    let stderr = cli::failed(output, &args);
    assert!(
        stderr.contains("verify failed: 002_add_nickname: its down failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("index \"people_nickname_idx\" does not exist"),
        "{stderr}"
    );
    assert_eq!(document["failure"]["phase"], "revert");
    assert_untouched(&db, &document).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_ci_round_trip_passes_and_leaves_the_database_migrated() {
    let db = TestDb::new().await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/ci.sh");
    let binary = cli::command(&db, "db").get_program().to_owned();
    let output = std::process::Command::new("bash")
        .arg(script)
        .env("MIGRATE", binary)
        .env("FIXTURE", "db")
        .env("NO_COLOR", "1")
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("pending after the rollback: 3"), "{stdout}");
    assert_eq!(
        db.tables().await,
        ["migrations", "posts", "user_sessions", "users"]
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
}
