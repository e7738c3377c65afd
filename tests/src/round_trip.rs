//! Round trips of DSL migrations against PostgreSQL: steps run as the engine runs them,
//! and the derived down checked against `pg_dump --schema-only` before and after.

use crate::TestDb;
use pgbatch::Script;

/// Runs steps as the engine does: transactional ones inside a transaction, others alone.
pub async fn run(db: &TestDb, steps: &[pgbatch::Step]) {
    let client = db.client().await;
    for step in steps {
        let result = if step.transaction {
            client.batch_execute("BEGIN").await.unwrap();
            let result = client.batch_execute(&step.sql).await;
            client
                .batch_execute(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })
                .await
                .unwrap();
            result
        } else {
            client.batch_execute(&step.sql).await
        };
        if let Err(error) = result {
            panic!("step failed: {error:?}\n{}", step.sql);
        }
    }
}

/// `pg_dump --schema-only` of the database.
pub fn schema(db: &TestDb) -> String {
    crate::dump::schema(db, &[])
}

/// Applies `script` to a fresh database holding `base`, checks `after_up` holds,
/// reverts it with the derived down, and checks the schema is back to what it was.
pub async fn round_trip(base: &str, script: Script, after_up: &str) {
    let db = TestDb::new().await;
    db.client().await.batch_execute(base).await.unwrap();
    let before = schema(&db);
    run(&db, &script.up()).await;
    holds(&db, &[after_up]).await;
    assert_ne!(schema(&db), before, "the up changed nothing");
    run(&db, &script.down().expect("reversible")).await;
    let after = schema(&db);
    assert!(
        after == before,
        "the down did not restore the schema:\n{}",
        diff(&before, &after)
    );
}

/// Asserts every query answers `true`.
pub async fn holds(db: &TestDb, checks: &[&str]) {
    let client = db.client().await;
    for check in checks {
        let holds: bool = client.query_one(*check, &[]).await.unwrap().get(0);
        assert!(holds, "does not hold: {check}");
    }
}

/// The lines only in `before` (`-`) and only in `after` (`+`).
pub fn diff(before: &str, after: &str) -> String {
    let lines = |text: &str| {
        text.lines()
            .map(str::to_owned)
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (before, after) = (lines(before), lines(after));
    let gone = before.difference(&after).map(|line| format!("- {line}"));
    let new = after.difference(&before).map(|line| format!("+ {line}"));
    gone.chain(new).collect::<Vec<_>>().join("\n")
}
