//! What became of a command that failed part-way: as data, and in words.

use super::Direction;

/// What became of the migrations of a command that failed part-way, as data; its
/// `Display` is the account in words. The lists are read back from the tracking table
/// after the failure when the connection allows (`confirmed`). Migrations the command
/// never got to are in none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outcome {
    /// Whether the command was applying (`up`) or reverting (`down`, `reset`).
    pub direction: Direction,
    /// The batch the command was applying or reverting.
    pub batch: Option<i32>,
    /// How many migrations the command set out to run.
    pub planned: usize,
    /// Migrations this command applied that stay applied.
    pub applied: Vec<String>,
    /// Migrations this command reverted: for `down`, those reverted before the
    /// failure; for `up`, those it had applied and then undid with their downs.
    pub reverted: Vec<String>,
    /// The migration left part-way, with a marker the next run finishes it from.
    pub partial: Option<Partial>,
    /// Invalid indexes left by a failed concurrent build, dropped.
    pub dropped_indexes: Vec<String>,
    /// For a failed `up`: what undoing its batch did.
    pub undo: Option<Undo>,
    /// Whether `applied` and `partial` were read back from the tracking table after
    /// the failure; `false` when that failed too (a lost connection): they then say
    /// what this runner knew.
    pub confirmed: bool,
}

/// A migration some of whose steps committed, and the marker that says how far.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Partial {
    /// `002_index_posts`.
    pub migration: String,
    /// Whether it was being applied or reverted.
    pub direction: Direction,
    /// The step (1-based) the next run starts from.
    pub next_step: usize,
    /// Its number of steps in that direction.
    pub steps: usize,
}

/// What a failed `up` did with the part of its batch that had committed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Undo {
    /// Nothing had committed: the transaction rolled back.
    RolledBack,
    /// Everything that had committed was reverted with its downs.
    Reverted,
    /// Not attempted: this migration has no down steps.
    Impossible {
        /// `002_seed_users`.
        without_down: String,
    },
    /// Not attempted: the connection was lost. What had committed stays, with the
    /// markers that let `up` finish the batch.
    Lost,
    /// Undoing failed too, at this step.
    Failed {
        /// The failure's headline: `001_create_u failed (down, step 1 of 1): …`.
        at: String,
    },
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let batch = self
            .batch
            .map_or_else(String::new, |batch| format!(" {batch}"));
        let list = |labels: &[String]| labels.join(", ");
        let mut parts: Vec<String> = Vec::new();
        match &self.undo {
            Some(Undo::RolledBack) => parts.push(match self.planned {
                1 => format!("batch{batch} was rolled back; its migration was not applied"),
                n => {
                    format!("batch{batch} was rolled back; none of its {n} migrations was applied")
                }
            }),
            Some(Undo::Reverted) => {
                let one = self.reverted.len() == 1;
                parts.push(format!(
                    "batch{batch} was undone: {} had committed and {} reverted with {} down steps; nothing of the batch remains",
                    list(&self.reverted),
                    if one { "was" } else { "were" },
                    if one { "its" } else { "their" },
                ));
            }
            Some(Undo::Impossible { without_down }) => parts.push(format!(
                "batch{batch} cannot be undone: {without_down} has no down steps"
            )),
            Some(Undo::Lost) => parts.push(format!(
                "the connection was lost, so batch{batch} was not undone: what had committed stays, and `up` finishes the batch"
            )),
            Some(Undo::Failed { at }) => {
                if !self.reverted.is_empty() {
                    parts.push(format!(
                        "undoing batch{batch} reverted {}",
                        list(&self.reverted)
                    ));
                }
                parts.push(format!("then undoing failed too, at {at}\n"));
            }
            None if self.reverted.is_empty() && self.partial.is_none() && self.confirmed => {
                parts.push("the revert was rolled back; nothing was reverted".to_owned());
            }
            None if !self.reverted.is_empty() => parts.push(format!(
                "reverted before the failure: {}",
                list(&self.reverted)
            )),
            None => {}
        }
        if !self.dropped_indexes.is_empty() {
            parts.push(format!(
                "the invalid index {} left by the failed build was dropped",
                list(&self.dropped_indexes)
            ));
        }
        if matches!(
            self.undo,
            Some(Undo::Impossible { .. } | Undo::Failed { .. } | Undo::Lost)
        ) || (self.undo.is_none() && !self.applied.is_empty())
        {
            parts.push(format!(
                "still applied: {}; the tracking table lists exactly the migrations that remain",
                if self.applied.is_empty() {
                    "none".to_owned()
                } else {
                    list(&self.applied)
                }
            ));
        }
        if let Some(partial) = &self.partial {
            parts.push(partial.to_string());
        }
        if !self.confirmed {
            parts.push(match self.direction {
                Direction::Up => "the tracking table could not be read back after the failure: `status` shows where each migration stands, and `up` finishes a part-way migration",
                Direction::Down => "the tracking table could not be read back after the failure: `status` shows where each migration stands, and `down` finishes a part-way revert (`up` applies everything again instead)",
            }.to_owned());
        }
        // "then undoing failed too, at …\n" runs straight into what follows.
        let mut text = String::new();
        for part in parts {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push_str("; ");
            }
            text.push_str(&part);
        }
        f.write_str(&text)
    }
}

impl std::fmt::Display for Partial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.direction {
            Direction::Up => write!(
                f,
                "{} is part-way: its steps before step {} of {} committed and the tracking table marks it so; fix the cause and run `up`, which finishes it",
                self.migration, self.next_step, self.steps
            ),
            Direction::Down => write!(
                f,
                "{} is part-way reverted: its down steps before step {} of {} committed and the tracking table marks it so; fix the cause and run `down`, which finishes the revert",
                self.migration, self.next_step, self.steps
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(list: &[&str]) -> Vec<String> {
        list.iter().map(|label| (*label).to_owned()).collect()
    }

    #[test]
    fn the_account_is_rendered_from_the_data() {
        let base = Outcome {
            batch: Some(4),
            planned: 3,
            confirmed: true,
            ..Outcome::default()
        };
        let partial = |direction| Partial {
            migration: "003_c".to_owned(),
            direction,
            next_step: 2,
            steps: 3,
        };
        let cases = [
            Outcome {
                undo: Some(Undo::RolledBack),
                ..base.clone()
            },
            Outcome {
                undo: Some(Undo::Reverted),
                reverted: labels(&["002_b", "001_a"]),
                dropped_indexes: labels(&["public.t_idx"]),
                ..base.clone()
            },
            Outcome {
                undo: Some(Undo::Impossible {
                    without_down: "002_b".to_owned(),
                }),
                applied: labels(&["001_a", "002_b"]),
                partial: Some(partial(Direction::Up)),
                ..base.clone()
            },
            Outcome {
                undo: Some(Undo::Failed {
                    at: "001_a failed (down, step 1 of 1): boom".to_owned(),
                }),
                reverted: labels(&["002_b"]),
                applied: labels(&["001_a"]),
                ..base.clone()
            },
            Outcome {
                undo: Some(Undo::Lost),
                applied: labels(&["001_a"]),
                partial: Some(partial(Direction::Up)),
                confirmed: false,
                ..base.clone()
            },
            Outcome {
                direction: Direction::Down,
                reverted: labels(&["004_d"]),
                partial: Some(partial(Direction::Down)),
                ..base.clone()
            },
            Outcome {
                direction: Direction::Down,
                confirmed: false,
                ..base.clone()
            },
            base.clone(),
        ];
        let text: Vec<String> = cases.iter().map(ToString::to_string).collect();
        expect_test::expect![[r#"
            batch 4 was rolled back; none of its 3 migrations was applied
            batch 4 was undone: 002_b, 001_a had committed and were reverted with their down steps; nothing of the batch remains; the invalid index public.t_idx left by the failed build was dropped
            batch 4 cannot be undone: 002_b has no down steps; still applied: 001_a, 002_b; the tracking table lists exactly the migrations that remain; 003_c is part-way: its steps before step 2 of 3 committed and the tracking table marks it so; fix the cause and run `up`, which finishes it
            undoing batch 4 reverted 002_b; then undoing failed too, at 001_a failed (down, step 1 of 1): boom
            still applied: 001_a; the tracking table lists exactly the migrations that remain
            the connection was lost, so batch 4 was not undone: what had committed stays, and `up` finishes the batch; still applied: 001_a; the tracking table lists exactly the migrations that remain; 003_c is part-way: its steps before step 2 of 3 committed and the tracking table marks it so; fix the cause and run `up`, which finishes it; the tracking table could not be read back after the failure: `status` shows where each migration stands, and `up` finishes a part-way migration
            reverted before the failure: 004_d; 003_c is part-way reverted: its down steps before step 2 of 3 committed and the tracking table marks it so; fix the cause and run `down`, which finishes the revert
            the tracking table could not be read back after the failure: `status` shows where each migration stands, and `down` finishes a part-way revert (`up` applies everything again instead)
            the revert was rolled back; nothing was reverted"#]]
        .assert_eq(&text.join("\n"));
    }
}
