//! A step that PostgreSQL rejects at run time is named by the DSL operation that wrote
//! it, with its file, line and column; and the failed batch leaves nothing behind.

use pgbatch::{Error, Migration, Migrator, Options};
use serde_json::Value;
use tests::{TestDb, cli};

// The build cannot know that `accounts` does not exist: no other migration is in view.
mod add_users_with_index {
    pgbatch::migration! {
        createTable("users", { id: "id", email: "text" });
        createIndex("accounts", ["email"]);
    }
}
/// The line of `createIndex` above.
const INDEX_LINE: u32 = line!() - 4;

mod several_statements {
    pgbatch::migration! {
        sql("CREATE TABLE a (id int PRIMARY KEY);
             INSERT INTO a SELECT id FROM nowhere;
             CREATE TABLE b (id int)");
        irreversible;
    }
}
/// The line of `sql` above.
const SQL_LINE: u32 = line!() - 7;

/// Applies `migrations` as one batch and returns the step's failure.
async fn failing_up(db: &TestDb, migrations: &[Migration]) -> (String, pgbatch::StepFailure) {
    let mut migrator = Migrator::connect(db.options(), Options::default())
        .await
        .unwrap();
    let error = migrator.up(migrations).await.unwrap_err();
    migrator.close().await;
    let message = error.to_string();
    match error {
        Error::Step(failure) => (message, *failure),
        other => panic!("expected a failed step, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_operation_is_named_as_written_with_its_file_and_line_and_nothing_is_applied() {
    let db = TestDb::new().await;
    let migration = Migration::new(3, "add_users_with_index", add_users_with_index::SCRIPT);
    let (message, failure) = failing_up(&db, &[migration]).await;

    assert_eq!((failure.step, failure.steps), (2, 2), "{message}");
    let [origin] = failure.origins.as_slice() else {
        panic!("one operation expected: {message}");
    };
    assert_eq!(origin.operation, r#"createIndex("accounts", ["email"])"#);
    assert_eq!(origin.file, Some("tests/error_origin.rs"));
    assert_eq!(origin.line_column, Some((INDEX_LINE, 9)));
    assert_eq!(origin.statement, None);
    let expected = format!(
        "migration 003_add_users_with_index failed (up, step 2 of 2): relation \"accounts\" does not exist (SQLSTATE 42P01)\n  \
         in `createIndex(\"accounts\", [\"email\"])` at tests/error_origin.rs:{INDEX_LINE}:9\n\
         batch 1 was rolled back; its migration was not applied"
    );
    assert_eq!(message, expected);

    // Untouched: the first operation's table was rolled back with the batch, and the
    // tracking table (created in the same transaction) is gone too.
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_statement_of_raw_sql_is_named_by_its_number_when_postgres_gives_its_position() {
    let db = TestDb::new().await;
    let migration = Migration::new(1, "several_statements", several_statements::SCRIPT);
    let (message, failure) = failing_up(&db, &[migration]).await;

    let [origin] = failure.origins.as_slice() else {
        panic!("one operation expected: {message}");
    };
    assert_eq!(origin.statement, Some((2, 3)), "{message}");
    assert_eq!(origin.file, Some("tests/error_origin.rs"));
    assert_eq!(origin.line_column, Some((SQL_LINE, 9)));
    assert!(
        message.contains(&format!(
            "\n  in statement 2 of 3 of `sql(\"CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a SELECT id FRO…\")` at tests/error_origin.rs:{SQL_LINE}:9\n"
        )),
        "{message}"
    );
    assert_eq!(db.tables().await, Vec::<String>::new());
    assert_eq!(db.tracking().await, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_error_lists_the_failed_operation() {
    let db = TestDb::new().await;
    let args = ["up", "--json"];
    let output = cli::run(&db, "third_fails", &args);
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let stderr = cli::failed(output, &args);
    let document: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));

    let operations = document["error"]["operations"].as_array().unwrap();
    let [operation] = operations.as_slice() else {
        panic!("one operation expected: {document}");
    };
    assert_eq!(
        operation["operation"],
        r#"sql("INSERT INTO c (id) SELECT id FROM nowhere")"#
    );
    assert_eq!(operation["file"], "src/fixtures.rs");
    let line = operation["line"].as_u64().unwrap();
    let column = operation["column"].as_u64().unwrap();
    assert_eq!(operation["statement"], Value::Null);
    assert!(
        stderr.contains(&format!(
            "\n  in `sql(\"INSERT INTO c (id) SELECT id FROM nowhere\")` at src/fixtures.rs:{line}:{column}\n"
        )),
        "{stderr}"
    );
    assert_eq!(db.tables().await, Vec::<String>::new());
}
