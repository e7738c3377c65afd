//! How a batch's steps are grouped into segments: runs of steps that commit together.

use super::Unit;

/// A run of steps that commit together: in one transaction, or one step alone.
#[derive(Debug)]
pub(crate) struct Segment {
    pub(crate) transactional: bool,
    /// `(unit, step)` pairs, in order.
    pub(crate) steps: Vec<(usize, usize)>,
    /// Units whose last step is in this segment: their records commit with it.
    pub(crate) completes: Vec<usize>,
    /// Whether the segment commits early because its last step adds an enum value
    /// (see [`Step::commit_after`](crate::Step::commit_after)).
    pub(crate) commit_after: bool,
}

impl Segment {
    /// The `(unit, step)` at which the segment starts: its first step, or, for a
    /// segment of empty units only, the first of them.
    pub(crate) fn start(&self) -> (usize, usize) {
        self.steps
            .first()
            .copied()
            .unwrap_or_else(|| (self.completes[0], 0))
    }
}

/// Splits units into segments. Consecutive transactional steps share one, across
/// migrations, until a step that must commit before the next runs; each other step
/// stands alone.
pub(crate) fn segments(units: &[Unit<'_>]) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    for (unit, definition) in units.iter().enumerate() {
        for (step, definition) in definition.steps.iter().enumerate() {
            match segments.last_mut() {
                Some(open)
                    if open.transactional && !open.commit_after && definition.transaction =>
                {
                    open.steps.push((unit, step));
                }
                _ => segments.push(Segment {
                    transactional: definition.transaction,
                    steps: vec![(unit, step)],
                    completes: Vec::new(),
                    commit_after: false,
                }),
            }
            if definition.commit_after
                && let Some(last) = segments.last_mut()
            {
                last.commit_after = true;
            }
        }
        match segments.last_mut() {
            Some(last) if last.transactional || !definition.steps.is_empty() => {
                last.completes.push(unit);
            }
            _ => segments.push(Segment {
                transactional: true,
                steps: Vec::new(),
                completes: vec![unit],
                commit_after: false,
            }),
        }
    }
    segments
}

/// Splits a transactional segment that completes two or more units in two, after the
/// unit that completes halfway: the first part commits the units up to it, the second
/// the rest (and keeps the segment's early commit). For a transaction that filled the
/// server's lock table: each part takes about half its locks. `None` when the segment
/// completes fewer than two units, so cannot be split between migrations.
pub(crate) fn split(segment: &Segment) -> Option<(Segment, Segment)> {
    if !segment.transactional || segment.completes.len() < 2 {
        return None;
    }
    let last_of_first = segment.completes[segment.completes.len() / 2 - 1];
    let (first, second): (Vec<_>, Vec<_>) = segment
        .steps
        .iter()
        .partition(|(unit, _)| *unit <= last_of_first);
    let (done_first, done_second): (Vec<_>, Vec<_>) = segment
        .completes
        .iter()
        .partition(|unit| **unit <= last_of_first);
    Some((
        Segment {
            transactional: true,
            steps: first,
            completes: done_first,
            commit_after: false,
        },
        Segment {
            transactional: true,
            steps: second,
            completes: done_second,
            commit_after: segment.commit_after,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Step;
    use crate::execute::Record;

    fn unit(steps: &[Step]) -> Unit<'_> {
        Unit {
            label: String::new(),
            steps: steps.into(),
            first_step: 0,
            record: Record::Delete(0),
            lock_timeout_ms: None,
        }
    }

    const fn step(transaction: bool, commit_after: bool) -> Step {
        crate::__private::step("SELECT 1", transaction, commit_after)
    }
    const T: Step = step(true, false);
    const C: Step = step(false, false);
    const V: Step = step(true, true);

    /// A segment as `(transactional, (unit, step) pairs, units completed)`.
    type Shape = (bool, Vec<(usize, usize)>, Vec<usize>);

    fn shape(units: &[Unit<'_>]) -> Vec<Shape> {
        segments(units)
            .into_iter()
            .map(|segment| (segment.transactional, segment.steps, segment.completes))
            .collect()
    }

    #[test]
    fn transactional_steps_share_a_segment_and_others_stand_alone() {
        // [create table, concurrent index], [add column], [], [concurrent index]
        let (first, second, third, fourth) = ([T, C], [T], [], [C]);
        let units = [unit(&first), unit(&second), unit(&third), unit(&fourth)];
        assert_eq!(
            shape(&units),
            [
                (true, vec![(0, 0)], vec![]),
                (false, vec![(0, 1)], vec![0]),
                (true, vec![(1, 0)], vec![1, 2]),
                (false, vec![(3, 0)], vec![3]),
            ]
        );
        let (first, second) = ([T, T], [T]);
        let all_transactional = [unit(&first), unit(&second)];
        assert_eq!(
            shape(&all_transactional),
            [(true, vec![(0, 0), (0, 1), (1, 0)], vec![0, 1])]
        );
        assert_eq!(shape(&[unit(&[])]), [(true, vec![], vec![0])]);
    }

    #[test]
    fn a_segment_splits_between_migrations_halfway() {
        // [create table, concurrent index], [t, t], [t], [], [t, enum value]
        let (first, second, third, fourth, fifth) = ([T, C], [T, T], [T], [], [T, V]);
        let units = [
            unit(&first),
            unit(&second),
            unit(&third),
            unit(&fourth),
            unit(&fifth),
        ];
        let all = segments(&units);
        assert!(split(&all[0]).is_none(), "completes nothing");
        assert!(split(&all[1]).is_none(), "runs alone");
        let (a, b) = split(&all[2]).expect("four units");
        assert_eq!(
            (a.steps, a.completes, a.commit_after),
            (vec![(1, 0), (1, 1), (2, 0)], vec![1, 2], false)
        );
        assert_eq!(
            (b.steps, b.completes, b.commit_after),
            (vec![(4, 0), (4, 1)], vec![3, 4], true)
        );
        // A part splits again, down to one migration.
        let (c, d) = split(&split(&all[2]).unwrap().0).unwrap();
        assert!(split(&c).is_none());
        assert_eq!((c.completes, d.completes), (vec![1], vec![2]));
    }

    #[test]
    fn a_new_enum_value_commits_before_the_next_step() {
        // [create type], [add value, add column], [use the value]
        let (first, second, third) = ([T], [V, T], [T]);
        let units = [unit(&first), unit(&second), unit(&third)];
        assert_eq!(
            shape(&units),
            [
                (true, vec![(0, 0), (1, 0)], vec![0]),
                (true, vec![(1, 1), (2, 0)], vec![1, 2]),
            ]
        );
        let ends: Vec<bool> = segments(&units).iter().map(|s| s.commit_after).collect();
        assert_eq!(ends, [true, false]);
        // As a migration's last step: the next migration starts a new transaction.
        let (first, second) = ([V], [T]);
        let last = [unit(&first), unit(&second)];
        assert_eq!(
            shape(&last),
            [(true, vec![(0, 0)], vec![0]), (true, vec![(1, 0)], vec![1])]
        );
    }
}
