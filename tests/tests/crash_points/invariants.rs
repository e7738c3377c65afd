//! What a database holds after a crash or a recovery, and the invariants it must meet.

use super::{Scenario, Setup, cli_run};
use tests::TestDb;
use tokio_postgres::Client;

/// What a database holds, as far as the invariants care.
#[derive(Debug)]
pub(super) struct State {
    pub(super) table: bool,
    /// `(id, batch, has a marker)` per tracking row, by id.
    pub(super) rows: Vec<(i64, i32, bool)>,
    /// The direction of each marker (`up` or `down`), by id.
    pub(super) markers: Vec<(i64, String)>,
    pub(super) catalog: String,
    pub(super) invalid_indexes: Vec<String>,
    pub(super) keep: String,
    /// Rows migration 3 changed, and rows migration 5 changed.
    pub(super) noted: i64,
    pub(super) happy: i64,
    pub(super) advisory_locks: i64,
}

impl State {
    pub(super) fn marked(&self) -> bool {
        self.rows.iter().any(|(_, _, marker)| *marker)
    }

    fn ids(&self) -> Vec<i64> {
        self.rows.iter().map(|(id, _, _)| *id).collect()
    }
}

/// The test's own rows, there before any migration and never touched by one.
pub(super) const KEEP: &str = "CREATE TABLE keep (id int PRIMARY KEY, payload text NOT NULL);
    INSERT INTO keep SELECT g, md5(g::text) FROM generate_series(1, 100) AS g";
pub(super) const KEEP_DIGEST: &str =
    "SELECT count(*)::text || ':' || md5(string_agg(id || payload, ',' ORDER BY id)) FROM keep";

/// The schema `public` without the tracking table (and its summary) and `keep`: relations, columns,
/// indexes (with validity), constraints, types with their enum labels, functions.
pub(super) const CATALOG: &str = "
WITH rels AS (
    SELECT c.oid, c.relname, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relname NOT IN ('migrations', 'migrations_summary', 'keep')
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
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.proname <> 'migrations_summarize'))";

pub(super) async fn scalar<T: for<'a> tokio_postgres::types::FromSql<'a>>(
    client: &Client,
    sql: &str,
) -> T {
    client
        .query_one(sql, &[])
        .await
        .unwrap_or_else(|error| panic!("{error}: {sql}"))
        .get(0)
}

pub(super) async fn state(client: &Client) -> State {
    let table: bool = scalar(
        client,
        "SELECT to_regclass('public.migrations') IS NOT NULL",
    )
    .await;
    // One read of the tracking table: each row, and its marker's direction if any.
    let tracked: Vec<(i64, i32, Option<String>)> = if table {
        client
            .query(
                "SELECT id, batch,
                        CASE WHEN interrupted IS NOT NULL
                             THEN coalesce(interrupted ->> 'direction', 'up') END
                 FROM migrations ORDER BY id",
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
    let rows = tracked
        .iter()
        .map(|(id, batch, marker)| (*id, *batch, marker.is_some()))
        .collect();
    let markers = tracked
        .into_iter()
        .filter_map(|(id, _, marker)| marker.map(|direction| (id, direction)))
        .collect();
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
        markers,
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

/// The first line where two catalogs differ, to keep a violation short.
pub(super) fn difference(actual: &str, expected: &str) -> String {
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
pub(super) struct Violation {
    pub(super) kind: String,
    pub(super) detail: String,
}

pub(super) fn violation(kind: &str, detail: impl Into<String>) -> Violation {
    Violation {
        kind: kind.to_owned(),
        detail: detail.into(),
    }
}

/// The invariants that hold after any crash.
pub(super) async fn check_crashed(
    setup: &Setup,
    db: &TestDb,
    state: &State,
    keep: &str,
) -> Vec<Violation> {
    let mut found = Vec::new();
    if state.marked() {
        // `status` shows each marker, with the command that finishes it.
        let output = cli_run(db, &setup.set, &["status"]).await;
        let stdout = String::from_utf8_lossy(&output.stdout);
        for (id, direction) in &state.markers {
            let line = stdout
                .lines()
                .find(|line| line.contains(&format!(" {id:03}_")))
                .unwrap_or_default();
            let told = match direction.as_str() {
                "down" => {
                    line.contains("revert interrupted") && line.contains("`down` finishes it")
                }
                _ => line.contains("interrupted at step") && line.contains("`up` finishes it"),
            };
            if !told {
                found.push(violation(
                    &format!("a marker ({direction}) that `status` does not show as such"),
                    stdout.trim(),
                ));
            }
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
pub(super) fn check_consistent(setup: &Setup, state: &State, found: &mut Vec<Violation>) {
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

pub(super) fn check_common(state: &State, keep: &str, found: &mut Vec<Violation>) {
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
pub(super) fn check_end(
    setup: &Setup,
    scenario: Scenario,
    state: &State,
    keep: &str,
) -> Vec<Violation> {
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
