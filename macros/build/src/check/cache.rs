//! What the last build's checks found, kept in `OUT_DIR`, so a rebuild checks only the
//! migrations from the first one that changed: adding a migration checks that one.
//!
//! Each file's entry is keyed by a hash chained over the settings, the tool's version
//! and every file up to it (name and text), so an entry is reused only when nothing
//! before it changed. An entry keeps the file's up SQL (replayed into the model, which
//! is much cheaper than parsing, checking and linting the file again) and its findings.
//! Entries with errors are never reused: their hints name later migrations.

use pgbatch_dsl::findings::{self, Finding};
use pgbatch_schema::Schema;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

/// One file's cached result.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The chained hash of everything up to this file.
    pub(crate) key: u64,
    /// The file's name.
    pub(crate) file: String,
    /// Its up SQL, statement by statement, as the model follows it.
    pub(crate) statements: Vec<String>,
    /// What the checks found.
    pub(crate) findings: Vec<Finding>,
    /// What the macro would expand the file to, when they found nothing.
    pub(crate) expansion: Option<String>,
}

impl Entry {
    /// What the checks made of the file (in an earlier build).
    pub(crate) fn checked(&self) -> super::Checked {
        super::Checked {
            file: self.file.clone(),
            findings: self.findings.clone(),
            expansion: self.expansion.clone(),
            fresh: false,
        }
    }
}

/// The key of the first file: the settings (as `Debug` prints them), this crate's
/// version and the running build script itself (its size and time), so a change to
/// any of them — a new version of the checks included — checks everything again.
pub(crate) fn seed(settings: &str) -> u64 {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|metadata| (metadata.len(), metadata.modified().ok()))
        .ok();
    let mut hasher = DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), settings, exe).hash(&mut hasher);
    hasher.finish()
}

/// The key of a file (its path and text) after the file keyed `previous`.
pub(crate) fn key(previous: u64, path: &Path, text: Option<&str>) -> u64 {
    let mut hasher = DefaultHasher::new();
    (previous, path, text).hash(&mut hasher);
    hasher.finish()
}

/// The entries of `dir`'s cache; none when it is missing or unreadable.
pub(crate) fn load(dir: &Path) -> Vec<Entry> {
    let (Ok(index), Ok(found)) = (
        std::fs::read_to_string(dir.join(INDEX)),
        std::fs::read_to_string(dir.join(FINDINGS)),
    ) else {
        return Vec::new();
    };
    // Read in one pass: looking each file up in the text would grow with the square of
    // the history.
    let Some(found) = findings::decode_all(&found) else {
        return Vec::new();
    };
    let mut found = found.into_iter();
    let mut entries: Vec<Entry> = Vec::new();
    for line in index.lines() {
        match line.split_once('\t') {
            Some(("entry", rest)) => {
                let Some((key, file)) = rest.split_once('\t') else {
                    return Vec::new();
                };
                let (Ok(key), Some((_, findings))) =
                    (key.parse(), found.next().filter(|(path, _)| path == file))
                else {
                    return Vec::new();
                };
                entries.push(Entry {
                    key,
                    file: file.to_owned(),
                    statements: Vec::new(),
                    findings,
                    expansion: None,
                });
            }
            Some(("sql", sql)) => match entries.last_mut() {
                Some(entry) => entry.statements.push(findings::unescape(sql)),
                None => return Vec::new(),
            },
            Some(("expansion", code)) => match entries.last_mut() {
                Some(entry) => entry.expansion = Some(findings::unescape(code)),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        }
    }
    entries
}

/// Replaces `dir`'s cache with `entries`. A cache that cannot be written only makes
/// the next build slower.
pub(crate) fn store(dir: &Path, entries: &[Entry]) {
    let mut index = String::new();
    for entry in entries {
        index.push_str(&format!("entry\t{}\t{}\n", entry.key, entry.file));
        for sql in &entry.statements {
            index.push_str("sql\t");
            index.push_str(&findings::escape(sql));
            index.push('\n');
        }
        if let Some(code) = &entry.expansion {
            index.push_str("expansion\t");
            index.push_str(&findings::escape(code));
            index.push('\n');
        }
    }
    let found: Vec<(String, Vec<Finding>)> = entries
        .iter()
        .map(|entry| (entry.file.clone(), entry.findings.clone()))
        .collect();
    let _ = std::fs::write(dir.join(INDEX), index);
    let _ = std::fs::write(dir.join(FINDINGS), findings::encode(&found));
}

/// The model after the file keyed `key`, if a build saved that one: the last build's
/// final model (a migration was added since), or the one it started from (the file it
/// checked was edited since, as when a new migration is being written). Loading the
/// final model keeps it as the next build's starting one.
pub(crate) fn load_model(dir: &Path, key: u64) -> Option<Schema> {
    let read = |name: &str| -> Option<Schema> {
        let text = std::fs::read_to_string(dir.join(name)).ok()?;
        let (saved, model) = text.split_once('\n')?;
        (saved.parse() == Ok(key))
            .then(|| Schema::from_snapshot(model))
            .flatten()
    };
    if let Some(model) = read(MODEL) {
        let _ = std::fs::rename(dir.join(MODEL), dir.join(STARTING_MODEL));
        return Some(model);
    }
    read(STARTING_MODEL)
}

/// Saves the final model, after the file keyed `key`, or (`None`) removes it.
pub(crate) fn store_model(dir: &Path, model: Option<(u64, &Schema)>) {
    let path = dir.join(MODEL);
    match model.and_then(|(key, schema)| Some(format!("{key}\n{}", schema.snapshot()?))) {
        Some(text) => {
            let _ = std::fs::write(path, text);
        }
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The hash of a file's text alone, which the types it creates depend on (and the
/// tool: `seed` is [`seed`]'s).
pub(crate) fn text_hash(seed: u64, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    (seed, text).hash(&mut hasher);
    hasher.finish()
}

/// The types each file text creates, by [`text_hash`], as the last build found them.
pub(crate) fn load_types(dir: &Path) -> HashMap<u64, Vec<String>> {
    let Ok(text) = std::fs::read_to_string(dir.join(TYPES)) else {
        return HashMap::new();
    };
    let mut known = HashMap::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let Some(Ok(hash)) = fields.next().map(str::parse) else {
            return HashMap::new();
        };
        known.insert(hash, fields.map(findings::unescape).collect());
    }
    known
}

/// Replaces the types kept for the next build.
pub(crate) fn store_types(dir: &Path, types: &HashMap<u64, Vec<String>>) {
    let mut text = String::new();
    for (hash, names) in types {
        text.push_str(&hash.to_string());
        for name in names {
            text.push('\t');
            text.push_str(&findings::escape(name));
        }
        text.push('\n');
    }
    let _ = std::fs::write(dir.join(TYPES), text);
}

const INDEX: &str = "pgbatch_check_cache.txt";
const TYPES: &str = "pgbatch_check_types.txt";
const MODEL: &str = "pgbatch_check_model.json";
const STARTING_MODEL: &str = "pgbatch_check_starting_model.json";
const FINDINGS: &str = "pgbatch_check_cache_findings.txt";

#[cfg(test)]
mod tests {
    use super::*;
    use pgbatch_dsl::findings::Level;

    #[test]
    fn entries_survive_the_files_and_keys_chain_every_file_before() {
        let dir = tempfile::tempdir().expect("tempdir");
        let entries = vec![
            Entry {
                key: 7,
                file: "001_a.rs".into(),
                statements: vec!["CREATE TABLE a (\n\tid int\\)".into(), "SELECT 1".into()],
                findings: Vec::new(),
                expansion: Some("pub const SCRIPT: S = \"a\\n\";\nconst X: u8 = 1;".into()),
            },
            Entry {
                key: 8,
                file: "002_b.rs".into(),
                statements: Vec::new(),
                findings: vec![Finding {
                    level: Level::Warning,
                    rule: Some("ban-drop-column".into()),
                    message: "dropping a column may break existing clients".into(),
                    start: (3, 4),
                    end: (3, 15),
                }],
                expansion: None,
            },
        ];
        store(dir.path(), &entries);
        let loaded = load(dir.path());
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded[0].statements, entries[0].statements);
        assert_eq!(loaded[0].expansion, entries[0].expansion);
        assert_eq!(loaded[1].expansion, None);
        assert_eq!(loaded[1].findings, entries[1].findings);
        assert_eq!((loaded[1].key, loaded[1].file.as_str()), (8, "002_b.rs"));

        // A file's key depends on every file before it, on its path, and on the
        // settings.
        let (a, b) = (Path::new("m/001_a.rs"), Path::new("m/002_b.rs"));
        let first = key(seed("a"), a, Some("x"));
        assert_eq!(first, key(seed("a"), a, Some("x")));
        assert_ne!(first, key(seed("a"), a, Some("y")));
        assert_ne!(first, key(seed("a"), Path::new("n/001_a.rs"), Some("x")));
        assert_ne!(first, key(seed("b"), a, Some("x")));
        assert_ne!(
            key(first, b, None),
            key(key(seed("a"), a, Some("y")), b, None)
        );
        // A missing or damaged cache is an empty one.
        std::fs::write(dir.path().join(INDEX), "garbage").expect("write");
        assert!(load(dir.path()).is_empty());
        assert!(load(&dir.path().join("nowhere")).is_empty());
    }
}
