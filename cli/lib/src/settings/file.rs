//! `migrator.toml`: where it is found, what it may hold, and its environments.

use super::backup::BackupKey;
use crate::Global;
use anyhow::{Context as _, anyhow};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file looked for in the current directory and its ancestors.
const FILE_NAME: &str = "migrator.toml";

/// `migrator.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    #[serde(default)]
    pub(super) defaults: Section,
    #[serde(default)]
    pub(super) environments: BTreeMap<String, Section>,
    /// `[lint]`, read by `pgbatch-build` when it checks the migrations; the CLI ignores
    /// it, but accepts it only as a table.
    #[serde(default, rename = "lint")]
    _lint: Option<toml::Table>,
}

/// One environment's settings (or the defaults of all).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Section {
    pub(super) url: Option<String>,
    pub(super) sslmode: Option<String>,
    pub(super) sslrootcert: Option<PathBuf>,
    pub(super) table: Option<String>,
    pub(super) lock_wait: Option<String>,
    pub(super) lock_timeout: Option<String>,
    pub(super) lock_retries: Option<u32>,
    pub(super) statement_timeout: Option<String>,
    pub(super) protected: Option<bool>,
    /// Where `create` writes new migrations, relative to the file.
    pub(super) migrations_dir: Option<PathBuf>,
    /// Patterns of object names `drift` leaves out.
    pub(super) ignore: Option<Vec<String>>,
    /// Where `up` backs up first, relative to the file, or `false`.
    pub(super) backup: Option<BackupKey>,
    /// The `pg_dump` `up` runs for its backup.
    pub(super) pg_dump: Option<PathBuf>,
    /// `serve`'s API tokens: a TOML file of `admin = [...]` and `read = [...]`,
    /// relative to the file (never the tokens themselves).
    pub(super) api_tokens_file: Option<PathBuf>,
    /// The fleet: database names, URLs or `{ database, schema, url }` tables.
    pub(super) targets: Option<toml::Value>,
    /// A query on the database `url` names, returning a row per target (columns
    /// `url`, `database`, `schema`).
    pub(super) targets_query: Option<String>,
}

impl Section {
    /// `self`, with `over`'s settings taking precedence.
    pub(super) fn overlaid(self, over: Section) -> Section {
        Section {
            url: over.url.or(self.url),
            sslmode: over.sslmode.or(self.sslmode),
            sslrootcert: over.sslrootcert.or(self.sslrootcert),
            table: over.table.or(self.table),
            lock_wait: over.lock_wait.or(self.lock_wait),
            lock_timeout: over.lock_timeout.or(self.lock_timeout),
            lock_retries: over.lock_retries.or(self.lock_retries),
            statement_timeout: over.statement_timeout.or(self.statement_timeout),
            protected: over.protected.or(self.protected),
            migrations_dir: over.migrations_dir.or(self.migrations_dir),
            ignore: over.ignore.or(self.ignore),
            backup: over.backup.or(self.backup),
            pg_dump: over.pg_dump.or(self.pg_dump),
            api_tokens_file: over.api_tokens_file.or(self.api_tokens_file),
            targets: over.targets.or(self.targets),
            targets_query: over.targets_query.or(self.targets_query),
        }
    }
}

/// The `migrations_dir` of the settings file (the chosen environment's, else
/// `[defaults]`'), relative to the file; `None` without a file or the key. Reads
/// nothing else, so `create` works without database settings.
pub(crate) fn migrations_dir(global: &Global) -> anyhow::Result<Option<PathBuf>> {
    let Some((path, file)) = find_file(global)? else {
        return Ok(None);
    };
    let in_env = global
        .env
        .as_ref()
        .and_then(|env| file.environments.get(env))
        .and_then(|section| section.migrations_dir.clone());
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(in_env
        .or(file.defaults.migrations_dir)
        .map(|dir| base.join(dir)))
}

/// `--config`/`MIGRATOR_CONFIG`, else `migrator.toml` in the current directory or the
/// nearest ancestor that has one, read.
pub(super) fn find_file(global: &Global) -> anyhow::Result<Option<(PathBuf, File)>> {
    let path = match &global.config {
        Some(path) => path.clone(),
        None => {
            let cwd = std::env::current_dir().context("cannot read the current directory")?;
            match cwd
                .ancestors()
                .map(|dir| dir.join(FILE_NAME))
                .find(|candidate| candidate.is_file())
            {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let file: File = toml::from_str(&text).map_err(|error| {
        anyhow!(
            "{} is not a valid settings file: {}",
            path.display(),
            error.to_string().trim_end()
        )
    })?;
    Ok(Some((path, file)))
}

/// The error for `--env` naming an environment the file lacks, with a did-you-mean.
pub(super) fn unknown_env(env: &str, path: &Path, file: &File) -> String {
    let names: Vec<&str> = file.environments.keys().map(String::as_str).collect();
    let suggestion = names
        .iter()
        .map(|name| (strsim::jaro_winkler(env, name), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!("; did you mean `{name}`?"))
        .unwrap_or_default();
    format!(
        "no environment `{env}` in {}; it defines {}{suggestion}",
        path.display(),
        names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_sections_override_defaults() {
        let file: File = toml::from_str(
            r#"
            [defaults]
            table = "schema_history"
            lock_timeout = "5s"
            [environments.production]
            lock_timeout = "2s"
            "#,
        )
        .unwrap();
        let section = file
            .defaults
            .clone()
            .overlaid(file.environments["production"].clone());
        assert_eq!(section.table.as_deref(), Some("schema_history"));
        assert_eq!(section.lock_timeout.as_deref(), Some("2s"));
        let error = toml::from_str::<File>("[defaults]\nlock_timout = \"1s\"\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `lock_timout`"),
            "{error}"
        );
    }

    #[test]
    fn the_lint_table_is_left_to_the_build() {
        let file: File = toml::from_str(
            r#"
            [defaults]
            table = "schema_history"
            [lint]
            pg_version = "15"
            deny = ["ban-drop-table"]
            "#,
        )
        .unwrap();
        assert_eq!(file.defaults.table.as_deref(), Some("schema_history"));
        assert!(toml::from_str::<File>("lint = 3\n").is_err());
        let error = toml::from_str::<File>("[lints]\n").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `lints`"),
            "{error}"
        );
    }
}
