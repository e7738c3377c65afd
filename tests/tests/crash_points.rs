//! The runner killed at every round trip of `up`, `down`, `redo` and `reset` (before the
//! server sees it, and after the server answered but before the runner heard) leaves a
//! state that tells the truth, and the command run again finishes the job.
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
use tests::proxy::{Mode, Proxy};
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

/// What a database holds, as far as the invariants care.
#[derive(Debug)]
struct State {
    table: bool,
    /// `(id, batch, has a marker)` per tracking row, by id.
    rows: Vec<(i64, i32, bool)>,
    catalog: String,
    invalid_indexes: Vec<String>,
    keep: String,
    /// Rows migration 3 changed, and rows migration 5 changed.
    noted: i64,
    happy: i64,
    advisory_locks: i64,
}

impl State {
    fn marked(&self) -> bool {
        self.rows.iter().any(|(_, _, marker)| *marker)
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|(id, _, _)| *id).collect()
    }
}

/// The test's own rows, there before any migration and never touched by one.
const KEEP: &str = "CREATE TABLE keep (id int PRIMARY KEY, payload text NOT NULL);
    INSERT INTO keep SELECT g, md5(g::text) FROM generate_series(1, 100) AS g";
const KEEP_DIGEST: &str =
    "SELECT count(*)::text || ':' || md5(string_agg(id || payload, ',' ORDER BY id)) FROM keep";

/// The schema `public` without the tracking table and `keep`: relations, columns,
/// indexes (with validity), constraints, types with their enum labels, functions.
const CATALOG: &str = "
WITH rels AS (
    SELECT c.oid, c.relname, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relname NOT IN ('migrations', 'keep')
      AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indexrelid = c.oid
                      AND i.indrelid IN (SELECT oid FROM pg_class
                                         WHERE relname IN ('migrations', 'keep')
                                           AND relnamespace = n.oid))
      AND NOT EXISTS (SELECT FROM pg_depend d JOIN pg_class owner ON owner.oid = d.refobjid
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND owner.relname IN ('migrations', 'keep'))
)
SELECT concat_ws(E'\\n',
    (SELECT string_agg(format('relation %s %s', relname, relkind), E'\\n' ORDER BY relname) FROM rels),
    (SELECT string_agg(format('column %s.%s %s%s%s', r.relname, a.attname,
                              format_type(a.atttypid, a.atttypmod),
                              CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                              ' default ' || pg_get_expr(d.adbin, d.adrelid)),
                       E'\\n' ORDER BY r.relname, a.attnum)
     FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')),
    (SELECT string_agg(format('index %s valid=%s %s', r.relname, i.indisvalid,
                              pg_get_indexdef(i.indexrelid)), E'\\n' ORDER BY r.relname)
     FROM rels r JOIN pg_index i ON i.indexrelid = r.oid),
    (SELECT string_agg(format('constraint %s.%s %s', r.relname, co.conname,
                              pg_get_constraintdef(co.oid)), E'\\n' ORDER BY r.relname, co.conname)
     FROM rels r JOIN pg_constraint co ON co.conrelid = r.oid),
    (SELECT string_agg(format('type %s %s %s', t.typname, t.typtype,
                              (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                               FROM pg_enum e WHERE e.enumtypid = t.oid)), E'\\n' ORDER BY t.typname)
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')),
    (SELECT string_agg(format('function %s', p.oid::regprocedure), E'\\n' ORDER BY 1)
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'))";

async fn scalar<T: for<'a> tokio_postgres::types::FromSql<'a>>(client: &Client, sql: &str) -> T {
    client
        .query_one(sql, &[])
        .await
        .unwrap_or_else(|error| panic!("{error}: {sql}"))
        .get(0)
}

async fn state(client: &Client) -> State {
    let table: bool = scalar(
        client,
        "SELECT to_regclass('public.migrations') IS NOT NULL",
    )
    .await;
    let rows = if table {
        client
            .query(
                "SELECT id, batch, interrupted IS NOT NULL FROM migrations ORDER BY id",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect()
    } else {
        Vec::new()
    };
    let column = |name: &str| {
        format!(
            "SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass('public.items')
                            AND attname = '{name}' AND NOT attisdropped)"
        )
    };
    let noted = if scalar(client, &column("note")).await {
        scalar(client, "SELECT count(*) FROM items WHERE note = 'x'").await
    } else {
        0
    };
    let happy = if scalar(client, &column("mood")).await {
        scalar(
            client,
            "SELECT count(*) FROM items WHERE mood::text = 'happy'",
        )
        .await
    } else {
        0
    };
    State {
        table,
        rows,
        catalog: scalar(client, CATALOG).await,
        invalid_indexes: client
            .query(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid ORDER BY 1",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect(),
        keep: scalar(client, KEEP_DIGEST).await,
        noted,
        happy,
        advisory_locks: scalar(
            client,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
        .await,
    }
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

/// How many round trips `scenario` makes when nothing crashes; `Err` when it fails.
async fn count(setup: &Setup, scenario: Scenario) -> Result<u64, String> {
    let (db, _client) = prepared(setup, scenario).await?;
    let proxy = Proxy::start(setup.upstream, None);
    let mut command = cli::bare(&setup.set);
    command
        .arg("--database-url")
        .arg(through(&db, proxy.port()))
        .args(scenario.args());
    let run = proxy.run(command, PATIENCE).await;
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

/// The first line where two catalogs differ, to keep a violation short.
fn difference(actual: &str, expected: &str) -> String {
    let mut actual_lines = actual.lines();
    let mut expected_lines = expected.lines();
    loop {
        match (actual_lines.next(), expected_lines.next()) {
            (Some(a), Some(e)) if a == e => continue,
            (a, e) => {
                return format!(
                    "has `{}` where expected `{}`",
                    a.unwrap_or("(nothing)"),
                    e.unwrap_or("(nothing)")
                );
            }
        }
    }
}

/// One invariant broken: its kind (for the summary) and what exactly was seen.
#[derive(Debug)]
struct Violation {
    kind: String,
    detail: String,
}

fn violation(kind: &str, detail: impl Into<String>) -> Violation {
    Violation {
        kind: kind.to_owned(),
        detail: detail.into(),
    }
}

/// The invariants that hold after any crash.
async fn check_crashed(setup: &Setup, db: &TestDb, state: &State, keep: &str) -> Vec<Violation> {
    let mut found = Vec::new();
    if state.marked() {
        let output = cli_run(db, &setup.set, &["status"]).await;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !stdout.contains("interrupted") {
            found.push(violation(
                "a marker row that `status` does not show",
                stdout.trim(),
            ));
        }
    } else {
        check_consistent(setup, state, &mut found);
        if !state.invalid_indexes.is_empty() {
            found.push(violation(
                "an INVALID index without a marker row",
                state.invalid_indexes.join(", "),
            ));
        }
    }
    check_common(state, keep, &mut found);
    found
}

/// Without a marker: the applied migrations are 1..=i, and the catalog and the data
/// are those of exactly these.
fn check_consistent(setup: &Setup, state: &State, found: &mut Vec<Violation>) {
    let ids = state.ids();
    let applied = ids.len();
    let prefix: Vec<i64> = (1..=applied as i64).collect();
    if ids != prefix {
        found.push(violation(
            "applied migrations are not a prefix",
            format!("{ids:?}"),
        ));
        return;
    }
    if state.catalog != setup.references[applied] {
        found.push(violation(
            &format!("catalog is not that of the {applied} migrations recorded"),
            difference(&state.catalog, &setup.references[applied]),
        ));
    }
    for (id, rows, what) in [
        (3, state.noted, "note = 'x'"),
        (5, state.happy, "mood = 'happy'"),
    ] {
        if id > setup.migrations {
            continue;
        }
        let recorded = applied >= id;
        if (rows > 0) != recorded {
            found.push(violation(
                &format!(
                    "the data change of migration {id} is {} though it is {}recorded",
                    if rows > 0 { "there" } else { "missing" },
                    if recorded { "" } else { "not " }
                ),
                format!("{rows} rows with {what}"),
            ));
        }
    }
}

fn check_common(state: &State, keep: &str, found: &mut Vec<Violation>) {
    if state.keep != keep {
        found.push(violation(
            "the table `keep` changed",
            format!("{} instead of {keep}", state.keep),
        ));
    }
    if state.advisory_locks != 0 {
        found.push(violation(
            "an advisory lock held with no runner",
            format!("{} locks", state.advisory_locks),
        ));
    }
}

/// The intended end of `scenario` after its recovery command.
fn check_end(setup: &Setup, scenario: Scenario, state: &State, keep: &str) -> Vec<Violation> {
    let mut found = Vec::new();
    if state.marked() {
        found.push(violation("a marker row left", format!("{:?}", state.rows)));
    }
    if !state.invalid_indexes.is_empty() {
        found.push(violation(
            "an INVALID index left",
            state.invalid_indexes.join(", "),
        ));
    }
    let all: Vec<i64> = (1..=setup.migrations as i64).collect();
    match scenario {
        Scenario::Up | Scenario::Redo | Scenario::DownThenUp if state.ids() != all => {
            found.push(violation(
                "not every migration applied",
                format!("{:?}", state.ids()),
            ));
        }
        Scenario::Up if state.rows.iter().any(|(_, batch, _)| *batch != 1) => {
            let batches: Vec<i32> = state.rows.iter().map(|(_, batch, _)| *batch).collect();
            found.push(violation(
                "not every migration in batch 1",
                format!("batches {batches:?}"),
            ));
        }
        Scenario::Down if !state.rows.is_empty() => found.push(violation(
            "migrations still applied",
            format!("{:?}", state.ids()),
        )),
        Scenario::Reset if state.table => {
            found.push(violation("the tracking table is still there", ""));
        }
        Scenario::Up | Scenario::Redo | Scenario::Down | Scenario::DownThenUp | Scenario::Reset => {
        }
    }
    if !state.marked() {
        check_consistent(setup, state, &mut found);
    }
    check_common(state, keep, &mut found);
    found
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
    let mut command = cli::bare(&setup.set);
    command
        .arg("--database-url")
        .arg(through(&db, proxy.port()))
        .args(scenario.args());
    let run = proxy.run(command, PATIENCE).await;
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
