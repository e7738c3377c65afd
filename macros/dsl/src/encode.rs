//! A generated script as the one string `pgbatch::Script` holds (its field `__v1`),
//! which the engine reads when it needs the steps. The format is documented where it is
//! read, in the `pgbatch` crate (`migration/script.rs`): length-prefixed fields, so any
//! text, SQL included, goes in as it is.

use crate::sql::{Script, Step, origin};
use std::fmt::Write as _;
use std::path::Path;

/// Encodes `script`. `manifest_dir` is the crate's directory, which the steps' files
/// are named relative to. Offsets, lines and columns that do not fit in a `u32` (a file
/// or a statement beyond 4 GiB) are left out rather than wrapped.
pub fn script(script: &Script, manifest_dir: Option<&Path>) -> String {
    let mut out = Fields::default();
    out.field(&script.checksum);
    out.field(
        &script
            .lock_timeout_ms
            .map(|ms| ms.to_string())
            .unwrap_or_default(),
    );
    out.steps(&script.up, manifest_dir);
    match &script.down {
        Some(steps) => out.steps(steps, manifest_dir),
        None => out.field("-"),
    }
    out.0
}

#[derive(Default)]
struct Fields(String);

impl Fields {
    fn field(&mut self, text: &str) {
        let _ = write!(self.0, "{}:{text}", text.len());
    }

    fn steps(&mut self, steps: &[Step], manifest_dir: Option<&Path>) {
        self.field(&steps.len().to_string());
        for step in steps {
            self.field(&step.sql);
            let flags = match (step.transaction, step.commit_after) {
                (true, true) => "tc",
                (true, false) => "t",
                (false, true) => "c",
                (false, false) => "",
            };
            self.field(flags);
            let origins: Vec<_> = step
                .origins
                .iter()
                .filter_map(|(offset, origin)| Some((u32::try_from(*offset).ok()?, origin)))
                .collect();
            self.field(&origins.len().to_string());
            for (offset, origin) in origins {
                self.origin(offset, origin, manifest_dir);
            }
        }
    }

    fn origin(&mut self, offset: u32, origin: &origin::Origin, manifest_dir: Option<&Path>) {
        self.field(&offset.to_string());
        self.field(&origin.operation);
        let location = origin.location.as_ref();
        let file = location
            .and_then(|location| location.file.as_deref())
            .map(|file| match manifest_dir {
                Some(dir) => origin::relative(file, dir),
                None => file.to_owned(),
            });
        self.field(
            &file
                .map(|file| file.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        self.field(
            &location
                .and_then(|l| pair(l.line, l.column))
                .unwrap_or_default(),
        );
        let statement = origin
            .statement
            .and_then(|(number, count)| pair(number, count));
        self.field(&statement.unwrap_or_default());
    }
}

/// `3:5`, when both fit in a `u32`.
fn pair(a: usize, b: usize) -> Option<String> {
    Some(format!(
        "{}:{}",
        u32::try_from(a).ok()?,
        u32::try_from(b).ok()?
    ))
}
