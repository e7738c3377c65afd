//! The naming rule for migration files, shared by the `db` build script and `create`,
//! and for seed files (`NNN_name.sql`), which the `seed` command reads.
//!
//! Pure functions over file names: the caller lists the directory.

use std::collections::BTreeMap;

/// A migration file whose name follows the rule `NNN_snake_case_name.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// The number, from the three leading digits.
    pub id: u32,
    /// The snake_case name after the number.
    pub name: String,
    /// The file name as found.
    pub file_name: String,
}

impl MigrationFile {
    /// The name of the Rust module the build script generates for this file.
    pub fn module_name(&self) -> String {
        format!("m{:03}_{}", self.id, self.name)
    }
}

/// What kind of numbered file a directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// `migration` or `seed`, for messages.
    pub noun: &'static str,
    /// The extension, without its dot.
    pub extension: &'static str,
    /// A well-formed name, for messages.
    pub example: &'static str,
}

/// Migrations: `NNN_snake_case_name.rs`.
pub const MIGRATIONS: Kind = Kind {
    noun: "migration",
    extension: "rs",
    example: "001_create_users.rs",
};

/// Seeds: `NNN_snake_case_name.sql`.
pub const SEEDS: Kind = Kind {
    noun: "seed",
    extension: "sql",
    example: "001_users.sql",
};

/// Whether a directory entry is a migration file at all: Rust sources count, while
/// hidden files (editor swap files, `.gitkeep`) and other files (a README) are ignored.
pub fn is_candidate(file_name: &str) -> bool {
    MIGRATIONS.is_candidate(file_name)
}

impl Kind {
    /// Whether a directory entry is a file of this kind at all; hidden files and files
    /// with another extension are ignored.
    pub fn is_candidate(self, file_name: &str) -> bool {
        file_name
            .strip_suffix(self.extension)
            .is_some_and(|stem| stem.ends_with('.'))
            && !file_name.starts_with('.')
    }
}

/// Checks that a name is a valid migration name: lowercase ASCII letters, digits and
/// single underscores, starting with a letter. Module names and SQL-friendly names
/// both follow from this.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(format!(
            "the name `{name}` must start with a lowercase letter"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(format!(
            "the name `{name}` holds `{bad}`; use lowercase ASCII letters, digits and `_`"
        ));
    }
    if name.ends_with('_') || name.contains("__") {
        return Err(format!(
            "the name `{name}` is not snake_case; use single `_` between words"
        ));
    }
    Ok(())
}

/// Parses one file name of the form `NNN_snake_case_name.rs`. The number has three
/// digits (`001`…`999`); past 999 it simply grows (`1000`), never with a leading zero,
/// so each number has one spelling.
pub fn parse_file_name(file_name: &str) -> Result<MigrationFile, String> {
    parse_name_of(MIGRATIONS, file_name)
}

fn parse_name_of(kind: Kind, file_name: &str) -> Result<MigrationFile, String> {
    let Kind {
        noun,
        extension,
        example,
    } = kind;
    let malformed = |why: String| {
        format!(
            "malformed {noun} file name `{file_name}`: {why}; expected `NNN_snake_case_name.{extension}`, such as `{example}`"
        )
    };
    let stem = file_name
        .strip_suffix(extension)
        .and_then(|stem| stem.strip_suffix('.'))
        .ok_or_else(|| malformed(format!("it does not end in `.{extension}`")))?;
    let (digits, name) = stem
        .split_once('_')
        .ok_or_else(|| malformed("no `_` after the number".to_owned()))?;
    let well_formed = digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 3 || (digits.len() > 3 && !digits.starts_with('0')));
    if !well_formed {
        return Err(malformed(format!(
            "`{digits}` is not a three-digit number (or one above 999 without leading zeros)"
        )));
    }
    check_name(name).map_err(malformed)?;
    let id = digits
        .parse()
        .map_err(|_| malformed(format!("`{digits}` is too large a number")))?;
    Ok(MigrationFile {
        id,
        name: name.to_owned(),
        file_name: file_name.to_owned(),
    })
}

/// Turns a directory listing into the ordered migration files, or every problem found:
/// a malformed name, or a number used by two files.
pub fn discover<I, S>(file_names: I) -> Result<Vec<MigrationFile>, Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    discover_kind(MIGRATIONS, file_names)
}

/// Like [`discover`], for files of another kind (seeds).
pub fn discover_kind<I, S>(kind: Kind, file_names: I) -> Result<Vec<MigrationFile>, Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut by_id: BTreeMap<u32, MigrationFile> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut names: Vec<String> = file_names
        .into_iter()
        .map(|name| name.as_ref().to_owned())
        .filter(|name| kind.is_candidate(name))
        .collect();
    names.sort();
    for file_name in names {
        match parse_name_of(kind, &file_name) {
            Ok(file) => {
                if let Some(earlier) = by_id.get(&file.id) {
                    errors.push(format!(
                        "duplicate {} number {:03}: `{}` and `{}`; give each file its own number",
                        kind.noun, file.id, earlier.file_name, file.file_name
                    ));
                } else {
                    by_id.insert(file.id, file);
                }
            }
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(by_id.into_values().collect())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_number_and_ignores_other_files() {
        let files = discover([
            "002_create_sessions.rs",
            "001_create_users.rs",
            "README.md",
            ".001_create_users.rs.swp",
            ".gitkeep",
        ])
        .expect("valid");
        let ids: Vec<_> = files.iter().map(|f| (f.id, f.name.as_str())).collect();
        assert_eq!(ids, [(1, "create_users"), (2, "create_sessions")]);
        let past_999 = discover(["1000_a.rs", "999_b.rs"]).expect("valid");
        let ids: Vec<u32> = past_999.iter().map(|f| f.id).collect();
        assert_eq!(ids, [999, 1000]);
        assert_eq!(files[0].module_name(), "m001_create_users");
    }

    #[test]
    fn rejects_malformed_names_naming_the_file() {
        for bad in [
            "1_create_users.rs",
            "0001_create_users.rs",
            "001-create-users.rs",
            "001_CreateUsers.rs",
            "001_.rs",
            "001_create__users.rs",
            "001_9lives.rs",
            "abc_create_users.rs",
            "001.rs",
            "01000_big.rs",
            "99999999999_too_big.rs",
        ] {
            let errors = discover([bad]).expect_err(bad);
            assert_eq!(errors.len(), 1, "{bad}");
            assert!(errors[0].contains(&format!("`{bad}`")), "{}", errors[0]);
        }
    }

    #[test]
    fn rejects_a_duplicated_number_naming_both_files() {
        let errors = discover(["001_a.rs", "001_b.rs", "002_c.rs", "x.rs"]).expect_err("dup");
        assert_eq!(
            errors,
            [
                "duplicate migration number 001: `001_a.rs` and `001_b.rs`; give each file its own number",
                "malformed migration file name `x.rs`: no `_` after the number; expected `NNN_snake_case_name.rs`, such as `001_create_users.rs`",
            ]
        );
    }
}
