//! `serve`: the migrations over HTTP. A JSON API in the seed's shapes (`GET` and
//! `POST /api/migrations`, a rollback, a dry run, the live schema), behind bearer
//! tokens and per-token and per-address rate limits, with health and readiness
//! probes, its OpenAPI document, and the studio page at `/`.
//!
//! Each request connects with the same settings as every other command, runs one
//! engine call and closes; batches run one at a time, in a task of their own, so a
//! client that hangs up does not cancel one half-way, and SIGTERM lets a running
//! batch finish before the process exits.

mod answer;
mod api;
mod auth;
mod limit;
mod studio;

use crate::commands::{Context, ScratchArgs};
use crate::settings::Settings;
use anyhow::Context as _;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Serve the HTTP API and the studio page
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Address to listen on; give 0.0.0.0:PORT explicitly to listen on every interface
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1:7300",
        env = "MIGRATOR_API_LISTEN"
    )]
    listen: SocketAddr,

    /// Requests a minute allowed per token, and per client address
    #[arg(
        long,
        value_name = "N",
        default_value_t = 120,
        env = "MIGRATOR_API_RATE_LIMIT",
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    rate_limit: u32,

    /// Requests allowed at once above that rate
    #[arg(
        long,
        value_name = "N",
        default_value_t = 30,
        env = "MIGRATOR_API_BURST",
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    burst: u32,

    /// How long a POST waits for a batch already running in this server before it
    /// answers 409, such as 10s
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = crate::settings::parse_duration)]
    run_wait: Duration,

    /// Request logs on stderr as text or as JSON lines
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,

    #[command(flatten)]
    scratch: ScratchArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// What every request shares.
#[derive(Debug)]
struct Shared {
    migrations: &'static [pgbatch::Migration],
    settings: Settings,
    /// Where `drift` creates its scratch database.
    scratch: pgbatch::ConnectOptions,
    tokens: auth::Tokens,
    limits: limit::Limits,
    /// Held by the batch running in this server, if any.
    running: Arc<tokio::sync::Mutex<()>>,
    run_wait: Duration,
}

type State = Arc<Shared>;

impl Shared {
    /// Connects with the settings, runs `command`, and closes the connection.
    async fn with_migrator<T>(
        &self,
        command: impl AsyncFnOnce(&mut pgbatch::Migrator) -> Result<T, pgbatch::Error>,
    ) -> Result<T, pgbatch::Error> {
        let settings = &self.settings;
        let mut migrator =
            pgbatch::Migrator::connect(&settings.connect, settings.options.clone()).await?;
        let result = command(&mut migrator).await;
        migrator.close().await;
        result
    }

    /// `user@host:port/dbname`, without the password.
    fn target(&self) -> String {
        self.settings.connect.to_string()
    }
}

pub(crate) async fn run(args: Args, context: &Context<'_>) -> anyhow::Result<()> {
    let settings = context.settings()?.clone();
    let tokens = auth::Tokens::load(settings.api_tokens_file.as_deref())?;
    install_logs(args.log_format);
    let state: State = Arc::new(Shared {
        migrations: context.migrations,
        scratch: args.scratch.server(&settings)?,
        settings,
        limits: limit::Limits::new(args.rate_limit, args.burst),
        tokens,
        running: Arc::new(tokio::sync::Mutex::new(())),
        run_wait: args.run_wait,
    });
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    tracing::info!(
        target: "pgbatch::serve",
        database = %state.target(),
        admin_tokens = state.tokens.count(auth::Access::Admin),
        read_tokens = state.tokens.count(auth::Access::Read),
        "listening on http://{address}"
    );
    tokio::spawn(limit::forget_idle(Arc::clone(&state)));
    let app = router(Arc::clone(&state)).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped")?;
    // A batch whose client hung up runs on in its own task: let it finish.
    let _finished = state.running.lock().await;
    tracing::info!(target: "pgbatch::serve", "stopped");
    Ok(())
}

/// The routes, with the middleware: a request log, panics as 500, the
/// `Authorization` header kept out of logs, the per-address rate limit before
/// anything else, then each API route's access check.
fn router(state: State) -> Router {
    use axum::middleware::from_fn_with_state;
    use tower_http::trace::TraceLayer;
    let api = api::routes().route_layer(from_fn_with_state(Arc::clone(&state), auth::check));
    Router::new()
        .merge(api)
        .merge(api::open_routes())
        .merge(studio::routes())
        .layer(from_fn_with_state(Arc::clone(&state), limit::per_address))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_response)
                .on_failure(()),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            api::panicked,
        ))
        .layer(
            tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer::new([
                axum::http::header::AUTHORIZATION,
            ]),
        )
        .with_state(state)
}

/// A request's span: method, path (never the query or headers), client address, and
/// the access the token gave, recorded by the access check.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let client = request
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
        .unwrap_or_default();
    tracing::info_span!(
        target: "pgbatch::serve",
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        client = %client,
        access = tracing::field::Empty,
    )
}

fn log_response<B>(response: &axum::http::Response<B>, latency: Duration, _: &tracing::Span) {
    tracing::info!(
        target: "pgbatch::serve",
        status = response.status().as_u16(),
        ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
        "answered"
    );
}

/// Request and server logs on stderr; `RUST_LOG`-free on purpose: the server's own
/// lines at info, nothing from the libraries.
fn install_logs(format: LogFormat) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = Targets::new().with_target("pgbatch", tracing::Level::INFO);
    let registry = tracing_subscriber::registry().with(filter);
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    // Another subscriber (a test's) may be installed already: keep it.
    let _ = match format {
        LogFormat::Text => registry.with(fmt).try_init(),
        LogFormat::Json => registry.with(fmt.json().flatten_event(true)).try_init(),
    };
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!(target: "pgbatch::serve", "shutting down: finishing the requests in flight");
}
