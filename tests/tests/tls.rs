//! TLS against a throwaway server that presents a certificate for `localhost`, signed by
//! a certificate authority made for the test: `require` encrypts, `verify-full` checks
//! the chain and the host name, `disable` does not encrypt.

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tests::TestDb;
use tests::cli;
use tests::cluster::{Auth, Cluster};

/// The TLS server, and the PEM files of the authority that signed its certificate and
/// of an unrelated one.
struct Server {
    cluster: Cluster,
    ca: PathBuf,
    other_ca: PathBuf,
    _dir: tempfile::TempDir,
}

fn authority(name: &str) -> (CertificateParams, KeyPair, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let pem = params.self_signed(&key).unwrap().pem();
    (params, key, pem)
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let (ca_params, ca_key, ca_pem) = authority("migrator test CA");
        let (_, _, other_pem) = authority("someone else's CA");
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap()
            .signed_by(&key, &Issuer::new(ca_params, ca_key))
            .unwrap();
        let cluster = Cluster::start_with_tls(Auth::Trust, &cert.pem(), &key.serialize_pem());
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        let other_ca = dir.path().join("other-ca.pem");
        std::fs::write(&ca, ca_pem).unwrap();
        std::fs::write(&other_ca, other_pem).unwrap();
        Server {
            cluster,
            ca,
            other_ca,
            _dir: dir,
        }
    })
}

fn url(db: &TestDb, host: &str, query: &str) -> String {
    let dbname = db.options().dbname().unwrap();
    format!(
        "postgres://postgres@{host}:{}/{dbname}?{query}",
        server().cluster.port()
    )
}

fn up(url: &str) -> std::process::Output {
    cli::bare("tls")
        .args(["--database-url", url, "up"])
        .output()
        .unwrap()
}

/// Whether the session that applied the migration was encrypted, and with which
/// protocol; `None` when nothing was applied.
async fn seen(db: &TestDb) -> Option<(bool, Option<String>)> {
    let client = db.client().await;
    let rows = client
        .query(
            "SELECT ssl, version FROM seen_tls WHERE to_regclass('seen_tls') IS NOT NULL",
            &[],
        )
        .await
        .unwrap_or_default();
    rows.first().map(|row| (row.get(0), row.get(1)))
}

async fn db() -> TestDb {
    TestDb::on(&server().cluster.connect_options()).await
}

#[tokio::test]
async fn require_encrypts_without_checking_the_certificate() {
    let db = db().await;
    let output = up(&url(&db, "127.0.0.1", "sslmode=require"));
    assert!(output.status.success(), "{output:?}");
    let (ssl, version) = seen(&db).await.expect("the migration ran");
    assert!(ssl, "the migrator's session was not encrypted");
    let version = version.expect("a TLS version");
    assert!(version.starts_with("TLS"), "{version}");
    assert_eq!(db.tracking().await, [(1, "seen_tls".to_owned(), 1)]);
    // --verbose says so too.
    let verbose = |mode: &str| {
        let query = format!("sslmode={mode}");
        let output = cli::bare("tls")
            .args([
                "--database-url",
                &url(&db, "127.0.0.1", &query),
                "-v",
                "status",
            ])
            .output()
            .unwrap();
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = verbose("require");
    assert!(
        stderr.contains(&format!("encrypted ({version} ")),
        "{stderr}"
    );
    let stderr = verbose("disable");
    assert!(stderr.contains("not encrypted"), "{stderr}");
}

#[tokio::test]
async fn disable_does_not_encrypt_and_prefer_does() {
    let db = db().await;
    let output = up(&url(&db, "127.0.0.1", "sslmode=disable"));
    assert!(output.status.success(), "{output:?}");
    assert_eq!(seen(&db).await.map(|(ssl, _)| ssl), Some(false));

    let db = self::db().await;
    let output = up(&url(&db, "127.0.0.1", "application_name=x"));
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        seen(&db).await.map(|(ssl, _)| ssl),
        Some(true),
        "prefer (the default) should encrypt when the server offers TLS"
    );
}

#[tokio::test]
async fn verify_full_accepts_the_right_host_and_authority() {
    let db = db().await;
    let ca = server().ca.display().to_string();
    let output = up(&url(
        &db,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ));
    assert!(output.status.success(), "{output:?}");
    assert_eq!(seen(&db).await.map(|(ssl, _)| ssl), Some(true));
}

#[tokio::test]
async fn verify_full_rejects_a_certificate_for_another_host() {
    let db = db().await;
    let ca = server().ca.display().to_string();
    // The certificate names `localhost`, not `127.0.0.1`.
    let query = format!("sslmode=verify-full&sslrootcert={ca}");
    let stderr = cli::failed(up(&url(&db, "127.0.0.1", &query)), &["up"]);
    assert!(
        stderr.contains("cannot connect to postgres@127.0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("not valid for name"), "{stderr}");
    assert_eq!(seen(&db).await, None);
    assert!(db.tables().await.is_empty(), "nothing may be created");

    // verify-ca checks only the chain, so the same connection succeeds.
    let query = format!("sslmode=verify-ca&sslrootcert={ca}");
    let output = up(&url(&db, "127.0.0.1", &query));
    assert!(output.status.success(), "{output:?}");
    assert_eq!(seen(&db).await.map(|(ssl, _)| ssl), Some(true));
}

#[tokio::test]
async fn an_unknown_authority_is_rejected_even_by_require_with_a_root() {
    let db = db().await;
    let other = server().other_ca.display().to_string();
    for mode in ["verify-full", "verify-ca", "require"] {
        let query = format!("sslmode={mode}&sslrootcert={other}");
        let stderr = cli::failed(up(&url(&db, "localhost", &query)), &["up"]);
        assert!(stderr.contains("UnknownIssuer"), "{mode}: {stderr}");
    }
    assert!(db.tables().await.is_empty(), "nothing may be created");
}

#[tokio::test]
async fn a_missing_root_certificate_is_a_clear_error() {
    let db = db().await;
    let stderr = cli::failed(
        up(&url(
            &db,
            "localhost",
            "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
        )),
        &["up"],
    );
    assert!(
        stderr.contains("cannot read the root certificate /nonexistent/ca.pem"),
        "{stderr}"
    );
    let stderr = cli::failed(
        up(&url(&db, "localhost", "sslmode=verify-everything")),
        &["up"],
    );
    assert!(
        stderr.contains("invalid sslmode `verify-everything`"),
        "{stderr}"
    );
    assert!(db.tables().await.is_empty());
}

#[tokio::test]
async fn migrator_toml_sets_sslmode_and_a_root_relative_to_itself() {
    let db = db().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&server().ca, dir.path().join("root.pem")).unwrap();
    let settings = |host: &str| {
        let url = url(&db, host, "connect_timeout=10");
        format!(
            "[environments.production]\nurl = \"{url}\"\nsslmode = \"verify-full\"\nsslrootcert = \"root.pem\"\n"
        )
    };
    let run = |args: &[&str]| {
        cli::bare("tls")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    std::fs::write(dir.path().join("migrator.toml"), settings("127.0.0.1")).unwrap();
    let stderr = cli::failed(run(&["--env", "production", "up"]), &["up"]);
    assert!(stderr.contains("not valid for name"), "{stderr}");
    assert_eq!(seen(&db).await, None);

    std::fs::write(dir.path().join("migrator.toml"), settings("localhost")).unwrap();
    let output = run(&["--env", "production", "up"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(seen(&db).await.map(|(ssl, _)| ssl), Some(true));
    // The URL's own sslmode wins over the file's.
    let output = run(&[
        "--env",
        "production",
        "--database-url",
        &url(&db, "127.0.0.1", "sslmode=require"),
        "status",
        "--check",
    ]);
    assert!(output.status.success(), "{output:?}");
}

#[tokio::test]
async fn without_sslrootcert_the_system_roots_are_trusted() {
    let db = db().await;
    // rustls-native-certs reads the system's roots from SSL_CERT_FILE when it is set,
    // as OpenSSL does: here it holds only the test authority.
    let up_with_roots = |roots: &Path| {
        cli::bare("tls")
            .env("SSL_CERT_FILE", roots)
            .args([
                "--database-url",
                &url(&db, "localhost", "sslmode=verify-full"),
                "up",
            ])
            .output()
            .unwrap()
    };
    let stderr = cli::failed(up_with_roots(&server().other_ca), &["up"]);
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");
    assert_eq!(seen(&db).await, None);
    let output = up_with_roots(&server().ca);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(seen(&db).await.map(|(ssl, _)| ssl), Some(true));
}
