//! `${NAME}` in the settings file: environment variables, percent-encoded inside a
//! URL's user information.

use anyhow::anyhow;

/// Replaces each `${NAME}` in `text` with the environment variable `NAME`, so a file
/// can name a password without holding it. A variable inside a URL's user information
/// (after `scheme://`, before the `@` that ends it) is percent-encoded, so a password
/// with `@`, `/`, `:`, `?` or `#` stays in its place instead of splitting the URL and
/// showing up as a host or a port; anywhere else (a whole url, a host, a database
/// name) the value is inserted as it is.
pub(crate) fn expand(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<String> {
    let user_info = user_info(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let position = text.len() - rest.len() + start;
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| anyhow!("`${{` without a closing `}}`"))?;
        let name = &after[..end];
        let value =
            lookup(name).ok_or_else(|| anyhow!("the environment variable `{name}` is not set"))?;
        if user_info.contains(&position) {
            out.extend(percent_encoding::utf8_percent_encode(&value, USER_INFO));
        } else {
            out.push_str(&value);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What a value in a URL's user information is encoded with: everything but RFC 3986's
/// unreserved characters. A superset of the URL standard's user-info set that also
/// encodes `%`, since the URL's parser decodes what it reads.
const USER_INFO: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The byte range of `template`'s user information (from after `://` to its last `@`
/// before the path, query or fragment), judged on the literal text with each
/// `${NAME}` blanked out; empty when it has none.
fn user_info(template: &str) -> std::ops::Range<usize> {
    let mut literal = template.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = template[from..].find("${").map(|start| from + start) {
        let end = template[start..]
            .find('}')
            .map_or(template.len(), |end| start + end + 1);
        literal[start..end].fill(b'x');
        from = end;
    }
    let Some(scheme_end) = literal.windows(3).position(|window| window == b"://") else {
        return 0..0;
    };
    let authority_start = scheme_end + 3;
    let authority_end = literal[authority_start..]
        .iter()
        .position(|byte| matches!(byte, b'/' | b'?' | b'#'))
        .map_or(literal.len(), |end| authority_start + end);
    match literal[authority_start..authority_end]
        .iter()
        .rposition(|byte| *byte == b'@')
    {
        Some(at) => authority_start..authority_start + at,
        None => 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgbatch::ConnectOptions;

    #[test]
    fn variables_are_expanded_and_missing_ones_named() {
        let lookup = |name: &str| (name == "PW").then(|| "s3cret".to_owned());
        assert_eq!(
            expand("postgres://app:${PW}@db/app", &lookup).unwrap(),
            "postgres://app:s3cret@db/app"
        );
        let error = expand("postgres://app:${NOPE}@db/app", &lookup).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the environment variable `NOPE` is not set"
        );
        assert!(expand("postgres://${PW", &lookup).is_err());
    }

    #[test]
    fn a_variable_in_a_urls_user_information_is_percent_encoded() {
        let lookup = |name: &str| match name {
            "PW" => Some("a/b@c:d?e#f%g".to_owned()),
            "USER" => Some("me@corp".to_owned()),
            "HOST" => Some("db:6000".to_owned()),
            "URL" => Some("postgres://x:y@h/d".to_owned()),
            _ => None,
        };
        assert_eq!(
            expand("postgres://app:${PW}@db:5432/app", &lookup).unwrap(),
            "postgres://app:a%2Fb%40c%3Ad%3Fe%23f%25g@db:5432/app"
        );
        assert_eq!(
            expand("postgresql://${USER}:${PW}@${HOST}/app?x=${USER}", &lookup).unwrap(),
            "postgresql://me%40corp:a%2Fb%40c%3Ad%3Fe%23f%25g@db:6000/app?x=me@corp"
        );
        // Elsewhere, or with no user information, a value is inserted as it is.
        assert_eq!(expand("${URL}", &lookup).unwrap(), "postgres://x:y@h/d");
        assert_eq!(
            expand("postgres://${HOST}/${USER}", &lookup).unwrap(),
            "postgres://db:6000/me@corp"
        );
        assert_eq!(
            expand("host=h password=${USER}", &lookup).unwrap(),
            "host=h password=me@corp"
        );
        // Encoded, the password comes back whole.
        let url = expand("postgres://app:${PW}@db:5432/app", &lookup).unwrap();
        let options = ConnectOptions::from_url(&url).unwrap();
        assert_eq!(
            options.as_config().get_password(),
            Some("a/b@c:d?e#f%g".as_bytes())
        );
        assert_eq!(options.to_string(), "app@db:5432/app");
    }
}
