//! The studio page in a real headless browser (Debian's Chromium, driven through
//! chromedriver): it loads, lists the batches, shows the SQL of a pending migration,
//! highlights drift, stays read-only with a read token, and applies the pending batch
//! with an admin token; the database is checked afterwards. A screenshot goes to the
//! test's output directory.
//!
//! Needs `chromium` and `chromium-driver` (`.ci/run` installs them). Without them the
//! test says so on stderr and passes, unless `PGBATCH_REQUIRE_BROWSER` is set, as
//! `.ci/run` sets it, where it fails.

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use tests::serve::{ADMIN, READ, Server};
use tests::{TestDb, TestDbRef};

/// A chromedriver on a port of its choosing, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn find() -> Option<std::path::PathBuf> {
        let on_path = std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("chromedriver"))
                .find(|candidate| candidate.is_file())
        });
        on_path.or_else(|| {
            let debian = std::path::PathBuf::from("/usr/bin/chromedriver");
            debian.is_file().then_some(debian)
        })
    }

    fn start(path: &std::path::Path) -> Driver {
        let mut child = std::process::Command::new(path)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (port, found) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some((_, rest)) = line.split_once("started successfully on port ") {
                    let _ = port.send(rest.trim_end_matches('.').to_owned());
                }
            }
        });
        let port = found
            .recv_timeout(Duration::from_secs(60))
            .expect("chromedriver did not start within a minute");
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1800"],
        }),
    );
    // The browser itself may take a while to start on a loaded machine.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => return client,
            Err(error) if Instant::now() < deadline => {
                eprintln!("chromedriver not ready yet: {error}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => panic!("cannot start a browser session: {error}"),
        }
    }
}

/// The text of the element `css`, once it is there (within a minute).
async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no {css}: {error}"))
        .text()
        .await
        .unwrap()
}

async fn connect_with(browser: &Client, token: &str) {
    let field = browser.find(Locator::Id("token")).await.unwrap();
    field.send_keys(token).await.unwrap();
    browser
        .find(Locator::Id("connect"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text_of(browser, "body[data-loaded='true'] #summary").await;
}

#[tokio::test]
async fn the_studio_shows_history_pending_sql_and_drift_and_applies_with_an_admin_token() {
    let Some(chromedriver) = Driver::find() else {
        assert!(
            std::env::var_os("PGBATCH_REQUIRE_BROWSER").is_none(),
            "PGBATCH_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!(
            "SKIPPED the studio's browser test: chromedriver is not installed \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let db = TestDb::new().await;
    // The example migrations: two applied as batch 1, the third pending.
    tests::cli::ok(&db, "db", &["up", "--to", "2"]);
    let server = Server::start(&db, "db", &[]);
    let driver = Driver::start(&chromedriver);
    let browser = browser(&driver).await;
    // In a task of its own, so that a failed assertion still closes the browser.
    let walk = tokio::spawn(walk_through(
        browser.clone(),
        server.url.clone(),
        TestDb::reader(&db),
    ))
    .await;
    let _ = browser.close().await;
    if let Err(error) = walk {
        std::panic::resume_unwind(error.into_panic());
    }
}

/// The tracking table's ids and batches.
async fn batches(db: &TestDbRef) -> Vec<(i64, i32)> {
    db.client()
        .await
        .query("SELECT id, batch FROM migrations ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

async fn walk_through(browser: Client, url: String, db: TestDbRef) {
    let browser = &browser;
    browser.goto(&url).await.unwrap();
    assert_eq!(browser.title().await.unwrap(), "pgbatch studio");

    // A read token: the history, the pending SQL, the schema; no apply button.
    connect_with(browser, READ).await;
    let history = text_of(browser, "#batches .batch[data-batch='1']").await;
    assert!(history.contains("Batch 1"), "{history}");
    assert!(history.contains("001_create_users"), "{history}");
    assert!(history.contains("002_create_user_sessions"), "{history}");
    let sql = text_of(
        browser,
        ".pending-migration[data-migration='003_create_posts']",
    )
    .await;
    assert!(sql.contains("CREATE TABLE posts"), "{sql}");
    let apply = browser.find(Locator::Id("apply")).await.unwrap();
    assert!(!apply.is_displayed().await.unwrap());
    let users = text_of(browser, "[data-table='public.users']").await;
    assert!(users.contains("email"), "{users}");

    // Drift: an index added by hand is highlighted.
    db.client()
        .await
        .batch_execute("CREATE INDEX users_by_hand ON users (created_at)")
        .await
        .unwrap();
    browser
        .find(Locator::Id("drift-check"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let verdict = text_of(browser, "#drift-verdict").await;
    assert!(verdict.contains("1 difference"), "{verdict}");
    let highlighted = text_of(browser, "[data-table='public.users'] tr.drift").await;
    assert!(highlighted.contains("users_by_hand"), "{highlighted}");
    db.client()
        .await
        .batch_execute("DROP INDEX users_by_hand")
        .await
        .unwrap();

    // An admin token: the button applies the pending batch.
    browser
        .find(Locator::Id("forget"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("#notice:not([hidden])"))
        .await
        .unwrap();
    connect_with(browser, ADMIN).await;
    let apply = browser.find(Locator::Id("apply")).await.unwrap();
    assert!(apply.is_displayed().await.unwrap());
    screenshot(browser, "studio-pending.png").await;
    apply.click().await.unwrap();
    let message = text_of(browser, "#result-message").await;
    assert!(message.contains("Batch 2"), "{message}");
    assert_eq!(batches(&db).await, vec![(1, 1), (2, 1), (3, 2)]);
    let history = text_of(browser, "#batches .batch[data-batch='2']").await;
    assert!(history.contains("003_create_posts"), "{history}");
    text_of(browser, "[data-table='public.posts']").await;

    screenshot(browser, "studio-applied.png").await;
}

/// Saves what the browser shows into the test's output directory.
async fn screenshot(browser: &Client, name: &str) {
    let png = browser.screenshot().await.unwrap();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}
