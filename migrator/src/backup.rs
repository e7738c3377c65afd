//! Backups before migrating: `pg_dump` of the target into a custom-format file,
//! verified with `pg_restore --list` before it gets its final name.
//!
//! `pg_dump` connects through libpq's environment variables (`PGHOST`, `PGPASSWORD`…),
//! never through its command line, where other users of the host could read a
//! password in the process list; and no message carries the password.

mod tools;

use crate::{ConnectOptions, Error, Migrator, Options};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};
use tools::{Major, Program};

/// What to back up before a batch, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BackupRequest {
    /// The folder the file goes in; created if it does not exist.
    pub dir: PathBuf,
    /// The batch about to be applied, for the file's name.
    pub batch: i32,
    /// The `pg_dump` to run: a path, or a bare name looked up on the `PATH`. `None`:
    /// `pg_dump` on the `PATH`, else the newest `/usr/lib/postgresql/*/bin/pg_dump`.
    pub pg_dump: Option<PathBuf>,
}

impl BackupRequest {
    /// A backup into `dir` before `batch`, with the `pg_dump` found on the system.
    pub fn new(dir: impl Into<PathBuf>, batch: i32) -> Self {
        BackupRequest {
            dir: dir.into(),
            batch,
            pg_dump: None,
        }
    }

    /// Runs this `pg_dump` (and the `pg_restore` beside it, if there is one), for
    /// hosts with several PostgreSQL versions installed.
    pub fn with_pg_dump(mut self, pg_dump: impl Into<PathBuf>) -> Self {
        self.pg_dump = Some(pg_dump.into());
        self
    }
}

/// A backup taken and verified.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Backup {
    /// The file: `<dbname>-<YYYYMMDDTHHMMSSZ>-batch<N>.dump` in the requested folder.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// How long the dump and its verification took.
    pub duration: Duration,
    /// The version of the `pg_dump` that wrote it, such as `15.4`.
    pub pg_dump_version: String,
    /// The command that restores it over the database (host, port, user and database
    /// as options, never the password), quoted for a POSIX shell.
    pub restore_command: String,
}

/// Dumps the database `connect` names into a new file under `request.dir`, in
/// `pg_dump`'s custom format, and checks that `pg_restore` can read it back.
///
/// Refuses (an [`Error::Backup`]) when `pg_dump` or `pg_restore` cannot be found, when
/// `pg_dump` is of an older major version than the server (it cannot dump a newer
/// one), or when the dump or its verification fails; the file is then removed, and no
/// `….partial` file is left behind.
pub async fn backup(connect: &ConnectOptions, request: &BackupRequest) -> Result<Backup, Error> {
    let started = Instant::now();
    let pg_dump = tools::find_pg_dump(request.pg_dump.as_deref()).map_err(failed)?;
    let pg_restore = tools::find_pg_restore(&pg_dump).map_err(failed)?;
    let (pg_dump_version, dump_major) = tools::version(&pg_dump).await.map_err(failed)?;
    let (server_major, dbname) = server(connect).await?;
    if dump_major < server_major {
        return Err(failed(format!(
            "{} is pg_dump {pg_dump_version} (PostgreSQL {dump_major}), older than the server \
             (PostgreSQL {server_major}), and pg_dump cannot dump a newer server; install \
             pg_dump {server_major} or newer and use it",
            pg_dump.path.display()
        )));
    }

    std::fs::create_dir_all(&request.dir).map_err(|error| {
        failed(format!(
            "cannot create the backup folder {}: {error}",
            request.dir.display()
        ))
    })?;
    let path = file_path(&request.dir, &dbname, request.batch, SystemTime::now());
    let partial = partial_of(&path);
    let password = connect
        .as_config()
        .get_password()
        .map(|password| String::from_utf8_lossy(password).into_owned());
    let scrub = |text: &str| scrub(text, password.as_deref());

    // The dump holds every row: readable by its owner only. pg_dump truncates the file
    // it is given and keeps its mode.
    if let Err(error) = create_private(&partial) {
        return Err(failed(format!(
            "cannot create {}: {error}",
            partial.display()
        )));
    }
    let mut dump = tokio::process::Command::new(&pg_dump.path);
    dump.args(["--format=custom", "--no-password", "--file"])
        .arg(&partial);
    with_libpq_environment(&mut dump, connect, dump_major);
    let result = run(dump, &pg_dump.path).await;
    if let Err(message) = result {
        remove(&partial);
        return Err(failed(format!("pg_dump failed: {}", scrub(&message))));
    }

    let mut list = tokio::process::Command::new(&pg_restore.path);
    list.arg("--list").arg(&partial);
    if let Err(message) = run(list, &pg_restore.path).await {
        remove(&partial);
        return Err(failed(format!(
            "the dump did not pass `pg_restore --list`: {}",
            scrub(&message)
        )));
    }
    if let Err(error) = std::fs::rename(&partial, &path) {
        remove(&partial);
        return Err(failed(format!(
            "cannot rename {} to {}: {error}",
            partial.display(),
            path.display()
        )));
    }
    let bytes = std::fs::metadata(&path)
        .map(|metadata| metadata.len())
        .unwrap_or_default();
    Ok(Backup {
        restore_command: restore_command(&pg_restore, connect, &dbname, &path),
        path,
        bytes,
        duration: started.elapsed(),
        pg_dump_version,
    })
}

fn failed(reason: String) -> Error {
    Error::Backup { reason }
}

/// The server's release series and the database's name, as the server sees them.
async fn server(connect: &ConnectOptions) -> Result<(Major, String), Error> {
    let migrator = Migrator::connect(connect, Options::default()).await?;
    let row = migrator
        .client
        .query_one(
            "SELECT current_setting('server_version_num')::int, current_database()::text",
            &[],
        )
        .await
        .map_err(crate::error::database_error("reading the server's version"));
    migrator.close().await;
    let row = row?;
    Ok((Major::from_version_num(row.get(0)), row.get(1)))
}

/// `<dir>/<dbname>-<YYYYMMDDTHHMMSSZ>-batch<N>.dump`, with `-2`, `-3`… before `.dump`
/// if a file of that name exists (two backups in one second). Characters of the
/// database's name that a file name should not hold become `_`.
fn file_path(dir: &Path, dbname: &str, batch: i32, at: SystemTime) -> PathBuf {
    let stamp: String = humantime::format_rfc3339_seconds(at)
        .to_string()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    let name: String = dbname
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = format!("{name}-{stamp}-batch{batch}");
    let mut path = dir.join(format!("{stem}.dump"));
    let mut n = 2;
    while path.exists() || partial_of(&path).exists() {
        path = dir.join(format!("{stem}-{n}.dump"));
        n += 1;
    }
    path
}

/// Creates an empty file that only its owner can read (on Unix).
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

fn partial_of(path: &Path) -> PathBuf {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    PathBuf::from(partial)
}

/// Runs a program to completion; on failure, its exit status and stderr.
async fn run(mut command: tokio::process::Command, program: &Path) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = trimmed(&String::from_utf8_lossy(&output.stderr));
    Err(match output.status.code() {
        Some(code) if stderr.is_empty() => format!("exit code {code}, and nothing on stderr"),
        Some(code) => format!("{stderr} (exit code {code})"),
        None => format!("{stderr} (killed by a signal)"),
    })
}

/// Sets the connection for a libpq program: every inherited `PG*` variable removed
/// (the settings were resolved already, from them among others), then libpq's
/// variable for each part of `connect`.
fn with_libpq_environment(
    command: &mut tokio::process::Command,
    connect: &ConnectOptions,
    tool: Major,
) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PG") {
            command.env_remove(name);
        }
    }
    let config = connect.as_config();
    let (hosts, ports) = host_and_port(connect);
    command.env("PGHOST", hosts).env("PGPORT", ports);
    let addresses: Vec<String> = config
        .get_hostaddrs()
        .iter()
        .map(ToString::to_string)
        .collect();
    if !addresses.is_empty() {
        command.env("PGHOSTADDR", addresses.join(","));
    }
    if let Some(user) = config.get_user() {
        command.env("PGUSER", user);
    }
    if let Some(dbname) = config.get_dbname() {
        command.env("PGDATABASE", dbname);
    }
    if let Some(password) = config.get_password() {
        command.env("PGPASSWORD", String::from_utf8_lossy(password).as_ref());
    }
    command.env("PGSSLMODE", connect.ssl_mode().to_string());
    match connect.ssl_root_cert() {
        Some(root) => {
            command.env("PGSSLROOTCERT", root);
        }
        // Without a root certificate the engine trusts the system's roots; libpq
        // does so when told `system` (from version 16), else reads ~/.postgresql.
        None if connect.ssl_mode().to_string().starts_with("verify") && tool.number() >= 16 => {
            command.env("PGSSLROOTCERT", "system");
        }
        None => {}
    }
    command.env(
        "PGAPPNAME",
        config
            .get_application_name()
            .unwrap_or(crate::APPLICATION_NAME),
    );
    if let Some(timeout) = config.get_connect_timeout() {
        command.env("PGCONNECT_TIMEOUT", timeout.as_secs().max(1).to_string());
    }
}

/// The hosts and ports, comma-separated as libpq reads them.
fn host_and_port(connect: &ConnectOptions) -> (String, String) {
    let ports: Vec<String> = connect
        .as_config()
        .get_ports()
        .iter()
        .map(ToString::to_string)
        .collect();
    let hosts = connect.hosts();
    let ports = if ports.is_empty() {
        "5432".to_owned()
    } else {
        ports.join(",")
    };
    (hosts, ports)
}

/// `pg_restore --clean --if-exists --no-owner --host … --port … --username …
/// --dbname … FILE`, each word quoted for a POSIX shell where it needs to be.
fn restore_command(
    pg_restore: &Program,
    connect: &ConnectOptions,
    dbname: &str,
    file: &Path,
) -> String {
    let program = if pg_restore.on_path {
        "pg_restore".to_owned()
    } else {
        pg_restore.path.display().to_string()
    };
    let (hosts, ports) = host_and_port(connect);
    let mut words = vec![
        program,
        "--clean".to_owned(),
        "--if-exists".to_owned(),
        "--no-owner".to_owned(),
        "--host".to_owned(),
        hosts,
        "--port".to_owned(),
        ports,
    ];
    if let Some(user) = connect.as_config().get_user() {
        words.extend(["--username".to_owned(), user.to_owned()]);
    }
    words.extend([
        "--dbname".to_owned(),
        dbname.to_owned(),
        file.display().to_string(),
    ]);
    words
        .iter()
        .map(|word| shell_word(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `word`, in single quotes unless it is made only of characters a shell leaves alone.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A program's stderr as one paragraph: lines trimmed and joined, at most 2,000
/// characters.
pub(crate) fn trimmed(text: &str) -> String {
    let joined = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match joined.char_indices().nth(2000) {
        Some((end, _)) => format!("{}…", &joined[..end]),
        None => joined,
    }
}

/// `text` with every occurrence of the password masked.
fn scrub(text: &str, password: Option<&str>) -> String {
    match password {
        Some(password) if !password.is_empty() => text.replace(password, "********"),
        _ => text.to_owned(),
    }
}

fn remove(path: &Path) {
    // Best effort: the error that made us remove it is the one to report.
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_after_the_database_the_time_and_the_batch() {
        let dir = std::env::temp_dir().join(format!("pgbatch-backup-name-{}", std::process::id()));
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_539_545);
        let path = file_path(&dir, "app/prod db", 7, at);
        assert_eq!(
            path.file_name().and_then(|name| name.to_str()),
            Some("app_prod_db-20251130T215225Z-batch7.dump")
        );
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("/tmp/app-1.dump"), "/tmp/app-1.dump");
        assert_eq!(shell_word("my db"), "'my db'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn stderr_becomes_one_paragraph_without_the_password() {
        let text = "pg_dump: error: one\n  two s3cret \n\n";
        assert_eq!(
            scrub(&trimmed(text), Some("s3cret")),
            "pg_dump: error: one two ********"
        );
    }
}
