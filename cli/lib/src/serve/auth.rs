//! Bearer tokens: read tokens may `GET`, admin tokens may also `POST`. Tokens come from
//! `MIGRATOR_API_ADMIN_TOKEN` and `MIGRATOR_API_READ_TOKEN` (each a comma-separated
//! list) and from the file `api_tokens_file` of migrator.toml names; only their
//! SHA-256 digests are kept, and a presented token is compared with every one of
//! them in constant time.

use super::State;
use super::answer::ApiError;
use anyhow::{Context as _, bail};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use sha2::{Digest as _, Sha256};
use std::path::Path;
use subtle::ConstantTimeEq as _;

/// What a token allows, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Access {
    /// `GET` requests.
    Read,
    /// Every request.
    Admin,
}

impl Access {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Admin => "admin",
        }
    }
}

/// Shorter tokens are refused at start-up: they could be guessed.
const MIN_LENGTH: usize = 16;

/// A token as kept: its digest and what it allows, and a name (`admin-1`) for the
/// rate limiter's key and the logs.
struct Token {
    digest: [u8; 32],
    access: Access,
    name: String,
}

/// Every configured token.
pub(crate) struct Tokens(Vec<Token>);

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tokens({} configured)", self.0.len())
    }
}

/// The tokens file: `admin = ["…"]`, `read = ["…"]`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    admin: Vec<String>,
    #[serde(default)]
    read: Vec<String>,
}

impl Tokens {
    /// The tokens of the variables and of `file`; at least one is required.
    pub(crate) fn load(file: Option<&Path>) -> anyhow::Result<Tokens> {
        let mut tokens = Tokens(Vec::new());
        for (variable, access) in [
            ("MIGRATOR_API_ADMIN_TOKEN", Access::Admin),
            ("MIGRATOR_API_READ_TOKEN", Access::Read),
        ] {
            if let Ok(list) = std::env::var(variable) {
                tokens.add(access, list.split(','), variable)?;
            }
        }
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the API tokens file {}", path.display()))?;
            // The parser's message quotes the offending line, which may be a token.
            let file: File = toml::from_str(&text).map_err(|error| {
                anyhow::anyhow!(
                    "the API tokens file {} is not `admin = [\"…\"]` and `read = [\"…\"]`{}",
                    path.display(),
                    error
                        .span()
                        .map(|span| format!(" (at byte {})", span.start))
                        .unwrap_or_default()
                )
            })?;
            let source = path.display().to_string();
            tokens.add(
                Access::Admin,
                file.admin.iter().map(String::as_str),
                &source,
            )?;
            tokens.add(Access::Read, file.read.iter().map(String::as_str), &source)?;
        }
        if tokens.0.is_empty() {
            bail!(
                "serve needs an API token: set MIGRATOR_API_ADMIN_TOKEN (may apply and \
                 revert) or MIGRATOR_API_READ_TOKEN (may read), each a comma-separated \
                 list, or name a file of them with `api_tokens_file` in migrator.toml"
            );
        }
        Ok(tokens)
    }

    fn add<'a>(
        &mut self,
        access: Access,
        list: impl Iterator<Item = &'a str>,
        source: &str,
    ) -> anyhow::Result<()> {
        for token in list.map(str::trim).filter(|token| !token.is_empty()) {
            if token.len() < MIN_LENGTH || token.chars().any(char::is_whitespace) {
                bail!(
                    "a token of {source} is shorter than {MIN_LENGTH} characters or holds a \
                     space; use a long random one, such as the output of `openssl rand -hex 32`"
                );
            }
            let number = self.count(access) + 1;
            self.0.push(Token {
                digest: Sha256::digest(token.as_bytes()).into(),
                access,
                name: format!("{}-{number}", access.as_str()),
            });
        }
        Ok(())
    }

    /// How many tokens give `access`.
    pub(crate) fn count(&self, access: Access) -> usize {
        self.0.iter().filter(|token| token.access == access).count()
    }

    /// The token `presented` is, with the most access if it is configured twice.
    /// Every configured token is compared, each in constant time.
    fn find(&self, presented: &str) -> Option<&Token> {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let mut found: Option<&Token> = None;
        for token in &self.0 {
            let equal = bool::from(token.digest.ct_eq(&digest));
            if equal && found.is_none_or(|best| best.access < token.access) {
                found = Some(token);
            }
        }
        found
    }
}

/// The access check of the API's routes: a bearer token that is configured (else
/// 401), within its rate limit (else 429), allowed the method (`GET` for read
/// tokens, anything for admin ones; else 403). The access is recorded in the
/// request's log span and handed to the handler.
pub(crate) async fn check(
    axum::extract::State(state): axum::extract::State<State>,
    mut request: Request,
    next: Next,
) -> Response {
    let header = request.headers().get(axum::http::header::AUTHORIZATION);
    let presented = header
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let Some(presented) = presented else {
        return ApiError::Unauthorized {
            invalid: header.is_some(),
        }
        .into_response();
    };
    let Some(token) = state.tokens.find(presented) else {
        return ApiError::Unauthorized { invalid: true }.into_response();
    };
    tracing::Span::current().record("access", token.access.as_str());
    if let Err(retry_after) = state.limits.per_token(&token.name) {
        return ApiError::TooMany { retry_after }.into_response();
    }
    let reads = matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if !reads && token.access < Access::Admin {
        return ApiError::Forbidden.into_response();
    }
    request.extensions_mut().insert(token.access);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_token_with_its_strongest_access() {
        let mut tokens = Tokens(Vec::new());
        let admin = "a".repeat(20);
        let both = "b".repeat(20);
        tokens
            .add(
                Access::Admin,
                [admin.as_str(), both.as_str()].into_iter(),
                "test",
            )
            .unwrap();
        tokens
            .add(Access::Read, [" ", both.as_str()].into_iter(), "test")
            .unwrap();
        assert_eq!(tokens.find(&admin).map(|t| t.access), Some(Access::Admin));
        assert_eq!(tokens.find(&both).map(|t| t.access), Some(Access::Admin));
        assert_eq!(tokens.find(&both).map(|t| t.name.as_str()), Some("admin-2"));
        assert!(tokens.find(&"c".repeat(20)).is_none());
        assert!(tokens.find("").is_none());
        assert_eq!(
            (tokens.count(Access::Admin), tokens.count(Access::Read)),
            (2, 1)
        );
    }

    #[test]
    fn refuses_short_tokens_without_printing_them() {
        let mut tokens = Tokens(Vec::new());
        let error = tokens
            .add(
                Access::Read,
                ["hunter2"].into_iter(),
                "MIGRATOR_API_READ_TOKEN",
            )
            .unwrap_err()
            .to_string();
        assert!(error.contains("shorter than 16"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
}
