//! What the build script found in a migration (errors against the schema the earlier
//! migrations produce, hazard warnings), carried to the macro, which places each one
//! at the user's token.
//!
//! The build script sees every file but cannot point at a token; the macro can, but
//! sees one file. So the build script writes each finding with the line and column of
//! the tokens it is about (as `proc-macro2` reads the file), and the macro finds the
//! tokens of its input at those positions.

use proc_macro2::{LineColumn, Span, TokenStream, TokenTree};
use quote::quote;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Fails the build.
    Error,
    /// A compiler warning.
    Warning,
}

/// One finding about a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub level: Level,
    /// The lint rule's name, for warnings (`require-concurrent-index-creation`).
    pub rule: Option<String>,
    /// The message, in the DSL's error style.
    pub message: String,
    /// Where the offending tokens start and end, in the migration file (lines from 1,
    /// columns from 0, as `proc_macro2::LineColumn`).
    pub start: (usize, usize),
    /// The end of the offending tokens.
    pub end: (usize, usize),
}

impl Finding {
    /// A finding at `span` (a span of a file parsed with `proc-macro2`'s locations).
    pub fn at(level: Level, span: Span, message: impl Into<String>) -> Self {
        let LineColumn { line, column } = span.start();
        let end = span.end();
        Finding {
            level,
            rule: None,
            message: message.into(),
            start: (line, column),
            end: (end.line, end.column),
        }
    }
}

/// The findings of every migration file of a build, keyed by file path, as text:
/// one `file\t<path>` line per file, then one line per finding. Tabs, newlines and
/// backslashes in messages are escaped.
pub fn encode(files: &[(String, Vec<Finding>)]) -> String {
    let mut text = String::new();
    for (path, findings) in files {
        text.push_str("file\t");
        text.push_str(&escape(path));
        text.push('\n');
        for finding in findings {
            let level = match finding.level {
                Level::Error => "error",
                Level::Warning => "warning",
            };
            text.push_str(&format!(
                "{level}\t{}:{}\t{}:{}\t{}\t{}\n",
                finding.start.0,
                finding.start.1,
                finding.end.0,
                finding.end.1,
                escape(finding.rule.as_deref().unwrap_or("")),
                escape(&finding.message)
            ));
        }
    }
    text
}

/// The findings of one file out of [`encode`]'s text: `None` when the build did not
/// check that file (it is not one of the build's migrations), which is different from
/// a file checked with nothing found.
pub fn decode(text: &str, path: &str) -> Option<Vec<Finding>> {
    let mut lines = text.lines();
    let wanted = escape(path);
    lines.find(|line| line.strip_prefix("file\t") == Some(wanted.as_str()))?;
    Some(
        lines
            .take_while(|line| !line.starts_with("file\t"))
            .filter_map(parse_line)
            .collect(),
    )
}

/// Every file's findings out of [`encode`]'s text, in order, read in one pass; `None`
/// when a line is not one `encode` writes.
pub fn decode_all(text: &str) -> Option<Vec<(String, Vec<Finding>)>> {
    let mut files: Vec<(String, Vec<Finding>)> = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("file\t") {
            Some(path) => files.push((unescape(path), Vec::new())),
            None => files.last_mut()?.1.push(parse_line(line)?),
        }
    }
    Some(files)
}

fn parse_line(line: &str) -> Option<Finding> {
    let mut fields = line.splitn(5, '\t');
    let level = match fields.next()? {
        "error" => Level::Error,
        "warning" => Level::Warning,
        _ => return None,
    };
    let position = |field: &str| -> Option<(usize, usize)> {
        let (line, column) = field.split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    };
    let start = position(fields.next()?)?;
    let end = position(fields.next()?)?;
    let rule = unescape(fields.next()?);
    let message = unescape(fields.next()?);
    Some(Finding {
        level,
        rule: (!rule.is_empty()).then_some(rule),
        message,
        start,
        end,
    })
}

/// `text` on one line: tabs, newlines and backslashes escaped.
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

/// The text [`escape`] escaped.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The tokens that report `findings` at the matching tokens of `input` (the macro's
/// input): `compile_error!`s for errors, `#[deprecated]` items for warnings (stable
/// Rust gives proc macros no warnings of their own). A finding whose position matches
/// no token is reported at the whole invocation, with its position in the message.
pub fn render(findings: &[Finding], input: &TokenStream) -> TokenStream {
    if findings.is_empty() {
        // Reading every token's position is a call into the compiler per token.
        return TokenStream::new();
    }
    let mut spans = Vec::new();
    collect_spans(input.clone(), &mut spans);
    let mut out = TokenStream::new();
    for (index, finding) in findings.iter().enumerate() {
        let start = spans
            .iter()
            .find(|(start, _, _)| *start == finding.start)
            .map(|(_, _, span)| *span);
        let end = spans
            .iter()
            .find(|(_, end, _)| *end == finding.end)
            .map(|(_, _, span)| *span);
        let (start, end, message) = match (start, end) {
            (Some(start), end) => (start, end.unwrap_or(start), finding.message.clone()),
            (None, _) => (
                Span::call_site(),
                Span::call_site(),
                format!(
                    "{} (line {}, column {})",
                    finding.message,
                    finding.start.0,
                    finding.start.1 + 1
                ),
            ),
        };
        match finding.level {
            Level::Error => {
                // Two tokens spanning first and last, so the error covers the range.
                let first = proc_macro2::Ident::new("first", start);
                let last = proc_macro2::Ident::new("last", end);
                out.extend(
                    syn::Error::new_spanned(quote!(#first #last), message).to_compile_error(),
                );
            }
            Level::Warning => {
                let rule = finding.rule.as_deref().unwrap_or("pgbatch");
                let name = format!("{}_{index}", rule.replace('-', "_"));
                let warning = proc_macro_warning::FormattedWarning::new_deprecated(
                    name,
                    format!("{message} [{rule}]"),
                    start,
                );
                out.extend(quote!(#warning));
            }
        }
    }
    out
}

/// A token's start and end (line, column) and its span.
type Located = ((usize, usize), (usize, usize), Span);

fn collect_spans(tokens: TokenStream, spans: &mut Vec<Located>) {
    fn push(spans: &mut Vec<Located>, span: Span) {
        let (start, end) = (span.start(), span.end());
        spans.push(((start.line, start.column), (end.line, end.column), span));
    }
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                push(spans, group.span_open());
                collect_spans(group.stream(), spans);
                push(spans, group.span_close());
            }
            TokenTree::Ident(ident) => push(spans, ident.span()),
            TokenTree::Punct(punct) => push(spans, punct.span()),
            TokenTree::Literal(literal) => push(spans, literal.span()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_survive_the_text_format() {
        let findings = vec![
            Finding {
                level: Level::Error,
                rule: None,
                message: "unknown column `emial`\tin `users`;\nhelp: did you mean `email`? \\o/"
                    .into(),
                start: (3, 4),
                end: (3, 11),
            },
            Finding {
                level: Level::Warning,
                rule: Some("require-concurrent-index-creation".into()),
                message: "index built without CONCURRENTLY".into(),
                start: (5, 0),
                end: (5, 11),
            },
        ];
        let text = encode(&[
            ("/a/001_x.rs".into(), Vec::new()),
            ("/a/002_y.rs".into(), findings.clone()),
        ]);
        assert_eq!(decode(&text, "/a/002_y.rs"), Some(findings));
        assert_eq!(decode(&text, "/a/001_x.rs"), Some(Vec::new()));
        assert_eq!(decode(&text, "/a/003_z.rs"), None);
    }
}
