//! The runner killed at every round trip of `up`, `down`, `redo` and `reset` (before the
//! server sees it, and after the server answered but before the runner heard; for `up`
//! and `down` also its connection cut under it) leaves a state that tells the truth,
//! and the command run again finishes the job.
//!
//! For each command, a counting run finds its N round trips; then every k in 1..=N, in
//! both modes, runs on a fresh database through [`tests::proxy::Proxy`]. After each
//! crash: the tracking table matches the catalog (or a marker row says the state is
//! part-way, and `status` shows it), no INVALID index without a marker, the test's own
//! data untouched, the data changes visible exactly when recorded, no advisory lock left.
//! Then the recovery command must succeed and reach the command's intended end. Every
//! violation is collected, and the test fails at the end with the full list.
//!
//! The set is `crash_mixed`; `CRASH_SET=crash_mixed_core` runs its first three
//! migrations only.
#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tests::proxy::{Mode, Proxy, Run};

#[path = "crash_points/invariants.rs"]
mod invariants;

use invariants::{
    CATALOG, KEEP, KEEP_DIGEST, Violation, check_crashed, check_end, scalar, state, violation,
};
use tests::{TestDb, cli};
use tokio_postgres::Client;

/// How many crash points run at once (the machine has two cores).
const PARALLEL: usize = 3;
/// How long a runner or a backend may take before the test gives up on it.
const PATIENCE: Duration = Duration::from_secs(60);

/// The commands crashed, each with the command that recovers from its crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scenario {
    Up,
    Down,
    /// `down` crashed, and then the deploy pipeline runs `up`: it finishes (or drops,
    /// when nothing of it ran) the interrupted revert and applies what is pending.
    DownThenUp,
    Redo,
    Reset,
}

impl Scenario {
    const ALL: [Scenario; 5] = [
        Scenario::Up,
        Scenario::Down,
        Scenario::DownThenUp,
        Scenario::Redo,
        Scenario::Reset,
    ];

    fn name(self) -> &'static str {
        match self {
            Scenario::Up => "up",
            Scenario::Down => "down",
            Scenario::DownThenUp => "down, recovered by up",
            Scenario::Redo => "redo",
            Scenario::Reset => "reset",
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Scenario::Up => &["up"],
            Scenario::Down | Scenario::DownThenUp => &["down"],
            Scenario::Redo => &["redo"],
            Scenario::Reset => &["reset", "--yes"],
        }
    }

    /// Whether the command starts from every migration applied (else from nothing).
    fn starts_applied(self) -> bool {
        self != Scenario::Up
    }

    /// Whether the connection is also cut under a living runner, whose message must
    /// then say what to run.
    fn cut_too(self) -> bool {
        matches!(self, Scenario::Up | Scenario::Down)
    }

    fn recovery(self) -> &'static [&'static str] {
        match self {
            Scenario::Up | Scenario::Redo | Scenario::DownThenUp => &["up"],
            Scenario::Down => &["down"],
            Scenario::Reset => &["reset", "--yes"],
        }
    }
}

/// What every crash point shares.
#[derive(Debug)]
struct Setup {
    set: String,
    migrations: usize,
    upstream: SocketAddr,
    /// The catalog's fingerprint with migrations 1..=i applied, for each i from 0.
    references: Vec<String>,
}

/// Polls until no backend of the runner (`application_name` migrator) is left in the
/// database; false if one is still there at the deadline.
async fn runner_gone(client: &Client) -> bool {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let gone: bool = scalar(
            client,
            "SELECT count(*) = 0 FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'migrator'
               AND pid <> pg_backend_pid()",
        )
        .await;
        if gone {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Runs the command line on `db` directly (no proxy), without blocking the runtime.
async fn cli_run(db: &TestDb, set: &str, args: &[&str]) -> std::process::Output {
    let mut command = cli::command(db, set);
    command.args(args);
    tokio::process::Command::from(command)
        .output()
        .await
        .unwrap()
}

/// Settings that reach `db` through the proxy on `port`, in the clear.
fn through(db: &TestDb, port: u16) -> String {
    let config = db.options().as_config();
    let mut url = format!("host=127.0.0.1 port={port} sslmode=disable");
    if let Some(user) = config.get_user() {
        url += &format!(" user='{user}'");
    }
    if let Some(password) = config.get_password() {
        url += &format!(" password='{}'", String::from_utf8_lossy(password));
    }
    url += &format!(" dbname='{}'", db.name());
    url
}

/// The server's TCP address, which the proxy forwards to.
fn upstream() -> SocketAddr {
    use tokio_postgres::config::Host;
    let config = tests::server().as_config();
    let Some(Host::Tcp(host)) = config.get_hosts().first() else {
        panic!("the crash-point proxy needs a server reached over TCP");
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    (host.as_str(), port)
        .to_socket_addrs()
        .unwrap()
        .next()
        .unwrap()
}

/// A fresh database with `keep`, and every migration applied when `scenario` starts
/// from there; `Err` with the reason when that setup fails.
async fn prepared(setup: &Setup, scenario: Scenario) -> Result<(TestDb, Client), String> {
    let db = TestDb::new().await;
    let client = db.client().await;
    client.batch_execute(KEEP).await.unwrap();
    if scenario.starts_applied() {
        let output = cli_run(&db, &setup.set, &["up"]).await;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            drop_db(db).await;
            return Err(format!("the uncrashed `up` before it fails: {stderr}"));
        }
        if !runner_gone(&client).await {
            drop(client);
            drop_db(db).await;
            return Err("the uncrashed `up`'s backend never went away".to_owned());
        }
    }
    Ok((db, client))
}

async fn drop_db(db: TestDb) {
    // Dropping a database blocks; keep it off the runtime's workers.
    tokio::task::spawn_blocking(move || drop(db)).await.unwrap();
}

/// The catalog with migrations 1..=i applied, for i = 0..=migrations: applied one
/// migration at a time (`up --to i`) on one database.
async fn references(set: &str, migrations: usize) -> Vec<String> {
    let db = TestDb::new().await;
    let client = db.client().await;
    client.batch_execute(KEEP).await.unwrap();
    let mut references = vec![scalar(&client, CATALOG).await];
    for i in 1..=migrations {
        let output = cli_run(&db, set, &["up", "--to", &i.to_string()]).await;
        assert!(
            output.status.success(),
            "reference `up --to {i}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        references.push(scalar(&client, CATALOG).await);
    }
    drop(client);
    drop_db(db).await;
    references
}

/// Runs `scenario`'s command on `db` through `proxy`.
async fn run_through(proxy: &Proxy, setup: &Setup, db: &TestDb, scenario: Scenario) -> Run {
    let mut command = cli::bare(&setup.set);
    command
        .arg("--database-url")
        .arg(through(db, proxy.port()))
        .args(scenario.args());
    proxy.run(command, PATIENCE).await
}

/// How many round trips `scenario` makes when nothing crashes; `Err` when it fails.
async fn count(setup: &Setup, scenario: Scenario) -> Result<u64, String> {
    let (db, _client) = prepared(setup, scenario).await?;
    let proxy = Proxy::start(setup.upstream, None);
    let run = run_through(&proxy, setup, &db, scenario).await;
    drop_db(db).await;
    if run.status.success() {
        Ok(proxy.round_trips())
    } else {
        Err(format!(
            "the uncrashed `{}` fails: {}",
            scenario.name(),
            run.stderr.trim()
        ))
    }
}

/// What one crash point found.
#[derive(Debug)]
struct Outcome {
    scenario: Scenario,
    k: u64,
    mode: Mode,
    violations: Vec<Violation>,
    needs_human: bool,
    /// Time spent preparing the database, in the crashed run, and recovering and
    /// checking, for the summary.
    phases: [Duration; 3],
}

/// Crashes `scenario` at round trip `k`, checks, recovers, checks again.
async fn crash_point(setup: Arc<Setup>, scenario: Scenario, k: u64, mode: Mode) -> Outcome {
    let mut outcome = Outcome {
        scenario,
        k,
        mode,
        violations: Vec::new(),
        needs_human: false,
        phases: [Duration::ZERO; 3],
    };
    let mut clock = Instant::now();
    let (db, client) = match prepared(&setup, scenario).await {
        Ok(prepared) => prepared,
        Err(reason) => {
            outcome.violations.push(violation("setup failed", reason));
            return outcome;
        }
    };
    let keep: String = scalar(&client, KEEP_DIGEST).await;
    outcome.phases[0] = clock.elapsed();
    clock = Instant::now();
    let proxy = Proxy::start(setup.upstream, Some((k, mode)));
    let run = run_through(&proxy, &setup, &db, scenario).await;
    drop(proxy);
    if run.timed_out {
        outcome
            .violations
            .push(violation("the runner hung", run.stderr.trim()));
    } else if mode == Mode::Cut {
        // It fails cleanly, or, cut after its work was done (at the lock's release),
        // succeeds; the checks below tell whether the state agrees.
        if run.killed || run.stderr.contains("panicked") {
            outcome.violations.push(violation(
                "a lost connection is not a clean failure",
                format!("exit {}: {}", run.status, run.stderr.trim()),
            ));
        }
    } else if !run.killed {
        outcome.violations.push(violation(
            "the runner was not killed (fewer round trips than counted)",
            format!("it exited with {}: {}", run.status, run.stderr.trim()),
        ));
    }
    if !runner_gone(&client).await {
        outcome
            .violations
            .push(violation("the runner's backend outlived it", ""));
    }
    outcome.phases[1] = clock.elapsed();
    clock = Instant::now();
    let crashed = state(&client).await;
    for mut found in check_crashed(&setup, &db, &crashed, &keep).await {
        found.kind = format!("after the crash: {}", found.kind);
        outcome.violations.push(found);
    }
    // A runner that lost its connection with a batch part-way says what finishes it.
    if mode == Mode::Cut
        && crashed.marked()
        && !run
            .stderr
            .contains(&format!("`{}`", scenario.recovery()[0]))
    {
        outcome.violations.push(violation(
            "after a lost connection, the message does not name the command that finishes",
            run.stderr.trim(),
        ));
    }

    let output = cli_run(&db, &setup.set, scenario.recovery()).await;
    if output.status.success() {
        if !runner_gone(&client).await {
            outcome
                .violations
                .push(violation("the recovery's backend outlived it", ""));
        }
        let end = state(&client).await;
        for mut found in check_end(&setup, scenario, &end, &keep) {
            found.kind = format!("after recovery: {}", found.kind);
            outcome.violations.push(found);
        }
    } else {
        outcome.needs_human = true;
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The engine's message up to its first detail names the kind of refusal.
        let first = stderr.lines().next().unwrap_or_default();
        let kind = first.split(" (SQLSTATE").next().unwrap_or_default();
        outcome.violations.push(violation(
            &format!(
                "needs a human: `{}` fails: {kind}",
                scenario.recovery().join(" ")
            ),
            stderr.trim(),
        ));
    }
    drop(client);
    drop_db(db).await;
    outcome.phases[2] = clock.elapsed();
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_runner_killed_at_any_round_trip_leaves_a_truthful_state_that_the_command_run_again_finishes()
 {
    let started = Instant::now();
    let set = std::env::var("CRASH_SET").unwrap_or_else(|_| "crash_mixed".to_owned());
    let migrations = tests::fixtures::by_name(&set)
        .unwrap_or_else(|| panic!("no fixture set `{set}`"))
        .len();
    let setup = Arc::new(Setup {
        references: references(&set, migrations).await,
        set,
        migrations,
        upstream: upstream(),
    });

    let mut failures: Vec<String> = Vec::new();
    let mut counts = BTreeMap::new();
    for scenario in Scenario::ALL {
        match count(&setup, scenario).await {
            Ok(n) => {
                counts.insert(scenario, n);
            }
            Err(reason) => failures.push(format!("{}: {reason}", scenario.name())),
        }
    }

    let cases: Vec<(Scenario, u64, Mode)> = counts
        .iter()
        .flat_map(|(scenario, n)| {
            let modes: &[Mode] = if scenario.cut_too() {
                &[Mode::Before, Mode::After, Mode::Cut]
            } else {
                &[Mode::Before, Mode::After]
            };
            (1..=*n).flat_map(move |k| modes.iter().map(move |mode| (*scenario, k, *mode)))
        })
        .collect();
    let mut outcomes = Vec::new();
    let mut running = tokio::task::JoinSet::new();
    for (scenario, k, mode) in cases {
        if running.len() >= PARALLEL {
            outcomes.push(running.join_next().await.unwrap().unwrap());
        }
        running.spawn(crash_point(Arc::clone(&setup), scenario, k, mode));
    }
    while let Some(outcome) = running.join_next().await {
        outcomes.push(outcome.unwrap());
    }
    outcomes.sort_by_key(|outcome| (outcome.scenario, outcome.k, outcome.mode as u8));

    eprintln!("crash points over `{}`:", setup.set);
    for (scenario, n) in &counts {
        let mine: Vec<&Outcome> = outcomes
            .iter()
            .filter(|outcome| outcome.scenario == *scenario)
            .collect();
        let humans = mine.iter().filter(|outcome| outcome.needs_human).count();
        let clean = mine
            .iter()
            .filter(|outcome| outcome.violations.is_empty())
            .count();
        eprintln!(
            "  {}: {} crash points ({n} round trips, {} modes), {} recovered, {humans} need a human, {clean} without any violation",
            scenario.name(),
            mine.len(),
            if scenario.cut_too() { 3 } else { 2 },
            mine.len() - humans,
        );
    }
    // Kinds of failure, each with the crash points that show it.
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for outcome in &outcomes {
        let point = format!(
            "{}{}",
            outcome.k,
            match outcome.mode {
                Mode::Before => "b",
                Mode::After => "a",
                Mode::Cut => "c",
            }
        );
        for found in &outcome.violations {
            kinds
                .entry(format!("{}: {}", outcome.scenario.name(), found.kind))
                .or_default()
                .push(point.clone());
            failures.push(format!(
                "{} k={} {:?}: {}: {}",
                outcome.scenario.name(),
                outcome.k,
                outcome.mode,
                found.kind,
                found.detail
            ));
        }
    }
    eprintln!("kinds of failure (k, b = before, a = after, c = connection cut):");
    for (kind, points) in &kinds {
        eprintln!("  {:3} × {kind} [{}]", points.len(), points.join(" "));
    }
    let mut phases = [Duration::ZERO; 3];
    for outcome in &outcomes {
        for (total, phase) in phases.iter_mut().zip(outcome.phases) {
            *total += phase;
        }
    }
    eprintln!(
        "wall time: {:.1?} (summed over crash points: {:.1?} preparing, {:.1?} crashing, {:.1?} checking and recovering)",
        started.elapsed(),
        phases[0],
        phases[1],
        phases[2]
    );
    assert!(
        failures.is_empty(),
        "{} violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
