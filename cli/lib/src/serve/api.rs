//! The API's routes, their bodies, and the OpenAPI document generated from them.

use super::State;
use super::answer::ApiError;
use super::auth::Access;
use crate::output::documents::{Detail, DownDocument, Failure, Summary, UpDocument};
use axum::body::Bytes;
use axum::extract::{Extension, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{OpenApi, ToSchema};

/// The routes behind a token.
pub(super) fn routes() -> Router<State> {
    Router::new()
        .route("/api/migrations", get(status).post(apply))
        .route("/api/migrations/plan", get(plan))
        .route("/api/migrations/rollback", post(rollback))
        .route("/api/schema", get(schema))
}

/// The routes anyone may call: the probes and the OpenAPI document.
pub(super) fn open_routes() -> Router<State> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/api/openapi.json", get(openapi))
}

/// `GET /api/migrations`: the seed's `status` and `message`, then the detail.
#[derive(Debug, Serialize, ToSchema)]
struct StatusBody {
    status: Summary,
    message: String,
    #[serde(flatten)]
    detail: Detail,
    /// The applied migrations by batch, oldest batch first.
    batches: Vec<Batch>,
    /// What the token presented may do: `read` or `admin`.
    access: String,
}

/// One batch of the history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Batch {
    batch: i32,
    /// Labels, in the order applied.
    migrations: Vec<String>,
    /// When its first migration committed.
    first_applied_at: String,
    /// When its last migration committed.
    last_applied_at: String,
    /// Its migrations' durations, summed.
    duration_ms: u64,
}

/// The body of `POST /api/migrations`, all optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RunRequest {
    /// Apply pending migrations up to and including this number only.
    to: Option<u32>,
    /// Answer with the plan (the SQL that would run) and change nothing.
    #[serde(default)]
    dry_run: bool,
}

/// The body of `POST /api/migrations/rollback`, optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RollbackRequest {
    /// Answer with the plan and change nothing.
    #[serde(default)]
    dry_run: bool,
}

/// `?to=ID` of the plan.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct PlanQuery {
    /// Plan up to and including this migration number only.
    to: Option<u32>,
}

/// `?drift=true` of the schema.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
struct SchemaQuery {
    /// Also compare with the schema the applied migrations make, on a scratch
    /// database (as the `drift` command does).
    #[serde(default)]
    drift: bool,
}

/// What `up` or `down` would run: a dry run, nothing changed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Plan {
    /// Always `true`.
    dry_run: bool,
    message: String,
    /// The batch it would create (`up`) or revert (`down`); null when there is
    /// nothing to do.
    batch: Option<i32>,
    /// Interrupted migrations it would finish first.
    would_finish: Vec<String>,
    /// The whole script, transactions and timeouts included, as `--dry-run` prints it.
    script: String,
    /// Each step, in order.
    steps: Vec<PlanStep>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct PlanStep {
    migration: String,
    /// 1-based, within the migration.
    number: usize,
    /// The migration's number of steps.
    steps: usize,
    /// `false`: runs alone, outside a transaction.
    transactional: bool,
    sql: String,
}

impl Plan {
    fn of(command: &str, preview: &pgbatch::Preview, target: &str) -> Self {
        let script = crate::commands::dry_run::render(command, target, preview);
        Plan {
            dry_run: true,
            message: script
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("-- ")
                .to_owned(),
            batch: preview.batch,
            would_finish: preview.would_finish.clone(),
            steps: preview
                .segments
                .iter()
                .flat_map(|segment| {
                    segment.steps.iter().map(|step| PlanStep {
                        migration: step.migration.clone(),
                        number: step.number,
                        steps: step.steps,
                        transactional: segment.transactional,
                        sql: step.step.sql.to_string(),
                    })
                })
                .collect(),
            script,
        }
    }
}

/// `POST /api/migrations`: what was applied, or the plan of a dry run.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
enum RunAnswer {
    Applied(UpDocument),
    Planned(Plan),
}

/// `POST /api/migrations/rollback`: what was reverted, or the plan of a dry run.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
enum RollbackAnswer {
    Reverted(DownDocument),
    Planned(Plan),
}

/// `GET /api/schema`: every object of the live database's catalog.
#[derive(Debug, Serialize, ToSchema)]
struct SchemaBody {
    database: String,
    objects: Vec<SchemaObject>,
    /// With `?drift=true`: the `drift` command's document (`differences`…).
    #[schema(value_type = Option<Object>)]
    drift: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
struct SchemaObject {
    /// `table`, `column`, `index`, `constraint`, `type`, `view`…
    kind: String,
    /// Qualified and quoted as PostgreSQL prints it: `public.users.email`.
    name: String,
    schema: String,
    /// The table it belongs to, qualified.
    parent: Option<String>,
    /// What PostgreSQL says of it: `type`, `default`, `not null`, `definition`…
    attributes: BTreeMap<String, String>,
}

/// `/healthz`.
#[derive(Debug, Serialize, ToSchema)]
struct Health {
    /// Always `ok`.
    status: String,
}

/// `/readyz`.
#[derive(Debug, Serialize, ToSchema)]
struct Readiness {
    ready: bool,
    message: String,
}

/// A body that may be empty, else the JSON of `T`.
fn body<T: Default + serde::de::DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes)
        .map_err(|error| ApiError::BadRequest(format!("the body is not valid: {error}")))
}

#[utoipa::path(get, path = "/api/migrations", tag = "migrations",
    description = "Every migration and its state, in the seed's shape.",
    responses(
        (status = 200, body = StatusBody),
        (status = 401, body = Failure), (status = 429, body = Failure),
        (status = 503, body = Failure, description = "The database cannot be reached."),
    ),
    security(("bearer" = [])))]
async fn status(
    axum::extract::State(state): axum::extract::State<State>,
    Extension(access): Extension<Access>,
) -> Result<Json<StatusBody>, ApiError> {
    let status = state
        .with_migrator(async |migrator| migrator.status(state.migrations).await)
        .await?;
    let target = state.target();
    let summary = Summary::of(&status);
    let message = if summary.is_up_to_date {
        format!("{target} is up to date.")
    } else {
        format!(
            "{target} is not up to date: {}.",
            crate::commands::status::summary(&status)
        )
    };
    let detail = Detail::of(&status, &target, &state.settings.options.table.to_string());
    let batches = batches(&detail);
    Ok(Json(StatusBody {
        status: summary,
        message,
        detail,
        batches,
        access: access.as_str().to_owned(),
    }))
}

/// The applied migrations grouped by batch.
fn batches(detail: &Detail) -> Vec<Batch> {
    let mut batches: BTreeMap<i32, Batch> = BTreeMap::new();
    let mut applied: Vec<_> = detail
        .migrations
        .iter()
        .filter_map(|entry| Some((entry.batch?, entry.executed_at.clone()?, entry)))
        .collect();
    applied.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    for (batch, at, entry) in applied {
        let group = batches.entry(batch).or_insert_with(|| Batch {
            batch,
            migrations: Vec::new(),
            first_applied_at: at.clone(),
            last_applied_at: at.clone(),
            duration_ms: 0,
        });
        group.migrations.push(entry.label.clone());
        group.last_applied_at = at;
        group.duration_ms += entry.duration_ms.unwrap_or(0);
    }
    batches.into_values().collect()
}

#[utoipa::path(post, path = "/api/migrations", tag = "migrations",
    description = "Applies every pending migration (or those up to `to`) as one batch, \
                   all of it or none; with `dryRun`, answers the plan and changes nothing.",
    request_body = Option<RunRequest>,
    responses(
        (status = 200, body = RunAnswer),
        (status = 400, body = Failure), (status = 401, body = Failure),
        (status = 403, body = Failure),
        (status = 409, body = Failure, description = "Another batch is running."),
        (status = 429, body = Failure),
        (status = 500, body = Failure, description = "The batch failed and was undone."),
        (status = 503, body = Failure, description = "The database cannot be reached."),
    ),
    security(("bearer" = [])))]
async fn apply(
    axum::extract::State(state): axum::extract::State<State>,
    bytes: Bytes,
) -> Result<Json<RunAnswer>, ApiError> {
    let request: RunRequest = body(&bytes)?;
    let target = request
        .to
        .map_or(pgbatch::UpTo::All, pgbatch::UpTo::Through);
    if request.dry_run {
        let preview = state
            .with_migrator(async |migrator| migrator.preview_up(state.migrations, target).await)
            .await?;
        return Ok(Json(RunAnswer::Planned(Plan::of(
            "up",
            &preview,
            &state.target(),
        ))));
    }
    // As `up` does: the backup the settings ask for first (on by default in a
    // protected environment), then the batch.
    let (report, backup) = exclusively(&state, |state| async move {
        state
            .with_migrator(async |migrator| {
                let settings = &state.settings;
                let backup = crate::commands::up::back_up_first(
                    migrator,
                    &settings.backup.clone().unwrap_or_default(),
                    &settings.connect,
                    state.migrations,
                    target,
                )
                .await?;
                let report = migrator.up_to(state.migrations, target).await?;
                Ok((report, backup))
            })
            .await
    })
    .await?;
    Ok(Json(RunAnswer::Applied(UpDocument::of(
        &report,
        &state.target(),
        backup.taken(),
    ))))
}

#[utoipa::path(post, path = "/api/migrations/rollback", tag = "migrations",
    description = "Reverts the last batch; with `dryRun`, answers the plan and changes nothing.",
    request_body = Option<RollbackRequest>,
    responses(
        (status = 200, body = RollbackAnswer),
        (status = 400, body = Failure), (status = 401, body = Failure),
        (status = 403, body = Failure),
        (status = 409, body = Failure, description = "Another batch is running."),
        (status = 429, body = Failure),
        (status = 500, body = Failure, description = "The revert failed and was undone."),
        (status = 503, body = Failure, description = "The database cannot be reached."),
    ),
    security(("bearer" = [])))]
async fn rollback(
    axum::extract::State(state): axum::extract::State<State>,
    bytes: Bytes,
) -> Result<Json<RollbackAnswer>, ApiError> {
    let request: RollbackRequest = body(&bytes)?;
    if request.dry_run {
        let preview = state
            .with_migrator(async |migrator| migrator.preview_down(pgbatch::DownTo::LastBatch).await)
            .await?;
        return Ok(Json(RollbackAnswer::Planned(Plan::of(
            "down",
            &preview,
            &state.target(),
        ))));
    }
    let report = exclusively(&state, |state| async move {
        state
            .with_migrator(async |migrator| migrator.down().await)
            .await
    })
    .await?;
    Ok(Json(RollbackAnswer::Reverted(DownDocument::of(
        &report,
        &state.target(),
    ))))
}

/// Runs `command` once no other batch of this server runs (waiting up to
/// `--run-wait`, else 409), in a task of its own: a client that hangs up does not
/// cancel it, and shutdown waits for it.
async fn exclusively<T, F, Fut>(state: &State, command: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(State) -> Fut,
    Fut: Future<Output = Result<T, pgbatch::Error>> + Send + 'static,
{
    let running = Arc::clone(&state.running);
    let guard = tokio::time::timeout(state.run_wait, running.lock_owned())
        .await
        .map_err(|_| {
            ApiError::Busy(format!(
                "another batch is running on this server; still busy after {}",
                crate::output::duration(state.run_wait)
            ))
        })?;
    let run = command(Arc::clone(state));
    let task = tokio::spawn(async move {
        let result = run.await;
        drop(guard);
        result
    });
    match task.await {
        Ok(result) => Ok(result?),
        Err(error) => Err(ApiError::Failed(anyhow::anyhow!(
            "the batch's task stopped: {error}"
        ))),
    }
}

#[utoipa::path(get, path = "/api/migrations/plan", tag = "migrations",
    description = "What `POST /api/migrations` would run: the dry run of `up`.",
    params(PlanQuery),
    responses(
        (status = 200, body = Plan),
        (status = 400, body = Failure), (status = 401, body = Failure),
        (status = 429, body = Failure),
        (status = 503, body = Failure, description = "The database cannot be reached."),
    ),
    security(("bearer" = [])))]
async fn plan(
    axum::extract::State(state): axum::extract::State<State>,
    query: Result<Query<PlanQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Plan>, ApiError> {
    let Query(query) = query.map_err(|error| ApiError::BadRequest(error.body_text()))?;
    let target = query.to.map_or(pgbatch::UpTo::All, pgbatch::UpTo::Through);
    let preview = state
        .with_migrator(async |migrator| migrator.preview_up(state.migrations, target).await)
        .await?;
    Ok(Json(Plan::of("up", &preview, &state.target())))
}

#[utoipa::path(get, path = "/api/schema", tag = "schema",
    description = "The live database's schema from its catalog; with `drift=true`, also \
                   its differences from the schema the applied migrations make.",
    params(SchemaQuery),
    responses(
        (status = 200, body = SchemaBody),
        (status = 400, body = Failure), (status = 401, body = Failure),
        (status = 429, body = Failure),
        (status = 503, body = Failure, description = "The database cannot be reached."),
    ),
    security(("bearer" = [])))]
async fn schema(
    axum::extract::State(state): axum::extract::State<State>,
    query: Result<Query<SchemaQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SchemaBody>, ApiError> {
    let Query(query) = query.map_err(|error| ApiError::BadRequest(error.body_text()))?;
    let ignore = &state.settings.ignore;
    let (snapshot, drift) = state
        .with_migrator(async |migrator| {
            let snapshot = migrator.schema(ignore).await?;
            let drift = match query.drift {
                true => Some(
                    migrator
                        .schema_drift(state.migrations, &state.scratch, ignore)
                        .await?,
                ),
                false => None,
            };
            Ok((snapshot, drift))
        })
        .await?;
    let objects = snapshot
        .objects
        .into_iter()
        .map(|((kind, name), object)| SchemaObject {
            kind: kind.as_str().to_owned(),
            name,
            schema: object.schema,
            parent: object.parent,
            attributes: object.attributes,
        })
        .collect();
    Ok(Json(SchemaBody {
        database: state.target(),
        objects,
        drift: drift.as_ref().map(crate::commands::drift::document),
    }))
}

#[utoipa::path(get, path = "/healthz", tag = "probes",
    description = "The process is up.",
    responses((status = 200, body = Health), (status = 429, body = Failure)))]
async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

#[utoipa::path(get, path = "/readyz", tag = "probes",
    description = "The database is reachable and every migration is applied: nothing \
                   pending, changed, missing or interrupted (`status --check`).",
    responses(
        (status = 200, body = Readiness),
        (status = 503, body = Readiness),
        (status = 429, body = Failure),
    ))]
async fn readyz(axum::extract::State(state): axum::extract::State<State>) -> Response {
    let status = state
        .with_migrator(async |migrator| migrator.status(state.migrations).await)
        .await;
    let (ready, message) = match status {
        Ok(status) if status.is_up_to_date() => (true, format!("{} is up to date", state.target())),
        Ok(status) => (
            false,
            format!(
                "{} is not up to date: {}",
                state.target(),
                crate::commands::status::summary(&status)
            ),
        ),
        Err(error) => (false, error.to_string()),
    };
    let code = match ready {
        true => StatusCode::OK,
        false => StatusCode::SERVICE_UNAVAILABLE,
    };
    (code, Json(Readiness { ready, message })).into_response()
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// A panic in a handler: a 500 in the usual shape, not a dropped connection.
pub(super) fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Failed(anyhow::anyhow!("the server hit a bug; nothing was changed by this request unless its batch committed (see GET /api/migrations)")).into_response()
}

#[derive(OpenApi)]
#[openapi(
    info(title = "pgbatch", description = "Apply, revert and inspect the migrations \
        compiled into this server. Read tokens may GET; admin tokens may also POST."),
    paths(status, apply, rollback, plan, schema, healthz, readyz),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

/// Declares the `bearer` scheme the paths name.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
    }
}
