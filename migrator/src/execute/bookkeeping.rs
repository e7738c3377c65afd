//! What each segment writes to the tracking table, in its own transaction: the records
//! of the migrations it completes, and the marker of where the next segment starts.

use super::{Executor, Record, Run, Segment, index_catalog};
use crate::Error;
use crate::table::{self, Interruption, NewRow};
use std::time::Duration;

impl Run<'_, '_, '_> {
    /// Inside a segment's transaction: the records of the units it completes, and the
    /// marker of where the next segment starts.
    pub(super) async fn bookkeeping(
        &mut self,
        segment: &Segment,
        next: Option<&Segment>,
        timings: &[Duration],
    ) -> Result<(), Error> {
        self.record(segment, timings).await?;
        match next {
            Some(next) => self.mark(next).await,
            None => Ok(()),
        }
    }

    /// Writes the marker of where `segment` starts: its unit's next step and, for a
    /// step outside a transaction, the index catalog as it is now.
    pub(super) async fn mark(&mut self, segment: &Segment) -> Result<(), Error> {
        let (unit, step) = segment.start();
        let definition = &self.units[unit];
        let at = Interruption {
            direction: self.direction,
            next_step: definition.first_step + step,
            indexes: if segment.transactional {
                None
            } else {
                Some(index_catalog(self.client()).await?)
            },
        };
        let Executor { client, table, .. } = self.executor;
        match definition.record {
            Record::Insert(migration) => {
                table::mark(client, table, self.batch, migration, &at).await?;
            }
            Record::Delete(id) => table::set_marker(client, table, id, Some(&at)).await?,
        }
        self.marked = Some(unit);
        Ok(())
    }

    /// After `segment` failed: if nothing of the unit it starts in has committed, the
    /// marker the segment before left on it would only mislead the next run.
    pub(super) async fn unmark_unstarted(&self, segment: &Segment) {
        let (unit, _) = segment.start();
        // A marker this run did not write (the part-way migration a revert undoes, say)
        // says something true, and stays.
        if self.marked != Some(unit) || self.committed[unit] > 0 || self.units[unit].first_step > 0
        {
            return;
        }
        let Executor { client, table, .. } = self.executor;
        let _ = match self.units[unit].record {
            Record::Insert(migration) => {
                table::delete(client, table, &[i64::from(migration.id)]).await
            }
            Record::Delete(id) => table::set_marker(client, table, id, None).await,
        };
    }

    /// Applies the tracking-table changes of the units `segment` completes (inserts in
    /// one statement), inside its transaction. Each unit's duration counts the steps of
    /// earlier segments and, from `timings`, those of this one, which has not committed.
    pub(super) async fn record(
        &mut self,
        segment: &Segment,
        timings: &[Duration],
    ) -> Result<(), Error> {
        let mut rows = Vec::new();
        let mut deletes = Vec::new();
        for &index in &segment.completes {
            let this_segment: Duration = segment
                .steps
                .iter()
                .zip(timings)
                .filter(|((unit, _), _)| *unit == index)
                .map(|(_, elapsed)| *elapsed)
                .sum();
            match self.units[index].record {
                Record::Insert(migration) => rows.push(NewRow {
                    migration,
                    duration: self.durations[index] + this_segment,
                }),
                Record::Delete(id) => deletes.push(i64::from(id)),
            }
        }
        let Executor { client, table, .. } = self.executor;
        if !rows.is_empty() {
            table::insert(client, table, self.batch, &rows).await?;
        }
        if !deletes.is_empty() {
            table::delete(client, table, &deletes).await?;
        }
        Ok(())
    }
}
