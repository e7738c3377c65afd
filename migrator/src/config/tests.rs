//! Unit tests of connection settings: URLs, variables and defaults, part by part.

use super::*;
use std::time::Duration;

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}

#[test]
fn url_is_displayed_without_its_password() {
    let options =
        ConnectOptions::from_url("postgres://app:s3cret@db.internal:6543/shop").expect("valid url");
    assert_eq!(options.to_string(), "app@db.internal:6543/shop");
    assert!(!format!("{options:?}").contains("s3cret"));
    assert_eq!(
        options.as_config().get_application_name(),
        Some(APPLICATION_NAME)
    );
}

#[test]
fn bad_urls_are_explained_without_echoing_them() {
    for (url, expected) in [
        (
            "postgres://app:s3cret@host:notaport/db",
            "invalid value for option `port`",
        ),
        ("mysql://app:s3cret@host/db", "unsupported scheme `mysql`"),
        (
            "postgres://app:s3cret@host/db?sslmode=bogus",
            "invalid sslmode `bogus`",
        ),
        ("", "it is empty"),
    ] {
        let error = ConnectOptions::from_url(url).expect_err(url).to_string();
        assert!(error.contains(expected), "{url}: {error}");
        assert!(!error.contains("s3cret"), "{error}");
    }
}

#[test]
fn a_password_with_unencoded_special_characters_is_never_echoed() {
    // Each password splits its URL: a piece lands in the port, the host, the database
    // name or a query parameter, which the error must not repeat.
    for password in [
        "Xy9/q@S3cretMarker",
        "S3cretMarker/q@x",
        "Xy9:q@S3cretMarker",
        "pa@S3cretMarker:wo@rd",
        "/x@S3cretMarker",
        "ab?S3cretMarker",
        "ab?S3cretMarker=1",
        "S3cretMarker",
    ] {
        for url in [
            format!("postgres://app:{password}@127.0.0.1:5432/app"),
            format!("postgres://app:{password}@127.0.0.1/app"),
            format!("postgresql://app:{password}@db,db2:5433/app?sslmode=disable"),
        ] {
            let error = match ConnectOptions::from_url(&url) {
                Ok(options) => {
                    // Accepted only if the password arrived whole.
                    assert_eq!(
                        options.as_config().get_password(),
                        Some(password.as_bytes()),
                        "{url}"
                    );
                    continue;
                }
                Err(error) => error.to_string(),
            };
            assert!(!error.contains("S3cretMarker"), "{url}: {error}");
            assert!(error.contains("percent-encode"), "{url}: {error}");
        }
    }
}

#[test]
fn a_url_with_more_than_one_at_sign_is_refused_with_a_hint() {
    let error = ConnectOptions::from_url("postgres://app:pa@ss:wo@S3cretMarker@127.0.0.1/app")
        .expect_err("two `@`")
        .to_string();
    assert!(!error.contains("S3cretMarker"), "{error}");
    assert!(!error.contains("wo@"), "{error}");
    assert!(error.contains("`%40`"), "{error}");
    let error = ConnectOptions::from_url("postgres://app:Xy9/q@S3cretMarker/app")
        .expect_err("a port out of a password")
        .to_string();
    assert!(error.contains("percent-encode"), "{error}");
    let error = ConnectOptions::from_url("postgres://app:S3cretMarker/app")
        .expect_err("a port out of a password")
        .to_string();
    assert!(
        error.contains("invalid value for option `port` in the URL: not a number"),
        "{error}"
    );
    assert!(!error.contains("S3cretMarker"), "{error}");
    // Percent-encoded, the same password is read whole.
    let options =
        ConnectOptions::from_url("postgres://app:pa%40ss%3Awo%40rd%2F%3F@h/app").expect("encoded");
    assert_eq!(
        options.as_config().get_password(),
        Some("pa@ss:wo@rd/?".as_bytes())
    );
    assert_eq!(options.to_string(), "app@h:5432/app");
}

#[test]
fn tls_parameters_are_read_from_either_form() {
    let options = ConnectOptions::from_url(
        "postgres://app@db/shop?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=3",
    )
    .expect("valid url");
    assert_eq!(options.ssl_mode(), SslMode::VerifyFull);
    assert_eq!(options.ssl_root_cert(), Some(Path::new("/etc/ca.pem")));
    assert_eq!(
        options.as_config().get_connect_timeout(),
        Some(&Duration::from_secs(3))
    );
    let options = ConnectOptions::from_url(
        "host=db user=app sslmode=verify-ca sslrootcert='/my certs/ca.pem' dbname=shop",
    )
    .expect("valid key=value string");
    assert_eq!(options.ssl_mode(), SslMode::VerifyCa);
    assert_eq!(options.ssl_root_cert(), Some(Path::new("/my certs/ca.pem")));
    assert_eq!(options.to_string(), "app@db:5432/shop");
    let options = ConnectOptions::from_url("postgres://app@db/shop").expect("valid url");
    assert_eq!(options.ssl_mode(), SslMode::Prefer);
    assert!(!options.ssl_mode_is_set());
    assert_eq!(
        options.as_config().get_ssl_mode(),
        tokio_postgres::config::SslMode::Prefer
    );
    let options =
        ConnectOptions::from_url("postgres://app@db/shop?sslmode=require").expect("valid url");
    assert_eq!(
        options.as_config().get_ssl_mode(),
        tokio_postgres::config::SslMode::Require
    );
    let error = ConnectOptions::from_url("postgres://app:s3cret@db/shop?sslmode=verify")
        .expect_err("bad mode");
    assert!(
        error.to_string().contains("invalid sslmode `verify`"),
        "{error}"
    );
}

#[test]
fn database_url_wins_over_parts() {
    let options = ConnectOptions::from_env(env(&[
        ("DATABASE_URL", "postgres://a@h1/d1"),
        ("DB_HOST", "h2"),
    ]))
    .expect("valid");
    assert_eq!(options.to_string(), "a@h1:5432/d1");
}

#[test]
fn parts_fill_in_defaults() {
    let options = ConnectOptions::from_env(env(&[
        ("DB_HOST", "db"),
        ("DB_PORT", "6000"),
        ("DB_USER", "app"),
        ("DB_PASSWORD", "pw"),
    ]))
    .expect("valid");
    assert_eq!(options.to_string(), "app@db:6000/app");
    assert_eq!(options.as_config().get_password(), Some(&b"pw"[..]));
    let defaults = ConnectOptions::from_env(env(&[])).expect("valid");
    assert_eq!(defaults.to_string(), "postgres@localhost:5432/postgres");
    let error = ConnectOptions::from_env(env(&[("DB_PORT", "x")])).expect_err("bad port");
    assert!(error.to_string().contains("`x`"), "{error}");
}

/// Each part on a line, with its source, as a snapshot.
fn parts(options: &ConnectOptions) -> String {
    options
        .parts()
        .iter()
        .map(|part| {
            let source = match &part.source {
                Source::Url => "url".to_owned(),
                Source::Variable(name) => (*name).to_owned(),
                Source::PassFile { line, .. } => format!("passfile line {line}"),
                Source::Set => "set".to_owned(),
                Source::Default => "default".to_owned(),
            };
            let value = part.value.as_deref().unwrap_or("(hidden)");
            format!("{}: {value} ({source})\n", part.keyword)
        })
        .collect()
}

#[test]
fn query_parameters_replace_what_the_authority_said() {
    let options = ConnectOptions::from_url(
        "postgres://postgres@localhost:5432/app?host=/run/postgresql&port=6000",
    )
    .expect("valid url");
    assert_eq!(
        options.as_config().get_hosts(),
        [Host::Unix("/run/postgresql".into())]
    );
    assert_eq!(options.as_config().get_ports(), [6000]);
    assert_eq!(options.to_string(), "postgres@/run/postgresql:6000/app");
    let options = ConnectOptions::from_url(
        "postgres://a:one@h/d1?user=b&password=two&dbname=d2&application_name=x%40y",
    )
    .expect("valid url");
    assert_eq!(options.to_string(), "b@h:5432/d2");
    assert_eq!(options.as_config().get_password(), Some(&b"two"[..]));
    assert_eq!(options.as_config().get_application_name(), Some("x@y"));
}

#[test]
fn variables_fill_only_what_the_url_leaves_out() {
    let vars = [
        ("PGHOST", "/var/run/postgresql"),
        ("PGPORT", "6000"),
        ("PGUSER", "pguser"),
        ("PGDATABASE", "pgdb"),
        ("PGAPPNAME", "from-env"),
        ("PGCONNECT_TIMEOUT", "3"),
        ("PGSSLMODE", "require"),
        ("PGSSLROOTCERT", "/etc/ca.pem"),
        ("DB_HOST", "ignored-with-a-url"),
        ("HOME", "/nonexistent"),
    ];
    let options = ConnectOptions::resolve(Some("postgres://app@db.internal/shop"), env(&vars))
        .expect("valid");
    expect_test::expect![[r#"
        host: db.internal (url)
        port: 6000 (PGPORT)
        user: app (url)
        dbname: shop (url)
        sslmode: require (PGSSLMODE)
        sslrootcert: /etc/ca.pem (PGSSLROOTCERT)
        application_name: from-env (PGAPPNAME)
        connect_timeout: 3s (PGCONNECT_TIMEOUT)
    "#]]
    .assert_eq(&parts(&options));
    assert_eq!(
        options.as_config().get_connect_timeout(),
        Some(&Duration::from_secs(3))
    );
    assert_eq!(options.ssl_root_cert(), Some(Path::new("/etc/ca.pem")));
    // A URL that names everything leaves nothing to the variables.
    let options = ConnectOptions::resolve(
        Some("postgres://app@h:7000/db?application_name=mine&connect_timeout=0&sslmode=disable"),
        env(&vars),
    )
    .expect("valid");
    expect_test::expect![[r#"
        host: h (url)
        port: 7000 (url)
        user: app (url)
        dbname: db (url)
        sslmode: disable (url)
        sslrootcert: /etc/ca.pem (PGSSLROOTCERT)
        application_name: mine (url)
        connect_timeout: none (url)
    "#]]
    .assert_eq(&parts(&options));
    assert_eq!(options.as_config().get_connect_timeout(), None);
}

#[test]
fn without_a_url_db_variables_come_before_pg_variables_then_defaults() {
    let options = ConnectOptions::resolve(
        None,
        env(&[
            ("DB_HOST", "db-host"),
            ("PGHOST", "pg-host"),
            ("PGPORT", "6001"),
            ("DB_NAME", "db-name"),
            ("PGDATABASE", "pg-name"),
            ("PGPASSWORD", "pg-secret"),
            ("PGUSER", ""),
        ]),
    )
    .expect("valid");
    expect_test::expect![[r#"
        host: db-host (DB_HOST)
        port: 6001 (PGPORT)
        user: postgres (default)
        dbname: db-name (DB_NAME)
        password: (hidden) (PGPASSWORD)
        sslmode: prefer (default)
        application_name: migrator (default)
        connect_timeout: 10s (default)
    "#]]
    .assert_eq(&parts(&options));
    assert!(!format!("{options:?} {options}").contains("pg-secret"));
    let options = ConnectOptions::resolve(None, env(&[("PGHOST", "/tmp/sockets")])).expect("valid");
    assert_eq!(
        options.as_config().get_hosts(),
        [Host::Unix("/tmp/sockets".into())]
    );
    assert_eq!(options.to_string(), "postgres@/tmp/sockets:5432/postgres");
}

#[test]
fn sslmode_is_ignored_over_unix_sockets_as_libpq_ignores_it() {
    let mut options =
        ConnectOptions::from_url("postgres:///app?host=/run/postgresql&sslmode=require")
            .expect("valid");
    assert_eq!(options.ssl_mode(), SslMode::Disable);
    assert_eq!(
        options.as_config().get_ssl_mode(),
        tokio_postgres::config::SslMode::Disable
    );
    options.set_ssl_mode(SslMode::VerifyFull);
    assert_eq!(options.ssl_mode(), SslMode::Disable);
    let shown = options.parts();
    let sslmode = shown.iter().find(|part| part.keyword == "sslmode").unwrap();
    assert_eq!(
        sslmode.value.as_deref(),
        Some("verify-full (not used: a Unix socket is never encrypted)")
    );
    let options = ConnectOptions::from_url("postgres://db/app?sslmode=require").expect("valid");
    assert_eq!(options.ssl_mode(), SslMode::Require);
}

#[test]
fn bad_values_name_the_variable_they_came_from() {
    for (vars, expected) in [
        (
            [("PGPORT", "x")],
            "invalid value for option `port` (from PGPORT): `x` is not a number",
        ),
        (
            [("PGSSLMODE", "allow")],
            "PGSSLMODE: invalid sslmode `allow`",
        ),
        (
            [("PGCONNECT_TIMEOUT", "soon")],
            "invalid value for option `connect_timeout` (from PGCONNECT_TIMEOUT)",
        ),
    ] {
        let error = ConnectOptions::resolve(Some("postgres://h/d"), env(&vars))
            .expect_err(expected)
            .to_string();
        assert!(error.contains(expected), "{error}");
    }
}

#[test]
fn the_password_file_is_read_only_when_no_password_is_given() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("pgbatch-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pgpass = dir.join(".pgpass");
    std::fs::write(
        &pgpass,
        "db:5432:shop:app:from-home\nlocalhost:6000:*:*:local\n",
    )
    .unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let home = dir.display().to_string();
    let vars = [("HOME", home.as_str())];
    let options =
        ConnectOptions::resolve(Some("postgres://app@db/shop"), env(&vars)).expect("valid");
    assert_eq!(options.as_config().get_password(), Some(&b"from-home"[..]));
    assert_eq!(
        options.source("password"),
        Some(&Source::PassFile {
            path: pgpass.clone(),
            line: 1
        })
    );
    // A socket directory matches `localhost`.
    let options = ConnectOptions::resolve(Some("postgres:///x?host=/run/pg&port=6000"), env(&vars))
        .expect("valid");
    assert_eq!(options.as_config().get_password(), Some(&b"local"[..]));
    // A given password wins, and the file is not read.
    let options =
        ConnectOptions::resolve(Some("postgres://app:given@db/shop"), env(&vars)).expect("valid");
    assert_eq!(options.as_config().get_password(), Some(&b"given"[..]));
    assert_eq!(options.passfile(), None);
    // PGPASSFILE names another file; `passfile` in the URL beats it.
    let other = dir.join("other");
    std::fs::write(&other, "*:*:*:*:other\n").unwrap();
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
    let other_path = other.display().to_string();
    let vars = [("HOME", home.as_str()), ("PGPASSFILE", other_path.as_str())];
    let options =
        ConnectOptions::resolve(Some("postgres://app@db/shop"), env(&vars)).expect("valid");
    assert_eq!(options.as_config().get_password(), Some(&b"other"[..]));
    let url = format!("postgres://app@db/shop?passfile={}", pgpass.display());
    let options = ConnectOptions::resolve(Some(&url), env(&vars)).expect("valid");
    assert_eq!(options.as_config().get_password(), Some(&b"from-home"[..]));
    // A file others may read is ignored, and says so.
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();
    let options =
        ConnectOptions::resolve(Some("postgres://app@db/shop"), env(&vars)).expect("valid");
    assert_eq!(options.as_config().get_password(), None);
    let note = options.passfile().expect("looked up").to_string();
    assert!(note.contains("ignored: its permissions are 0644"), "{note}");
    std::fs::remove_dir_all(&dir).unwrap();
}
