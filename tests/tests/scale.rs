//! Long histories (the `generated:N` fixture set): `status` and a no-op `up` read the
//! tracking table light — no recorded SQL but that of an interrupted row — and still
//! report every row truly; a revert reads the recorded down steps and runs them.

use serde_json::Value;
use tests::{TestDb, cli};

const SET: &str = "generated:300";

async fn tables(db: &TestDb) -> (i64, i64) {
    let row = db
        .client()
        .await
        .query_one(
            "SELECT (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'gen\\_%'),
                    (SELECT count(*) FROM migrations)",
            &[],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

#[tokio::test(flavor = "multi_thread")]
async fn status_and_a_no_op_up_see_every_row_and_a_revert_runs_the_recorded_downs() {
    let db = TestDb::new().await;
    cli::ok(&db, SET, &["up", "--to", "200"]);
    cli::ok(&db, SET, &["up"]);
    assert_eq!(tables(&db).await, (300, 300));

    let status: Value = serde_json::from_str(&cli::ok(&db, SET, &["status", "--json"])).unwrap();
    let migrations = status["migrations"].as_array().unwrap();
    assert_eq!(migrations.len(), 300);
    for (index, entry) in migrations.iter().enumerate() {
        let batch = if index < 200 { 1 } else { 2 };
        assert_eq!(entry["state"], "applied", "{entry}");
        assert_eq!(entry["batch"], batch, "{entry}");
        assert_eq!(entry["reversible"], true, "{entry}");
    }

    // A no-op `up` writes nothing.
    let before: Vec<(i64, String, i32, String)> = tracking(&db).await;
    cli::ok(&db, SET, &["up"]);
    assert_eq!(tracking(&db).await, before);

    // `down` reverts batch 2 with the down steps recorded when it was applied.
    cli::ok(&db, SET, &["down"]);
    assert_eq!(tables(&db).await, (200, 200));
    let present: bool = db
        .client()
        .await
        .query_one(
            "SELECT to_regclass('gen_00200') IS NOT NULL AND to_regclass('gen_00201') IS NULL",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(present);
}

async fn tracking(db: &TestDb) -> Vec<(i64, String, i32, String)> {
    db.client()
        .await
        .query(
            "SELECT id, name, batch, checksum || executed_at::text FROM migrations ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
        .collect()
}
