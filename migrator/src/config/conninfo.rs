//! Connection strings read as libpq reads them: a `postgres://` URL or `key=value`
//! pairs, turned into libpq's keywords (`host`, `port`, `dbname`…) in order.
//!
//! tokio-postgres's own parser appends a URL's `?host=` to the host of its authority,
//! so `postgres://localhost/db?host=/run/postgresql` would try TCP first; libpq (and
//! psql) let a query parameter replace what the authority said. Reading the string
//! here, into keywords that later ones override, gives libpq's meaning.

/// One `keyword = value` of a connection string, percent-decoded or unquoted.
pub(crate) type Pair = (String, String);

/// Parses a `postgres://` or `postgresql://` URL, or a `key=value` string. Later pairs
/// override earlier ones with the same keyword (so a URL's `?host=` replaces the
/// authority's host). The error names what is wrong without echoing the string.
pub(crate) fn parse(text: &str) -> Result<Vec<Pair>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty".to_owned());
    }
    if let Some((scheme, rest)) = text.split_once("://") {
        return match scheme {
            "postgres" | "postgresql" => parse_url(rest),
            _ => Err(format!(
                "unsupported scheme `{scheme}`; expected `postgres://` or `postgresql://`"
            )),
        };
    }
    parse_pairs(text)
}

/// `[user[:password]@][host[:port][,…]][/dbname][?key=value&…]`, after the scheme, as
/// libpq's `conninfo_uri_parse_options` reads it.
fn parse_url(rest: &str) -> Result<Vec<Pair>, String> {
    let mut pairs = Vec::new();
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((authority, path)) => (authority, Some(path)),
        None => (before_query, None),
    };
    // libpq takes the first `@` as the end of the user information, so a password
    // with an unencoded `@`, `/` or `?` would put a piece of it in the host, the
    // database name or a parameter, to be shown or sent to the wrong place. Refused,
    // without echoing anything of the URL.
    if authority.matches('@').count() > 1
        || path.is_some_and(|path| path.contains('@'))
        || (!authority.contains('@') && query.is_some_and(|query| query.contains('@')))
    {
        return Err(UNENCODED_AT.to_owned());
    }
    let hosts = match authority.split_once('@') {
        Some((user_info, hosts)) => {
            let (user, password) = match user_info.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (user_info, None),
            };
            push(&mut pairs, "user", decode(user)?);
            if let Some(password) = password {
                push(&mut pairs, "password", decode(password)?);
            }
            hosts
        }
        None => authority,
    };
    // One `host` and one `port` list, as libpq builds them: `h1:5433,h2` gives the
    // hosts `h1,h2` and the ports `5433,` (an empty port is the default). A single
    // host without a port leaves the port to PGPORT or the default.
    if !hosts.is_empty() {
        let mut host_list = Vec::new();
        let mut port_list = Vec::new();
        for chunk in hosts.split(',') {
            let (host, port) = match chunk.strip_prefix('[') {
                Some(bracketed) => {
                    let (host, after) = bracketed
                        .split_once(']')
                        .ok_or("invalid value for option `host`: `[` without `]`")?;
                    let port = match after {
                        "" => "",
                        after => after
                            .strip_prefix(':')
                            .ok_or("invalid value for option `host`")?,
                    };
                    (host, port)
                }
                None => chunk.split_once(':').unwrap_or((chunk, "")),
            };
            host_list.push(decode(host)?);
            port_list.push(decode(port)?);
        }
        push(&mut pairs, "host", host_list.join(","));
        push(&mut pairs, "port", port_list.join(","));
    }
    if let Some(path) = path {
        push(&mut pairs, "dbname", decode(path)?);
    }
    for pair in query.into_iter().flat_map(|query| query.split('&')) {
        if pair.is_empty() {
            continue;
        }
        // The parameter is not named: it may be a piece of a password.
        let (key, value) = pair.split_once('=').ok_or(
            "a query parameter of the URL has no `=`; write key=value, with `&` in values \
             percent-encoded",
        )?;
        let (key, value) = (decode(key)?, decode(value)?);
        if key == "ssl" {
            // libpq's JDBC-compatible spelling of `sslmode=require`.
            if value != "true" {
                return Err("invalid value for option `ssl`; only `ssl=true` is known".into());
            }
            pairs.push(("sslmode".to_owned(), "require".to_owned()));
        } else {
            pairs.push((key, value));
        }
    }
    Ok(pairs)
}

/// Why a URL with a stray `@` is refused; it names no part of the URL.
const UNENCODED_AT: &str = "the URL has more than one `@`, or one after its host; \
     percent-encode `@` in the user or password as `%40` (and `/` as `%2F`, \
     `?` as `%3F`, `:` as `%3A`)";

/// Adds a part of the URL's authority or path, unless it is empty: libpq stores no
/// value for `postgres://@/`, leaving each part to its variable or default.
fn push(pairs: &mut Vec<Pair>, key: &str, value: String) {
    if !value.is_empty() {
        pairs.push((key.to_owned(), value));
    }
}

fn decode(text: &str) -> Result<String, String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|value| value.into_owned())
        .map_err(|_| "a percent-encoded part of the URL is not UTF-8".to_owned())
}

/// libpq's `key=value key='quoted value'` form: whitespace around `=` is allowed, a
/// value is bare (a backslash escapes the next character) or single-quoted (where
/// `\'` and `\\` are a quote and a backslash).
fn parse_pairs(text: &str) -> Result<Vec<Pair>, String> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            // The word is not named: it may be a piece of a password.
            return Err(
                "a word of the connection string has no `=` after it; expected \
                        key=value pairs or a postgres:// URL"
                    .to_owned(),
            );
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    None => {
                        return Err(format!(
                            "the quoted value of `{key}` in the connection string has no \
                             closing quote"
                        ));
                    }
                    Some('\'') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

/// `key='value'` for tokio-postgres's parser, quoted so that any value survives.
pub(crate) fn quote_pair(key: &str, value: &str) -> String {
    format!(
        "{key}='{}'",
        value.replace('\\', "\\\\").replace('\'', "\\'")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check(text: &str, expected: Expect) {
        let rendered = match parse(text) {
            Ok(pairs) => pairs
                .iter()
                .map(|(key, value)| format!("{key}={value:?}"))
                .collect::<Vec<_>>()
                .join(" "),
            Err(error) => format!("error: {error}"),
        };
        expected.assert_eq(&rendered);
    }

    #[test]
    fn query_parameters_come_after_the_authority_so_they_override_it() {
        check(
            "postgres://postgres@localhost:5432/app?host=/run/postgresql",
            expect![[
                r#"user="postgres" host="localhost" port="5432" dbname="app" host="/run/postgresql""#
            ]],
        );
        check(
            "postgresql://u:p%40ss@h/db?port=6000&user=other&dbname=x&password=q",
            expect![[
                r#"user="u" password="p@ss" host="h" dbname="db" port="6000" user="other" dbname="x" password="q""#
            ]],
        );
    }

    #[test]
    fn url_parts_follow_libpq() {
        check("postgres://", expect![[""]]);
        check("postgres:///app", expect![[r#"dbname="app""#]]);
        check(
            "postgres://%2Frun%2Fpostgresql:5433/app",
            expect![[r#"host="/run/postgresql" port="5433" dbname="app""#]],
        );
        check(
            "postgres://h1:5433,[::1],h3:5435/app",
            expect![[r#"host="h1,::1,h3" port="5433,,5435" dbname="app""#]],
        );
        check("postgres://h1,h2", expect![[r#"host="h1,h2" port=",""#]]);
        check(
            "postgres://h/db?ssl=true&application_name=a%20b%40c",
            expect![[r#"host="h" dbname="db" sslmode="require" application_name="a b@c""#]],
        );
        check(
            "postgres://h/db?ssl=yes",
            expect!["error: invalid value for option `ssl`; only `ssl=true` is known"],
        );
        check(
            "postgres://h/db?sslmode",
            expect![
                "error: a query parameter of the URL has no `=`; write key=value, with `&` in values percent-encoded"
            ],
        );
        check(
            "postgres://[::1/db",
            expect!["error: invalid value for option `host`: `[` without `]`"],
        );
        check(
            "mysql://app:s3cret@h/db",
            expect!["error: unsupported scheme `mysql`; expected `postgres://` or `postgresql://`"],
        );
    }

    #[test]
    fn key_value_strings_follow_libpq() {
        check(
            "host=db  port = 6000 user=app password='it''s' dbname='my db' x=a\\ b",
            expect![
                "error: a word of the connection string has no `=` after it; expected key=value pairs or a postgres:// URL"
            ],
        );
        check(
            r"host=db port = 6000 password='it\'s \\ ok' dbname='my db' application_name=a\ b",
            expect![[
                r#"host="db" port="6000" password="it's \\ ok" dbname="my db" application_name="a b""#
            ]],
        );
        check(
            "host='db",
            expect![
                "error: the quoted value of `host` in the connection string has no closing quote"
            ],
        );
        check("   ", expect!["error: it is empty"]);
    }

    #[test]
    fn quoted_pairs_read_back_as_they_were() {
        let value = r"it's a \ path";
        let pairs = parse(&quote_pair("password", value)).unwrap();
        assert_eq!(pairs, [("password".to_owned(), value.to_owned())]);
    }
}
