//! A TCP proxy between a runner and PostgreSQL that counts the runner's round trips and
//! kills it at a chosen one, so tests can crash the migrator at every point of a command.
//!
//! A round trip is what the frontend protocol makes the server answer with one
//! ReadyForQuery (`Z`): a simple query (`Q`), or the extended-protocol messages up to
//! and including a Sync (`S`). Round trips are numbered from 1 across every connection
//! the runner opens, in the order the proxy sees them; the startup packet and the
//! authentication exchange are not counted. The proxy runs on a thread and runtime of
//! its own, so a test that blocks its runtime's workers cannot stall it.

use std::net::{SocketAddr, TcpListener as StdListener};
use std::process::{Child, Command, ExitStatus};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::watch;

/// Where, relative to the chosen round trip, the runner dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The round trip never reaches the server.
    Before,
    /// The server runs the round trip and answers in full, but the runner never hears
    /// it (a COMMIT that happened without the runner knowing).
    After,
    /// As `After`, but the runner lives on: only its connections are closed, as when
    /// the network or a proxy drops them. The runner reports it and exits.
    Cut,
}

/// A running proxy; it stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    port: u16,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
}

/// What a runner did under the proxy.
#[derive(Debug)]
pub struct Run {
    /// How the process ended.
    pub status: ExitStatus,
    /// Whether the proxy killed it.
    pub killed: bool,
    /// Whether it outlived the time it was given (and was killed for that).
    pub timed_out: bool,
    /// Its standard error.
    pub stderr: String,
}

#[derive(Debug)]
struct Shared {
    kill_at: Option<(u64, Mode)>,
    /// Round trips seen so far, the fatal one included.
    round_trips: AtomicU64,
    /// Set when the fatal round trip is reached: from then on nothing more is forwarded
    /// to the server, on any connection.
    tripped: AtomicBool,
    killed: AtomicBool,
    runner: Mutex<Option<Child>>,
    /// Closes every connection once the runner is dead.
    closed: watch::Sender<bool>,
}

impl Proxy {
    /// Listens on a free port of 127.0.0.1 and forwards to `upstream`; with `kill_at`
    /// `Some((k, mode))`, kills the runner at round trip `k`, else only counts.
    pub fn start(upstream: SocketAddr, kill_at: Option<(u64, Mode)>) -> Proxy {
        let listener = StdListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            kill_at,
            round_trips: AtomicU64::new(0),
            tripped: AtomicBool::new(false),
            killed: AtomicBool::new(false),
            runner: Mutex::new(None),
            closed: watch::channel(false).0,
        });
        let (stop, mut stopped) = watch::channel(false);
        let accepting = Arc::clone(&shared);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    tokio::select! {
                        accepted = listener.accept() => {
                            let Ok((client, _)) = accepted else { continue };
                            tokio::spawn(connection(client, upstream, Arc::clone(&accepting)));
                        }
                        _ = stopped.wait_for(|stop| *stop) => return,
                    }
                }
            });
            // Connections still open are dropped with the runtime.
        });
        Proxy { port, shared, stop }
    }

    /// The port the proxy listens on (host 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// How many round trips the proxy has seen, the fatal one included.
    pub fn round_trips(&self) -> u64 {
        self.shared.round_trips.load(Ordering::SeqCst)
    }

    /// Spawns `command` as the runner the proxy kills, and waits until it exits or
    /// `within` has passed (then it is killed too, and reported as such).
    pub async fn run(&self, mut command: Command, within: Duration) -> Run {
        let mut child = command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read stderr as it comes, so a chatty runner never blocks on a full pipe.
        let mut pipe = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        });
        *self.shared.runner.lock().unwrap() = Some(child);
        let deadline = Instant::now() + within;
        let mut timed_out = false;
        let status = loop {
            {
                let mut slot = self.shared.runner.lock().unwrap();
                let child = slot.as_mut().unwrap();
                if let Some(status) = child.try_wait().unwrap() {
                    slot.take();
                    break status;
                }
                if !timed_out && Instant::now() >= deadline {
                    timed_out = true;
                    let _ = child.kill();
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        Run {
            status,
            killed: self.shared.killed.load(Ordering::SeqCst),
            timed_out,
            stderr: stderr.join().unwrap(),
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        let _ = self.shared.closed.send(true);
    }
}

impl Shared {
    /// SIGKILLs the runner (unless the mode is `Cut`), then closes every connection.
    fn kill(&self) {
        if !matches!(self.kill_at, Some((_, Mode::Cut))) {
            // Noted first, so whoever sees the runner dead also sees why.
            self.killed.store(true, Ordering::SeqCst);
            if let Some(child) = self.runner.lock().unwrap().as_mut() {
                let _ = child.kill();
            }
        }
        let _ = self.closed.send(true);
    }
}

/// Startup-phase request codes (in place of a protocol version).
const SSL_REQUEST: u32 = 80_877_103;
const GSSENC_REQUEST: u32 = 80_877_104;
const CANCEL_REQUEST: u32 = 80_877_102;

/// One client connection: the startup packet, then both directions at once, until either
/// side closes or the runner is killed.
async fn connection(mut client: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) {
    let mut closed = shared.closed.subscribe();
    if shared.tripped.load(Ordering::SeqCst) {
        return;
    }
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    // Messages go one write each: without this, Nagle's algorithm holds each small
    // write back until the previous one is acknowledged (up to 40 ms a round trip).
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let pump = async {
        // The untyped startup packet; encryption requests are declined on the server's
        // behalf (the runner then sends its startup message in the clear).
        let startup = loop {
            let packet = read_startup(&mut client).await?;
            let code = u32::from_be_bytes(packet[4..8].try_into().unwrap());
            if code == SSL_REQUEST || code == GSSENC_REQUEST {
                client.write_all(b"N").await?;
                continue;
            }
            break packet;
        };
        server.write_all(&startup).await?;
        let cancel = u32::from_be_bytes(startup[4..8].try_into().unwrap()) == CANCEL_REQUEST;
        let (client_read, client_write) = client.into_split();
        let (server_read, server_write) = server.into_split();
        // The connection's own number of the round trip whose answer must not reach the
        // runner (After mode), 0 for none.
        let fatal = AtomicU64::new(0);
        let _ = tokio::join!(
            to_server(client_read, server_write, &shared, &fatal, cancel),
            to_client(server_read, client_write, &shared, &fatal),
        );
        Ok::<(), std::io::Error>(())
    };
    tokio::select! {
        _ = pump => {}
        _ = closed.wait_for(|closed| *closed) => {}
    }
}

/// Reads the length-prefixed startup packet (or SSL, GSS or cancel request).
async fn read_startup(client: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut header = [0; 4];
    client.read_exact(&mut header).await?;
    let length = u32::from_be_bytes(header) as usize;
    if !(8..=10_000).contains(&length) {
        return Err(std::io::Error::other("not a PostgreSQL startup packet"));
    }
    let mut packet = header.to_vec();
    packet.resize(length, 0);
    client.read_exact(&mut packet[4..]).await?;
    Ok(packet)
}

/// Reads one `[type][length][body]` message, or `None` at end of stream.
async fn read_message(from: &mut OwnedReadHalf) -> std::io::Result<Option<Vec<u8>>> {
    let mut header = [0; 5];
    match from.read_exact(&mut header).await {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(error) => return Err(error),
    }
    let length = u32::from_be_bytes(header[1..].try_into().unwrap()) as usize;
    if length < 4 {
        return Err(std::io::Error::other("bad message length"));
    }
    let mut message = header.to_vec();
    message.resize(1 + length, 0);
    from.read_exact(&mut message[5..]).await?;
    Ok(Some(message))
}

/// Runner → server. Extended-protocol messages are held until their Sync, so a round
/// trip reaches the server whole or not at all.
async fn to_server(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    shared: &Shared,
    fatal: &AtomicU64,
    cancel: bool,
) -> std::io::Result<()> {
    if cancel {
        // A cancel request's connection carries nothing more.
        return Ok(());
    }
    let mut held = Vec::new();
    let mut local = 0;
    while let Some(message) = read_message(&mut from).await? {
        if shared.tripped.load(Ordering::SeqCst) {
            continue;
        }
        held.extend_from_slice(&message);
        match message[0] {
            b'P' | b'B' | b'D' | b'E' | b'C' => continue,
            b'Q' | b'S' => {}
            // Anything else (Flush, Terminate, COPY data…) goes as it is.
            _ => {
                to.write_all(&std::mem::take(&mut held)).await?;
                continue;
            }
        }
        local += 1;
        let number = shared.round_trips.fetch_add(1, Ordering::SeqCst) + 1;
        match shared.kill_at {
            Some((k, mode)) if number == k => {
                shared.tripped.store(true, Ordering::SeqCst);
                if mode == Mode::Before {
                    shared.kill();
                    return Ok(());
                }
                fatal.store(local, Ordering::SeqCst);
            }
            Some((k, _)) if number > k => continue,
            _ => {}
        }
        to.write_all(&std::mem::take(&mut held)).await?;
    }
    // The runner closed its end: let the server see it too.
    to.shutdown().await
}

/// Server → runner. Each ReadyForQuery ends an answer: the first one the startup's, the
/// n-th after it that of the connection's n-th round trip.
async fn to_client(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    shared: &Shared,
    fatal: &AtomicU64,
) -> std::io::Result<()> {
    // The answer the next message belongs to: 0 for the startup, n for round trip n.
    let mut answer = 0;
    while let Some(message) = read_message(&mut from).await? {
        let fatal = fatal.load(Ordering::SeqCst);
        let ready = message[0] == b'Z';
        if fatal != 0 && answer >= fatal {
            if ready && answer == fatal {
                shared.kill();
            }
        } else {
            to.write_all(&message).await?;
        }
        if ready {
            answer += 1;
        }
    }
    to.shutdown().await
}
