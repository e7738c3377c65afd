//! Undoing what a failed `up` had committed: the part-way migration, then the completed
//! ones, newest first, with their downs.

use super::{Migrator, unit};
use crate::error::{Direction, Outcome, Partial, Undo};
use crate::execute::{Failure, Record, Unit};
use crate::{Error, Migration};

impl Migrator {
    /// Undoes what `failure` left of batch `batch` (the `migrations` it planned), and
    /// says what became of them, as the tracking table shows afterwards.
    pub(super) async fn compensate(
        &self,
        batch: i32,
        migrations: &[&Migration],
        failure: &Failure,
    ) -> Outcome {
        let mut outcome = Outcome {
            batch: Some(batch),
            planned: migrations.len(),
            dropped_indexes: failure.dropped_indexes.clone(),
            // What this runner knows; `observe` replaces it with what the table says.
            applied: failure
                .done
                .iter()
                .map(|&i| migrations[i].label())
                .collect(),
            partial: failure.partial.map(|(index, committed)| Partial {
                migration: migrations[index].label(),
                direction: Direction::Up,
                next_step: committed + 1,
                steps: migrations[index].script.up().len(),
            }),
            ..Outcome::default()
        };
        // The part-way one first (its row is a marker, deleted with the revert), then
        // the completed ones, newest first.
        let to_revert: Vec<&Migration> = failure
            .partial
            .map(|(index, _)| index)
            .into_iter()
            .chain(failure.done.iter().rev().copied())
            .map(|index| migrations[index])
            .collect();
        let involved: Vec<(u32, String)> = migrations
            .iter()
            .map(|migration| (migration.id, migration.label()))
            .collect();
        let lost = connection_lost(&failure.error);
        // A step that failed, even for a lost connection, did not commit its segment;
        // a lost COMMIT may have, which only the tracking table can tell.
        if to_revert.is_empty() && (!lost || matches!(failure.error, Error::Step(_))) {
            outcome.undo = Some(Undo::RolledBack);
            self.observe(&mut outcome, &involved).await;
            return outcome;
        }
        if lost {
            // Undoing needs the server; the markers let the next `up` finish instead.
            outcome.undo = Some(Undo::Lost);
            outcome.confirmed = false;
            return outcome;
        }
        if let Some(without) = to_revert.iter().find(|m| !m.script.reversible()) {
            outcome.undo = Some(Undo::Impossible {
                without_down: without.label(),
            });
            self.observe(&mut outcome, &involved).await;
            return outcome;
        }
        let units: Vec<Unit<'_>> = to_revert
            .iter()
            .map(|migration| {
                unit(
                    migration,
                    migration.script.down().unwrap_or_default().into(),
                    Record::Delete(migration.id),
                )
            })
            .collect();
        match self
            .executor()
            .run(batch, Direction::Down, &units, None)
            .await
        {
            Ok(_) => {
                outcome.undo = Some(Undo::Reverted);
                outcome.applied.clear();
                outcome.partial = None;
                outcome.reverted = to_revert.iter().map(|m| m.label()).collect();
            }
            Err(undo) => {
                outcome.reverted = undo.done.iter().map(|&i| to_revert[i].label()).collect();
                outcome.undo = Some(Undo::Failed {
                    at: match &undo.error {
                        Error::Step(step) => step.headline(),
                        other => other.to_string(),
                    },
                });
            }
        }
        self.observe(&mut outcome, &involved).await;
        outcome
    }
}

/// Whether `error` says the connection is gone (closed, an I/O error, or the server
/// ending the session: SQLSTATE 57P01–57P03), rather than that the server refused
/// something.
fn connection_lost(error: &Error) -> bool {
    let source = match error {
        Error::Step(step) => &step.source,
        Error::Database { source, .. } | Error::Batch { source, .. } => source,
        _ => return false,
    };
    match source.as_db_error() {
        Some(db) => db.code().code().starts_with("57P"),
        None => true,
    }
}
