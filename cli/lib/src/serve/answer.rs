//! Every answer that is not a success: its status code, its headers, and one body
//! shape for all of them, the command line's failure document (`success` false,
//! `message`, and `error` with its `kind`).

use crate::output::documents::Failure;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::time::Duration;

const REALM: &str = "Bearer realm=\"pgbatch\"";

/// Why a request did not succeed.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// No bearer token (`invalid` false) or one that is not configured: 401.
    Unauthorized { invalid: bool },
    /// A read token on a route that changes the database: 403.
    Forbidden,
    /// Over the rate limit: 429, with `Retry-After`.
    TooMany { retry_after: Duration },
    /// A body or query that is not what the route takes: 400.
    BadRequest(String),
    /// A batch is already running here and did not finish in time: 409.
    Busy(String),
    /// The command failed: 500 (a failed step, with what became of the batch), 409
    /// (another runner held the migration lock), 400 (an unknown `to`) or 503 (the
    /// database cannot be reached).
    Failed(anyhow::Error),
}

impl From<pgbatch::Error> for ApiError {
    fn from(error: pgbatch::Error) -> Self {
        ApiError::Failed(error.into())
    }
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Busy(_) => StatusCode::CONFLICT,
            ApiError::Failed(error) => match error.downcast_ref::<pgbatch::Error>() {
                Some(pgbatch::Error::LockTimeout { .. }) => StatusCode::CONFLICT,
                Some(pgbatch::Error::InvalidTarget { .. }) => StatusCode::BAD_REQUEST,
                Some(pgbatch::Error::Connect { .. } | pgbatch::Error::ConnectTimeout { .. }) => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    fn body(&self) -> Failure {
        let simple = |kind: &str, message: String| Failure {
            success: false,
            message: message.clone(),
            error: json!({ "kind": kind, "message": message }),
        };
        match self {
            ApiError::Unauthorized { invalid: false } => simple(
                "unauthorized",
                "this route needs a bearer token: Authorization: Bearer <token>".to_owned(),
            ),
            ApiError::Unauthorized { invalid: true } => {
                simple("unauthorized", "the bearer token is not valid".to_owned())
            }
            ApiError::Forbidden => simple(
                "forbidden",
                "this token may only read; changing the database needs an admin token".to_owned(),
            ),
            ApiError::TooMany { retry_after } => simple(
                "rateLimited",
                format!(
                    "too many requests; try again in {} s",
                    retry_seconds(*retry_after)
                ),
            ),
            ApiError::BadRequest(message) => simple("badRequest", message.clone()),
            ApiError::Busy(message) => simple("busy", message.clone()),
            ApiError::Failed(error) => crate::output::json::failure(error),
        }
    }
}

/// Whole seconds, rounded up, at least 1: what `Retry-After` carries.
fn retry_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, axum::Json(self.body())).into_response();
        let headers = response.headers_mut();
        let challenge = match &self {
            ApiError::Unauthorized { invalid: false } => Some(REALM.to_owned()),
            ApiError::Unauthorized { invalid: true } => {
                Some(format!("{REALM}, error=\"invalid_token\""))
            }
            ApiError::Forbidden => Some(format!(
                "{REALM}, error=\"insufficient_scope\", scope=\"admin\""
            )),
            _ => None,
        };
        if let Some(challenge) = challenge.and_then(|value| HeaderValue::from_str(&value).ok()) {
            headers.insert(header::WWW_AUTHENTICATE, challenge);
        }
        if let ApiError::TooMany { retry_after } = self {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_seconds(retry_after)),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::retry_seconds;
    use std::time::Duration;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_seconds(Duration::ZERO), 1);
        assert_eq!(retry_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_seconds(Duration::from_secs(1)), 1);
        assert_eq!(retry_seconds(Duration::from_millis(1500)), 2);
    }
}
