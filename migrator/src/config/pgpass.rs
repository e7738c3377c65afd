//! The password file (`~/.pgpass`, or `PGPASSFILE`), read with libpq's rules.
//!
//! Each line is `hostname:port:database:username:password`. A field of `*` matches
//! anything; `\:` and `\\` are a colon and a backslash; lines starting with `#` are
//! comments; the first matching line wins. As libpq does, a file that its group or
//! other users may access is not read at all, since the passwords in it are not
//! private.

use std::path::{Path, PathBuf};

/// What reading the password file gave, for `--verbose`-style reporting; never
/// holds a password.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PassFile {
    /// The file looked at.
    pub path: PathBuf,
    /// What came of it.
    pub outcome: PassFileOutcome,
}

/// What came of looking a password up in a [`PassFile`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PassFileOutcome {
    /// The password on this line (counting from 1) was used.
    Used {
        /// The matching line.
        line: usize,
    },
    /// No line matches the connection.
    NoMatch {
        /// `host:port:database:user`, the key looked up.
        key: String,
    },
    /// There is no such file.
    Absent,
    /// The file was not read because its group or others have these permissions
    /// (the mode's lower six bits); libpq ignores it too.
    TooOpen {
        /// The file's permission bits.
        mode: u32,
    },
    /// The path is not a plain file.
    NotAFile,
    /// The file could not be read.
    Unreadable {
        /// The system's reason.
        reason: String,
    },
}

impl std::fmt::Display for PassFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match &self.outcome {
            PassFileOutcome::Used { line } => write!(f, "{path}, line {line}"),
            PassFileOutcome::NoMatch { key } => write!(f, "{path} has no line for {key}"),
            PassFileOutcome::Absent => write!(f, "{path} does not exist"),
            PassFileOutcome::TooOpen { mode } => write!(
                f,
                "{path} ignored: its permissions are {mode:04o}, so others may read it; \
                 make it u=rw (0600) or less"
            ),
            PassFileOutcome::NotAFile => write!(f, "{path} ignored: it is not a plain file"),
            PassFileOutcome::Unreadable { reason } => {
                write!(f, "{path} ignored: cannot read it ({reason})")
            }
        }
    }
}

/// The connection a password is looked up for.
#[derive(Debug)]
pub(crate) struct Key<'a> {
    /// A host name, an IP address, or a socket directory (starting with `/`).
    pub(crate) host: &'a str,
    /// The port as written (`5432` when none was).
    pub(crate) port: &'a str,
    pub(crate) dbname: &'a str,
    pub(crate) user: &'a str,
}

/// Looks `key` up in the file at `path`; the password, if found, and the outcome.
pub(crate) fn lookup(path: &Path, key: &Key<'_>) -> (Option<String>, PassFile) {
    let (password, outcome) = read(path, key);
    let file = PassFile {
        path: path.to_owned(),
        outcome,
    };
    (password, file)
}

fn read(path: &Path, key: &Key<'_>) -> (Option<String>, PassFileOutcome) {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return (None, PassFileOutcome::Absent);
        }
        Err(error) => {
            return (
                None,
                PassFileOutcome::Unreadable {
                    reason: error.to_string(),
                },
            );
        }
    };
    if !metadata.is_file() {
        return (None, PassFileOutcome::NotAFile);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return (None, PassFileOutcome::TooOpen { mode });
        }
    }
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) => {
            return (
                None,
                PassFileOutcome::Unreadable {
                    reason: error.to_string(),
                },
            );
        }
    };
    match find(&text, key) {
        Some((password, line)) => (Some(password), PassFileOutcome::Used { line }),
        None => (
            None,
            PassFileOutcome::NoMatch {
                key: format!("{}:{}:{}:{}", key.host, key.port, key.dbname, key.user),
            },
        ),
    }
}

/// The password of the first line of `text` that matches `key`, and its line number.
///
/// A socket directory matches a line for `localhost` or a line naming the directory
/// itself. This is broader than libpq, which matches `localhost` only for its
/// compiled-in default socket directory and never the directory's own name: a file
/// written for psql still works here, but a line meant for another socket may too.
pub(crate) fn find(text: &str, key: &Key<'_>) -> Option<(String, usize)> {
    let hosts: &[&str] = if key.host.starts_with('/') {
        &["localhost", key.host]
    } else {
        &[key.host]
    };
    text.lines().enumerate().find_map(|(index, line)| {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            return None;
        }
        let rest = hosts.iter().find_map(|host| field(line, host))?;
        let rest = field(rest, key.port)?;
        let rest = field(rest, key.dbname)?;
        let rest = field(rest, key.user)?;
        Some((password(rest), index + 1))
    })
}

/// If the line's first field matches `token` (`*`, or the token with `\` escaping the
/// next character), what follows its `:`; libpq's `pwdfMatchesString`.
fn field<'a>(line: &'a str, token: &str) -> Option<&'a str> {
    if let Some(rest) = line.strip_prefix("*:") {
        return Some(rest);
    }
    let mut expected = token.chars();
    let mut chars = line.char_indices();
    while let Some((index, c)) = chars.next() {
        let (c, escaped) = match c {
            '\\' => match chars.next() {
                Some((_, next)) => (next, true),
                None => return None,
            },
            c => (c, false),
        };
        if c == ':' && !escaped {
            return expected.next().is_none().then(|| &line[index + 1..]);
        }
        if expected.next() != Some(c) {
            return None;
        }
    }
    None
}

/// The last field, de-escaped; it ends at an unescaped `:` or the end of the line.
fn password(rest: &str) -> String {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            '\\' => match chars.next() {
                Some(next) => out.push(next),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(host: &'a str, port: &'a str, dbname: &'a str, user: &'a str) -> Key<'a> {
        Key {
            host,
            port,
            dbname,
            user,
        }
    }

    #[test]
    fn the_first_matching_line_wins_and_stars_match_anything() {
        let file = "# comment\n\
                    db.internal:5432:app:app:first\n\
                    *:5432:app:app:second\n\
                    *:*:*:*:fallback\n";
        let found = |host, dbname, user| find(file, &key(host, "5432", dbname, user));
        assert_eq!(
            found("db.internal", "app", "app"),
            Some(("first".into(), 2))
        );
        assert_eq!(found("other", "app", "app"), Some(("second".into(), 3)));
        assert_eq!(found("other", "shop", "app"), Some(("fallback".into(), 4)));
        assert_eq!(find("*:5433:*:*:x", &key("h", "5432", "d", "u")), None);
    }

    #[test]
    fn escapes_cover_colons_and_backslashes_in_fields_and_the_password() {
        let file = r"h:5432:my\:db:us\\er:pa\:ss\\word:ignored";
        assert_eq!(
            find(file, &key("h", "5432", "my:db", r"us\er")),
            Some((r"pa:ss\word".into(), 1))
        );
        // A star that is escaped, or part of a field, is a plain character.
        assert_eq!(find(r"\*:*:*:*:x", &key("h", "5432", "d", "u")), None);
        assert_eq!(
            find(r"\*:*:*:*:x", &key("*", "5432", "d", "u")),
            Some(("x".into(), 1))
        );
        assert_eq!(find("h*:*:*:*:x", &key("h", "5432", "d", "u")), None);
        // A prefix is not a match, nor is a line with too few fields.
        assert_eq!(find("hx:*:*:*:x", &key("h", "5432", "d", "u")), None);
        assert_eq!(find("h:*:*", &key("h", "5432", "d", "u")), None);
    }

    #[test]
    fn socket_directories_match_localhost_or_themselves() {
        let socket = key("/run/postgresql", "5432", "app", "app");
        assert_eq!(
            find("localhost:5432:app:app:local\r\n", &socket),
            Some(("local".into(), 1))
        );
        assert_eq!(
            find("/run/postgresql:5432:app:app:path", &socket),
            Some(("path".into(), 1))
        );
        assert_eq!(
            find("localhost:*:*:*:x", &key("127.0.0.1", "5432", "a", "a")),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_ignored_and_never_shows_a_password() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("pgbatch-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pgpass");
        std::fs::write(&path, "*:*:*:*:s3cret\n").unwrap();
        let key = key("h", "5432", "d", "u");
        for (mode, expected) in [
            (0o644, PassFileOutcome::TooOpen { mode: 0o644 }),
            (0o640, PassFileOutcome::TooOpen { mode: 0o640 }),
            (0o600, PassFileOutcome::Used { line: 1 }),
        ] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let (password, file) = lookup(&path, &key);
            assert_eq!(file.outcome, expected);
            assert_eq!(password.is_some(), mode == 0o600);
            assert!(!file.to_string().contains("s3cret"), "{file}");
        }
        assert_eq!(lookup(&dir, &key).1.outcome, PassFileOutcome::NotAFile);
        assert_eq!(
            lookup(&dir.join("none"), &key).1.outcome,
            PassFileOutcome::Absent
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
