//! Migration sets for the tests, written with the real `migration!` macro, and looked
//! up by name so the fixture binary can run the CLI over any of them.
//!
//! Each migration is written once, below; the sets list them by number and name.

use pgbatch::Migration;

/// One module per migration, each holding the `SCRIPT` that `migration!` expands to.
macro_rules! migrations {
    ($($name:ident { $($body:tt)* })*) => {
        $(#[allow(missing_docs)] pub mod $name { ::pgbatch::migration! { $($body)* } })*
    };
}

migrations! {
    create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    create_b {
        up { sql("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"); }
        down { sql("DROP TABLE b"); }
    }
    // `create_b` edited after it was applied: a different column type.
    create_b_edited {
        up { sql("CREATE TABLE b (id bigint PRIMARY KEY, a_id int REFERENCES a (id))"); }
        down { sql("DROP TABLE b"); }
    }
    create_b_alone { up { sql("CREATE TABLE b (id int PRIMARY KEY)"); } down { sql("DROP TABLE b"); } }
    create_c {
        up { sql("CREATE TABLE c (id int PRIMARY KEY)"); sql("INSERT INTO c VALUES (1), (2)"); }
        down { sql("DROP TABLE c"); }
    }
    // Fails in its second step, with a position on line 2.
    create_c_failing {
        up {
            sql("CREATE TABLE c (id int PRIMARY KEY)");
            sql("INSERT INTO c (id)
                SELECT id FROM nowhere");
        }
        down { sql("DROP TABLE c"); }
    }
    create_d { up { sql("CREATE TABLE d (id int PRIMARY KEY)"); } down { sql("DROP TABLE d"); } }
    // Fails in its second step on a duplicate key, with a detail.
    fill_c_failing {
        up { sql("INSERT INTO c VALUES (3)"); sql("INSERT INTO c VALUES (1)"); }
        down { sql("DELETE FROM c WHERE id = 3"); }
    }
    // No down block: cannot be reverted.
    seed_a { up { sql("INSERT INTO a VALUES (1), (2), (3)"); } irreversible; }
    // Long enough to be interrupted.
    wait { up { sql("SELECT pg_sleep(120)"); } down { sql("SELECT 1"); } }
    // A table with data, then an index built concurrently (outside any transaction).
    create_t {
        createTable("t", { id: "id", email: "text" });
        sql("INSERT INTO t (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 1000) AS g");
        down { sql("DROP TABLE t"); }
    }
    index_t_concurrently { createIndex("t", "email", { concurrently: true }); }
    // The same migration, edited: a unique index instead.
    index_t_concurrently_edited { createIndex("t", "email", { concurrently: true, unique: true }); }
    add_t_note { addColumn("t", { note: "text" }); }
    // Fails on the primary key.
    break_t { sql("INSERT INTO t (id) VALUES (1)"); irreversible; }
    // A concurrent unique index that duplicate data defeats.
    create_dup {
        createTable("dup", { email: "text" });
        sql("INSERT INTO dup VALUES ('a'), ('a')");
        down { sql("DROP TABLE dup"); }
    }
    unique_dup_concurrently { createIndex("dup", "email", { unique: true, concurrently: true }); }
    // A table whose down is broken, so undoing a failed batch fails too.
    create_u { createTable("u", { id: "id", code: "text" }); down { sql("DROP TABLE no_such_table"); } }
    index_u_concurrently { createIndex("u", "code", { concurrently: true }); }
    divide_by_zero { sql("SELECT 1 / 0"); irreversible; }
    // Needs an ACCESS EXCLUSIVE lock on the loaded table `big`.
    note_big { addColumn("big", { note: "text" }); }
    // Record the lock_timeout each migration runs under.
    seen_own_timeout {
        lockTimeout("42s");
        sql("CREATE TABLE seen AS SELECT 1 AS id, current_setting('lock_timeout') AS value");
        down { sql("DROP TABLE seen"); }
    }
    // Record whether the migrator's own session is encrypted.
    seen_tls {
        sql("CREATE TABLE seen_tls AS SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
        down { sql("DROP TABLE seen_tls"); }
    }
    seen_default_timeout {
        sql("INSERT INTO seen SELECT 2, current_setting('lock_timeout')");
        down { sql("DELETE FROM seen WHERE id = 2"); }
    }
    // Takes a known time, so its recorded duration can be checked.
    sleep_briefly { up { sql("SELECT pg_sleep(0.2)"); } down { sql("SELECT 1"); } }
    // A step long enough for the live progress line at a terminal.
    sleep_long { up { sql("SELECT pg_sleep(1.6)"); } down { sql("SELECT 1"); } }
    // The crash-point set (`tests/tests/crash_points.rs`): transactional and concurrent
    // steps interleaved, a data change, and an enum value added then used.
    crash_create_items {
        createType("mood", ["ok", "sad"]);
        createTable("items", { id: "id", name: "text", mood: "mood" });
        sql("INSERT INTO items (name, mood) SELECT 'item ' || g, 'ok' FROM generate_series(1, 200) AS g");
        down { dropTable("items"); dropType("mood"); }
    }
    // A concurrent step between two transactional ones.
    crash_index_items {
        addColumn("items", { note: "text" });
        createIndex("items", "name", { concurrently: true });
        addColumn("items", { extra: "int" });
    }
    crash_note_even_items {
        sql("UPDATE items SET note = 'x' WHERE id % 2 = 0");
        down { sql("UPDATE items SET note = NULL WHERE id % 2 = 0"); }
    }
    // PostgreSQL cannot drop an enum value: the down rebuilds the type without it.
    crash_add_mood_happy {
        addTypeValue("mood", "happy");
        down {
            sql("ALTER TYPE mood RENAME TO mood_old");
            sql("CREATE TYPE mood AS ENUM ('ok', 'sad')");
            sql("ALTER TABLE items ALTER COLUMN mood TYPE mood USING mood::text::mood");
            sql("DROP TYPE mood_old");
        }
    }
    // Uses the value migration 4 adds, then builds a second index concurrently.
    crash_use_mood_happy {
        sql("UPDATE items SET mood = 'happy' WHERE id = 1");
        createIndex("items", "extra", { concurrently: true });
        down {
            dropIndex("items", "extra", { concurrently: true });
            sql("UPDATE items SET mood = 'ok' WHERE id = 1");
        }
    }
}

const fn m(id: u32, name: &'static str, script: pgbatch::Script) -> Migration {
    Migration::new(id, name, script)
}

const A: Migration = m(1, "create_a", create_a::SCRIPT);
const B: Migration = m(2, "create_b", create_b::SCRIPT);
const C: Migration = m(3, "create_c", create_c::SCRIPT);
const D: Migration = m(4, "create_d", create_d::SCRIPT);
const T: Migration = m(1, "create_t", create_t::SCRIPT);
const T_INDEX: Migration = m(2, "index_t_concurrently", index_t_concurrently::SCRIPT);
const T_NOTE: Migration = m(3, "add_t_note", add_t_note::SCRIPT);
const CRASH_ITEMS: Migration = m(1, "create_items", crash_create_items::SCRIPT);
const CRASH_INDEX: Migration = m(2, "index_items", crash_index_items::SCRIPT);
const CRASH_NOTE: Migration = m(3, "note_even_items", crash_note_even_items::SCRIPT);
const CRASH_HAPPY: Migration = m(4, "add_mood_happy", crash_add_mood_happy::SCRIPT);
const CRASH_USE: Migration = m(5, "use_mood_happy", crash_use_mood_happy::SCRIPT);

/// Every set, by name; `db` is the application's own migrations.
const SETS: &[(&str, &[Migration])] = &[
    ("three", &[A, B, C]),
    ("four", &[A, B, C, D]),
    (
        "third_fails",
        &[A, B, m(3, "create_c", create_c_failing::SCRIPT)],
    ),
    (
        "fifth_fails",
        &[A, B, C, D, m(5, "fill_c", fill_c_failing::SCRIPT)],
    ),
    // `four` with migration 2 edited.
    (
        "edited",
        &[A, m(2, "create_b", create_b_edited::SCRIPT), C, D],
    ),
    // `four` without migration 3.
    ("missing", &[A, B, D]),
    // `four` without migration 2: applying it, then `four`, leaves 2 out of order.
    ("gap", &[A, C]),
    (
        "no_down",
        &[
            A,
            m(2, "seed_a", seed_a::SCRIPT),
            m(3, "create_b", create_b_alone::SCRIPT),
        ],
    ),
    ("slow", &[A, m(2, "wait", wait::SCRIPT)]),
    ("concurrent", &[T, T_INDEX, T_NOTE]),
    (
        "concurrent_edited",
        &[
            T,
            m(
                2,
                "index_t_concurrently",
                index_t_concurrently_edited::SCRIPT,
            ),
            T_NOTE,
        ],
    ),
    (
        "concurrent_fails",
        &[T, T_INDEX, T_NOTE, m(4, "break_t", break_t::SCRIPT)],
    ),
    ("note_big", &[m(1, "note_big", note_big::SCRIPT)]),
    (
        "undo_fails",
        &[
            m(1, "create_u", create_u::SCRIPT),
            m(2, "index_u_concurrently", index_u_concurrently::SCRIPT),
            m(3, "divide_by_zero", divide_by_zero::SCRIPT),
        ],
    ),
    (
        "lock_settings",
        &[
            m(1, "seen_own_timeout", seen_own_timeout::SCRIPT),
            m(2, "seen_default_timeout", seen_default_timeout::SCRIPT),
        ],
    ),
    ("tls", &[m(1, "seen_tls", seen_tls::SCRIPT)]),
    ("sleepy", &[A, m(2, "sleep_briefly", sleep_briefly::SCRIPT)]),
    ("slow_step", &[A, m(2, "sleep_long", sleep_long::SCRIPT)]),
    (
        "unique_fails",
        &[
            m(1, "create_dup", create_dup::SCRIPT),
            m(
                2,
                "unique_dup_concurrently",
                unique_dup_concurrently::SCRIPT,
            ),
        ],
    ),
    // Migrations 1–3 of `crash_mixed`: no enum value added and used in one batch.
    ("crash_mixed_core", &[CRASH_ITEMS, CRASH_INDEX, CRASH_NOTE]),
    // `three`'s first, then one migration no small lock table can hold.
    (
        "lock_hungry",
        &[A, m(2, "lock_hungry", lock_hungry::SCRIPT)],
    ),
    (
        "crash_mixed",
        &[CRASH_ITEMS, CRASH_INDEX, CRASH_NOTE, CRASH_HAPPY, CRASH_USE],
    ),
    // `three`, then the sessions the runner had open while it ran.
    (
        "connections_seen",
        &[A, B, C, m(4, "connections_seen", connections_seen::SCRIPT)],
    ),
];

/// A set by name, for the fixture binary. `generated:N` is N migrations made at run
/// time (see [`generated`]).
pub fn by_name(name: &str) -> Option<&'static [Migration]> {
    if name == "db" {
        return Some(db::MIGRATIONS);
    }
    if let Some(count) = name.strip_prefix("generated:") {
        return count.parse().ok().map(generated);
    }
    SETS.iter()
        .chain(round_trips::SETS)
        .find(|(set, _)| *set == name)
        .map(|(_, migrations)| *migrations)
}

// One migration that records how many sessions of its own application name the
// server has while it runs: a fleet's runner opens one per target at work.
migrations! {
    connections_seen {
        up {
            sql("CREATE TABLE connections_seen AS SELECT count(*) AS n FROM pg_stat_activity
                 WHERE application_name = current_setting('application_name')");
        }
        down { sql("DROP TABLE connections_seen"); }
    }
}

// One migration that takes more locks than a small server's lock table holds: 400
// tables in one statement.
migrations! {
    lock_hungry {
        up {
            sql("DO $$ BEGIN FOR i IN 1..400 LOOP EXECUTE format('CREATE TABLE hungry_%s (id int PRIMARY KEY)', i); END LOOP; END $$");
        }
        down {
            sql("DO $$ BEGIN FOR i IN 1..400 LOOP EXECUTE format('DROP TABLE hungry_%s', i); END LOOP; END $$");
        }
    }
}

// A data migration between two schema changes, for `tests/tests/test_databases.rs`:
// names written whole, then split into first and last, then the whole name dropped.
migrations! {
    create_people {
        up { sql("CREATE TABLE people (id int PRIMARY KEY, full_name text NOT NULL)"); }
        down { sql("DROP TABLE people"); }
    }
    split_people_names {
        up {
            sql("ALTER TABLE people ADD COLUMN first_name text, ADD COLUMN last_name text");
            sql("UPDATE people SET first_name = split_part(full_name, ' ', 1),
                    last_name = nullif(substr(full_name, length(split_part(full_name, ' ', 1)) + 2), '')");
        }
        down { sql("ALTER TABLE people DROP COLUMN first_name, DROP COLUMN last_name"); }
    }
    drop_people_full_name {
        up { sql("ALTER TABLE people DROP COLUMN full_name"); }
        down {
            sql("ALTER TABLE people ADD COLUMN full_name text");
            sql("UPDATE people SET full_name = concat_ws(' ', first_name, last_name)");
        }
    }
}

/// `people`: 1 creates it, 2 is the data migration (whole names split in two), 3 drops
/// the whole name.
pub static PEOPLE_NAMES: &[Migration] = &[
    m(1, "create_people", create_people::SCRIPT),
    m(2, "split_people_names", split_people_names::SCRIPT),
    m(3, "drop_people_full_name", drop_people_full_name::SCRIPT),
];

// After `migrations!` and `m`, which it uses.
mod round_trips;

/// `count` (at most 99,999) migrations made at run time, for the scale benchmarks
/// (`bench/noop.sh`) and tests: migration `i` creates table `gen_i` (`i` in five
/// digits) with a few columns and an index, and its down drops it. The SQL is the size
/// of a typical migration's, so the tracking table holds what a long-lived project's
/// does.
///
/// An application's migrations are static data that cost nothing at start-up, so the
/// benchmark's should cost next to nothing too: one script is encoded with a five-byte
/// placeholder for the id, and each migration's script (and name) is a copy of it with
/// its id written in, all in one buffer.
pub fn generated(count: u32) -> &'static [Migration] {
    const ID: &str = "#####";
    assert!(count < 100_000, "generated migrations have five-digit ids");
    let table = format!("gen_{ID}");
    let step = |sql: String| pgbatch_dsl::sql::Step {
        sql,
        transaction: true,
        commit_after: false,
        origins: Vec::new(),
    };
    let template = pgbatch_dsl::encode::script(
        &pgbatch_dsl::sql::Script {
            up: vec![step(format!(
                "CREATE TABLE {table} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'new',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX {table}_status_idx ON {table} (status, created_at)"
            ))],
            down: Some(vec![step(format!("DROP TABLE {table}"))]),
            // Unique per id, 64 hexadecimal digits as a real checksum.
            checksum: format!("{ID:0>64}"),
            lock_timeout_ms: None,
        },
        None,
    );
    let stamp = |template: &str| -> &'static str {
        let pieces: Vec<&str> = template.split(ID).collect();
        let mut out = String::with_capacity(template.len() * count as usize);
        for id in 1..=count {
            let digits = [10_000, 1_000, 100, 10, 1].map(|place| b'0' + (id / place % 10) as u8);
            let digits = std::str::from_utf8(&digits).expect("ASCII digits");
            for (index, piece) in pieces.iter().enumerate() {
                if index > 0 {
                    out.push_str(digits);
                }
                out.push_str(piece);
            }
        }
        Box::leak(out.into_boxed_str())
    };
    let scripts = stamp(&template);
    let name = format!("create_{table}");
    let names = stamp(&name);
    let migrations: Vec<Migration> = (1..=count)
        .map(|id| {
            let nth = |all: &'static str, length: usize| {
                let at = (id as usize - 1) * length;
                &all[at..at + length]
            };
            Migration::new(
                id,
                nth(names, name.len()),
                pgbatch::Script {
                    __v1: nth(scripts, template.len()),
                },
            )
        })
        .collect();
    Box::leak(migrations.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    /// Each generated migration reads back as its own: its id in its name, its SQL and
    /// its checksum, the checksums all different.
    #[test]
    fn generated_migrations_carry_their_own_ids() {
        let migrations = super::generated(12);
        assert_eq!(migrations.len(), 12);
        let mut checksums = std::collections::BTreeSet::new();
        for (index, migration) in migrations.iter().enumerate() {
            let id = index as u32 + 1;
            assert_eq!(migration.id, id);
            assert_eq!(migration.name, format!("create_gen_{id:05}"));
            let up = migration.script.up();
            assert_eq!(up.len(), 1);
            assert!(
                up[0]
                    .sql
                    .starts_with(&format!("CREATE TABLE gen_{id:05} ("))
            );
            assert!(
                up[0]
                    .sql
                    .ends_with(&format!("ON gen_{id:05} (status, created_at)"))
            );
            let down = migration.script.down().expect("reversible");
            assert_eq!(down[0].sql, format!("DROP TABLE gen_{id:05}"));
            assert_eq!(migration.script.checksum(), format!("{id:064}"));
            checksums.insert(migration.script.checksum());
        }
        assert_eq!(checksums.len(), 12);
    }
}
