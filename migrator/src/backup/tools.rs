//! Finding `pg_dump` and `pg_restore`, and reading their PostgreSQL version.

use std::path::{Path, PathBuf};

/// Where Debian and Ubuntu install each PostgreSQL version's programs:
/// `/usr/lib/postgresql/<version>/bin`.
const VERSIONED_ROOT: &str = "/usr/lib/postgresql";

/// A PostgreSQL release series: `15`, or `9.6` before version 10 (when the first two
/// numbers made the major version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Major {
    major: u32,
    /// The second number, for versions before 10 only; 0 from 10 on.
    minor: u32,
}

impl Major {
    /// The series of `server_version_num` (`150004` → 15, `90624` → 9.6).
    pub(crate) fn from_version_num(num: i32) -> Major {
        let num = u32::try_from(num).unwrap_or_default();
        if num >= 100_000 {
            Major {
                major: num / 10_000,
                minor: 0,
            }
        } else {
            Major {
                major: num / 10_000,
                minor: num / 100 % 100,
            }
        }
    }

    /// The series of a version string (`15.4`, `9.6.24`, `17beta1`).
    pub(crate) fn parse(version: &str) -> Option<Major> {
        let mut numbers = version
            .split(|c: char| !c.is_ascii_digit())
            .filter(|part| !part.is_empty());
        let major: u32 = numbers.next()?.parse().ok()?;
        let minor = if major < 10 {
            numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0)
        } else {
            0
        };
        Some(Major { major, minor })
    }

    /// The number alone, as PostgreSQL's release notes name the series.
    pub(crate) fn number(self) -> u32 {
        self.major
    }
}

impl std::fmt::Display for Major {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.major < 10 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}", self.major)
        }
    }
}

/// A program found, and whether it was found on the `PATH` (so a command printed for
/// a person may name it without its directory).
#[derive(Debug, Clone)]
pub(crate) struct Program {
    pub(crate) path: PathBuf,
    pub(crate) on_path: bool,
}

/// `pg_dump`: `given` (a path, or a bare name looked up on the `PATH`), else the one on
/// the `PATH`, else the newest under `/usr/lib/postgresql`. The error says where it
/// looked.
pub(crate) fn find_pg_dump(given: Option<&Path>) -> Result<Program, String> {
    match given {
        Some(path) if path.components().count() == 1 && !path.is_absolute() => {
            on_path(&path.to_string_lossy()).ok_or_else(|| {
                format!(
                    "`{}` was not found on the PATH (the pg_dump setting)",
                    path.display()
                )
            })
        }
        Some(path) if path.is_file() => Ok(Program {
            path: path.to_path_buf(),
            on_path: false,
        }),
        Some(path) => Err(format!(
            "pg_dump was not found at {} (the pg_dump setting)",
            path.display()
        )),
        None => find("pg_dump"),
    }
}

/// `pg_restore` beside `pg_dump`, so both are of one version; else found as `pg_dump` is.
pub(crate) fn find_pg_restore(pg_dump: &Program) -> Result<Program, String> {
    let beside = pg_dump.path.with_file_name("pg_restore");
    if beside.is_file() {
        return Ok(Program {
            path: beside,
            on_path: pg_dump.on_path,
        });
    }
    find("pg_restore").map_err(|error| format!("{error}, nor beside {}", pg_dump.path.display()))
}

/// `name` on the `PATH`, else the newest `/usr/lib/postgresql/<version>/bin/<name>`.
fn find(name: &str) -> Result<Program, String> {
    if let Some(program) = on_path(name) {
        return Ok(program);
    }
    newest_versioned(name)
        .map(|path| Program {
            path,
            on_path: false,
        })
        .ok_or_else(|| {
            format!(
                "{name} was not found on the PATH nor under {VERSIONED_ROOT}/*/bin; install \
                 PostgreSQL's client programs or give the path of pg_dump"
            )
        })
}

fn on_path(name: &str) -> Option<Program> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .map(|path| Program {
            path,
            on_path: true,
        })
}

fn newest_versioned(name: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(VERSIONED_ROOT).ok()?;
    entries
        .flatten()
        .filter_map(|entry| {
            let major = Major::parse(entry.file_name().to_str()?)?;
            let path = entry.path().join("bin").join(name);
            path.is_file().then_some((major, path))
        })
        .max_by_key(|(major, _)| *major)
        .map(|(_, path)| path)
}

/// The version `program --version` reports (`15.4` of `pg_dump (PostgreSQL) 15.4
/// (Debian 15.4-1)`), with its series.
pub(crate) async fn version(program: &Program) -> Result<(String, Major), String> {
    let output = tokio::process::Command::new(&program.path)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .map_err(|error| format!("cannot run {}: {error}", program.path.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text
        .split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()));
    match version.and_then(|version| Some((version, Major::parse(version)?))) {
        Some((version, major)) if output.status.success() => Ok((version.to_owned(), major)),
        _ => Err(format!(
            "`{} --version` did not report a PostgreSQL version ({})",
            program.path.display(),
            super::trimmed(&format!(
                "{text}{}",
                String::from_utf8_lossy(&output.stderr)
            ))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::Major;

    #[test]
    fn series_are_read_from_version_strings_and_numbers() {
        assert_eq!(
            Major::parse("15.4").map(|m| m.to_string()),
            Some("15".into())
        );
        assert_eq!(
            Major::parse("9.6.24").map(|m| m.to_string()),
            Some("9.6".into())
        );
        assert_eq!(
            Major::parse("17beta1").map(|m| m.to_string()),
            Some("17".into())
        );
        assert_eq!(Major::parse("beta"), None);
        assert_eq!(Major::from_version_num(150004).to_string(), "15");
        assert_eq!(Major::from_version_num(90624).to_string(), "9.6");
        assert!(Major::parse("9.6").unwrap() < Major::from_version_num(150004));
        assert!(Major::parse("16.1").unwrap() > Major::from_version_num(150004));
        assert_eq!(Major::parse("15.20"), Some(Major::from_version_num(150004)));
    }
}
