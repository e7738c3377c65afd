//! `schema` prints the schema the migrations produce without a database: its DDL,
//! applied to an empty database, gives the same catalog as applying the migrations
//! (`pg_dump --schema-only` of both, without the tracking table and comments, which
//! the model leaves out), and `--at` stops
//! part-way.

use tests::{TestDb, cli};

/// `pg_dump --schema-only` of the database, without the tracking table and the
/// random fence of recent pg_dump versions.
fn dump(db: &TestDb) -> String {
    // The model leaves out comments, and the tracking table is the engine's.
    tests::dump::schema_of_migrations(db, &["--no-comments"])
}

#[tokio::test]
async fn the_printed_ddl_builds_the_same_catalog_as_the_migrations() {
    let (migrated, rebuilt) = tokio::join!(TestDb::new(), TestDb::new());
    cli::ok(&migrated, "db", &["up"]);
    let ddl = cli::ok(&rebuilt, "db", &["schema"]);
    assert!(ddl.contains("CREATE TABLE users"), "{ddl}");
    rebuilt.client().await.batch_execute(&ddl).await.unwrap();
    let (expected, found) = (dump(&migrated), dump(&rebuilt));
    assert!(expected.contains("CREATE TABLE public.posts"), "{expected}");
    assert_eq!(
        found, expected,
        "the DDL differs from the migrations:\n{ddl}"
    );
    // Nothing was recorded: `schema` never touches a database.
    assert!(
        !rebuilt
            .tables()
            .await
            .iter()
            .any(|table| table.contains("migrations"))
    );
}

#[tokio::test]
async fn at_stops_after_the_named_migration_and_json_describes_the_model() {
    let db = TestDb::new().await;
    let first = cli::ok(&db, "db", &["schema", "--at", "1"]);
    assert!(first.contains("CREATE TABLE users"), "{first}");
    assert!(!first.contains("CREATE TABLE posts"), "{first}");
    let json: serde_json::Value =
        serde_json::from_str(&cli::ok(&db, "db", &["schema", "--json"])).unwrap();
    let columns = &json["tables"]["public.users"]["columns"];
    assert!(
        columns
            .as_array()
            .unwrap()
            .iter()
            .any(|column| column["name"] == "email"),
        "{json}"
    );
    let unknown = cli::fails(&db, "db", &["schema", "--at", "999"]);
    assert!(unknown.contains("no migration `999`"), "{unknown}");
    // No database was needed, and none was written.
    assert!(db.tables().await.is_empty());
}
