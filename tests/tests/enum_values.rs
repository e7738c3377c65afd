//! A batch in which one migration adds an enum value and a later one uses it applies:
//! PostgreSQL refuses to use a value in the transaction that added it (SQLSTATE
//! 55P04), so the batch commits after the step that adds it, and the rest of the batch
//! keeps its guarantees (one batch number, undone as a whole if a later part fails).

use pgbatch::{Migration, Migrator, Options};
use tests::TestDb;

mod create_mood {
    pgbatch::migration! {
        createType("mood", ["ok", "sad"]);
        createTable("people", { id: "id", mood: { type: "mood", notNull: true, default: "ok" } });
        sql("INSERT INTO people (mood) VALUES ('ok'), ('sad')");
        down { sql("DROP TABLE people; DROP TYPE mood"); }
    }
}
mod add_happy {
    pgbatch::migration! {
        addTypeValue("mood", "happy", { after: "ok" });
        down { noop; }
    }
}
mod use_happy {
    pgbatch::migration! {
        sql("UPDATE people SET mood = 'happy' WHERE id = 1");
        down { sql("UPDATE people SET mood = 'ok' WHERE id = 1"); }
    }
}
mod raw_value_then_fail {
    pgbatch::migration! {
        sql("ALTER TYPE mood ADD VALUE 'glad'");
        sql("UPDATE people SET mood = 'glad' WHERE id = 2");
        sql("SELECT 1 / 0");
        down { sql("UPDATE people SET mood = 'sad' WHERE id = 2"); }
    }
}

const SET: &[Migration] = &[
    Migration::new(1, "create_mood", create_mood::SCRIPT),
    Migration::new(2, "add_happy", add_happy::SCRIPT),
    Migration::new(3, "use_happy", use_happy::SCRIPT),
];

async fn moods(db: &TestDb) -> Vec<String> {
    db.client()
        .await
        .query("SELECT mood::text FROM people ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_value_added_and_used_in_one_batch_applies_as_one_batch() {
    assert!(add_happy::SCRIPT.up()[0].commit_after);
    assert!(!use_happy::SCRIPT.up()[0].commit_after);
    let db = TestDb::new().await;
    let mut migrator = Migrator::connect(db.options(), Options::default())
        .await
        .unwrap();
    let preview = migrator.preview_up(SET, pgbatch::UpTo::All).await.unwrap();
    let ends: Vec<bool> = preview.segments.iter().map(|s| s.commit_after).collect();
    assert_eq!(ends, [true, false], "the dry run shows where it commits");

    let report = migrator.up(SET).await.unwrap();
    assert_eq!(report.batch, Some(1));
    assert_eq!(moods(&db).await, ["happy", "sad"]);
    assert_eq!(
        db.batches().await,
        [(1, 1), (2, 1), (3, 1)],
        "one deploy, one batch"
    );
    // And one `down` reverts all of it (an enum value is not removable: its down is
    // `noop`, the type goes with migration 1).
    migrator.down().await.unwrap();
    assert!(db.tracking().await.is_empty());
    assert!(!db.tables().await.contains(&"people".to_owned()));
    migrator.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_after_the_commit_undoes_the_whole_batch() {
    let db = TestDb::new().await;
    let mut migrator = Migrator::connect(db.options(), Options::default())
        .await
        .unwrap();
    migrator.up(&SET[..1]).await.unwrap();
    let failing = [
        SET[0],
        SET[1],
        Migration::new(3, "raw_value_then_fail", raw_value_then_fail::SCRIPT),
    ];
    let error = migrator.up(&failing).await.unwrap_err();
    let pgbatch::Error::Step(step) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        (step.migration.as_str(), step.step),
        ("003_raw_value_then_fail", 3)
    );
    // 002 and the first step of 003 had committed; both were undone with their downs.
    assert_eq!(
        step.outcome.reverted,
        ["003_raw_value_then_fail", "002_add_happy"]
    );
    assert!(step.outcome.confirmed);
    assert_eq!(step.outcome.applied, Vec::<String>::new());
    assert!(
        error
            .to_string()
            .contains("batch 2 was undone: 003_raw_value_then_fail, 002_add_happy had committed and were reverted with their down steps; nothing of the batch remains"),
        "{error}"
    );
    assert_eq!(db.batches().await, [(1, 1)]);
    assert_eq!(moods(&db).await, ["ok", "sad"]);
    migrator.close().await;
}
