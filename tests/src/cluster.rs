//! Throwaway PostgreSQL clusters, started with the installed binaries in a temporary
//! directory: the fallback server, and servers with settings the tests need (such as
//! password authentication, which the local trust-auth server cannot test, or a
//! server reachable only through its Unix socket).
//!
//! The postmaster runs under a small shell wrapper that stops it and removes the
//! directory on SIGTERM. The wrapper gets SIGTERM when the test process exits (through
//! the parent-death signal, set by `setpriv`), so no cluster outlives its tests. As
//! the parent-death signal fires when the spawning *thread* ends, clusters are spawned
//! from a thread that never ends.

use pgbatch::{ConnectOptions, ConnectParts};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How the cluster authenticates TCP connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Anyone may log in as any role.
    Trust,
    /// The `postgres` role logs in with this password (SCRAM-SHA-256).
    Password(String),
}

/// A running throwaway cluster; dropping it stops it and removes its files.
#[derive(Debug)]
pub struct Cluster {
    wrapper_pid: u32,
    port: u16,
    dir: PathBuf,
    auth: Auth,
    tcp: bool,
}

const WRAPPER: &str = r#"
dir="$1"; shift
"$@" >"$dir/postgres.log" 2>&1 &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null; wait "$pid"; rm -rf "$dir"; exit 0' TERM INT HUP
wait "$pid"
"#;

impl Cluster {
    /// Initialises and starts a cluster listening on a free port of 127.0.0.1.
    pub fn start(auth: Auth) -> Cluster {
        Self::launch(auth, None, true, &[])
    }

    /// Like [`start`](Self::start), with more server settings (`"name=value"`).
    pub fn start_with(auth: Auth, settings: &[&str]) -> Cluster {
        Self::launch(auth, None, true, settings)
    }

    /// Like [`start`](Self::start), with TLS on: the server presents `cert_pem` (with
    /// its key `key_pem`), and accepts plain connections too.
    pub fn start_with_tls(auth: Auth, cert_pem: &str, key_pem: &str) -> Cluster {
        Self::launch(auth, Some((cert_pem, key_pem)), true, &[])
    }

    /// A cluster with no TCP listener at all (`listen_addresses = ''`): only its Unix
    /// socket, in [`socket_dir`](Self::socket_dir), named after [`port`](Self::port),
    /// reaches it. Local connections are trusted whatever `auth` says.
    pub fn start_socket_only(auth: Auth) -> Cluster {
        Self::launch(auth, None, false, &[])
    }

    fn launch(auth: Auth, tls: Option<(&str, &str)>, tcp: bool, extra: &[&str]) -> Cluster {
        let bin = bindir();
        let dir = tempfile::Builder::new()
            .prefix("migrator-pg-")
            .tempdir()
            .unwrap()
            .keep();
        let as_postgres = is_root();
        if as_postgres {
            let (uid, gid) = (id("-u"), id("-g"));
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).unwrap();
        }
        let data = dir.join("data");
        let mut initdb = vec![
            bin.join("initdb").display().to_string(),
            "-D".into(),
            data.display().to_string(),
            "-U".into(),
            "postgres".into(),
            "-E".into(),
            "UTF8".into(),
            "--locale=C".into(),
            "--no-sync".into(),
            "--no-instructions".into(),
        ];
        match &auth {
            Auth::Trust => initdb.push("--auth=trust".into()),
            Auth::Password(password) => {
                let pwfile = dir.join("pwfile");
                std::fs::write(&pwfile, password).unwrap();
                if as_postgres {
                    std::os::unix::fs::chown(&pwfile, Some(id("-u")), Some(id("-g"))).unwrap();
                }
                initdb.push("--auth-local=trust".into());
                initdb.push("--auth-host=scram-sha-256".into());
                initdb.push(format!("--pwfile={}", pwfile.display()));
            }
        }
        let output = privileged(as_postgres, &initdb)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let port = free_port();
        let listen = if tcp { "127.0.0.1" } else { "" };
        let mut settings = vec![
            format!("listen_addresses={listen}"),
            "fsync=off".into(),
            "full_page_writes=off".into(),
            "synchronous_commit=off".into(),
        ];
        settings.extend(extra.iter().map(|setting| (*setting).to_owned()));
        if let Some((cert_pem, key_pem)) = tls {
            // PostgreSQL insists that its key be readable by its own user only.
            for (file, contents, mode) in [
                ("server.crt", cert_pem, 0o644),
                ("server.key", key_pem, 0o600),
            ] {
                let path = dir.join(file);
                std::fs::write(&path, contents).unwrap();
                std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(mode))
                    .unwrap();
                if as_postgres {
                    std::os::unix::fs::chown(&path, Some(id("-u")), Some(id("-g"))).unwrap();
                }
            }
            settings.push("ssl=on".into());
            settings.push(format!(
                "ssl_cert_file={}",
                dir.join("server.crt").display()
            ));
            settings.push(format!("ssl_key_file={}", dir.join("server.key").display()));
        }
        let mut postgres = vec![
            "--pdeathsig=TERM".to_owned(),
            "--".into(),
            "sh".into(),
            "-c".into(),
            WRAPPER.into(),
            "sh".into(),
            dir.display().to_string(),
            bin.join("postgres").display().to_string(),
            "-D".into(),
            data.display().to_string(),
            "-p".into(),
            port.to_string(),
            "-k".into(),
            dir.display().to_string(),
        ];
        for setting in settings {
            postgres.push("-c".into());
            postgres.push(setting);
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut command = if as_postgres {
                let mut command = Command::new("setpriv");
                command.args(["--reuid=postgres", "--regid=postgres", "--init-groups"]);
                command
            } else {
                Command::new("setpriv")
            };
            let spawned = command.args(&postgres).stdin(Stdio::null()).spawn();
            let _ = sender.send(spawned.map(|child| child.id()));
            // This thread must outlive the cluster: see the module documentation.
            loop {
                std::thread::park();
            }
        });
        let wrapper_pid = receiver.recv().unwrap().expect("cannot spawn postgres");
        let cluster = Cluster {
            wrapper_pid,
            port,
            dir,
            auth,
            tcp,
        };
        cluster.wait_until_ready();
        cluster
    }

    /// Settings that log in as `postgres` (with the password, if the cluster has one),
    /// over TCP, or through the socket when the cluster has no TCP listener.
    pub fn connect_options(&self) -> ConnectOptions {
        let mut parts = ConnectParts::default();
        parts.host = Some(if self.tcp {
            "127.0.0.1".into()
        } else {
            self.dir.display().to_string()
        });
        parts.port = Some(self.port.to_string());
        parts.user = Some("postgres".into());
        parts.dbname = Some("postgres".into());
        if let Auth::Password(password) = &self.auth {
            parts.password = Some(password.clone());
        }
        ConnectOptions::from_parts(parts).unwrap()
    }

    /// The TCP port on 127.0.0.1 (for a socket-only cluster, the number in its
    /// socket's name, `.s.PGSQL.<port>`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory of the cluster's Unix socket.
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    /// Waits until the server accepts connections: `pg_isready` says so only once
    /// startup is over, whereas its socket listens (and refuses logins with "the
    /// database system is starting up") a little earlier.
    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let host = if self.tcp {
            "127.0.0.1".to_owned()
        } else {
            self.dir.display().to_string()
        };
        let pg_isready = find_bin("pg_isready");
        loop {
            let ready = Command::new(&pg_isready)
                .args(["-q", "-h", &host, "-p", &self.port.to_string()])
                .args(["-d", "postgres", "-U", "postgres"])
                .stdin(Stdio::null())
                .status()
                .is_ok_and(|status| status.success());
            if ready {
                return;
            }
            let alive = Path::new(&format!("/proc/{}", self.wrapper_pid)).exists();
            if !alive || Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default();
                panic!("the throwaway cluster did not start:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.wrapper_pid.to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.dir.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Runs `args` as the `postgres` OS user when the tests run as root (PostgreSQL
/// refuses to run as root), else as ourselves.
fn privileged(as_postgres: bool, args: &[String]) -> Command {
    if as_postgres {
        let mut command = Command::new("setpriv");
        command
            .args([
                "--reuid=postgres",
                "--regid=postgres",
                "--init-groups",
                "--",
            ])
            .args(args);
        command
    } else {
        let mut command = Command::new(&args[0]);
        command.args(&args[1..]);
        command
    }
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|meta| meta.uid() == 0)
}

fn id(flag: &str) -> u32 {
    let output = Command::new("id")
        .args([flag, "postgres"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "there is no `postgres` OS user to run PostgreSQL as"
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A PostgreSQL program: on the `PATH`, else in [`bindir`].
pub(crate) fn find_bin(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
        .unwrap_or_else(|| bindir().join(name))
}

/// The directory of `initdb` and `postgres`: on the `PATH`, or the newest
/// `/usr/lib/postgresql/<version>/bin`.
fn bindir() -> PathBuf {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|dir| dir.join("initdb").is_file() && dir.join("postgres").is_file())
    });
    if let Some(dir) = on_path {
        return dir;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| bin.join("initdb").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .expect("no PostgreSQL binaries (initdb, postgres) on PATH or in /usr/lib/postgresql")
}
