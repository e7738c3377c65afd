//! `down` beyond the last batch (`--all`, `--to`, `--batches`) asks for confirmation,
//! as `reset` does; off a terminal it needs `--yes`. Plain `down` never asks.

use tests::{TestDb, cli};

#[tokio::test(flavor = "multi_thread")]
async fn down_beyond_the_last_batch_needs_yes_off_a_terminal() {
    let db = TestDb::new().await;
    cli::ok(&db, "four", &["up", "--to", "2"]);
    cli::ok(&db, "four", &["up"]);
    let applied = [(1, 1), (2, 1), (3, 2), (4, 2)];
    assert_eq!(db.batches().await, applied);

    // The tests' stdin is not a terminal, so nobody can be asked.
    for (args, what) in [
        (&["down", "--all"][..], "revert every migration of "),
        (&["down", "--to", "0"], "revert every migration of "),
        (
            &["down", "--to", "1"],
            "revert every migration applied after 001 of ",
        ),
        (
            &["down", "--batches", "2"],
            "revert the newest 2 batches of ",
        ),
        (
            &["down", "--batches", "2", "--json"],
            "revert the newest 2 batches of ",
        ),
    ] {
        let stderr = cli::fails(&db, "four", args);
        assert!(stderr.contains(&format!("down would {what}")), "{stderr}");
        assert!(
            stderr.contains("; pass --yes to confirm when not at a terminal"),
            "{stderr}"
        );
        assert_eq!(db.batches().await, applied, "{args:?} changed something");
    }

    // The last batch needs no confirmation.
    cli::ok(&db, "four", &["down"]);
    assert_eq!(db.batches().await, [(1, 1), (2, 1)]);
    assert_eq!(db.tables().await, ["a", "b", "migrations"]);

    // --yes (or -y) confirms.
    cli::ok(&db, "four", &["up"]);
    cli::ok(&db, "four", &["down", "--to", "1", "-y"]);
    assert_eq!(db.batches().await, [(1, 1)]);
    cli::ok(&db, "four", &["down", "--all", "--yes"]);
    assert_eq!(db.tracking().await, []);
    assert_eq!(db.tables().await, ["migrations"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_of_down_all_needs_no_confirmation() {
    let db = TestDb::new().await;
    cli::ok(&db, "three", &["up"]);
    let stdout = cli::ok(&db, "three", &["down", "--all", "--dry-run"]);
    assert!(stdout.contains("DROP TABLE c"), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
}
