//! Reading a folder of seed files (`NNN_name.sql`) into [`Seed`]s, in number order.

use crate::Seed;
use std::collections::BTreeMap;
use std::io::{Error, ErrorKind};
use std::path::Path;

/// The seed files of `dir` — `NNN_name.sql`, such as `001_users.sql` — in the order of
/// their numbers, as the `seed` command runs them. Hidden files and files not ending
/// in `.sql` are ignored; a `.sql` file without a leading number, or two files with
/// the same number, are an [`ErrorKind::InvalidData`] error naming every such file.
///
/// The `seed` command also checks the rest of each name (snake_case); this reader only
/// needs the order, so a test can read the folder the application deploys with.
pub fn read_seeds(dir: impl AsRef<Path>) -> Result<Vec<Seed>, Error> {
    let dir = dir.as_ref();
    let with_path = |error: Error| {
        Error::new(
            error.kind(),
            format!("cannot read the seed directory {}: {error}", dir.display()),
        )
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(with_path)? {
        names.push(
            entry
                .map_err(with_path)?
                .file_name()
                .to_string_lossy()
                .into_owned(),
        );
    }
    let ordered = order(names).map_err(|problems| {
        Error::new(
            ErrorKind::InvalidData,
            format!("{}: {}", dir.display(), problems.join("; ")),
        )
    })?;
    ordered
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let sql = std::fs::read_to_string(&path).map_err(|error| {
                Error::new(
                    error.kind(),
                    format!("cannot read {}: {error}", path.display()),
                )
            })?;
            Ok(Seed { name, sql })
        })
        .collect()
}

/// The seed files among `names`, by number, or every problem found.
fn order(names: Vec<String>) -> Result<Vec<String>, Vec<String>> {
    let mut by_number: BTreeMap<u64, String> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut names: Vec<String> = names
        .into_iter()
        .filter(|name| name.ends_with(".sql") && !name.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        let number = name
            .split_once('_')
            .filter(|(digits, _)| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(digits, _)| digits.parse::<u64>().ok());
        match number {
            None => problems.push(format!(
                "seed file `{name}` does not start with a number and `_`; name it like `001_users.sql`"
            )),
            Some(number) => match by_number.get(&number) {
                Some(earlier) => problems.push(format!(
                    "seed files `{earlier}` and `{name}` share the number {number}; give each file its own number"
                )),
                None => {
                    by_number.insert(number, name);
                }
            },
        }
    }
    if problems.is_empty() {
        Ok(by_number.into_values().collect())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::order;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn orders_seed_files_by_number_and_ignores_other_files() {
        let ordered = order(names(&[
            "1000_late.sql",
            "002_posts.sql",
            "001_users.sql",
            "README.md",
            ".001_users.sql.swp",
            ".hidden.sql",
        ]));
        assert_eq!(
            ordered,
            Ok(names(&["001_users.sql", "002_posts.sql", "1000_late.sql"]))
        );
    }

    #[test]
    fn reports_every_unnumbered_or_duplicate_seed_file() {
        let problems = order(names(&["users.sql", "001_a.sql", "1_b.sql"])).unwrap_err();
        assert_eq!(
            problems,
            names(&[
                "seed files `001_a.sql` and `1_b.sql` share the number 1; give each file its own number",
                "seed file `users.sql` does not start with a number and `_`; name it like `001_users.sql`",
            ])
        );
    }
}
