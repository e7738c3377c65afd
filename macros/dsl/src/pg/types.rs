//! Type names: parsed as PostgreSQL's grammar reads them, with the SQL-standard spellings
//! (`integer`, `double precision`, `timestamp with time zone`) mapped to the built-in
//! types they stand for, as PostgreSQL's own grammar does (`SystemTypeName` in gram.y).

use super::message::Source;
use super::offset;
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// Parses a type name, returning its name parts: `["pg_catalog", "int4"]` for `integer`
/// (as PostgreSQL's grammar reads it), `["post_status"]`, `["public", "post_status"]`.
/// Unquoted names are folded to lowercase, quoted ones kept as written.
pub(crate) fn type_name(ty: &str) -> Result<Vec<String>, String> {
    // A cast is the one place a bare type name stands in a statement with nothing of
    // ours after it, so what follows the type in the parsed text is the user's.
    let source = Source::embedded("SELECT NULL::", ty, "type");
    let file = source.parse()?;
    let ty_node = file
        .syntax()
        .descendants()
        .find_map(ast::CastExpr::cast)
        .and_then(|cast| cast.ty());
    let (start, end) = source.user_range();
    let Some(ty_node) = ty_node else {
        return Err(source.unexpected("syntax error at or near", start));
    };
    let range = ty_node.syntax().text_range();
    if offset(range.start()) != start || offset(range.end()) != end {
        return Err(source.unexpected("syntax error at or near", offset(range.end())));
    }
    names(&ty_node, &source)
}

fn names(ty: &ast::Type, source: &Source<'_>) -> Result<Vec<String>, String> {
    if let Some(setof) = ty
        .syntax()
        .children_with_tokens()
        .find(|element| element.kind() == SyntaxKind::SETOF_KW)
    {
        return Err(source.unexpected(
            "syntax error at or near",
            offset(setof.text_range().start()),
        ));
    }
    let builtin = match ty {
        ast::Type::ArrayType(array) => {
            return match array.ty() {
                Some(element) => names(&element, source),
                None => Err(source.unexpected("syntax error at or near", 0)),
            };
        }
        ast::Type::PathType(path) => return path_names(path, source),
        ast::Type::VarcharType(_) => "varchar",
        ast::Type::CharacterType(_) => "bpchar",
        ast::Type::BitType(_) => "bit",
        ast::Type::BitVaryingType(_) => "varbit",
        ast::Type::DoubleType(_) => "float8",
        ast::Type::TimeType(time) => match time.timezone() {
            Some(ast::Timezone::WithTimezone(_)) => "timetz",
            _ => "time",
        },
        ast::Type::TimestampType(timestamp) => match timestamp.timezone() {
            Some(ast::Timezone::WithTimezone(_)) => "timestamptz",
            _ => "timestamp",
        },
        ast::Type::IntervalType(_) => "interval",
    };
    Ok(vec!["pg_catalog".to_owned(), builtin.to_owned()])
}

/// A type written as a name: either one of the numeric keywords PostgreSQL maps to a
/// built-in, or a name, maybe qualified.
fn path_names(ty: &ast::PathType, source: &Source<'_>) -> Result<Vec<String>, String> {
    let Some(path) = ty.path_ref() else {
        return Err(source.unexpected("syntax error at or near", 0));
    };
    let mut segments = Vec::new();
    let mut next = Some(path);
    while let Some(path) = next {
        segments.extend(path.segment());
        next = path.qualifier();
    }
    segments.reverse();
    let keyword = match segments.as_slice() {
        [segment] => first_token_kind(segment.syntax()),
        _ => None,
    };
    let modifiers = ty.arg_list();
    let builtin = match keyword {
        Some(SyntaxKind::DECIMAL_KW | SyntaxKind::DEC_KW | SyntaxKind::NUMERIC_KW) => {
            return Ok(vec!["pg_catalog".to_owned(), "numeric".to_owned()]);
        }
        Some(SyntaxKind::FLOAT_KW) => {
            return Ok(vec![
                "pg_catalog".to_owned(),
                float(modifiers.as_ref())?.to_owned(),
            ]);
        }
        Some(keyword) => unmodifiable(keyword),
        None => None,
    };
    // Modifiers on a type that takes none were refused with the parse.
    Ok(match builtin {
        Some(builtin) => vec!["pg_catalog".to_owned(), builtin.to_owned()],
        None => segments
            .iter()
            .map(|segment| name(segment.syntax()))
            .collect(),
    })
}

/// Refuses type modifiers on `ty`, a type that takes none: squawk's grammar accepts
/// `int4(11)` as it accepts any name with modifiers, where PostgreSQL refuses it when
/// the column is created ("type modifier is not allowed"). `float(p)` is the grammar's
/// own and chooses `float4` or `float8`.
pub(crate) fn refuse_modifiers(ty: &str, name: &str) -> Result<(), String> {
    let source = Source::embedded("SELECT NULL::", ty, "type");
    let file = source.parse()?;
    let mut ty_node = file
        .syntax()
        .descendants()
        .find_map(ast::CastExpr::cast)
        .and_then(|cast| cast.ty());
    while let Some(ast::Type::ArrayType(array)) = &ty_node {
        ty_node = array.ty();
    }
    let Some(ast::Type::PathType(path)) = ty_node else {
        return Ok(());
    };
    let float = path
        .path_ref()
        .and_then(|path| first_token_kind(path.syntax()))
        == Some(SyntaxKind::FLOAT_KW);
    match path.arg_list() {
        Some(modifiers) if !float => Err(format!(
            "type modifier is not allowed for type `{name}` ({})",
            source
                .position(offset(modifiers.syntax().text_range().start()) - "SELECT NULL::".len())
        )),
        _ => Ok(()),
    }
}

/// The built-in a keyword type stands for, if PostgreSQL's grammar gives it no type
/// modifiers.
fn unmodifiable(keyword: SyntaxKind) -> Option<&'static str> {
    match keyword {
        SyntaxKind::INT_KW | SyntaxKind::INTEGER_KW => Some("int4"),
        SyntaxKind::SMALLINT_KW => Some("int2"),
        SyntaxKind::BIGINT_KW => Some("int8"),
        SyntaxKind::REAL_KW => Some("float4"),
        SyntaxKind::BOOLEAN_KW => Some("bool"),
        _ => None,
    }
}

/// Where the first type modifiers on a type that takes none start, if any: PostgreSQL's
/// grammar refuses `integer(11)` (MySQL's display width), squawk's accepts it.
pub(super) fn misplaced_modifiers(root: &SyntaxNode) -> Option<usize> {
    root.descendants()
        .filter_map(ast::PathType::cast)
        .find_map(|ty| {
            let path = ty.path_ref()?;
            if path.qualifier().is_some() {
                return None;
            }
            unmodifiable(first_token_kind(path.syntax())?)?;
            Some(offset(ty.arg_list()?.syntax().text_range().start()))
        })
}

/// `float` is `float8`; `float(p)` is `float4` up to 24 bits of precision, else `float8`.
fn float(modifiers: Option<&ast::ArgList>) -> Result<&'static str, String> {
    let Some(modifiers) = modifiers else {
        return Ok("float8");
    };
    let text = modifiers.syntax().text().to_string();
    let precision = text
        .trim()
        .strip_prefix('(')
        .and_then(|text| text.strip_suffix(')'))
        .and_then(|text| text.trim().parse::<u32>().ok());
    match precision {
        Some(1..=24) => Ok("float4"),
        Some(25..=53) => Ok("float8"),
        _ => Err(format!(
            "precision for type `float` must be between 1 and 53 bits, not `{}`",
            text.trim()
        )),
    }
}

fn first_token_kind(node: &SyntaxNode) -> Option<SyntaxKind> {
    node.descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .find(|token| !token.kind().is_trivia())
        .map(|token| token.kind())
}

/// A name as PostgreSQL stores it: unquoted names folded to lowercase, quoted ones
/// without their quotes (a doubled `"` standing for one).
pub(super) fn name(segment: &SyntaxNode) -> String {
    let text = segment.text().to_string();
    let text = text.trim();
    match text
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_spellings_are_the_builtins_they_stand_for() {
        for (written, builtin) in [
            ("int", "int4"),
            ("INTEGER", "int4"),
            ("smallint", "int2"),
            ("bigint", "int8"),
            ("real", "float4"),
            ("float", "float8"),
            ("float(10)", "float4"),
            ("float(53)", "float8"),
            ("double precision", "float8"),
            ("boolean", "bool"),
            ("decimal(10, 2)", "numeric"),
            ("numeric", "numeric"),
            ("character varying(20)", "varchar"),
            ("char(2)", "bpchar"),
            ("national character(2)", "bpchar"),
            ("bit varying(3)", "varbit"),
            ("time", "time"),
            ("time(3) with time zone", "timetz"),
            ("timestamp without time zone", "timestamp"),
            ("timestamp(6) with time zone", "timestamptz"),
            ("interval day to second", "interval"),
            ("int array", "int4"),
            ("integer[][]", "int4"),
        ] {
            assert_eq!(
                type_name(written).expect(written),
                ["pg_catalog", builtin],
                "{written}"
            );
        }
    }

    #[test]
    fn other_names_are_kept_folded() {
        assert_eq!(type_name("int4").expect("valid"), ["int4"]);
        assert_eq!(
            type_name("Public.Mood[]").expect("valid"),
            ["public", "mood"]
        );
        assert_eq!(type_name("\"Mood\"").expect("valid"), ["Mood"]);
        assert_eq!(type_name("\"char\"").expect("valid"), ["char"]);
        assert_eq!(type_name("  text  ").expect("valid"), ["text"]);
        assert_eq!(type_name("vector(3)").expect("valid"), ["vector"]);
    }

    #[test]
    fn what_is_not_one_type_is_refused() {
        assert_eq!(
            type_name("int = 1").expect_err("bad"),
            "syntax error at or near `=` (line 1, column 5 of the type)"
        );
        assert_eq!(
            type_name("int(11)").expect_err("bad"),
            "syntax error at or near `(` (line 1, column 4 of the type)"
        );
        assert_eq!(
            type_name("varchar(").expect_err("bad"),
            "syntax error at end of input (line 1, column 9 of the type); expected `)`"
        );
        for bad in [
            "",
            "int not null",
            "setof int",
            "int; DROP TABLE t",
            "text -- note",
            "float(0)",
            "1",
        ] {
            assert!(type_name(bad).is_err(), "{bad}");
        }
    }
}
