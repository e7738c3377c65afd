//! Connections as PostgreSQL users expect them (libpq's rules), end to end through the
//! CLI: a URL's query parameters, the `PG*` variables and the `DB_*` ones, the password
//! file, `PGAPPNAME`, `PGCONNECT_TIMEOUT`, `PGSSLMODE`, `.env` against `--env`, and
//! durations under a millisecond. Each test asserts which server and database the
//! command reached: a socket-only throwaway cluster beside the TCP test server holds a
//! database of the same name, each with a marker table of its own.

use pgbatch::ConnectOptions;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tests::cluster::{Auth, Cluster};
use tests::{TestDb, cli};

/// libpq's variables, none of which a test may inherit from the shell running it.
const LIBPQ_VARIABLES: [&str; 15] = [
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGDATABASE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGAPPNAME",
    "PGCONNECT_TIMEOUT",
    "PGOPTIONS",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGTARGETSESSIONATTRS",
];

/// The CLI over `fixture` with no connection settings at all: no `DATABASE_URL`,
/// `DB_*` or `PG*` variable, `home` as `HOME` (so `~/.pgpass` is the test's) and as
/// the working directory (so no `.env` or `migrator.toml` is found).
fn bare(fixture: &str, home: &Path) -> Command {
    let mut command = cli::bare(fixture);
    for name in LIBPQ_VARIABLES {
        command.env_remove(name);
    }
    command.env("HOME", home).current_dir(home);
    command
}

fn ok(command: &mut Command, args: &[&str]) -> Output {
    let output = command.args(args).output().unwrap();
    assert!(
        output.status.success(),
        "`{}` failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts that a `--verbose` run failed cleanly (exit code 1, an `error:` line after
/// the settings, no panic); returns its stderr.
fn failed_verbosely(output: Output) -> String {
    let stderr = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("\nerror: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The cluster reachable only through its Unix socket, shared by the tests.
fn socket_cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| Cluster::start_socket_only(Auth::Trust))
}

/// The socket cluster's directory, as text.
fn socket_dir() -> String {
    socket_cluster().socket_dir().display().to_string()
}

/// The TCP test server's host, port and user (and password, if it has one).
fn tcp_server() -> (String, u16, String, Option<String>) {
    use tokio_postgres::config::Host;
    let config = tests::server().as_config();
    let host = match &config.get_hosts()[0] {
        Host::Tcp(host) => host.clone(),
        Host::Unix(path) => path.display().to_string(),
    };
    let password = config
        .get_password()
        .map(|password| String::from_utf8_lossy(password).into_owned());
    (
        host,
        config.get_ports()[0],
        config.get_user().unwrap().to_owned(),
        password,
    )
}

/// Percent-encodes everything but letters and digits, for a part of a URL.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// A database on the TCP test server, and one of the same name on the socket-only
/// cluster; each holds a marker table naming its server.
struct Twins {
    tcp: TestDb,
    socket: ConnectOptions,
}

impl Twins {
    async fn new() -> Twins {
        let tcp = TestDb::new().await;
        let name = tcp.options().dbname().unwrap().to_owned();
        let admin = socket_cluster().connect_options();
        tests::connect(&admin)
            .await
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let socket = admin.with_dbname(&name);
        tcp.client()
            .await
            .batch_execute("CREATE TABLE marker_tcp ()")
            .await
            .unwrap();
        tests::connect(&socket)
            .await
            .batch_execute("CREATE TABLE marker_socket ()")
            .await
            .unwrap();
        Twins { tcp, socket }
    }

    fn name(&self) -> &str {
        self.tcp.options().dbname().unwrap()
    }

    /// `postgres://` URL of the TCP twin, with `query` appended.
    fn tcp_url(&self, query: &str) -> String {
        let (host, port, user, password) = tcp_server();
        let password =
            password.map_or_else(String::new, |password| format!(":{}", encode(&password)));
        format!(
            "postgres://{}{password}@{host}:{port}/{}{query}",
            encode(&user),
            self.name()
        )
    }

    /// Which twin has the tracking table: `tcp`, `socket`, `both` or `neither`.
    async fn migrated(&self) -> &'static str {
        let query = "SELECT to_regclass('migrations') IS NOT NULL";
        let tcp: bool = self
            .tcp
            .client()
            .await
            .query_one(query, &[])
            .await
            .unwrap()
            .get(0);
        let socket: bool = tests::connect(&self.socket)
            .await
            .query_one(query, &[])
            .await
            .unwrap()
            .get(0);
        match (tcp, socket) {
            (true, true) => "both",
            (true, false) => "tcp",
            (false, true) => "socket",
            (false, false) => "neither",
        }
    }
}

/// The session the URL reaches, as `database|port|marker_socket|marker_tcp`.
const WHERE_AM_I: &str = "SELECT current_database() || '|' || current_setting('port') || '|' \
     || (to_regclass('marker_socket') IS NOT NULL) || '|' || (to_regclass('marker_tcp') IS NOT NULL)";

#[tokio::test(flavor = "multi_thread")]
async fn a_host_query_parameter_replaces_the_urls_host_as_psql_reads_it() {
    let twins = Twins::new().await;
    let home = tempfile::tempdir().unwrap();
    let port = socket_cluster().port();
    let url = twins.tcp_url(&format!("?host={}&port={port}", socket_dir()));
    // tokio-postgres alone reads this as two hosts, TCP first, and would reach the
    // TCP twin; libpq lets the query parameter replace the authority's host.
    let naive: tokio_postgres::Config = url.parse().unwrap();
    assert_eq!(naive.get_hosts().len(), 2);

    let mut psql = Command::new(tests::pg_bin("psql"));
    for name in LIBPQ_VARIABLES {
        psql.env_remove(name);
    }
    let output = psql
        .args(["-X", "-A", "-t", "-d", &url, "-c", WHERE_AM_I])
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "psql: {}", text(&output));
    let psql = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert_eq!(psql, format!("{}|{port}|true|false", twins.name()));

    let options = ConnectOptions::from_url(&url).unwrap();
    let ours: String = tests::connect(&options)
        .await
        .query_one(WHERE_AM_I, &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(ours, psql);

    let output = ok(
        &mut bare("three", home.path()),
        &["--database-url", &url, "--verbose", "up"],
    );
    assert_eq!(twins.migrated().await, "socket");
    let stderr = text(&output);
    for line in [
        format!("host: {} (from --database-url)", socket_dir()),
        format!("port: {port} (from --database-url)"),
    ] {
        assert!(stderr.contains(&line), "{line}:\n{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pg_variables_reach_a_socket_directory_when_there_is_no_url() {
    let twins = Twins::new().await;
    let home = tempfile::tempdir().unwrap();
    let port = socket_cluster().port().to_string();
    let output = ok(
        bare("three", home.path())
            .env("PGHOST", socket_dir())
            .env("PGPORT", &port)
            .env("PGUSER", "postgres")
            .env("PGDATABASE", twins.name()),
        &["--verbose", "up"],
    );
    assert_eq!(twins.migrated().await, "socket");
    let stderr = text(&output);
    for line in [
        format!("host: {} (from PGHOST)", socket_dir()),
        format!("port: {port} (from PGPORT)"),
        "user: postgres (from PGUSER)".to_owned(),
        format!("dbname: {} (from PGDATABASE)", twins.name()),
        "application_name: migrator (from default)".to_owned(),
    ] {
        assert!(stderr.contains(&line), "{line}:\n{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_url_part_beats_its_pg_variable_and_a_part_it_leaves_out_comes_from_one() {
    let home = tempfile::tempdir().unwrap();
    let port = socket_cluster().port().to_string();
    let pg_variables = |command: &mut Command| {
        command
            .env("PGHOST", socket_dir())
            .env("PGPORT", &port)
            .env("PGUSER", "postgres");
    };
    // The URL names the TCP server: the variables pointing at the socket lose.
    let twins = Twins::new().await;
    let mut command = bare("three", home.path());
    pg_variables(&mut command);
    ok(&mut command, &["--database-url", &twins.tcp_url(""), "up"]);
    assert_eq!(twins.migrated().await, "tcp");
    // The URL names only the database: host, port and user come from the variables.
    let twins = Twins::new().await;
    let mut command = bare("three", home.path());
    pg_variables(&mut command);
    let url = format!("postgres:///{}", twins.name());
    let output = ok(&mut command, &["--database-url", &url, "--verbose", "up"]);
    assert_eq!(twins.migrated().await, "socket");
    let stderr = text(&output);
    let line = format!("dbname: {} (from --database-url)", twins.name());
    assert!(stderr.contains(&line), "{line}:\n{stderr}");
    assert!(
        stderr.contains(&format!("host: {} (from PGHOST)", socket_dir())),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn db_variables_come_before_pg_variables_when_there_is_no_url() {
    let twins = Twins::new().await;
    let home = tempfile::tempdir().unwrap();
    let (tcp_host, tcp_port, _, _) = tcp_server();
    let output = ok(
        bare("three", home.path())
            .env("DB_HOST", socket_dir())
            .env("PGHOST", &tcp_host)
            .env("DB_PORT", socket_cluster().port().to_string())
            .env("PGPORT", tcp_port.to_string())
            .env("DB_NAME", twins.name())
            .env("PGDATABASE", "postgres")
            // DB_USER is not set: PGUSER fills the part in.
            .env("PGUSER", "postgres"),
        &["--verbose", "up"],
    );
    assert_eq!(twins.migrated().await, "socket");
    let stderr = text(&output);
    assert!(
        stderr.contains(&format!("host: {} (from DB_HOST)", socket_dir())),
        "{stderr}"
    );
    assert!(stderr.contains("user: postgres (from PGUSER)"), "{stderr}");
}

/// Runs `up`, then a seed (under `home`) that records the CLI's session, with the
/// connection settings `configure` gives; returns the session's application name
/// and whether it was encrypted, as `db` recorded them.
async fn session(
    db: &TestDb,
    home: &Path,
    configure: impl Fn(&mut Command) -> &mut Command,
) -> (String, bool) {
    let seeds = home.join("seeds");
    std::fs::create_dir_all(seeds.join("probe")).unwrap();
    std::fs::write(
        seeds.join("probe/001_session.sql"),
        "CREATE TABLE IF NOT EXISTS session (id serial, app text, ssl boolean);
         INSERT INTO session (app, ssl) SELECT current_setting('application_name'),
             coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false);",
    )
    .unwrap();
    ok(configure(&mut bare("three", home)), &["up"]);
    let dir = seeds.display().to_string();
    ok(
        configure(&mut bare("three", home)),
        &["--env", "probe", "seed", "--dir", &dir],
    );
    let row = db
        .client()
        .await
        .query_one("SELECT app, ssl FROM session ORDER BY id DESC LIMIT 1", &[])
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

#[tokio::test(flavor = "multi_thread")]
async fn pgappname_names_the_session_unless_the_url_does() {
    let twins = Twins::new().await;
    let home = tempfile::tempdir().unwrap();
    let plain = twins.tcp_url("");
    let named = twins.tcp_url("?application_name=from-url");
    let (app, _) = session(&twins.tcp, home.path(), |c| {
        c.args(["--database-url", &plain])
    })
    .await;
    assert_eq!(app, "migrator");
    let (app, _) = session(&twins.tcp, home.path(), |c| {
        c.env("PGAPPNAME", "from-env")
            .args(["--database-url", &plain])
    })
    .await;
    assert_eq!(app, "from-env");
    let (app, _) = session(&twins.tcp, home.path(), |c| {
        c.env("PGAPPNAME", "from-env")
            .args(["--database-url", &named])
    })
    .await;
    assert_eq!(app, "from-url");
}

#[tokio::test(flavor = "multi_thread")]
async fn pgsslmode_decides_encryption_unless_the_url_does() {
    let twins = Twins::new().await;
    let home = tempfile::tempdir().unwrap();
    let tls_on: bool = twins
        .tcp
        .client()
        .await
        .query_one("SELECT current_setting('ssl') = 'on'", &[])
        .await
        .unwrap()
        .get(0);
    let plain = twins.tcp_url("");
    let (_, ssl) = session(&twins.tcp, home.path(), |c| {
        c.env("PGSSLMODE", "disable")
            .args(["--database-url", &plain])
    })
    .await;
    assert!(!ssl);
    let required = twins.tcp_url("?sslmode=require");
    if tls_on {
        let (_, ssl) = session(&twins.tcp, home.path(), |c| {
            c.env("PGSSLMODE", "disable")
                .args(["--database-url", &required])
        })
        .await;
        assert!(ssl, "the URL's sslmode=require beats PGSSLMODE=disable");
    } else {
        // Without TLS on the server, require must fail: proof that the URL's mode,
        // not PGSSLMODE=disable, was in force.
        let output = bare("three", home.path())
            .env("PGSSLMODE", "disable")
            .args(["--database-url", &required, "status"])
            .output()
            .unwrap();
        assert!(cli::failed(output, &["status"]).contains("TLS"));
    }
    // Over the socket, sslmode=require is ignored, as psql ignores it.
    let url = format!(
        "postgres://postgres@/{}?host={}&port={}",
        twins.name(),
        socket_dir(),
        socket_cluster().port()
    );
    ok(
        bare("three", home.path()).env("PGSSLMODE", "require"),
        &["--database-url", &url, "up"],
    );
    assert_eq!(twins.migrated().await, "both");
}

#[tokio::test(flavor = "multi_thread")]
async fn pgconnect_timeout_bounds_an_attempt_that_gets_no_answer() {
    // A listener whose backlog is full: the kernel drops further SYNs, so a
    // connection attempt gets no answer at all until its timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut held = Vec::new();
    loop {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(300)) {
            Ok(stream) => held.push(stream),
            Err(_) => break,
        }
        assert!(held.len() < 16, "the listen backlog never filled");
    }
    let home = tempfile::tempdir().unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{}/app", address.port());
    let attempt = |timeout: &str, url: &str| {
        let started = Instant::now();
        let output = bare("three", home.path())
            .env("PGCONNECT_TIMEOUT", timeout)
            .args(["--database-url", url, "status"])
            .output()
            .unwrap();
        let stderr = cli::failed(output, &["status"]);
        assert!(stderr.contains("timed out"), "{stderr}");
        started.elapsed()
    };
    let took = attempt("2", &url);
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(8),
        "PGCONNECT_TIMEOUT=2 took {took:?}"
    );
    // The URL's connect_timeout wins over the variable.
    let took = attempt("30", &format!("{url}?connect_timeout=1"));
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(8),
        "connect_timeout=1 took {took:?}"
    );
    drop(held);
}

#[tokio::test(flavor = "multi_thread")]
async fn connect_timeout_bounds_a_server_that_accepts_and_never_answers() {
    // A listener that accepts every connection and never says a word: tokio-postgres's
    // own timeout covers only the TCP connect, so this used to wait forever.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let home = tempfile::tempdir().unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{port}/app?connect_timeout=2&sslmode=disable");
    let started = Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        bare("three", home.path())
            .args(["--database-url", &url, "up"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let took = started.elapsed();
    let stderr = cli::failed(output, &["up"]);
    assert!(
        stderr.contains("timed out after 2s without an answer (connect_timeout)"),
        "{stderr}"
    );
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(8),
        "connect_timeout=2 took {took:?}"
    );
    // TLS negotiation is bounded the same way (the server never answers SSLRequest).
    let home = tempfile::tempdir().unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{port}/app?connect_timeout=1&sslmode=prefer");
    let started = Instant::now();
    let output = tokio::task::spawn_blocking(move || {
        bare("three", home.path())
            .args(["--database-url", &url, "status"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = cli::failed(output, &["status"]);
    assert!(stderr.contains("timed out after 1s"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    silent.abort();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_password_file_logs_in_with_escapes_and_is_ignored_when_others_may_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let password = r"co:rrect\horse";
    let cluster = Cluster::start(Auth::Password(password.to_owned()));
    let db = TestDb::on(&cluster.connect_options()).await;
    let name = db.options().dbname().unwrap().to_owned();
    let port = cluster.port();
    let home = tempfile::tempdir().unwrap();
    let passfile = home.path().join("passwords");
    std::fs::write(
        &passfile,
        format!(
            "# host:port:database:user:password\n\
             127.0.0.1:{port}:other:postgres:wrong\n\
             127.0.0.1:{port}:{name}:postgres:co\\:rrect\\\\horse\n\
             *:*:*:*:also-wrong\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o600)).unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{port}/{name}");
    let output = ok(
        bare("three", home.path()).env("PGPASSFILE", &passfile),
        &["--database-url", &url, "--verbose", "up"],
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1)]);
    let stderr = text(&output);
    let line = format!("password: set (from {}, line 3)", passfile.display());
    assert!(stderr.contains(&line), "{line}:\n{stderr}");
    assert!(!stderr.contains("rrect"), "{stderr}");

    // Readable by others: ignored, as libpq ignores it, so the login fails.
    std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = bare("three", home.path())
        .env("PGPASSFILE", &passfile)
        .args(["--database-url", &url, "--verbose", "status"])
        .output()
        .unwrap();
    let stderr = failed_verbosely(output);
    assert!(
        stderr.contains("its permissions are 0644, so others may read it"),
        "{stderr}"
    );
    assert!(stderr.contains("password: none"), "{stderr}");
    assert!(!stderr.contains("rrect"), "{stderr}");

    // Without PGPASSFILE, ~/.pgpass.
    let dot_pgpass = home.path().join(".pgpass");
    std::fs::write(
        &dot_pgpass,
        format!("127.0.0.1:{port}:*:postgres:co\\:rrect\\\\horse\n"),
    )
    .unwrap();
    std::fs::set_permissions(&dot_pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    ok(
        &mut bare("four", home.path()),
        &["--database-url", &url, "up"],
    );
    assert_eq!(db.batches().await, [(1, 1), (2, 1), (3, 1), (4, 2)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_explicit_env_beats_a_database_url_from_dotenv_but_not_a_real_one() {
    let (in_dotenv, in_file, in_shell) = (
        TestDb::new().await,
        TestDb::new().await,
        TestDb::new().await,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("migrator.toml"),
        format!("[environments.staging]\nurl = \"{}\"\n", in_file.url()),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".env"),
        format!("DATABASE_URL=\"{}\"\n", in_dotenv.url()),
    )
    .unwrap();
    // --env staging: the file's url, not the one .env set.
    let output = ok(
        &mut bare("three", dir.path()),
        &["--env", "staging", "--verbose", "up"],
    );
    assert_eq!(in_file.tracking().await.len(), 3);
    assert!(in_dotenv.tracking().await.is_empty());
    assert!(
        text(&output).contains("DATABASE_URL: set in .env, not used: --env staging chooses"),
        "{}",
        text(&output)
    );
    // MIGRATOR_ENV from the environment is as explicit.
    ok(
        bare("four", dir.path()).env("MIGRATOR_ENV", "staging"),
        &["up"],
    );
    assert_eq!(in_file.tracking().await.len(), 4);
    assert!(in_dotenv.tracking().await.is_empty());
    // Without --env, .env's DATABASE_URL is used, as a variable beats the file.
    let output = ok(&mut bare("three", dir.path()), &["--verbose", "up"]);
    assert_eq!(in_dotenv.tracking().await.len(), 3);
    assert!(
        text(&output).contains("(from DATABASE_URL in .env)"),
        "{}",
        text(&output)
    );
    // A DATABASE_URL of the real environment still beats --env.
    ok(
        bare("three", dir.path()).env("DATABASE_URL", in_shell.url()),
        &["--env", "staging", "up"],
    );
    assert_eq!(in_shell.tracking().await.len(), 3);
    assert_eq!(in_file.tracking().await.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lock_timeout_under_a_millisecond_is_refused_and_one_millisecond_is_kept() {
    let db = TestDb::new().await;
    let home = tempfile::tempdir().unwrap();
    let url = db.url();
    let refused = |command: &mut Command, code: i32, what: &str| {
        let output = command
            .args(["--database-url", &url, "up"])
            .output()
            .unwrap();
        let stderr = text(&output);
        assert_eq!(output.status.code(), Some(code), "{what}: {stderr}");
        assert!(
            stderr.contains("is less than a millisecond, which PostgreSQL would read as 0"),
            "{what}: {stderr}"
        );
    };
    // Flags and variables are checked as clap parses them (a usage error, code 2).
    refused(
        bare("lock_settings", home.path()).args(["--lock-timeout", "500us"]),
        2,
        "--lock-timeout 500us",
    );
    refused(
        bare("lock_settings", home.path()).env("MIGRATOR_STATEMENT_TIMEOUT", "999us"),
        2,
        "MIGRATOR_STATEMENT_TIMEOUT=999us",
    );
    std::fs::write(
        home.path().join("migrator.toml"),
        "[defaults]\nlock_timeout = \"500us\"\n",
    )
    .unwrap();
    refused(&mut bare("lock_settings", home.path()), 1, "migrator.toml");
    assert!(db.tables().await.is_empty());
    std::fs::remove_file(home.path().join("migrator.toml")).unwrap();

    ok(
        &mut bare("lock_settings", home.path()),
        &["--database-url", &url, "--lock-timeout", "1ms", "up"],
    );
    let seen: String = db
        .client()
        .await
        .query_one("SELECT value FROM seen WHERE id = 2", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, "1ms");
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_names_each_parts_origin_and_never_the_password() {
    let twins = Twins::new().await;
    let home = tempfile::tempdir().unwrap();
    // The socket cluster trusts local logins, so any password is accepted.
    let url = format!(
        "postgres://postgres:hunter2-secret@/{}?host={}",
        twins.name(),
        socket_dir()
    );
    let output = ok(
        bare("three", home.path())
            .env("PGPORT", socket_cluster().port().to_string())
            .env("PGAPPNAME", "verbose-test")
            .env("PGCONNECT_TIMEOUT", "7")
            .env("PGPASSWORD", "other-secret"),
        &["--database-url", &url, "--verbose", "up"],
    );
    assert_eq!(twins.migrated().await, "socket");
    let stderr = text(&output);
    for line in [
        format!("host: {} (from --database-url)", socket_dir()),
        format!("port: {} (from PGPORT)", socket_cluster().port()),
        "user: postgres (from --database-url)".to_owned(),
        "password: set (from --database-url)".to_owned(),
        "sslmode: prefer (not used: a Unix socket is never encrypted) (from default)".to_owned(),
        "application_name: verbose-test (from PGAPPNAME)".to_owned(),
        "connect_timeout: 7s (from PGCONNECT_TIMEOUT)".to_owned(),
    ] {
        assert!(stderr.contains(&line), "{line}:\n{stderr}");
    }
    assert!(!stderr.contains("secret"), "{stderr}");

    // With no password in the URL, PGPASSWORD's is used, and not shown either.
    let url = format!(
        "postgres://postgres@/{}?host={}",
        twins.name(),
        socket_dir()
    );
    let output = ok(
        bare("three", home.path())
            .env("PGPORT", socket_cluster().port().to_string())
            .env("PGPASSWORD", "other-secret"),
        &["--database-url", &url, "--verbose", "status"],
    );
    let stderr = text(&output);
    assert!(
        stderr.contains("password: set (from PGPASSWORD)"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_variable_in_the_files_url_is_encoded_and_never_shown() {
    let twins = Twins::new().await;
    let dir = tempfile::tempdir().unwrap();
    // The socket cluster trusts local logins, so the password is sent but not checked;
    // raw, its `/`, `@`, `:`, `?` and `#` would split the URL into another host and port.
    let password = "a/b@c:d?e#f";
    std::fs::write(
        dir.path().join("migrator.toml"),
        format!(
            "[defaults]\nurl = \"postgres://postgres:${{P}}@{}:{}/{}\"\n",
            encode(&socket_dir()),
            socket_cluster().port(),
            twins.name()
        ),
    )
    .unwrap();
    let output = ok(
        bare("three", dir.path()).env("P", password),
        &["--verbose", "up"],
    );
    assert_eq!(twins.migrated().await, "socket");
    let applied: i64 = tests::connect(&twins.socket)
        .await
        .query_one("SELECT count(*) FROM migrations", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(applied, 3);
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        text(&output)
    );
    assert!(shown.contains("password: set"), "{shown}");
    for fragment in [password, "a/b", "b@c", "c:d", "d?e", "e#f"] {
        assert!(!shown.contains(fragment), "{fragment}:\n{shown}");
    }
}
