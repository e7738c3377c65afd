//! The studio page at `/`: one static page, its script and its style, compiled into
//! the binary (no CDN, nothing fetched from elsewhere). The page holds no data: it
//! asks for a token, keeps it in the tab's session storage, and reads everything from
//! the API with it.

use super::State;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

const PAGE: &str = include_str!("studio/index.html");
const SCRIPT: &str = include_str!("studio/studio.js");
const STYLE: &str = include_str!("studio/studio.css");

/// Scripts and styles from this server only, no frames, no inline code.
const POLICY: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; \
                      base-uri 'none'; form-action 'none'";

pub(super) fn routes() -> Router<State> {
    Router::new()
        .route("/", get(|| file(PAGE, "text/html; charset=utf-8")))
        .route(
            "/studio.js",
            get(|| file(SCRIPT, "text/javascript; charset=utf-8")),
        )
        .route(
            "/studio.css",
            get(|| file(STYLE, "text/css; charset=utf-8")),
        )
}

async fn file(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}
