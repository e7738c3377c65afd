//! Messages for SQL the parser rejects: the offending token, its line and column in the
//! user's own text, and squawk's hint.
//!
//! The line and column are in the message because a proc macro cannot point inside a
//! string literal on stable Rust (`proc_macro::Literal::subspan` is nightly-only,
//! <https://github.com/rust-lang/rust/issues/54725>): the error's span covers the whole
//! literal, and the text says where in it.

use super::offset;
use squawk_lexer::TokenKind;
use squawk_syntax::ast::AstNode;
use squawk_syntax::syntax_error::SyntaxError;
use squawk_syntax::{SourceFile, SyntaxKind, SyntaxNode};

/// A piece of the user's SQL as the parser reads it, perhaps after SQL of our own
/// (`SELECT ` before an expression). Positions in messages are the user's.
#[derive(Debug)]
pub(super) struct Source<'a> {
    /// The user's text.
    text: &'a str,
    /// What the parser reads: `prefix` bytes of ours, then `text`.
    parsed: String,
    prefix: usize,
    /// What the text is, for messages: `SQL`, `expression`, `type`.
    what: &'static str,
}

impl<'a> Source<'a> {
    /// SQL parsed as the user wrote it.
    pub(super) fn whole(text: &'a str, what: &'static str) -> Self {
        Self::embedded("", text, what)
    }

    /// The user's text parsed after `prefix`, SQL of our own that gives it its context.
    pub(super) fn embedded(prefix: &str, text: &'a str, what: &'static str) -> Self {
        Source {
            text,
            parsed: format!("{prefix}{text}"),
            prefix: prefix.len(),
            what,
        }
    }

    /// Parses the text, or describes its first error.
    pub(super) fn parse(&self) -> Result<SourceFile, String> {
        let parse = SourceFile::parse(&self.parsed);
        if let Some(error) = parse.errors().first() {
            return Err(self.syntax_error(&parse.syntax_node(), error));
        }
        let file = parse.tree();
        match super::types::misplaced_modifiers(file.syntax()) {
            Some(at) => Err(self.unexpected("syntax error at or near", at)),
            None => Ok(file),
        }
    }

    /// Where the user's text starts and ends in the parsed text, without the whitespace
    /// around it.
    pub(super) fn user_range(&self) -> (usize, usize) {
        let leading = self.text.len() - self.text.trim_start().len();
        (
            self.prefix + leading,
            self.prefix + self.text.trim_end().len(),
        )
    }

    /// `{lead} `token` (line …, column … of the …)` for the first token at or after
    /// `at` in the parsed text, a comment included: for text left over after what was
    /// expected.
    pub(super) fn unexpected(&self, lead: &str, at: usize) -> String {
        self.near(&format!("{lead} "), &format!("{lead} the end"), at, false)
    }

    /// PostgreSQL's wording, "syntax error at or near …", with the token squawk stopped
    /// at, where it is, and squawk's own message as a hint.
    fn syntax_error(&self, root: &SyntaxNode, error: &SyntaxError) -> String {
        let message = error.message();
        let mut at = offset(error.range().start());
        if message.starts_with("expected command") {
            at = unrecognised_statement(root, at);
        }
        let near = self.near(
            "syntax error at or near ",
            "syntax error at end of input",
            at,
            true,
        );
        match hint(message) {
            Some(hint) => format!("{near}; {hint}"),
            None => near,
        }
    }

    /// `{token_lead}`token` (position)`, or `{end_lead} (position)` when only whitespace
    /// (and comments, if skipped) follows `at`.
    fn near(&self, token_lead: &str, end_lead: &str, at: usize, skip_comments: bool) -> String {
        let from = at.saturating_sub(self.prefix).min(self.text.len());
        match first_token(self.text, from, skip_comments) {
            Some((start, token)) => format!("{token_lead}`{token}` ({})", self.position(start)),
            None => format!("{end_lead} ({})", self.position(self.text.trim_end().len())),
        }
    }

    /// `line L, column C of the …`, both counted from 1, columns in characters.
    pub(super) fn position(&self, at: usize) -> String {
        let before = self.text.get(..at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        format!("line {line}, column {column} of the {}", self.what)
    }
}

/// When squawk does not recognise a statement at all ("CREATE TABEL …"), it reports its
/// first word, where PostgreSQL reports the first word that fits no statement. The first
/// word that is no keyword is nearly always that one: `TABEL`, `UNIQU`, `FUNKTION`.
fn unrecognised_statement(root: &SyntaxNode, at: usize) -> usize {
    let mut tokens = root
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| !token.kind().is_trivia() && offset(token.text_range().start()) >= at)
        .take_while(|token| token.kind() != SyntaxKind::SEMICOLON);
    let Some(first) = tokens.next() else {
        return at;
    };
    if !first.kind().is_keyword() {
        return at;
    }
    let rest: Vec<_> = tokens.collect();
    rest.iter()
        .find(|token| !token.kind().is_keyword())
        .or(rest.first())
        .map_or(at, |token| offset(token.text_range().start()))
}

/// The first token of `text` at or after `from` (skipping whitespace, and comments if
/// asked), with where it starts; shortened to its first line and 40 characters.
fn first_token(text: &str, from: usize, skip_comments: bool) -> Option<(usize, String)> {
    let rest = text.get(from..)?;
    let mut start = from;
    for token in squawk_lexer::tokenize(rest) {
        let len = token.len as usize;
        let skip = match token.kind {
            TokenKind::Whitespace => true,
            TokenKind::LineComment | TokenKind::BlockComment { .. } => skip_comments,
            _ => false,
        };
        if !skip {
            let token = text.get(start..start + len).unwrap_or("");
            let line = token.lines().next().unwrap_or("");
            let mut shown: String = line.chars().take(40).collect();
            if shown.len() < token.len() {
                shown.push('…');
            }
            return Some((start, shown));
        }
        start += len;
    }
    None
}

/// squawk's message in our style: its token names as written in SQL, lowercase first,
/// no trailing period. `None` for the one that says nothing more than the position.
fn hint(message: &str) -> Option<String> {
    if message.starts_with("expected command") {
        return None;
    }
    // The message names the token found; squawk's "…, found X" would say it twice.
    let message = [", found ", ", got "]
        .iter()
        .find_map(|found| message.split_once(found))
        .map_or(message, |(expected, _)| expected);
    let words: Vec<String> = message.split(' ').map(token_name).collect();
    let hint = words.join(" ");
    let hint = hint.trim_end_matches('.');
    let mut chars = hint.chars();
    let first = chars.next()?;
    Some(first.to_lowercase().chain(chars).collect())
}

/// A squawk token name (`R_PAREN`, `NULL_KW`) as SQL (`` `)` ``, `` `null` ``); any other
/// word unchanged.
fn token_name(word: &str) -> String {
    let name = word.trim_end_matches([',', '.', ':']);
    let tail = &word[name.len()..];
    let symbol = match name {
        "L_PAREN" => "(",
        "R_PAREN" => ")",
        "L_BRACK" => "[",
        "R_BRACK" => "]",
        "L_CURLY" => "{",
        "R_CURLY" => "}",
        "L_ANGLE" => "<",
        "R_ANGLE" => ">",
        "COMMA" => ",",
        "SEMICOLON" => ";",
        "EQ" => "=",
        "DOT" => ".",
        "STAR" => "*",
        "PLUS" => "+",
        "MINUS" => "-",
        "SLASH" => "/",
        "COLON" => ":",
        "COLON_COLON" => "::",
        "EOF" => return format!("end of input{tail}"),
        "IDENT" => return format!("a name{tail}"),
        "STRING" | "DOLLAR_QUOTED_STRING" => return format!("a string{tail}"),
        "INT_NUMBER" | "NUMERIC_NUMBER" => return format!("a number{tail}"),
        _ => match name.strip_suffix("_KW") {
            Some(keyword) if keyword.chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
                return format!("`{}`{tail}", keyword.to_ascii_lowercase());
            }
            _ => return word.to_owned(),
        },
    };
    format!("`{symbol}`{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squawk_token_names_read_as_sql() {
        assert_eq!(hint("expected R_PAREN").as_deref(), Some("expected `)`"));
        assert_eq!(
            hint("expected an expression, found COMMA").as_deref(),
            Some("expected an expression")
        );
        assert_eq!(hint("expected NULL_KW").as_deref(), Some("expected `null`"));
        assert_eq!(
            hint("Missing column type.").as_deref(),
            Some("missing column type")
        );
        assert_eq!(hint("expected command, found IDENT"), None);
        assert_eq!(
            hint("expected L_PAREN or IDENT").as_deref(),
            Some("expected `(` or a name")
        );
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let source = Source::whole("SELECT 1;\n  é, x", "SQL");
        assert_eq!(source.position(15), "line 2, column 5 of the SQL");
        assert_eq!(
            first_token("a /* c */ b", 1, true),
            Some((10, "b".to_owned()))
        );
        assert_eq!(
            first_token("a /* c */ b", 1, false),
            Some((2, "/* c */".to_owned()))
        );
        assert_eq!(first_token("a   ", 1, true), None);
    }
}
