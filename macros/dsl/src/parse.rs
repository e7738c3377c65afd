//! Parsing: one `impl Parse` per production of the grammar.

use crate::ast::{Migration, Operation, Section, SectionKind, Sql};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token, braced, parenthesized};

/// The operations the DSL knows, for "did you mean" hints.
pub(crate) const OPERATIONS: &[&str] = &["sql"];

/// ```text
/// migration := item*
/// item      := "up" "{" operation* "}" | "down" "{" operation* "}" | operation
/// ```
impl Parse for Migration {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut migration = Migration {
            up: Vec::new(),
            down: Vec::new(),
        };
        while !input.is_empty() {
            let section: Section = input.parse()?;
            match section.kind {
                SectionKind::DownBlock => migration.down.push(section),
                SectionKind::UpBlock | SectionKind::Bare => migration.up.push(section),
            }
        }
        Ok(migration)
    }
}

/// ```text
/// section := ("up" | "down") "{" operation* "}" | operation
/// ```
impl Parse for Section {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if !lookahead.peek(Ident) {
            return Err(lookahead.error());
        }
        let ident: Ident = input.fork().parse()?;
        let kind = match ident.to_string().as_str() {
            "up" if input.peek2(syn::token::Brace) => SectionKind::UpBlock,
            "down" if input.peek2(syn::token::Brace) => SectionKind::DownBlock,
            _ => {
                let operation: Operation = input.parse()?;
                return Ok(Section {
                    kind: SectionKind::Bare,
                    span: ident.span(),
                    operations: vec![operation],
                });
            }
        };
        input.parse::<Ident>()?;
        let body;
        braced!(body in input);
        let mut operations = Vec::new();
        while !body.is_empty() {
            operations.push(body.parse()?);
        }
        Ok(Section {
            kind,
            span: ident.span(),
            operations,
        })
    }
}

/// ```text
/// operation := "sql" "(" string ")" ";"
/// ```
impl Parse for Operation {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let operation = match name.to_string().as_str() {
            "sql" => {
                let args;
                parenthesized!(args in input);
                let lookahead = args.lookahead1();
                if !lookahead.peek(LitStr) {
                    return Err(syn::Error::new(
                        args.span(),
                        "`sql` takes one string literal; write `sql(\"CREATE TABLE …\")`",
                    ));
                }
                let literal: LitStr = args.parse()?;
                if !args.is_empty() {
                    return Err(args.error("unexpected argument; `sql` takes one string literal"));
                }
                Operation::Sql(Sql {
                    text: literal.value(),
                    span: literal.span(),
                })
            }
            other => return Err(unknown_operation(&name, other)),
        };
        input.parse::<Token![;]>()?;
        Ok(operation)
    }
}

fn unknown_operation(name: &Ident, written: &str) -> syn::Error {
    let suggestion = OPERATIONS
        .iter()
        .map(|known| (strsim::damerau_levenshtein(written, known), known))
        .filter(|(distance, _)| *distance <= 2)
        .min();
    let message = match suggestion {
        Some((_, known)) => format!("unknown operation `{written}`; did you mean `{known}`?"),
        None => format!(
            "unknown operation `{written}`; expected one of {}",
            OPERATIONS
                .iter()
                .map(|known| format!("`{known}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    syn::Error::new(name.span(), message)
}
