//! `serve`: every status code of the API with a real HTTP client against the real
//! server process, the seed's JSON shapes field by field, and the database after each
//! request.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tests::TestDb;
use tests::serve::{ADMIN, READ, Server};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

/// Sends `method path` with `token` (if any) and `body` (if any); returns the status,
/// the headers and the JSON body.
async fn call(
    server: &Server,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = client().request(method, server.at(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|error| {
        panic!(
            "{method_path} answered no JSON ({error}): {text}",
            method_path = path
        )
    });
    (status, headers, body)
}

async fn get(server: &Server, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let (status, _, body) = call(server, reqwest::Method::GET, path, token, None).await;
    (status, body)
}

async fn post(server: &Server, path: &str, token: &str, body: Option<&str>) -> (StatusCode, Value) {
    let (status, _, body) = call(server, reqwest::Method::POST, path, Some(token), body).await;
    (status, body)
}

/// The tracking table's ids and batches, or nothing when it does not exist.
async fn recorded(db: &TestDb) -> Vec<(i64, i32)> {
    let exists: bool = db
        .client()
        .await
        .query_one("SELECT to_regclass('migrations') IS NOT NULL", &[])
        .await
        .unwrap()
        .get(0);
    if exists {
        db.batches().await
    } else {
        Vec::new()
    }
}

#[tokio::test]
async fn status_apply_and_rollback_answer_in_the_seed_shapes() {
    let db = TestDb::new().await;
    let server = Server::start(&db, "three", &[]);

    // 401 without a token and with a wrong one, each with its challenge.
    let (status, headers, body) =
        call(&server, reqwest::Method::GET, "/api/migrations", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["www-authenticate"], "Bearer realm=\"pgbatch\"");
    assert_eq!(body["success"], json!(false));
    assert_eq!(body["error"]["kind"], json!("unauthorized"));
    let wrong = "admin-token-for-the-tests-3f9a1d";
    let (status, headers, _) = call(
        &server,
        reqwest::Method::GET,
        "/api/migrations",
        Some(wrong),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        headers["www-authenticate"],
        "Bearer realm=\"pgbatch\", error=\"invalid_token\""
    );

    // GET with the read token: the seed's body, field by field.
    let (status, body) = get(&server, "/api/migrations", Some(READ)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["status"],
        json!({
            "appliedMigrations": [],
            "pendingMigrations": ["001_create_a", "002_create_b", "003_create_c"],
            "lastMigration": null,
            "isUpToDate": false,
        })
    );
    assert!(
        body["message"].as_str().unwrap().contains("3 pending"),
        "{body}"
    );
    assert_eq!(body["access"], json!("read"));
    assert_eq!(body["migrations"].as_array().unwrap().len(), 3);
    assert_eq!(body["batches"], json!([]));

    // POST with the read token: 403, nothing created.
    let (status, headers, body) = call(
        &server,
        reqwest::Method::POST,
        "/api/migrations",
        Some(READ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("insufficient_scope")
    );
    assert_eq!(body["error"]["kind"], json!("forbidden"));
    assert_eq!(recorded(&db).await, vec![]);
    assert!(db.tables().await.is_empty());

    // A dry run: the plan, nothing created.
    let (status, body) = post(
        &server,
        "/api/migrations",
        ADMIN,
        Some(r#"{"dryRun": true}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["dryRun"], json!(true));
    assert_eq!(body["batch"], json!(1));
    let steps = body["steps"].as_array().unwrap();
    assert_eq!(steps[0]["migration"], json!("001_create_a"));
    assert_eq!(
        steps[0]["sql"],
        json!("CREATE TABLE a (id int PRIMARY KEY)")
    );
    assert!(body["script"].as_str().unwrap().contains("BEGIN;"));
    assert!(db.tables().await.is_empty());

    // Bodies that are not what the route takes: 400, nothing created.
    for bad in [
        r#"{"to": "two"}"#,
        r#"{"steps": 1}"#,
        "not json",
        r#"{"to": 9}"#,
    ] {
        let (status, body) = post(&server, "/api/migrations", ADMIN, Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(body["success"], json!(false));
    }
    assert!(db.tables().await.is_empty());

    // POST up to 2, then the rest: the seed's results, and the batches in the table.
    let (status, body) = post(&server, "/api/migrations", ADMIN, Some(r#"{"to": 2}"#)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["success"], json!(true));
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for (result, name) in results.iter().zip(["001_create_a", "002_create_b"]) {
        assert_eq!(result["name"], json!(name));
        assert_eq!(result["direction"], json!("up"));
        assert_eq!(result["success"], json!(true));
        assert!(result["timestamp"].as_str().unwrap().ends_with('Z'));
    }
    assert!(
        body["message"].as_str().unwrap().contains("Batch 1"),
        "{body}"
    );
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1)]);
    let (status, body) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"][0]["name"], json!("003_create_c"));
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1), (3, 2)]);
    assert_eq!(db.count("c").await, 2);

    // A second POST with nothing pending runs nothing.
    let (status, body) = post(&server, "/api/migrations", ADMIN, Some("{}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"], json!([]));
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1), (3, 2)]);

    let (_, body) = get(&server, "/api/migrations", Some(ADMIN)).await;
    assert_eq!(body["status"]["isUpToDate"], json!(true));
    assert_eq!(body["status"]["lastMigration"], json!("003_create_c"));
    assert_eq!(body["access"], json!("admin"));
    let batches = body["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(
        batches[0]["migrations"],
        json!(["001_create_a", "002_create_b"])
    );
    assert_eq!(batches[1]["migrations"], json!(["003_create_c"]));

    // Rollback: read token refused; admin reverts the last batch only.
    let (status, _) = post(&server, "/api/migrations/rollback", READ, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(recorded(&db).await.len(), 3);
    let (status, body) = post(&server, "/api/migrations/rollback", ADMIN, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"][0]["name"], json!("003_create_c"));
    assert_eq!(body["results"][0]["direction"], json!("down"));
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1)]);
    assert_eq!(db.tables().await, vec!["a", "b", "migrations"]);

    // The log names each request's status and access, and never a token.
    let (exit, log) = server.terminate();
    assert!(exit.success(), "{log}");
    assert!(log.contains("status=401"), "{log}");
    assert!(log.contains("access=\"admin\""), "{log}");
    for token in [ADMIN, READ, wrong] {
        assert!(!log.contains(token), "a token is in the log:\n{log}");
    }
}

#[tokio::test]
async fn a_failing_batch_answers_500_and_leaves_the_database_as_it_was() {
    let db = TestDb::new().await;
    let server = Server::start(&db, "third_fails", &[]);
    let (status, body) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(body["success"], json!(false));
    let error = &body["error"];
    assert_eq!(error["kind"], json!("step"));
    assert_eq!(error["migration"], json!("003_create_c"));
    assert_eq!(error["sqlstate"], json!("42P01"));
    assert_eq!(error["applied"], json!([]));
    assert!(db.tables().await.is_empty(), "{:?}", db.tables().await);
    assert_eq!(recorded(&db).await, vec![]);
    // The server goes on serving.
    let (status, body) = get(&server, "/api/migrations", Some(READ)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"]["appliedMigrations"], json!([]));
}

/// Starts `POST /api/migrations` over `slow_step` in a task, and returns once its
/// second migration sleeps; the task gives the answer.
async fn post_while_it_sleeps(
    server: &Server,
    db: &TestDb,
) -> tokio::task::JoinHandle<(StatusCode, Value)> {
    let url = server.at("/api/migrations");
    let running = tokio::spawn(async move {
        let response = client().post(url).bearer_auth(ADMIN).send().await.unwrap();
        (response.status(), response.json::<Value>().await.unwrap())
    });
    db.wait_until(
        "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'",
        Duration::from_secs(60),
        "the batch did not start",
    )
    .await;
    running
}

#[tokio::test]
async fn a_second_post_while_a_batch_runs_answers_409_and_never_runs_twice() {
    let db = TestDb::new().await;
    // Migration 2 sleeps 1.6 s; a second POST gives up waiting after 200 ms.
    let server = Server::start(&db, "slow_step", &["--run-wait", "200ms"]);
    let first = post_while_it_sleeps(&server, &db).await;
    let (status, body) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["kind"], json!("busy"));
    let (status, body) = first.await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"].as_array().unwrap().len(), 2);
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1)]);
}

#[tokio::test]
async fn another_runner_holding_the_lock_makes_a_post_answer_409() {
    let db = TestDb::new().await;
    let server = Server::start(&db, "three", &["--lock-wait", "1s"]);
    let (blocker, _pid) = db.hold_migration_lock().await;
    let (status, body) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["kind"], json!("lockTimeout"));
    assert_eq!(body["error"]["holder"]["applicationName"], json!("blocker"));
    assert!(db.tables().await.is_empty());
    drop(blocker);
    let (status, _) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1), (3, 1)]);
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after_per_address_and_per_token() {
    let db = TestDb::new().await;
    // One request a minute, two at once.
    let server = Server::start(&db, "three", &["--rate-limit", "1", "--burst", "2"]);
    let from = |address: [u8; 4]| {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(address))
            .build()
            .unwrap()
    };
    let ask = async |client: &reqwest::Client, path: &str, token: Option<&str>| {
        let mut request = client.get(server.at(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    };
    // Per address: the third request from 127.0.0.1 is refused, with Retry-After.
    let first = from([127, 0, 0, 1]);
    for _ in 0..2 {
        assert_eq!(ask(&first, "/healthz", None).await.status(), StatusCode::OK);
    }
    let refused = ask(&first, "/healthz", None).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "Retry-After: {retry}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["kind"], json!("rateLimited"));

    // Per token: the read token spends its two from 127.0.0.2, then is refused from
    // 127.0.0.3, whose own budget is untouched; the admin token still gets through.
    let second = from([127, 0, 0, 2]);
    for _ in 0..2 {
        let response = ask(&second, "/api/migrations", Some(READ)).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let third = from([127, 0, 0, 3]);
    let refused = ask(&third, "/api/migrations", Some(READ)).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    let admitted = ask(&third, "/api/migrations", Some(ADMIN)).await;
    assert_eq!(admitted.status(), StatusCode::OK);
}

#[tokio::test]
async fn sigterm_lets_a_running_batch_finish() {
    let db = TestDb::new().await;
    let server = Server::start(&db, "slow_step", &[]);
    let running = post_while_it_sleeps(&server, &db).await;
    let (exit, log) = tokio::task::spawn_blocking(move || server.terminate())
        .await
        .unwrap();
    assert!(exit.success(), "{log}");
    assert!(log.contains("shutting down"), "{log}");
    let (status, body) = running.await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(recorded(&db).await, vec![(1, 1), (2, 1)]);
}

#[tokio::test]
async fn probes_openapi_and_schema() {
    let db = TestDb::new().await;
    let server = Server::start(&db, "three", &[]);
    let (status, body) = get(&server, "/healthz", None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"status": "ok"})));
    // Not ready while migrations are pending; ready once applied.
    let (status, body) = get(&server, "/readyz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["ready"], json!(false));
    post(&server, "/api/migrations", ADMIN, None).await;
    let (status, body) = get(&server, "/readyz", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ready"], json!(true));

    // The OpenAPI document lists every route and the bearer scheme.
    let (status, document) = get(&server, "/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/migrations",
        "/api/migrations/rollback",
        "/api/migrations/plan",
        "/api/schema",
        "/healthz",
        "/readyz",
    ] {
        assert!(document["paths"][path].is_object(), "{path} missing");
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        json!("bearer")
    );
    let summary = &document["components"]["schemas"]["Summary"];
    let mut required: Vec<&str> = summary["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    required.sort_unstable();
    assert_eq!(
        required,
        [
            "appliedMigrations",
            "isUpToDate",
            "lastMigration",
            "pendingMigrations"
        ]
    );

    // The schema: the live catalog; with drift, an index added by hand.
    let (status, body) = get(&server, "/api/schema", Some(READ)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let objects = body["objects"].as_array().unwrap();
    let names: Vec<(&str, &str)> = objects
        .iter()
        .map(|o| (o["kind"].as_str().unwrap(), o["name"].as_str().unwrap()))
        .collect();
    for expected in [
        ("table", "public.a"),
        ("column", "public.b.a_id"),
        ("table", "public.c"),
    ] {
        assert!(names.contains(&expected), "{expected:?} not in {names:?}");
    }
    assert!(!names.iter().any(|(_, name)| name.contains("migrations")));
    assert_eq!(body["drift"], Value::Null);
    db.client()
        .await
        .batch_execute("CREATE INDEX by_hand ON c (id)")
        .await
        .unwrap();
    let (status, body) = get(&server, "/api/schema?drift=true", Some(READ)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["drift"]["differences"],
        json!([{
            "kind": "index", "name": "public.by_hand", "change": "unexpected",
            "attributes": {"definition": "CREATE INDEX by_hand ON public.c USING btree (id)"},
        }])
    );
    let (status, _) = get(&server, "/api/schema?drift=maybe", Some(READ)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn serve_refuses_to_start_without_a_good_token() {
    let db = TestDb::new().await;
    let short = "hunter2";
    for (variables, expected) in [
        (vec![], "serve needs an API token"),
        (
            vec![("MIGRATOR_API_ADMIN_TOKEN", short)],
            "shorter than 16 characters",
        ),
    ] {
        let mut command = tests::cli::command(&db, "three");
        command.args(["serve", "--listen", "127.0.0.1:0"]);
        command.env_remove("MIGRATOR_API_ADMIN_TOKEN");
        command.env_remove("MIGRATOR_API_READ_TOKEN");
        for (name, value) in variables {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains(short), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A tokens file named in migrator.toml, relative to it.
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("migrator.toml"),
        "[defaults]\napi_tokens_file = \"secrets/api.toml\"\n",
    )
    .unwrap();
    std::fs::create_dir(folder.path().join("secrets")).unwrap();
    let from_file = "admin-token-from-the-file-0f0f0f";
    std::fs::write(
        folder.path().join("secrets/api.toml"),
        format!("admin = [\"{from_file}\"]\n"),
    )
    .unwrap();
    let mut command = tests::cli::command(&db, "three");
    command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(folder.path());
    let server = Server::spawn(command);
    let (status, body) = post(&server, "/api/migrations", from_file, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(recorded(&db).await.len(), 3);
}

#[tokio::test]
async fn a_post_in_a_protected_environment_backs_up_first_as_up_does() {
    let db = TestDb::new().await;
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("migrator.toml"),
        "[environments.production]\nlock_wait = \"30s\"\n",
    )
    .unwrap();
    let mut command = tests::cli::command(&db, "three");
    command
        .args(["--env", "production", "serve", "--listen", "127.0.0.1:0"])
        .env("MIGRATOR_API_ADMIN_TOKEN", ADMIN)
        .current_dir(folder.path());
    let server = Server::spawn(command);
    let (status, body) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let path = std::path::PathBuf::from(body["backup"]["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), folder.path().join("backups"));
    assert!(path.is_file(), "{}", path.display());
    assert!(
        body["backup"]["restoreCommand"]
            .as_str()
            .unwrap()
            .starts_with("pg_restore")
    );
    assert_eq!(recorded(&db).await.len(), 3);
    // Nothing pending: no second backup.
    let (_, body) = post(&server, "/api/migrations", ADMIN, None).await;
    assert_eq!(body["backup"], Value::Null);
    assert_eq!(
        std::fs::read_dir(folder.path().join("backups"))
            .unwrap()
            .count(),
        1
    );
}

#[tokio::test]
async fn an_unreachable_database_answers_503_and_the_server_stays_up() {
    // A port nothing listens on: taken, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = tests::cli::bare("three");
    command
        .args([
            "--database-url",
            &format!("postgres://postgres@127.0.0.1:{port}/nowhere?connect_timeout=5"),
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .env("MIGRATOR_API_READ_TOKEN", READ);
    let server = Server::spawn(command);
    let (status, body) = get(&server, "/readyz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["ready"], json!(false));
    let (status, body) = get(&server, "/api/migrations", Some(READ)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"]["kind"], json!("connect"));
    let (status, _) = get(&server, "/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
}
