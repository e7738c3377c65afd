//! Rate limits: a budget of requests a minute, with a burst, per client address (every
//! request, before its token is even read, so guessing tokens is slow too) and per
//! token. Over it, `429 Too Many Requests` with `Retry-After`. governor's GCRA keeps
//! one timestamp per key; keys idle for a while are forgotten.

use super::State;
use super::answer::ApiError;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

/// The two limiters.
pub(crate) struct Limits {
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    tokens: DefaultKeyedRateLimiter<String>,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("addresses", &self.addresses.len())
            .field("tokens", &self.tokens.len())
            .finish()
    }
}

impl Limits {
    /// `per_minute` requests a minute per key, `burst` of them at once.
    pub(crate) fn new(per_minute: u32, burst: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        Limits {
            addresses: RateLimiter::keyed(quota),
            tokens: RateLimiter::keyed(quota),
        }
    }

    /// Counts a request of the token named `name`; over the limit, how long to wait.
    pub(crate) fn per_token(&self, name: &str) -> Result<(), Duration> {
        self.tokens
            .check_key(&name.to_owned())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn per_address(&self, address: IpAddr) -> Result<(), Duration> {
        self.addresses
            .check_key(&address)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The per-address limit, in front of every route.
pub(crate) async fn per_address(
    axum::extract::State(state): axum::extract::State<State>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    match state.limits.per_address(client.ip()) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => ApiError::TooMany { retry_after }.into_response(),
    }
}

/// Forgets, every minute, the keys whose budget is full again, so a server that sees
/// many addresses does not grow.
pub(crate) async fn forget_idle(state: State) {
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        state.limits.addresses.retain_recent();
        state.limits.addresses.shrink_to_fit();
        state.limits.tokens.retain_recent();
    }
}
