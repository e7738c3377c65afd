//! The engine's progress: `tracing` events an application's subscriber can capture,
//! and the CLI's lines on stderr with `--verbose`.

use pgbatch::{Migrator, Options, events};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tests::{TestDb, cli, fixtures};
use tracing::instrument::WithSubscriber as _;
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// One captured event: its fields as text (`message` included) and the names of the
/// spans it happened in, outermost first.
#[derive(Debug, Clone)]
struct Captured {
    level: tracing::Level,
    fields: BTreeMap<String, String>,
    spans: Vec<String>,
}

impl Captured {
    fn message(&self) -> &str {
        self.field("message")
    }

    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// A subscriber layer, as an application would write one, that keeps every event.
#[derive(Debug, Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

impl Capture {
    fn events(&self) -> Vec<Captured> {
        self.0.lock().unwrap().clone()
    }

    fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + 'static {
        tracing_subscriber::registry().with(self.clone())
    }

    /// The events with `message`, as `(field, …)` tuples picked by `pick`.
    fn with<T>(&self, message: &str, pick: impl Fn(&Captured) -> T) -> Vec<T> {
        self.events()
            .iter()
            .filter(|event| event.message() == message)
            .map(pick)
            .collect()
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S> tracing_subscriber::Layer<S> for Capture
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_event(&self, event: &tracing::Event<'_>, context: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let spans = context
            .event_scope(event)
            .map(|scope| {
                scope
                    .from_root()
                    .map(|span| span.name().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        self.0.lock().unwrap().push(Captured {
            level: *event.metadata().level(),
            fields,
            spans,
        });
    }
}

fn set(name: &str) -> &'static [pgbatch::Migration] {
    fixtures::by_name(name).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_application_captures_the_engines_events_of_up_and_down() {
    let db = TestDb::new().await;
    let capture = Capture::default();
    let options = db.options().clone();
    async move {
        let mut migrator = Migrator::connect(&options, Options::default())
            .await
            .unwrap();
        migrator.up(set("concurrent")).await.unwrap();
        migrator.down().await.unwrap();
        migrator.close().await;
    }
    .with_subscriber(capture.subscriber())
    .await;

    let batches = capture.with(events::BATCH_STARTED, |event| {
        (
            event.field("batch").to_owned(),
            event.field("direction").to_owned(),
            event.field("migrations").to_owned(),
        )
    });
    assert_eq!(
        batches,
        [
            ("1".to_owned(), "up".to_owned(), "3".to_owned()),
            ("1".to_owned(), "down".to_owned(), "3".to_owned())
        ]
    );
    assert_eq!(capture.with(events::BATCH_FINISHED, |_| ()).len(), 2);
    let finished = capture.with(events::MIGRATION_FINISHED, |event| {
        format!("{} {}", event.field("direction"), event.field("migration"))
    });
    assert_eq!(
        finished,
        [
            "up 001_create_t",
            "up 002_index_t_concurrently",
            "up 003_add_t_note",
            "down 003_add_t_note",
            "down 002_index_t_concurrently",
            "down 001_create_t",
        ]
    );
    // Each migration's duration is an event field too, and matches the tracking table's
    // record of the same run... which `down` removed; so check it is a number.
    for event in capture.events() {
        if event.message() == events::MIGRATION_FINISHED {
            assert!(
                event.field("duration_ms").parse::<u64>().is_ok(),
                "{event:?}"
            );
            assert_eq!(event.level, tracing::Level::INFO);
        }
    }
    // Steps say whether they ran in the batch's transaction, inside their spans.
    let steps = capture.with(events::STEP_STARTED, |event| {
        (
            event.field("migration").to_owned(),
            event.field("step").to_owned(),
            event.field("transactional").to_owned(),
            event.spans.clone(),
        )
    });
    let index_build = steps
        .iter()
        .find(|(migration, ..)| migration == "002_index_t_concurrently")
        .unwrap();
    assert_eq!(index_build.1, "1");
    assert_eq!(index_build.2, "false");
    assert_eq!(index_build.3, ["batch", "step"]);
    assert!(steps.iter().any(|(migration, _, transactional, _)| {
        migration == "001_create_t" && transactional == "true"
    }));
    let sql = capture.with(events::STEP_STARTED, |event| event.field("sql").to_owned());
    assert!(
        sql.iter()
            .any(|sql| sql.starts_with("CREATE INDEX CONCURRENTLY")),
        "{sql:?}"
    );
    assert_eq!(
        capture.with(events::STEP_FINISHED, |_| ()).len(),
        steps.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lock_wait_is_an_event_naming_the_holder() {
    let db = TestDb::new().await;
    let (blocker, pid) = db.hold_migration_lock().await;

    let capture = Capture::default();
    let options = db.options().clone();
    let runner = tokio::spawn(
        async move {
            let mut migrator = Migrator::connect(&options, Options::default())
                .await
                .unwrap();
            let report = migrator.up(set("three")).await;
            migrator.close().await;
            report.map(|report| report.applied.len())
        }
        .with_subscriber(capture.subscriber()),
    );
    // The runner announces its wait before it sleeps between attempts.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while capture.with(events::LOCK_WAITING, |_| ()).is_empty() {
        assert!(std::time::Instant::now() < deadline, "no lock wait event");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let waits = capture.with(events::LOCK_WAITING, |event| {
        (
            event.field("holder_pid").to_owned(),
            event.field("holder_application").to_owned(),
        )
    });
    assert_eq!(waits, [(pid.to_string(), "blocker".to_owned())]);
    assert_eq!(db.tables().await, Vec::<String>::new(), "it waits");
    blocker
        .execute("SELECT pg_advisory_unlock_all()", &[])
        .await
        .unwrap();
    assert_eq!(runner.await.unwrap().unwrap(), 3);
    assert_eq!(capture.with(events::LOCK_ACQUIRED, |_| ()).len(), 1);
    assert_eq!(db.tracking().await.len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_lock_timeout_is_an_event() {
    let db = TestDb::new().await;
    db.load_big().await;
    // A long transaction holds a lock that `note_big`'s ALTER TABLE must wait for.
    let holder = db.client().await;
    holder
        .batch_execute("BEGIN; LOCK TABLE big IN ACCESS SHARE MODE")
        .await
        .unwrap();
    let capture = Capture::default();
    let mut options = Options::default();
    options.lock_timeout = Duration::from_millis(100);
    options.lock_retries = 1;
    let connect = db.options().clone();
    let result = async move {
        let mut migrator = Migrator::connect(&connect, options).await.unwrap();
        let result = migrator.up(set("note_big")).await;
        migrator.close().await;
        result
    }
    .with_subscriber(capture.subscriber())
    .await;
    let error = result.unwrap_err();
    assert!(
        error.to_string().contains("gave up after 2 attempts"),
        "{error}"
    );
    let retries = capture.with(events::LOCK_TIMEOUT_RETRY, |event| {
        (
            event.field("migration").to_owned(),
            event.field("step").to_owned(),
            event.field("retry").to_owned(),
            event.field("retries").to_owned(),
            event.field("pause_ms").to_owned(),
            event.level,
            event.field("attempt_ms").to_owned(),
        )
    });
    // The pause: the 0.5 s base, or four times the attempt when that is longer (a
    // loaded machine stretches the 100 ms attempt), plus up to a quarter of jitter.
    // Both figures are whole milliseconds rounded down, hence the `+ 1`.
    let pauses: Vec<(u64, u64)> = retries
        .iter()
        .map(|retry| (retry.6.parse().unwrap(), retry.4.parse().unwrap()))
        .collect();
    let [(attempt, pause)] = pauses[..] else {
        panic!("{pauses:?}")
    };
    let floor = 500.max(4 * attempt);
    let most = 500.max(4 * (attempt + 1)) * 5 / 4;
    assert!(
        attempt >= 100 && (floor..=most).contains(&pause),
        "attempt {attempt} ms, pause {pause} ms"
    );
    let retries: Vec<_> = retries
        .into_iter()
        .map(|(migration, step, retry, of, _, level, _)| (migration, step, retry, of, level))
        .collect();
    assert_eq!(
        retries,
        [(
            "001_note_big".to_owned(),
            "1".to_owned(),
            "1".to_owned(),
            "1".to_owned(),
            tracing::Level::WARN
        )]
    );
    assert_eq!(capture.with(events::BATCH_FAILED, |_| ()).len(), 1);
    holder.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(db.tracking().await, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_up_and_down_print_each_migration_on_stderr() {
    let db = TestDb::new().await;
    let output = cli::run(&db, "concurrent", &["--verbose", "up"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = cli::succeeded(output, &["--verbose", "up"]);
    for line in [
        "batch 1: applying 3 migrations",
        "applying 001_create_t (2 steps)",
        "  step 1/2: CREATE TABLE",
        "applying 002_index_t_concurrently (1 step)",
        "  step 1/1, outside a transaction: CREATE INDEX CONCURRENTLY",
        "applied 002_index_t_concurrently in ",
        "applied 003_add_t_note in ",
    ] {
        assert!(stderr.contains(line), "no `{line}` in:\n{stderr}");
    }
    // In order, and never on stdout.
    let first = stderr.find("applying 001_create_t").unwrap();
    let last = stderr.find("applied 003_add_t_note").unwrap();
    assert!(first < last, "{stderr}");
    assert!(!stdout.contains("applying"), "{stdout}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);

    let output = cli::run(&db, "concurrent", &["--verbose", "down", "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = cli::succeeded(output, &["--verbose", "down", "--json"]);
    assert!(
        stderr.contains("batch 1: reverting 3 migrations"),
        "{stderr}"
    );
    assert!(stderr.contains("reverted 001_create_t in "), "{stderr}");
    // --json's stdout is the document alone.
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["results"].as_array().unwrap().len(), 3);
    assert_eq!(db.tracking().await, []);

    // Without --verbose, and off a terminal, stderr stays empty.
    let output = cli::run(&db, "concurrent", &["up"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    cli::succeeded(output, &["up"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_a_long_step_shows_a_live_line_that_is_erased_after() {
    let db = TestDb::new().await;
    let mut fixture = cli::command(&db, "slow_step");
    fixture.arg("up");
    let output = cli::at_a_terminal(&fixture);
    let screen = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{screen}");
    let live = "\r\x1b[2Kapplying 002_sleep_long: step 1/1 (SELECT pg_sleep(1.6)) 1.";
    let shown = screen.rfind(live).unwrap_or_else(|| panic!("{screen:?}"));
    // The live line goes before the report is printed.
    let report = screen.find("Applied batch 1").unwrap();
    let erased = screen[shown + 1..]
        .find("\r\x1b[2K")
        .map(|at| at + shown + 1);
    assert!(erased.is_some_and(|at| at < report), "{screen:?}");
    assert!(!screen.contains("applying 001_create_a"), "{screen:?}");
    assert_eq!(db.batches().await, [(1, 1), (2, 1)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn at_a_terminal_a_lock_wait_that_times_out_is_erased_before_the_json_failure() {
    let db = TestDb::new().await;
    let (blocker, _) = db.hold_migration_lock().await;
    // Longer than the second after which the live line appears.
    let mut fixture = cli::command(&db, "three");
    fixture.args(["--lock-wait", "1600ms", "up", "--json"]);
    let output = cli::at_a_terminal(&fixture);
    let screen = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(!output.status.success(), "{screen}");
    let live = "\r\x1b[2Kwaiting for the migration lock held by pid ";
    let shown = screen.rfind(live).unwrap_or_else(|| panic!("{screen:?}"));
    let document = screen
        .find("\"success\": false")
        .unwrap_or_else(|| panic!("{screen:?}"));
    // The live line is erased before the document starts, and not drawn after it.
    let erased = screen[shown + 1..]
        .find("\r\x1b[2K")
        .map(|at| at + shown + 1);
    assert!(erased.is_some_and(|at| at < document), "{screen:?}");
    assert!(shown < document, "{screen:?}");
    assert!(screen.contains("\"kind\": \"lockTimeout\""), "{screen:?}");
    blocker
        .execute("SELECT pg_advisory_unlock_all()", &[])
        .await
        .unwrap();
    assert_eq!(db.tables().await, Vec::<String>::new());
}
