//! Planning: pure functions from the applied rows and the known migrations to what a
//! command will do, or why it must not.

use crate::error::{Direction, HistoryProblem};
use crate::options::{DownTo, UpTo};
use crate::report::{MigrationStatus, State, Status};
use crate::table::AppliedRow;
use crate::{Allow, Error, Migration};
use std::collections::{BTreeMap, BTreeSet};

/// Checks a list handed to the engine: ids strictly increasing, so unique.
pub(crate) fn validate(migrations: &[Migration]) -> Result<(), Error> {
    for pair in migrations.windows(2) {
        if pair[0].id >= pair[1].id {
            return Err(Error::InvalidMigrations {
                reason: format!(
                    "{} comes before {}; ids must be unique and increasing",
                    pair[0].label(),
                    pair[1].label()
                ),
            });
        }
    }
    Ok(())
}

/// What `up` will apply, as one batch.
#[derive(Debug, Default)]
pub(crate) struct UpPlan<'a> {
    pub(crate) batch: i32,
    pub(crate) migrations: Vec<&'a Migration>,
}

/// Every way the applied history disagrees with the source, in id order.
pub(crate) fn history_problems(
    applied: &[AppliedRow],
    migrations: &[Migration],
) -> Vec<HistoryProblem> {
    let known: BTreeMap<u32, &Migration> = migrations.iter().map(|m| (m.id, m)).collect();
    let applied_ids: BTreeSet<u32> = applied.iter().map(|row| row.id).collect();
    let newest = applied.iter().max_by_key(|row| row.id);
    let mut problems: Vec<(u32, HistoryProblem)> = Vec::new();
    for row in applied {
        match known.get(&row.id) {
            Some(migration) if migration.script.checksum() != row.checksum => problems.push((
                row.id,
                HistoryProblem::Changed {
                    migration: migration.label(),
                },
            )),
            Some(_) => {}
            None => problems.push((
                row.id,
                HistoryProblem::Missing {
                    migration: row.label(),
                },
            )),
        }
    }
    if let Some(newest) = newest {
        for migration in migrations {
            if migration.id < newest.id && !applied_ids.contains(&migration.id) {
                problems.push((
                    migration.id,
                    HistoryProblem::OutOfOrder {
                        migration: migration.label(),
                        newest_applied: newest.label(),
                    },
                ));
            }
        }
    }
    problems.sort_by_key(|(id, _)| *id);
    problems.into_iter().map(|(_, problem)| problem).collect()
}

/// Plans `up`: every pending migration, in id order, as batch max + 1; refused when the
/// history has a problem that `allow` does not tolerate.
pub(crate) fn up<'a>(
    applied: &[AppliedRow],
    migrations: &'a [Migration],
    allow: Allow,
) -> Result<UpPlan<'a>, Error> {
    let problems: Vec<HistoryProblem> = history_problems(applied, migrations)
        .into_iter()
        .filter(|problem| match problem {
            HistoryProblem::Changed { .. } => !allow.changed,
            HistoryProblem::Missing { .. } => !allow.missing,
            HistoryProblem::OutOfOrder { .. } => !allow.out_of_order,
        })
        .collect();
    if !problems.is_empty() {
        return Err(Error::History { problems });
    }
    let applied_ids: BTreeSet<u32> = applied.iter().map(|row| row.id).collect();
    Ok(UpPlan {
        batch: applied.iter().map(|row| row.batch).max().unwrap_or(0) + 1,
        migrations: migrations
            .iter()
            .filter(|migration| !applied_ids.contains(&migration.id))
            .collect(),
    })
}

/// Narrows an `up` plan to its target: up to and including an id, or N migrations.
pub(crate) fn up_to<'a>(
    mut plan: UpPlan<'a>,
    migrations: &[Migration],
    target: UpTo,
) -> Result<UpPlan<'a>, Error> {
    match target {
        UpTo::All => {}
        UpTo::Through(id) => {
            if !migrations.iter().any(|migration| migration.id == id) {
                return Err(Error::InvalidTarget {
                    reason: format!("`--to {id}`: there is no migration {id:03} in the source"),
                });
            }
            plan.migrations.retain(|migration| migration.id <= id);
        }
        UpTo::Steps(steps) => plan.migrations.truncate(steps),
    }
    Ok(plan)
}

/// Plans `down`: the migrations its target covers, newest batch and migration first.
/// `resuming` is a migration whose revert was interrupted: it comes first, and for
/// [`DownTo::LastBatch`] the batch is its own (what is left of the batch whose revert
/// was under way), never an older one.
pub(crate) fn down(
    applied: &[AppliedRow],
    target: DownTo,
    resuming: Option<u32>,
) -> Result<Vec<&AppliedRow>, Error> {
    let marked = resuming.and_then(|id| applied.iter().find(|row| row.id == id));
    let mut batches: Vec<i32> = applied.iter().map(|row| row.batch).collect();
    batches.sort_unstable_by(|a, b| b.cmp(a));
    batches.dedup();
    let rows: Vec<&AppliedRow> = match target {
        DownTo::LastBatch => {
            let batch = marked.map(|row| row.batch).or(batches.first().copied());
            applied
                .iter()
                .filter(|row| Some(row.batch) == batch)
                .collect()
        }
        DownTo::Batches(count) => {
            let newest = &batches[..count.min(batches.len())];
            applied
                .iter()
                .filter(|row| newest.contains(&row.batch))
                .collect()
        }
        DownTo::After(id) => {
            if id != 0 && !applied.iter().any(|row| row.id == id) {
                return Err(Error::InvalidTarget {
                    reason: format!(
                        "`--to {id}`: migration {id:03} is not applied; give an applied migration, or 0 for all"
                    ),
                });
            }
            applied.iter().filter(|row| row.id > id).collect()
        }
        DownTo::All => applied.iter().collect(),
    };
    let rest = rows
        .into_iter()
        .filter(|row| Some(row.id) != resuming)
        .collect();
    let mut ordered: Vec<&AppliedRow> = marked.into_iter().collect();
    ordered.extend(revert_order(rest)?);
    Ok(ordered)
}

/// Plans `reset`: every batch, newest first, each newest migration first; the one whose
/// revert was interrupted (`resuming`) before all.
pub(crate) fn reset(
    applied: &[AppliedRow],
    resuming: Option<u32>,
) -> Result<Vec<&AppliedRow>, Error> {
    down(applied, DownTo::All, resuming)
}

/// Orders rows for reverting (newest batch, then highest id, first) and refuses
/// before anything runs if any lacks down steps.
fn revert_order(mut rows: Vec<&AppliedRow>) -> Result<Vec<&AppliedRow>, Error> {
    rows.sort_by_key(|row| std::cmp::Reverse((row.batch, row.id)));
    let irreversible: Vec<String> = rows
        .iter()
        .filter(|row| row.down.is_none())
        .map(|row| row.label())
        .collect();
    if irreversible.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Irreversible {
            migrations: irreversible,
        })
    }
}

/// Joins the source and the tracking table into one status line per migration.
pub(crate) fn status(applied: &[AppliedRow], migrations: &[Migration]) -> Status {
    let newest = applied.iter().map(|row| row.id).max();
    let rows: BTreeMap<u32, &AppliedRow> = applied.iter().map(|row| (row.id, row)).collect();
    let mut lines: BTreeMap<u32, MigrationStatus> = BTreeMap::new();
    for migration in migrations {
        let state = match rows.get(&migration.id) {
            Some(
                &row @ AppliedRow {
                    interrupted: Some(at),
                    ..
                },
            ) => State::Interrupted {
                batch: row.batch,
                direction: at.direction,
                step: at.next_step + 1,
                steps: Some(match at.direction {
                    Direction::Up => migration.script.up().len(),
                    Direction::Down => row.down.as_ref().map_or(0, Vec::len),
                }),
            },
            Some(row) => State::Applied {
                batch: row.batch,
                executed_at: row.executed_at,
                duration: row.duration,
                changed: row.checksum != migration.script.checksum(),
                reversible: row.reversible,
            },
            None => State::Pending {
                out_of_order: newest.is_some_and(|newest| migration.id < newest),
            },
        };
        lines.insert(
            migration.id,
            MigrationStatus {
                id: migration.id,
                name: migration.name.to_owned(),
                checksum: rows
                    .get(&migration.id)
                    .map_or(migration.script.checksum(), |row| row.checksum.as_str())
                    .to_owned(),
                state,
            },
        );
    }
    for row in applied {
        lines.entry(row.id).or_insert_with(|| MigrationStatus {
            id: row.id,
            name: row.name.clone(),
            checksum: row.checksum.clone(),
            state: match &row.interrupted {
                Some(at) => State::Interrupted {
                    batch: row.batch,
                    direction: at.direction,
                    step: at.next_step + 1,
                    steps: match at.direction {
                        Direction::Up => None,
                        Direction::Down => Some(row.down.as_ref().map_or(0, Vec::len)),
                    },
                },
                None => State::Missing {
                    batch: row.batch,
                    executed_at: row.executed_at,
                },
            },
        });
    }
    let last = lines
        .values()
        .filter_map(|line| match line.state {
            State::Applied { batch, .. } | State::Missing { batch, .. } => Some((batch, line)),
            _ => None,
        })
        .max_by_key(|(batch, line)| (*batch, line.id))
        .map(|(_, line)| line.label());
    Status {
        migrations: lines.into_values().collect(),
        earlier: 0,
        last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::__private::step;
    use crate::Script;
    use std::time::{Duration, SystemTime};

    const DOWN: &[crate::Step] = &[step("DROP TABLE t", true, false)];

    fn migration(id: u32, checksum: &'static str) -> Migration {
        let up = ["1", "CREATE TABLE t ()", "t", "0"];
        let down = ["1", "DROP TABLE t", "t", "0"];
        let fields: Vec<&str> = [checksum, ""].into_iter().chain(up).chain(down).collect();
        Migration::new(
            id,
            "m",
            Script {
                __v1: crate::migration::fields(&fields),
            },
        )
    }

    fn row(id: u32, batch: i32, checksum: &str) -> AppliedRow {
        AppliedRow {
            id,
            name: "m".to_owned(),
            batch,
            checksum: checksum.to_owned(),
            up: None,
            down: Some(DOWN.to_vec()),
            reversible: true,
            executed_at: SystemTime::UNIX_EPOCH,
            duration: Duration::ZERO,
            interrupted: None,
        }
    }

    fn ids(plan: &UpPlan<'_>) -> Vec<u32> {
        plan.migrations.iter().map(|m| m.id).collect()
    }

    #[test]
    fn up_applies_every_pending_migration_as_the_next_batch() {
        let source = [migration(1, "a"), migration(2, "b"), migration(3, "c")];
        let plan = up(&[], &source, Allow::default()).expect("plan");
        assert_eq!((plan.batch, ids(&plan)), (1, vec![1, 2, 3]));
        let applied = [row(1, 1, "a"), row(2, 4, "b")];
        let plan = up(&applied, &source, Allow::default()).expect("plan");
        assert_eq!((plan.batch, ids(&plan)), (5, vec![3]));
    }

    #[test]
    fn up_refuses_every_history_problem_at_once() {
        let source = [migration(1, "a"), migration(2, "b"), migration(4, "d")];
        let applied = [row(1, 1, "CHANGED"), row(3, 1, "c")];
        let error = up(&applied, &source, Allow::default()).expect_err("refused");
        expect_test::expect![[r#"
            the applied history does not match the migrations in the source; nothing was run:
              - migration 001_m was changed after it was applied (checksum differs)
              - migration 002_m is pending but numbered below the newest applied migration 003_m
              - migration 003_m is applied but missing from the source
            restore the original migration files, or write a new migration for a further change"#]]
        .assert_eq(&error.to_string());
    }

    #[test]
    fn allowed_problems_do_not_stop_up() {
        let source = [migration(1, "a"), migration(2, "b"), migration(4, "d")];
        let applied = [row(1, 1, "CHANGED"), row(3, 1, "c")];
        let mut allow = Allow {
            changed: true,
            missing: true,
            ..Allow::default()
        };
        assert!(up(&applied, &source, allow).is_err());
        allow.out_of_order = true;
        let plan = up(&applied, &source, allow).expect("allowed");
        assert_eq!((plan.batch, ids(&plan)), (2, vec![2, 4]));
    }

    #[test]
    fn down_takes_the_newest_batch_newest_first() {
        let applied = [row(1, 1, "a"), row(2, 2, "b"), row(3, 2, "c")];
        let ids = |target| -> Vec<u32> {
            down(&applied, target, None)
                .expect("plan")
                .iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(ids(DownTo::LastBatch), [3, 2]);
        assert_eq!(ids(DownTo::Batches(1)), [3, 2]);
        assert_eq!(ids(DownTo::Batches(5)), [3, 2, 1]);
        assert_eq!(ids(DownTo::After(1)), [3, 2]);
        assert_eq!(ids(DownTo::After(0)), [3, 2, 1]);
        assert_eq!(ids(DownTo::All), [3, 2, 1]);
        assert!(down(&applied, DownTo::After(7), None).is_err());
        let plan: Vec<u32> = reset(&applied, None)
            .expect("plan")
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(plan, [3, 2, 1]);
        assert!(down(&[], DownTo::LastBatch, None).expect("plan").is_empty());
    }

    #[test]
    fn an_interrupted_revert_comes_first_and_keeps_its_batch() {
        // Batch 2's revert died in 002 after 003 was reverted.
        let applied = [row(1, 1, "a"), row(2, 2, "b"), row(4, 2, "d")];
        let ids = |target, resuming| -> Vec<u32> {
            down(&applied, target, resuming)
                .expect("plan")
                .iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(ids(DownTo::LastBatch, Some(2)), [2, 4]);
        assert_eq!(ids(DownTo::All, Some(2)), [2, 4, 1]);
        // The last of its batch: `down` finishes it and stops, not touching batch 1.
        let last = [row(1, 1, "a"), row(2, 2, "b")];
        let plan = down(&last, DownTo::LastBatch, Some(2)).expect("plan");
        assert_eq!(plan.iter().map(|r| r.id).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn down_refuses_a_batch_with_a_migration_without_down() {
        let mut irreversible = row(2, 2, "b");
        irreversible.down = None;
        let applied = [row(1, 1, "a"), irreversible, row(3, 2, "c")];
        let error = down(&applied, DownTo::LastBatch, None).expect_err("refused");
        assert!(matches!(&error, Error::Irreversible { migrations } if migrations == &["002_m"]));
        assert!(down(&applied[..1], DownTo::LastBatch, None).is_ok());
    }

    #[test]
    fn status_joins_source_and_table() {
        let source = [migration(1, "a"), migration(2, "b"), migration(4, "d")];
        let applied = [row(1, 1, "a"), row(3, 1, "c")];
        let status = status(&applied, &source);
        let states: Vec<(u32, &str)> = status
            .migrations
            .iter()
            .map(|line| {
                let state = match line.state {
                    State::Applied { changed: false, .. } => "applied",
                    State::Applied { changed: true, .. } => "changed",
                    State::Pending { out_of_order: true } => "out of order",
                    State::Pending {
                        out_of_order: false,
                    } => "pending",
                    State::Missing { .. } => "missing",
                    State::Interrupted { .. } => "interrupted",
                };
                (line.id, state)
            })
            .collect();
        assert_eq!(
            states,
            [
                (1, "applied"),
                (2, "out of order"),
                (3, "missing"),
                (4, "pending")
            ]
        );
        assert_eq!((status.applied(), status.pending()), (2, 2));
        assert!(!status.is_up_to_date());
    }

    #[test]
    fn validate_rejects_unordered_or_duplicate_ids() {
        assert!(validate(&[migration(1, "a"), migration(2, "b")]).is_ok());
        assert!(validate(&[migration(2, "a"), migration(1, "b")]).is_err());
        assert!(validate(&[migration(1, "a"), migration(1, "b")]).is_err());
    }
}
