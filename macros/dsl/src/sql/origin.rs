//! Where generated SQL was written: each operation as the user wrote it, shortened, and
//! its place in the migration's file. The steps carry both, so that an error PostgreSQL
//! raises at run time can point at the source rather than only at "step 2 of 3".

use crate::ast::{self, Key, Value, ValueKind};
use proc_macro2::Span;
use std::path::{Path, PathBuf};

/// About how many characters an operation's rendering takes at most: enough for a
/// table, its columns and an option or two, short enough for one line of a message.
const WIDTH: usize = 72;

/// Where a part of a step's SQL was written: an operation of the migration and, for a
/// `sql("…")` of several statements, which of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The operation as written, shortened: `createIndex("users", ["emial"])`.
    pub operation: String,
    /// Where the operation's name stands, when the compiler (or, in tests, the parser of
    /// the tokens) told.
    pub location: Option<Location>,
    /// For a `sql("…")` holding several statements: this part's 1-based number, and how
    /// many there are.
    pub statement: Option<(usize, usize)>,
}

/// A place in a migration's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the compiler reads it (absolute, or relative to the directory it runs
    /// in); `None` outside a proc macro, where tokens come from a string.
    pub file: Option<PathBuf>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// Where `span` starts; `None` when the compiler tells nothing (it says line 0).
    pub fn of(span: Span) -> Option<Location> {
        let start = span.start();
        (start.line > 0).then(|| Location {
            file: span.local_file(),
            line: start.line,
            column: start.column + 1,
        })
    }
}

/// `file` relative to `crate_dir`, the directory of the crate being compiled. rustc
/// names a file as cargo passed it: absolute (a migration `include!`d by the build
/// script), or relative to the workspace's root, which `crate_dir` ends with (a
/// `migration!` written in a workspace member's own source). A file elsewhere stays as
/// the compiler names it.
pub fn relative(file: &Path, crate_dir: &Path) -> PathBuf {
    if file.is_absolute() {
        return file
            .strip_prefix(crate_dir)
            .map_or_else(|_| file.to_owned(), Path::to_owned);
    }
    // The crate's path from its workspace's root is one of `crate_dir`'s tails; try the
    // longest first. None matches in a crate that is its own workspace, where cargo
    // runs in `crate_dir` and the file is relative to it already.
    let mut tails: Vec<&Path> = crate_dir
        .ancestors()
        .skip(1)
        .filter_map(|ancestor| crate_dir.strip_prefix(ancestor).ok())
        .filter(|tail| !tail.as_os_str().is_empty())
        .collect();
    tails.reverse();
    tails
        .into_iter()
        .find_map(|tail| file.strip_prefix(tail).ok())
        .map_or_else(|| file.to_owned(), Path::to_owned)
}

/// The operation as the user wrote it, on one line: as written when it fits in about
/// [`WIDTH`] characters, else with long strings cut and long arrays and objects cut
/// after their first items (`createTable("users", { id: "id", … })`).
pub(crate) fn render(op: &ast::Operation) -> String {
    let room = WIDTH.saturating_sub(op.name.chars().count() + 2);
    let full: Vec<String> = op.args.iter().map(|arg| value(arg, usize::MAX)).collect();
    let args = if width(&full.join(", ")) <= room {
        full
    } else {
        // Arguments that fit in an equal share keep their text; the others share what
        // those leave.
        let separators = 2 * op.args.len().saturating_sub(1);
        let room = room.saturating_sub(separators);
        let share = room / op.args.len().max(1);
        let short: usize = full
            .iter()
            .map(|text| width(text))
            .filter(|&w| w <= share)
            .sum();
        let long = full
            .iter()
            .filter(|text| width(text) > share)
            .count()
            .max(1);
        let share_of_long = (room.saturating_sub(short) / long).max(8);
        op.args
            .iter()
            .zip(full)
            .map(|(arg, text)| {
                if width(&text) <= share {
                    text
                } else {
                    value(arg, share_of_long)
                }
            })
            .collect()
    };
    format!("{}({})", op.name, args.join(", "))
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// `arg` in about `room` characters.
fn value(arg: &Value, room: usize) -> String {
    match &arg.kind {
        ValueKind::Str(text) => string(text, room),
        ValueKind::Bool(flag) => flag.to_string(),
        ValueKind::Number(number) => number.clone(),
        ValueKind::Null => "null".to_owned(),
        ValueKind::Func(sql) => format!("func({})", string(sql, room.saturating_sub(6))),
        ValueKind::Array(items) => fit(
            "[",
            "]",
            items.iter().map(|item| value(item, room)).collect(),
            room,
        ),
        ValueKind::Object(entries) if entries.is_empty() => "{}".to_owned(),
        ValueKind::Object(entries) => fit(
            "{ ",
            " }",
            entries
                .iter()
                .map(|(name, item)| format!("{}: {}", key(name), value(item, room)))
                .collect(),
            room,
        ),
    }
}

/// A key as written: bare when it is an identifier, else quoted.
fn key(name: &Key) -> String {
    let bare = name
        .name
        .starts_with(|c: char| c.is_alphabetic() || c == '_')
        && name.name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if bare {
        name.name.clone()
    } else {
        format!("{:?}", name.name)
    }
}

/// A string literal on one line (runs of whitespace, newlines included, become one
/// space), cut with `…` to fit in `room` characters with its quotes.
fn string(text: &str, room: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let keep = room.saturating_sub(3).max(4);
    if width(&one_line) <= keep + 1 {
        format!("{one_line:?}")
    } else {
        let cut: String = one_line.chars().take(keep).collect();
        format!("{:?}", format!("{}…", cut.trim_end()))
    }
}

/// `open item, item close` when it fits in `room`, else the first items that fit and
/// `…` (`[a, b, …]`, `{…}`).
fn fit(open: &str, close: &str, items: Vec<String>, room: usize) -> String {
    let full = format!("{open}{}{close}", items.join(", "));
    if width(&full) <= room {
        return full;
    }
    let mut out = open.to_owned();
    for item in items {
        // Room for this item, then `, …` and the closing bracket.
        if width(&out) + width(&item) + 3 + width(close) > room {
            break;
        }
        out.push_str(&item);
        out.push_str(", ");
    }
    if out == open {
        return format!("{}…{}", open.trim_end(), close.trim_start());
    }
    out.push('…');
    out.push_str(close);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    /// Each step of a migration's up and derived down, with its origins.
    fn origins(input: &str) -> String {
        let tokens: proc_macro2::TokenStream = input.parse().expect("tokens");
        let migration = crate::parse_and_check(tokens, &[]).expect("a valid migration");
        let script = crate::sql::generate(&migration);
        let mut out = String::new();
        let steps = script.up.iter().map(|step| ("up", step));
        let down = script.down.iter().flatten().map(|step| ("down", step));
        for (direction, step) in steps.chain(down) {
            for (offset, origin) in &step.origins {
                let statement = origin
                    .statement
                    .map(|(number, count)| format!(" statement {number}/{count}"))
                    .unwrap_or_default();
                let at = origin
                    .location
                    .as_ref()
                    .map(|at| format!(" at {}:{} file {:?}", at.line, at.column, at.file))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{direction} @{offset}{statement}: {}{at}\n",
                    origin.operation
                ));
            }
        }
        out
    }

    #[test]
    fn each_step_names_its_operation_shortened_with_line_and_column() {
        let input = r#"
createTable("users", {
    id: "id",
    email: { type: "text", notNull: true, unique: true },
    displayName: "text",
    createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
});
  createIndex("users", ["emial"]);
sql("CREATE TABLE a (id int);
     CREATE INDEX a_id ON a (id);
     CREATE INDEX CONCURRENTLY a_id_2 ON a (id)");
renameColumn("users", "displayName", "name");
irreversible;
"#;
        // Tokens parsed from a string have lines and columns but no file.
        expect![[r#"
            up @0: createTable("users", { id: "id", … }) at 2:1 file None
            up @0: createIndex("users", ["emial"]) at 8:3 file None
            up @0 statement 1/3: sql("CREATE TABLE a (id int); CREATE INDEX a_id ON a (id); CREATE IND…") at 9:1 file None
            up @25 statement 2/3: sql("CREATE TABLE a (id int); CREATE INDEX a_id ON a (id); CREATE IND…") at 9:1 file None
            up @0 statement 3/3: sql("CREATE TABLE a (id int); CREATE INDEX a_id ON a (id); CREATE IND…") at 9:1 file None
            up @0: renameColumn("users", "displayName", "name") at 12:1 file None
        "#]]
        .assert_eq(&origins(input));
    }

    #[test]
    fn derived_downs_name_the_operation_they_undo() {
        expect![[r#"
            up @0: createTable("t", { id: "id" }) at 1:1 file None
            up @0: createIndex("t", "id", { unique: true }) at 1:33 file None
            down @0: createIndex("t", "id", { unique: true }) at 1:33 file None
            down @0: createTable("t", { id: "id" }) at 1:1 file None
        "#]]
        .assert_eq(&origins(
            r#"createTable("t", { id: "id" }); createIndex("t", "id", { unique: true });"#,
        ));
    }

    #[test]
    fn files_are_named_relative_to_the_crate() {
        let dir = Path::new("/work/app/db");
        // Included by the build script: absolute.
        assert_eq!(
            relative(Path::new("/work/app/db/migrations/003_x.rs"), dir),
            Path::new("migrations/003_x.rs")
        );
        // In a workspace member's source: relative to the workspace's root.
        assert_eq!(
            relative(Path::new("db/src/lib.rs"), dir),
            Path::new("src/lib.rs")
        );
        assert_eq!(
            relative(Path::new("app/db/src/lib.rs"), dir),
            Path::new("src/lib.rs")
        );
        // In a crate that is its own workspace: relative to it already.
        assert_eq!(
            relative(Path::new("src/lib.rs"), dir),
            Path::new("src/lib.rs")
        );
        // Elsewhere: as the compiler names it.
        assert_eq!(
            relative(Path::new("/tmp/m/001_x.rs"), dir),
            Path::new("/tmp/m/001_x.rs")
        );
    }
}
