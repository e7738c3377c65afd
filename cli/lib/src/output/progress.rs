//! Progress on stderr from the engine's `tracing` events: with `--verbose`, a line per
//! batch, migration, step, lock wait and retry; at a terminal, a live line once a step
//! or a lock wait has lasted a second (`applying 003_create_posts: step 2/3 (CREATE
//! INDEX CONCURRENTLY …) 4.2s`), erased when it ends. Never on stdout, so `--json`
//! and the reports stay clean.

use crate::output::{count, duration};
use pgbatch::events;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// How long a step or a wait runs before the live line appears.
const QUIET_FOR: Duration = Duration::from_secs(1);
/// How often the live line's clock moves.
const TICK: Duration = Duration::from_millis(200);

/// Shows progress until dropped; the engine's events reach it while it lives.
#[derive(Debug)]
pub(crate) struct Progress {
    shared: Arc<Shared>,
    ticker: Option<JoinHandle<()>>,
    _subscriber: tracing::subscriber::DefaultGuard,
}

/// Starts showing progress for the rest of the command: lines with `verbose`, the
/// live line when stderr is a terminal; nothing at all under `quiet`, nor when neither
/// applies.
pub(crate) fn start(verbose: bool, quiet: bool) -> Option<Progress> {
    let terminal = std::io::stderr().is_terminal();
    if quiet || !(verbose || terminal) {
        return None;
    }
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
    });
    let layer = Lines {
        shared: Arc::clone(&shared),
        verbose,
    };
    let subscriber = tracing_subscriber::registry().with(layer);
    // The CLI runs its commands on one thread, so a default for this thread sees every
    // event of the command.
    let guard = tracing::subscriber::set_default(subscriber);
    let ticker = terminal.then(|| {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || shared.tick())
    });
    Some(Progress {
        shared,
        ticker,
        _subscriber: guard,
    })
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.shared.lock().stopped = true;
        self.shared.wake.notify_all();
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
        }
        self.shared.lock().erase();
    }
}

#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
    /// Wakes the ticker to stop.
    wake: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// What is running, and since when: a step, a lock wait or a pause before a retry.
    activity: Option<(String, Instant)>,
    /// Whether the live line is on the screen.
    shown: bool,
    stopped: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Redraws the live line every tick while an activity has lasted long enough.
    fn tick(&self) {
        let mut state = self.lock();
        while !state.stopped {
            if let Some((text, since)) = &state.activity
                && since.elapsed() >= QUIET_FOR
            {
                let line = format!("{text} {:.1}s", since.elapsed().as_secs_f64());
                // One row only: `\x1b[2K` clears one, so a line that wrapped would leave
                // its first rows behind at each redraw.
                let line = format!("\r\x1b[2K{}", fit(&line, terminal_width()));
                let mut stderr = std::io::stderr().lock();
                let _ = stderr.write_all(line.as_bytes());
                let _ = stderr.flush();
                state.shown = true;
            }
            state = self
                .wake
                .wait_timeout(state, TICK)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

/// The terminal's width in columns: `COLUMNS` when set (as shells and `tput` honour
/// it), else what the terminal on stderr reports, else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse().ok())
        .filter(|columns| *columns > 0)
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stderr())
                .map(|(terminal_size::Width(columns), _)| usize::from(columns))
        })
        .unwrap_or(80)
}

/// `line` cut to fit in `width` columns, ending with `…` when cut. One column is left
/// free, since a terminal may wrap as soon as the last one is written.
fn fit(line: &str, width: usize) -> String {
    let room = width.saturating_sub(1).max(1);
    if line.chars().count() <= room {
        return line.to_owned();
    }
    let mut fitted: String = line.chars().take(room - 1).collect();
    fitted.push('…');
    fitted
}

impl State {
    /// Takes the live line off the screen.
    fn erase(&mut self) {
        if self.shown {
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(b"\r\x1b[2K");
            let _ = stderr.flush();
            self.shown = false;
        }
    }

    /// Prints a line of its own, above the live line.
    fn say(&mut self, line: &str) {
        self.erase();
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

/// The layer that turns events into lines and the live line's activity.
struct Lines {
    shared: Arc<Shared>,
    verbose: bool,
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Lines {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        metadata.target().starts_with("pgbatch")
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut state = self.shared.lock();
        let (activity, line) = describe(&fields);
        match activity {
            Activity::Keep => {}
            Activity::End => {
                state.activity = None;
                state.erase();
            }
            Activity::Begin(text) => {
                state.erase();
                state.activity = Some((text, Instant::now()));
            }
        }
        if self.verbose
            && let Some(line) = line
        {
            state.say(&line);
        }
    }
}

/// What an event does to the live line.
enum Activity {
    Keep,
    End,
    Begin(String),
}

/// An event's fields, by name, as text.
#[derive(Debug, Default)]
struct Fields(HashMap<&'static str, String>);

impl Fields {
    fn text(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    fn number(&self, name: &str) -> u64 {
        self.text(name).parse().unwrap_or(0)
    }

    fn ms(&self, name: &str) -> String {
        duration(Duration::from_millis(self.number(name)))
    }
}

impl tracing::field::Visit for Fields {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }
}

/// The live line's activity and the `--verbose` line for one event.
fn describe(fields: &Fields) -> (Activity, Option<String>) {
    let message = fields.text("message");
    let migration = fields.text("migration");
    let up = fields.text("direction") != "down";
    let (doing, done) = if up {
        ("applying", "applied")
    } else {
        ("reverting", "reverted")
    };
    match message {
        m if m == events::BATCH_STARTED => (
            Activity::Keep,
            Some(format!(
                "batch {}: {doing} {}",
                fields.text("batch"),
                count(fields.number("migrations") as usize, "migration")
            )),
        ),
        m if m == events::MIGRATION_STARTED => (
            Activity::Keep,
            Some(format!(
                "{doing} {migration} ({})",
                count(fields.number("steps") as usize, "step")
            )),
        ),
        m if m == events::STEP_STARTED => {
            let step = format!("step {}/{}", fields.text("step"), fields.text("steps"));
            let sql = fields.text("sql");
            let outside = if fields.text("transactional") == "false" {
                ", outside a transaction"
            } else {
                ""
            };
            (
                Activity::Begin(format!("{doing} {migration}: {step} ({sql})")),
                Some(format!("  {step}{outside}: {sql}")),
            )
        }
        m if m == events::STEP_FINISHED => (Activity::End, None),
        m if m == events::MIGRATION_FINISHED => (
            Activity::End,
            Some(format!(
                "{done} {migration} in {}",
                fields.ms("duration_ms")
            )),
        ),
        m if m == events::BATCH_FINISHED || m == events::BATCH_FAILED => (Activity::End, None),
        m if m == events::LOCK_WAITING => {
            let holder = match fields.number("holder_pid") {
                0 => "another session".to_owned(),
                pid => {
                    let application = match fields.text("holder_application") {
                        "" => String::new(),
                        name => format!(", application `{name}`"),
                    };
                    let from = match fields.text("holder_addr") {
                        "" => String::new(),
                        addr => format!(" from {addr}"),
                    };
                    format!("pid {pid}{application}{from}")
                }
            };
            let text = format!("waiting for the migration lock held by {holder}");
            (
                Activity::Begin(text.clone()),
                Some(format!("{text} (for at most {})", fields.ms("wait_ms"))),
            )
        }
        m if m == events::LOCK_ACQUIRED => (
            Activity::End,
            Some(format!(
                "took the migration lock after {}",
                fields.ms("waited_ms")
            )),
        ),
        m if m == events::LOCK_GAVE_UP => (
            Activity::End,
            Some(format!(
                "gave up waiting for the migration lock after {}",
                fields.ms("waited_ms")
            )),
        ),
        m if m == events::LOCK_TABLE_FULL => {
            let text = format!(
                "the server's lock table filled: committing those {} migrations in two transactions ({} first)",
                fields.text("migrations"),
                fields.text("first")
            );
            (Activity::Begin(text.clone()), Some(text))
        }
        m if m == events::LOCK_TIMEOUT_RETRY => {
            let text = format!(
                "{migration} step {} hit lock_timeout; retry {} of {} in {}",
                fields.text("step"),
                fields.text("retry"),
                fields.text("retries"),
                fields.ms("pause_ms")
            );
            (Activity::Begin(text.clone()), Some(text))
        }
        _ => (Activity::Keep, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(list: &[(&'static str, &str)]) -> Fields {
        Fields(
            list.iter()
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn the_live_line_is_cut_to_the_terminals_width_with_an_ellipsis() {
        let line = "applying 003_create_posts: step 2/3 (CREATE INDEX CONCURRENTLY …) 4.2s";
        assert_eq!(fit(line, 200), line);
        assert_eq!(fit(line, line.chars().count() + 1), line);
        let cut = fit(line, 40);
        assert_eq!(cut, "applying 003_create_posts: step 2/3 (C…");
        assert_eq!(cut.chars().count(), 39);
        let cut = fit(line, line.chars().count());
        assert!(cut.ends_with('…'), "{cut}");
        assert_eq!(cut.chars().count(), line.chars().count() - 1);
        // Characters, not bytes: a multi-byte one is never split.
        assert_eq!(fit("ééééé", 4), "éé…");
        assert_eq!(fit("abc", 0), "…");
        assert_eq!(fit("abc", 1), "…");
    }

    #[test]
    fn events_become_lines_and_a_live_activity() {
        let step = fields(&[
            ("message", events::STEP_STARTED),
            ("migration", "003_create_posts"),
            ("direction", "up"),
            ("step", "2"),
            ("steps", "3"),
            ("transactional", "false"),
            ("sql", "CREATE INDEX CONCURRENTLY …"),
        ]);
        let (activity, line) = describe(&step);
        assert!(matches!(activity, Activity::Begin(text)
            if text == "applying 003_create_posts: step 2/3 (CREATE INDEX CONCURRENTLY …)"));
        assert_eq!(
            line.as_deref(),
            Some("  step 2/3, outside a transaction: CREATE INDEX CONCURRENTLY …")
        );
        let wait = fields(&[
            ("message", events::LOCK_WAITING),
            ("holder_pid", "4242"),
            ("holder_application", "migrator"),
            ("holder_addr", ""),
            ("wait_ms", "60000"),
        ]);
        assert_eq!(
            describe(&wait).1.as_deref(),
            Some(
                "waiting for the migration lock held by pid 4242, application `migrator` (for at most 60.0 s)"
            )
        );
        // Giving up on the lock ends the wait's live line.
        let gave_up = fields(&[("message", events::LOCK_GAVE_UP), ("waited_ms", "1600")]);
        let (activity, line) = describe(&gave_up);
        assert!(matches!(activity, Activity::End));
        assert_eq!(
            line.as_deref(),
            Some("gave up waiting for the migration lock after 1600 ms")
        );
        let done = fields(&[
            ("message", events::MIGRATION_FINISHED),
            ("migration", "001_create_a"),
            ("direction", "down"),
            ("duration_ms", "12"),
        ]);
        assert_eq!(
            describe(&done).1.as_deref(),
            Some("reverted 001_create_a in 12 ms")
        );
    }
}
