//! `status` and its lighter readings: every migration, or the newest applied ones
//! (`status_newest`), or none of them but counted (`status_counted`), when the tracking
//! table's summary vouches for the rest.

use super::Migrator;
use crate::options::TableName;
use crate::report::Status;
use crate::table::{self, Load};
use crate::{Error, Migration, plan};

/// How much of the applied history a status lists.
#[derive(Debug, Clone, Copy)]
enum Listing {
    /// Every migration.
    All,
    /// Of the applied migrations, only the newest this many when the summary vouches
    /// for the rest.
    Newest(usize),
    /// None of the applied migrations when the summary vouches for them, with the
    /// newest applied by batch read on its own.
    Counted,
}

impl Migrator {
    /// Every migration of the source and of the tracking table, and where each stands.
    /// Reads only: takes no lock and creates nothing.
    pub async fn status(&mut self, migrations: &[Migration]) -> Result<Status, Error> {
        self.status_listing(migrations, Listing::All).await
    }

    /// Like [`status`](Self::status), listing of the applied migrations only the
    /// `newest` ones when the rest need not be read: when the tracking table's summary
    /// says it records exactly the source's first migrations, unchanged, none
    /// interrupted, only the newest rows are read, [`Status::earlier`] counts the
    /// applied migrations left out, and [`Status::last`] is not read (`None`). In any
    /// other state (something changed, missing, out of order or interrupted; a table
    /// without its summary yet) it lists every migration, as `status` does. Takes no
    /// lock.
    pub async fn status_newest(
        &mut self,
        migrations: &[Migration],
        newest: usize,
    ) -> Result<Status, Error> {
        self.status_listing(migrations, Listing::Newest(newest))
            .await
    }

    /// Like [`status_newest`](Self::status_newest) listing none of the applied
    /// migrations (only the pending ones), with [`Status::last`] read by one more query
    /// that returns one row: what a line per database needs (applied and pending
    /// counts, the newest applied migration), as a fleet's `status` prints it. Takes no
    /// lock.
    pub async fn status_counted(&mut self, migrations: &[Migration]) -> Result<Status, Error> {
        self.status_listing(migrations, Listing::Counted).await
    }

    /// One read of the table's layout, then what `listing` asks for: all the rows, or
    /// the summary and the newest rows.
    async fn status_listing(
        &mut self,
        migrations: &[Migration],
        listing: Listing,
    ) -> Result<Status, Error> {
        plan::validate(migrations)?;
        let table = &self.options.table;
        let (layout, located) = table::locate(&self.client, table).await?;
        if !matches!(listing, Listing::All)
            && layout == table::Layout::Current
            && let Some(status) = self.newest_only(migrations, &located, listing).await?
        {
            return Ok(status);
        }
        let applied = table::read_laid_out(&self.client, table, Load::Light, layout).await?;
        Ok(plan::status(&applied, migrations))
    }

    /// The status listing only the newest applied migrations (`listing`), when the
    /// summary vouches for the others; `None` when it does not. The summary and the
    /// rows are read in one snapshot.
    async fn newest_only(
        &self,
        migrations: &[Migration],
        located: &TableName,
        listing: Listing,
    ) -> Result<Option<Status>, Error> {
        let (client, table) = (&self.client, &self.options.table);
        let newest = match listing {
            Listing::Newest(newest) => newest,
            Listing::All | Listing::Counted => 0,
        };
        let failed = crate::error::database_error("reading the tracking table");
        client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(failed)?;
        let read = async {
            let Some(applied) = table::summary::applied_prefix(client, located, migrations)
                .await?
                .filter(|applied| *applied > newest)
            else {
                return Ok(None);
            };
            let rows = match newest {
                0 => Vec::new(),
                _ => table::read_newest(client, table, newest).await?,
            };
            let earlier = applied - rows.len();
            let mut status = plan::status(&rows, &migrations[earlier..]);
            status.earlier = earlier;
            // A migration applied out of order may be among the earlier ones: the rows
            // read cannot tell the newest applied one.
            status.last = match listing {
                Listing::Counted => table::read_last(client, table).await?,
                Listing::All | Listing::Newest(_) => None,
            };
            Ok(Some(status))
        }
        .await;
        let ended = client.batch_execute("COMMIT").await;
        let status = read?;
        ended.map_err(crate::error::database_error("reading the tracking table"))?;
        Ok(status)
    }
}
