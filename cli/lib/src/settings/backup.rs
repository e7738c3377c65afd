//! `up`'s backup settings: the flags, the file's `backup` and `pg_dump`, and the
//! default for a protected environment.

use super::file::Section;
use super::{Given, variable};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `up`'s backup settings, resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Backup {
    /// The folder to back up into before a batch; `None`: no backup.
    pub(crate) dir: Option<PathBuf>,
    /// The `pg_dump` to run; `None`: found on the system.
    pub(crate) pg_dump: Option<PathBuf>,
}

/// `up`'s backup flags, as given: copied from its arguments after parsing, so they
/// resolve here with the file's keys and appear in `--verbose` with their origin.
#[derive(Debug, Clone, Default)]
pub(crate) struct BackupFlags {
    /// `--backup DIR`.
    pub(crate) dir: Option<PathBuf>,
    /// `--no-backup`.
    pub(crate) off: bool,
    /// `--pg-dump PATH` or `MIGRATOR_PG_DUMP`, and which of them.
    pub(crate) pg_dump: Option<PathBuf>,
    pub(crate) pg_dump_given: Given,
}

/// The file's `backup`: a folder, or `false` (`true`: the default folder, `backups`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum BackupKey {
    Switch(bool),
    Dir(PathBuf),
}

/// The folder a protected environment backs up into unless its `backup` says
/// otherwise, relative to `migrator.toml`.
const DEFAULT_BACKUP_DIR: &str = "backups";

/// `up`'s backup settings and the origin of each: `--no-backup` or `--backup`, else
/// the file's `backup` (relative to the file), else `backups` beside the file for a
/// protected environment and none otherwise; `--pg-dump` or `MIGRATOR_PG_DUMP`, else
/// the file's `pg_dump` (a path relative to the file, or a bare name for the `PATH`).
pub(super) fn resolve_backup(
    flags: &BackupFlags,
    section: &Section,
    protected: bool,
    base: &Path,
    dir_label: &str,
    pg_dump_label: &str,
) -> (Backup, String, String) {
    let (dir, dir_from) = match (&flags.dir, &section.backup) {
        _ if flags.off => (None, "--no-backup".to_owned()),
        (Some(dir), _) => (Some(dir.clone()), "--backup".to_owned()),
        (None, Some(BackupKey::Switch(false))) => (None, dir_label.to_owned()),
        (None, Some(BackupKey::Switch(true))) => {
            (Some(base.join(DEFAULT_BACKUP_DIR)), dir_label.to_owned())
        }
        (None, Some(BackupKey::Dir(dir))) => (Some(base.join(dir)), dir_label.to_owned()),
        (None, None) if protected => (
            Some(base.join(DEFAULT_BACKUP_DIR)),
            "default for a protected environment".to_owned(),
        ),
        (None, None) => (None, "default".to_owned()),
    };
    let (pg_dump, pg_dump_from) = match (&flags.pg_dump, &section.pg_dump) {
        (Some(path), _) => (
            Some(path.clone()),
            if flags.pg_dump_given == Given::Variable {
                variable("MIGRATOR_PG_DUMP")
            } else {
                "--pg-dump".to_owned()
            },
        ),
        // A bare name stays one, to be looked up on the PATH.
        (None, Some(path)) if path.components().count() == 1 && !path.is_absolute() => {
            (Some(path.clone()), pg_dump_label.to_owned())
        }
        (None, Some(path)) => (Some(base.join(path)), pg_dump_label.to_owned()),
        (None, None) => (None, "default".to_owned()),
    };
    (Backup { dir, pg_dump }, dir_from, pg_dump_from)
}

#[cfg(test)]
mod tests {
    use super::super::file::File;
    use super::*;

    #[test]
    fn backups_are_on_for_protected_environments_unless_turned_off() {
        let base = Path::new("/srv/app");
        let file = |text: &str| -> Section { toml::from_str::<File>(text).unwrap().defaults };
        let resolve = |flags: &BackupFlags, section: &Section, protected: bool| {
            let (backup, dir_from, _) =
                resolve_backup(flags, section, protected, base, "file", "file");
            (backup.dir, dir_from)
        };
        let none = BackupFlags::default();
        let empty = Section::default();
        assert_eq!(
            resolve(&none, &empty, true),
            (
                Some(base.join("backups")),
                "default for a protected environment".to_owned()
            )
        );
        assert_eq!(resolve(&none, &empty, false), (None, "default".to_owned()));
        let off = file("[defaults]\nbackup = false\n");
        assert_eq!(resolve(&none, &off, true), (None, "file".to_owned()));
        let on = file("[defaults]\nbackup = true\n");
        assert_eq!(resolve(&none, &on, false).0, Some(base.join("backups")));
        let dir = file("[defaults]\nbackup = \"dumps\"\n");
        assert_eq!(resolve(&none, &dir, false).0, Some(base.join("dumps")));
        let flag = BackupFlags {
            dir: Some("here".into()),
            ..BackupFlags::default()
        };
        assert_eq!(resolve(&flag, &off, false).0, Some("here".into()));
        let no = BackupFlags {
            off: true,
            ..BackupFlags::default()
        };
        assert_eq!(resolve(&no, &dir, true), (None, "--no-backup".to_owned()));
        // pg_dump: a bare name stays one; a path is relative to the file.
        let bare = file("[defaults]\npg_dump = \"pg_dump16\"\n");
        let (resolved, _, _) = resolve_backup(&none, &bare, false, base, "file", "file");
        assert_eq!(resolved.pg_dump, Some("pg_dump16".into()));
        let relative = file("[defaults]\npg_dump = \"bin/pg_dump\"\n");
        let (resolved, _, _) = resolve_backup(&none, &relative, false, base, "file", "file");
        assert_eq!(resolved.pg_dump, Some(base.join("bin/pg_dump")));
        assert!(toml::from_str::<File>("[defaults]\nbackup = 3\n").is_err());
    }
}
