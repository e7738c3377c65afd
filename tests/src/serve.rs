//! `serve` as a real process: started over a fixture set on a test database, on a port
//! the system picks, with one admin and one read token; its stderr (the request log)
//! kept for the tests to read.

use crate::TestDb;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// The admin token the server is started with.
pub const ADMIN: &str = "admin-token-for-the-tests-3f9a1c";
/// The read token the server is started with.
pub const READ: &str = "read-token-for-the-tests-77b2e0";

/// A running `serve`.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `serve` over the fixture set `fixture` on `db`, with `args` after
    /// `serve`, and waits (up to a minute) until it listens.
    pub fn start(db: &TestDb, fixture: &str, args: &[&str]) -> Server {
        let mut command = crate::cli::command(db, fixture);
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("MIGRATOR_API_ADMIN_TOKEN", ADMIN)
            .env("MIGRATOR_API_READ_TOKEN", READ);
        Self::spawn(command)
    }

    /// Starts `command` (a `serve` command line) and waits until it listens.
    pub fn spawn(mut command: std::process::Command) -> Server {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (listening, address) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some((_, url)) = line.split_once("listening on ") {
                    let url = url.split_whitespace().next().unwrap_or_default().to_owned();
                    let _ = listening.send(url);
                }
                let mut log = lines.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = loop {
            match address.recv_timeout(Duration::from_millis(100)) {
                Ok(url) => break url,
                Err(_) => {
                    if let Some(status) = child.try_wait().unwrap() {
                        // The reader thread may still hold the last lines.
                        std::thread::sleep(Duration::from_millis(50));
                        panic!("serve exited ({status}):\n{}", log.lock().unwrap());
                    }
                    assert!(
                        Instant::now() < deadline,
                        "serve did not listen within a minute:\n{}",
                        log.lock().unwrap()
                    );
                }
            }
        };
        Server { child, url, log }
    }

    /// `self.url` followed by `path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// What the server wrote on stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The process id, to signal it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits (up to a minute) for the process to exit; returns its
    /// status and everything it logged.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -TERM failed");
        let status = self.wait(Duration::from_secs(60));
        // The reader thread ends with the pipe; give it the last lines.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Arc::strong_count(&self.log) > 1 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        (status, self.log())
    }

    /// Waits for the process to exit by itself, within `within`.
    pub fn wait(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not exit in time:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
