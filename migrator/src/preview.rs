//! Dry runs: what `up` or `down` would run, segment by segment, computed from the same
//! plan and segmentation as a real run, without writing anything.

use crate::execute::{self, Unit};

/// What a command would run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Preview {
    /// The batch it would create (`up`) or revert (`down`); `None` when there is nothing to do.
    pub batch: Option<i32>,
    /// The session's `lock_timeout`, in milliseconds.
    pub lock_timeout_ms: u64,
    /// The session's `statement_timeout`, in milliseconds, if any.
    pub statement_timeout_ms: Option<u64>,
    /// Interrupted migrations `up` would finish first.
    pub would_finish: Vec<String>,
    /// The segments, in order.
    pub segments: Vec<PreviewSegment>,
}

/// A part of the batch that commits at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewSegment {
    /// `true`: in one transaction; `false`: one statement alone, outside any.
    pub transactional: bool,
    /// The steps, in order.
    pub steps: Vec<PreviewStep>,
    /// The migrations whose tracking rows this segment writes (inserts for `up`,
    /// deletes for `down`).
    pub records: Vec<String>,
    /// Whether the segment commits early because its last step adds an enum value,
    /// which later steps can use only once it has committed.
    pub commit_after: bool,
}

/// One step of a preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewStep {
    /// `003_create_posts`.
    pub migration: String,
    /// 1-based step number within the migration.
    pub number: usize,
    /// The migration's number of steps in this direction.
    pub steps: usize,
    /// The migration's own `lock_timeout`, in milliseconds, if it sets one.
    pub lock_timeout_ms: Option<u64>,
    /// The step: its SQL, flags, and where it was written (no origins for downs read
    /// back from the tracking table).
    pub step: crate::Step,
}

/// Lays out `units` as the executor would run them.
pub(crate) fn segments(units: &[Unit<'_>]) -> Vec<PreviewSegment> {
    execute::segments(units)
        .into_iter()
        .map(|segment| PreviewSegment {
            transactional: segment.transactional,
            steps: segment
                .steps
                .iter()
                .map(|&(unit, step)| PreviewStep {
                    migration: units[unit].label.clone(),
                    number: units[unit].first_step + step + 1,
                    steps: units[unit].first_step + units[unit].steps.len(),
                    lock_timeout_ms: units[unit].lock_timeout_ms,
                    step: units[unit].steps[step].clone(),
                })
                .collect(),
            records: segment
                .completes
                .iter()
                .map(|&unit| units[unit].label.clone())
                .collect(),
            commit_after: segment.commit_after,
        })
        .collect()
}
