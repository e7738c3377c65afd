//! Putting what became of a failed command into its error, as data read back from the
//! tracking table.

use super::Migrator;
use crate::Error;
use crate::error::{Direction, Outcome, Partial};
use crate::table::{self, Load};

impl Migrator {
    /// Completes `outcome` from the tracking table as it is now, for the migrations
    /// `involved` (`(id, label)`): those recorded without a marker stay applied, the
    /// one with a marker is part-way. Leaves `outcome` as the runner knew it, and says
    /// so, when the table cannot be read (a lost connection).
    pub(super) async fn observe(&self, outcome: &mut Outcome, involved: &[(u32, String)]) {
        let Ok(rows) = table::read(&self.client, &self.options.table, Load::Light).await else {
            outcome.confirmed = false;
            return;
        };
        outcome.confirmed = true;
        outcome.applied.clear();
        outcome.partial = None;
        for (id, label) in involved {
            let Some(row) = rows.iter().find(|row| row.id == *id) else {
                continue;
            };
            match &row.interrupted {
                None => outcome.applied.push(label.clone()),
                Some(at) => {
                    let steps = match at.direction {
                        Direction::Up => row.up.as_ref(),
                        Direction::Down => row.down.as_ref(),
                    };
                    outcome.partial = Some(Partial {
                        migration: label.clone(),
                        direction: at.direction,
                        next_step: at.next_step + 1,
                        steps: steps.map_or(0, Vec::len),
                    });
                }
            }
        }
    }
}

/// Puts what happened to the batch into the error: into a step's failure, or around a
/// failed query of the engine's own.
pub(crate) fn with_outcome(error: Error, outcome: Outcome) -> Error {
    match error {
        Error::Step(mut failure) => {
            failure.outcome = outcome;
            Error::Step(failure)
        }
        Error::Database {
            action,
            message,
            source,
        }
        | Error::Batch {
            action,
            message,
            source,
            ..
        } => Error::Batch {
            action,
            message,
            outcome: Box::new(outcome),
            source,
        },
        other => other,
    }
}
