//! The `[lint]` table of `migrator.toml`: which rules run, which fail the build, and the
//! PostgreSQL version they assume.
//!
//! ```toml
//! [lint]
//! pg_version = "15"                  # squawk's rules that depend on it (default 15)
//! add = ["prefer-bigint-over-int"]   # rules that are off by default
//! deny = ["ban-drop-table"]          # findings that fail the build (and so run)
//! allow = ["renaming-column"]        # rules silenced in every migration
//! ```
//!
//! The CLI reads the same file for its connection settings and ignores this table.

use super::rules::{self, Kind};
use serde::Deserialize;
use squawk_linter::{Rule, Version};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file looked for in the given directory and its ancestors, as the CLI does.
pub(crate) const FILE_NAME: &str = "migrator.toml";

/// The lint settings, resolved: the rules that run, which of them are errors, and the
/// PostgreSQL version they assume.
#[derive(Debug, Clone)]
pub(crate) struct LintConfig {
    pg_version: Version,
    /// The rules that run, in the catalog's order.
    rules: Vec<Rule>,
    /// Rules whose findings fail the build; each also runs.
    deny: Vec<Rule>,
    /// The file the settings came from; `None` for the defaults.
    path: Option<PathBuf>,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            pg_version: Version::default(),
            rules: rules::defaults().collect(),
            deny: Vec::new(),
            path: None,
        }
    }
}

/// Why the `[lint]` table could not be used: every problem found, with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigError {
    /// The settings file.
    pub(crate) path: PathBuf,
    /// One message per problem, in the house style (lowercase, hint after `;`).
    pub(crate) problems: Vec<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {problem}", self.path.display())?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// The part of `migrator.toml` this crate reads; the CLI's tables pass unread.
#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    lint: Section,
}

/// `[lint]`, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    pg_version: Option<PgVersion>,
    #[serde(default)]
    add: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
}

/// `pg_version = "15"`, or the same as a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum PgVersion {
    Text(String),
    Number(u32),
}

impl LintConfig {
    /// Reads `[lint]` from the `migrator.toml` in `dir` or its nearest ancestor that has
    /// one (the build script passes `CARGO_MANIFEST_DIR`). No file, or a file without
    /// `[lint]`, gives the defaults.
    pub(crate) fn find(dir: &Path) -> Result<LintConfig, ConfigError> {
        let Some(path) = dir
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
        else {
            return Ok(LintConfig::default());
        };
        let text = std::fs::read_to_string(&path).map_err(|error| ConfigError {
            path: path.clone(),
            problems: vec![format!("cannot read the file: {error}")],
        })?;
        let mut config = LintConfig::from_toml(&text).map_err(|problems| ConfigError {
            path: path.clone(),
            problems,
        })?;
        config.path = Some(path);
        Ok(config)
    }

    /// Reads `[lint]` from the text of a `migrator.toml`, reporting every problem at
    /// once.
    pub(crate) fn from_toml(text: &str) -> Result<LintConfig, Vec<String>> {
        let file: File = toml::from_str(text).map_err(|error| {
            vec![format!(
                "not a valid settings file: {}",
                error.to_string().trim_end()
            )]
        })?;
        let section = file.lint;
        let mut problems = Vec::new();
        let add = rule_list(&section.add, "add", true, &mut problems);
        let deny = rule_list(&section.deny, "deny", true, &mut problems);
        let allow = rule_list(&section.allow, "allow", false, &mut problems);
        for rule in &allow {
            if add.contains(rule) || deny.contains(rule) {
                problems.push(format!(
                    "rule `{rule}` is both allowed and added or denied in `[lint]`; \
                     keep it in one list"
                ));
            }
        }
        let pg_version = match section.pg_version {
            None => Version::default(),
            Some(version) => pg_version(version).unwrap_or_else(|problem| {
                problems.push(problem);
                Version::default()
            }),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let rules = rules::ALL
            .iter()
            .copied()
            .filter(|rule| {
                (rules::kind(*rule).is_default() || add.contains(rule) || deny.contains(rule))
                    && !allow.contains(rule)
            })
            .collect();
        Ok(LintConfig {
            pg_version,
            rules,
            deny,
            path: None,
        })
    }

    /// The PostgreSQL version squawk's version-dependent rules assume.
    pub(crate) fn pg_version(&self) -> Version {
        self.pg_version
    }

    /// The rules that run.
    pub(crate) fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether `rule`'s findings fail the build.
    pub(crate) fn is_denied(&self, rule: Rule) -> bool {
        self.deny.contains(&rule)
    }

    /// The settings file read, so the build script can rerun when it changes.
    pub(crate) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// The rules named in `[lint] <list>`; unknown names (and, where `runnable`, rules that
/// never run) become problems.
fn rule_list(
    names: &[String],
    list: &str,
    runnable: bool,
    problems: &mut Vec<String>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    for name in names {
        match name.parse::<Rule>() {
            Ok(rule) => match rules::kind(rule) {
                Kind::Unfit(reason) if runnable => problems.push(format!(
                    "rule `{name}` in `[lint] {list}` never runs; {reason}"
                )),
                _ if rules.contains(&rule) => {}
                _ => rules.push(rule),
            },
            Err(_) => problems.push(unknown_rule(name, list)),
        }
    }
    rules
}

/// "unknown rule" with the closest name, if one is close, and the valid names.
fn unknown_rule(name: &str, list: &str) -> String {
    format!(
        "unknown rule `{name}` in `[lint] {list}`; {}",
        rule_hint(name)
    )
}

/// The closest rule name to `name`, if one is close ("did you mean `…`? "), and the
/// valid names.
pub(crate) fn rule_hint(name: &str) -> String {
    let names: Vec<String> = rules::ALL
        .iter()
        .filter(|rule| !matches!(rules::kind(**rule), Kind::Unfit(_)))
        .map(ToString::to_string)
        .collect();
    let suggestion = names
        .iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("did you mean `{candidate}`? "))
        .unwrap_or_default();
    format!(
        "{suggestion}the rules are {}",
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A major version, optionally with a minor one: `15`, `"15"`, `"15.4"`.
fn pg_version(version: PgVersion) -> Result<Version, String> {
    let text = match version {
        PgVersion::Text(text) => text,
        PgVersion::Number(number) => number.to_string(),
    };
    let parts: Vec<&str> = text.split('.').collect();
    let well_formed = parts.len() <= 2
        && parts.iter().all(|part| {
            !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit())
        });
    match text.parse::<Version>() {
        Ok(parsed) if well_formed => Ok(parsed),
        _ => Err(format!(
            "invalid `pg_version` `{text}` in `[lint]`; give a major version such as \"15\""
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rules: &[Rule]) -> Vec<String> {
        rules.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_file_without_a_lint_table_gives_the_defaults() {
        let config = LintConfig::from_toml("[environments.dev]\nurl = \"postgres://x\"\n").unwrap();
        assert_eq!(config.rules(), LintConfig::default().rules());
        assert_eq!(config.pg_version(), Version::default());
    }

    #[test]
    fn deny_makes_a_rule_an_error_and_runs_it() {
        let config =
            LintConfig::from_toml("[lint]\ndeny = [\"ban-drop-table\", \"prefer-text-field\"]\n")
                .unwrap();
        let table: Rule = "ban-drop-table".parse().unwrap();
        let text: Rule = "prefer-text-field".parse().unwrap();
        assert!(config.is_denied(table) && config.is_denied(text));
        assert!(config.rules().contains(&text));
        let renaming: Rule = "renaming-column".parse().unwrap();
        assert!(!config.is_denied(renaming));
    }

    #[test]
    fn add_runs_a_rule_that_is_off_by_default() {
        let config = LintConfig::from_toml(
            "[lint]\nadd = [\"prefer-bigint-over-int\", \"prefer-timestamptz\"]\n",
        )
        .unwrap();
        let added = names(config.rules());
        assert!(added.contains(&"prefer-bigint-over-int".to_owned()));
        // squawk's alias reads as its rule.
        assert!(added.contains(&"prefer-timestamp-tz".to_owned()));
        assert_eq!(
            config.rules().len(),
            LintConfig::default().rules().len() + 2
        );
    }

    #[test]
    fn allow_silences_a_rule_everywhere() {
        let config = LintConfig::from_toml(
            "[lint]\nallow = [\"renaming-column\", \"require-lock-timeout\"]\n",
        )
        .unwrap();
        assert!(!names(config.rules()).contains(&"renaming-column".to_owned()));
        assert_eq!(
            config.rules().len(),
            LintConfig::default().rules().len() - 1
        );
    }

    #[test]
    fn an_unknown_rule_is_refused_with_the_closest_name_and_the_valid_ones() {
        let problems = LintConfig::from_toml("[lint]\ndeny = [\"ban-drop-tabel\"]\n").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with(
                "unknown rule `ban-drop-tabel` in `[lint] deny`; did you mean `ban-drop-table`? \
                 the rules are `require-concurrent-index-creation`, "
            ),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("`prefer-bigint-over-int`"));
        assert!(!problems[0].contains("`require-lock-timeout`"));
        let far = LintConfig::from_toml("[lint]\nallow = [\"quack\"]\n").unwrap_err();
        assert!(!far[0].contains("did you mean"), "{}", far[0]);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = LintConfig::from_toml(
            "[lint]\npg_version = \"fifteen\"\nadd = [\"prefer-bigint\"]\n\
             deny = [\"renaming-table\"]\nallow = [\"renaming-table\", \"nope\"]\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].contains("`prefer-bigint` in `[lint] add`"));
        assert!(problems[1].contains("`nope` in `[lint] allow`"));
        assert_eq!(
            problems[2],
            "rule `renaming-table` is both allowed and added or denied in `[lint]`; \
             keep it in one list"
        );
        assert_eq!(
            problems[3],
            "invalid `pg_version` `fifteen` in `[lint]`; give a major version such as \"15\""
        );
    }

    #[test]
    fn timeout_rules_cannot_be_added_or_denied() {
        let problems =
            LintConfig::from_toml("[lint]\nadd = [\"require-timeout-settings\"]\n").unwrap_err();
        assert_eq!(
            problems,
            [
                "rule `require-timeout-settings` in `[lint] add` never runs; the engine sets \
              `lock_timeout` (and `statement_timeout` when configured) on every session, so a \
              migration's SQL never does"
            ]
        );
    }

    #[test]
    fn pg_version_is_a_major_version_as_text_or_number() {
        for (text, ok) in [
            ("\"15\"", true),
            ("16", true),
            ("\"14.2\"", true),
            ("\"\"", false),
            ("\"15.\"", false),
            ("\"-1\"", false),
            ("\"15.1.2\"", false),
        ] {
            let result = LintConfig::from_toml(&format!("[lint]\npg_version = {text}\n"));
            assert_eq!(result.is_ok(), ok, "{text}: {result:?}");
        }
        let twelve = LintConfig::from_toml("[lint]\npg_version = 12\n").unwrap();
        assert_eq!(twelve.pg_version(), "12".parse().unwrap());
    }

    #[test]
    fn unknown_keys_in_the_lint_table_are_refused() {
        let problems = LintConfig::from_toml("[lint]\ndenny = []\n").unwrap_err();
        assert!(
            problems[0].contains("unknown field `denny`"),
            "{problems:?}"
        );
    }

    #[test]
    fn the_file_is_found_in_the_nearest_ancestor() {
        let root = tempfile::tempdir().unwrap();
        let crate_dir = root.path().join("db");
        std::fs::create_dir(&crate_dir).unwrap();
        let config = LintConfig::find(&crate_dir).unwrap();
        assert_eq!(config.path(), None);

        let path = root.path().join(FILE_NAME);
        std::fs::write(&path, "[lint]\nallow = [\"ban-drop-table\"]\n").unwrap();
        let config = LintConfig::find(&crate_dir).unwrap();
        assert_eq!(config.path(), Some(path.as_path()));
        assert!(!names(config.rules()).contains(&"ban-drop-table".to_owned()));

        std::fs::write(&path, "[lint]\nallow = [\"ban-drop-tabel\"]\n").unwrap();
        let error = LintConfig::find(&crate_dir).unwrap_err();
        assert_eq!(error.path, path);
        assert!(
            error.to_string().starts_with(&format!(
                "{}: unknown rule `ban-drop-tabel`",
                path.display()
            )),
            "{error}"
        );
    }
}
