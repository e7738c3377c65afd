//! Options objects (`{ unique: true, … }`): every key one the operation knows, with a
//! did-you-mean, and each once.

use super::{Errors, boolean, closest};
use crate::ast::{Key, Value, ValueKind};
use proc_macro2::Span;
use std::collections::BTreeSet;

/// An options object: checks that every key is one the operation knows (with a
/// did-you-mean) and appears once, then hands out values by key.
#[derive(Debug)]
pub(crate) struct Options<'a> {
    entries: Vec<(&'a Key, &'a Value)>,
}

impl<'a> Options<'a> {
    /// Reads an optional options object of `owner` (`` `createIndex` ``, `` column `email` ``).
    pub(crate) fn read(
        value: Option<&'a Value>,
        owner: &str,
        allowed: &[&str],
        errors: &mut Errors,
    ) -> Options<'a> {
        let mut entries = Vec::new();
        match value.map(|value| (&value.kind, value.span)) {
            None => {}
            Some((ValueKind::Object(object), _)) => {
                let mut seen = BTreeSet::new();
                for (key, value) in object {
                    if !allowed.contains(&key.name.as_str()) {
                        errors.push(key.span, unknown_option(&key.name, owner, allowed));
                    } else if !seen.insert(key.name.as_str()) {
                        errors.push(key.span, format!("duplicate option `{}`", key.name));
                    } else {
                        entries.push((key, value));
                    }
                }
            }
            Some((other, span)) => errors.push(
                span,
                format!(
                    "the options of {owner} must be an object `{{ … }}`, not {}",
                    other.describe()
                ),
            ),
        }
        Options { entries }
    }

    /// The value of `key`, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.entries
            .iter()
            .find(|(entry, _)| entry.name == key)
            .map(|(_, value)| *value)
    }

    /// The span of `key`, if given.
    pub(crate) fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(entry, _)| entry.name == key)
            .map(|(entry, _)| entry.span)
    }

    /// A boolean option, `false` when absent.
    pub(crate) fn flag(&self, key: &str, errors: &mut Errors) -> bool {
        self.get(key)
            .and_then(|value| boolean(value, &format!("`{key}`"), errors))
            .unwrap_or(false)
    }
}

fn unknown_option(written: &str, owner: &str, allowed: &[&str]) -> String {
    match closest(written, allowed.iter().copied()) {
        Some(known) => format!("unknown option `{written}` for {owner}; did you mean `{known}`?"),
        None => format!(
            "unknown option `{written}` for {owner}; expected one of {}",
            allowed
                .iter()
                .map(|known| format!("`{known}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
