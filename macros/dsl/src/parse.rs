//! Parsing: one `impl Parse` per production of the grammar. Parsing knows the shape of
//! calls and values, not what each operation means (that is `lower`'s job).

use crate::ast::{Key, Migration, Operation, Section, SectionKind, Value, ValueKind};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitBool, LitFloat, LitInt, LitStr, Token, braced, bracketed, parenthesized};

/// ```text
/// migration := item*
/// item      := "irreversible" ";" | section
/// ```
///
/// `noop;` belongs in a `down` block only; anywhere else it is refused here.
impl Parse for Migration {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut migration = Migration {
            up: Vec::new(),
            down: Vec::new(),
            irreversible: Vec::new(),
        };
        while !input.is_empty() {
            if input.peek(Ident) && input.peek2(Token![;]) {
                let ident: Ident = input.fork().parse()?;
                if ident == "irreversible" {
                    input.parse::<Ident>()?;
                    input.parse::<Token![;]>()?;
                    migration.irreversible.push(ident.span());
                    continue;
                }
                if ident == "noop" {
                    return Err(noop_outside_down(&ident));
                }
            }
            let section: Section = input.parse()?;
            match section.kind {
                SectionKind::DownBlock => migration.down.push(section),
                SectionKind::UpBlock | SectionKind::Bare => migration.up.push(section),
            }
        }
        Ok(migration)
    }
}

/// `noop;` outside a `down` block, where it would mean nothing.
fn noop_outside_down(ident: &Ident) -> syn::Error {
    syn::Error::new(
        ident.span(),
        "`noop` outside a `down` block; it says the down has nothing to undo, so write `down { noop; }`",
    )
}

/// ```text
/// section := "up" "{" operation* "}" | "down" "{" (operation | "noop" ";")* "}" | operation
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
                return Ok(Section {
                    kind: SectionKind::Bare,
                    span: ident.span(),
                    operations: vec![input.parse()?],
                    noop: Vec::new(),
                });
            }
        };
        input.parse::<Ident>()?;
        let body;
        braced!(body in input);
        let mut operations = Vec::new();
        let mut noop = Vec::new();
        while !body.is_empty() {
            if body.peek(Ident) && body.peek2(Token![;]) {
                let word: Ident = body.fork().parse()?;
                if word == "noop" {
                    if kind != SectionKind::DownBlock {
                        return Err(noop_outside_down(&word));
                    }
                    body.parse::<Ident>()?;
                    body.parse::<Token![;]>()?;
                    noop.push(word.span());
                    continue;
                }
            }
            operations.push(body.parse()?);
        }
        Ok(Section {
            kind,
            span: ident.span(),
            operations,
            noop,
        })
    }
}

/// ```text
/// operation := ident "(" (value ("," value)* ","?)? ")" ";"
/// ```
impl Parse for Operation {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        let args;
        let parens = parenthesized!(args in input);
        let values: Punctuated<Value, Token![,]> =
            args.parse_terminated(Value::parse, Token![,])?;
        input.parse::<Token![;]>()?;
        Ok(Operation {
            name: name.to_string(),
            span: name.span(),
            args: values.into_iter().collect(),
            args_span: parens.span.join(),
        })
    }
}

/// ```text
/// value  := string | number | "-" number | "true" | "false" | "null"
///         | "[" (value ("," value)* ","?)? "]"
///         | "{" (key ":" value ("," key ":" value)* ","?)? "}"
///         | "func" "(" string ")"
/// key    := ident | string
/// ```
impl Parse for Value {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        if lookahead.peek(LitStr) {
            let literal: LitStr = input.parse()?;
            Ok(Value {
                kind: ValueKind::Str(literal.value()),
                span: literal.span(),
            })
        } else if lookahead.peek(LitBool) {
            let literal: LitBool = input.parse()?;
            Ok(Value {
                kind: ValueKind::Bool(literal.value),
                span: literal.span,
            })
        } else if lookahead.peek(LitInt) || lookahead.peek(LitFloat) || lookahead.peek(Token![-]) {
            let minus: Option<Token![-]> = input.parse()?;
            let (digits, span) = if input.peek(LitInt) {
                let literal: LitInt = input.parse()?;
                (literal.base10_digits().to_owned(), literal.span())
            } else {
                let literal: LitFloat = input.parse()?;
                (literal.base10_digits().to_owned(), literal.span())
            };
            let sign = if minus.is_some() { "-" } else { "" };
            Ok(Value {
                kind: ValueKind::Number(format!("{sign}{digits}")),
                span: minus.map_or(span, |minus| minus.span),
            })
        } else if lookahead.peek(syn::token::Bracket) {
            let content;
            let brackets = bracketed!(content in input);
            let items: Punctuated<Value, Token![,]> =
                content.parse_terminated(Value::parse, Token![,])?;
            Ok(Value {
                kind: ValueKind::Array(items.into_iter().collect()),
                span: brackets.span.join(),
            })
        } else if lookahead.peek(syn::token::Brace) {
            let content;
            let braces = braced!(content in input);
            let mut entries = Vec::new();
            while !content.is_empty() {
                let key = if content.peek(LitStr) {
                    let literal: LitStr = content.parse()?;
                    Key {
                        name: literal.value(),
                        span: literal.span(),
                    }
                } else {
                    let ident = content.call(Ident::parse_any_ident)?;
                    Key {
                        name: ident.to_string(),
                        span: ident.span(),
                    }
                };
                content.parse::<Token![:]>()?;
                let value: Value = content.parse()?;
                entries.push((key, value));
                if content.is_empty() {
                    break;
                }
                content.parse::<Token![,]>()?;
            }
            Ok(Value {
                kind: ValueKind::Object(entries),
                span: braces.span.join(),
            })
        } else if lookahead.peek(Ident) {
            let ident = input.call(Ident::parse_any_ident)?;
            match ident.to_string().as_str() {
                "null" => Ok(Value {
                    kind: ValueKind::Null,
                    span: ident.span(),
                }),
                "func" => {
                    let content;
                    parenthesized!(content in input);
                    let literal: LitStr = content.parse().map_err(|_| {
                        syn::Error::new(
                            content.span(),
                            "`func` takes one string of SQL; write `func(\"now()\")`",
                        )
                    })?;
                    if !content.is_empty() {
                        return Err(content.error("`func` takes one string of SQL"));
                    }
                    Ok(Value {
                        kind: ValueKind::Func(literal.value()),
                        span: literal.span(),
                    })
                }
                other => Err(syn::Error::new(
                    ident.span(),
                    format!(
                        "unexpected `{other}`; text such as SQL or a name goes in quotes (`\"…\"`); other values are numbers, `true`, `false`, `null`, arrays, objects or `func(\"…\")`"
                    ),
                )),
            }
        } else {
            Err(lookahead.error())
        }
    }
}

/// `Ident::parse_any` (keywords allowed), as a function for `call`.
trait ParseAnyIdent {
    fn parse_any_ident(input: ParseStream<'_>) -> syn::Result<Ident>;
}

impl ParseAnyIdent for Ident {
    fn parse_any_ident(input: ParseStream<'_>) -> syn::Result<Ident> {
        use syn::ext::IdentExt;
        Ident::parse_any(input)
    }
}
