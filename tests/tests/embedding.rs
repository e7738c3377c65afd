//! An application embeds the engine: it hands over the client it already has, migrates
//! with its compiled-in list, and gets its client back with its session as it was.

use pgbatch::{Migrator, Options};
use tests::TestDb;

#[tokio::test(flavor = "multi_thread")]
async fn an_applications_own_client_migrates_and_comes_back_with_its_settings() {
    let db = TestDb::new().await;
    let client = db.client().await;
    client
        .batch_execute("SET lock_timeout = '123ms'; SET statement_timeout = '7s'")
        .await
        .unwrap();
    let pid: i32 = client
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);

    let mut migrator = Migrator::from_client(client, Options::default())
        .await
        .unwrap();
    assert!(
        migrator.target().ends_with(&format!("/{}", db.name())),
        "{}",
        migrator.target()
    );
    let report = migrator.up(db::MIGRATIONS).await.unwrap();
    assert_eq!(report.batch, Some(1));
    assert!(
        migrator
            .status(db::MIGRATIONS)
            .await
            .unwrap()
            .is_up_to_date()
    );
    let client = migrator.into_client().await.unwrap();

    // The same session, its settings as the application left them, no lock held.
    let row = client
        .query_one(
            "SELECT pg_backend_pid(), current_setting('lock_timeout'),
                    current_setting('statement_timeout'),
                    (SELECT count(*) FROM pg_locks
                     WHERE locktype = 'advisory' AND pid = pg_backend_pid())",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i32>(0), pid);
    assert_eq!(row.get::<_, String>(1), "123ms");
    assert_eq!(row.get::<_, String>(2), "7s");
    assert_eq!(row.get::<_, i64>(3), 0);
    // And the migrations are applied.
    let applied: Vec<String> = db
        .tracking()
        .await
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    let expected: Vec<&str> = db::MIGRATIONS
        .iter()
        .map(|migration| migration.name)
        .collect();
    assert_eq!(applied, expected);
    assert!(db.tables().await.contains(&"users".to_owned()));
}
