//! Harness for the real-server tests: spawn `redis-server` (with the Ferrous module loaded) on a
//! free port, talk to it over a tiny raw RESP client, and stop it by its PID when done.
//!
//! Environment knobs:
//! * `FERROUS_MODULE` — path of the module; default `<target>/release/libferrous.so`.
//! * `FERROUS_NO_MODULE=1` — start servers without `--loadmodule` (validation of the harness and
//!   of the cases against the built-in Lua alone). Module-only checks are then skipped.
//! * `FERROUS_SIDE_CMD_PREFIX` — prefix of the "Ferrous side" command names; default `FERROUS.`.
//!   With `""` the Ferrous side sends the built-in `EVAL`, `SCRIPT`, ... instead. Defaults to `""`
//!   under `FERROUS_NO_MODULE=1`.
//! * `REDIS_SERVER`, `REDIS_CLI` — binaries; default `redis-server` and `redis-cli` from `PATH`.

pub mod casefile;
pub mod cases;
pub mod fcases;
pub mod hostile;
pub mod libfuzz;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate has a parent folder")
        .to_path_buf()
}

/// The cargo target folder (`CARGO_TARGET_DIR` if set, else `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                workspace_root().join(d)
            }
        }
        None => workspace_root().join("target"),
    }
}

/// True when the servers are started without the module (`FERROUS_NO_MODULE=1`).
pub fn no_module() -> bool {
    matches!(std::env::var("FERROUS_NO_MODULE").as_deref(), Ok(v) if !v.is_empty() && v != "0")
}

/// The prefix of the Ferrous-side command names: `FERROUS_SIDE_CMD_PREFIX`, else `""` under
/// `FERROUS_NO_MODULE=1`, else `FERROUS.`.
pub fn side_prefix() -> String {
    match std::env::var("FERROUS_SIDE_CMD_PREFIX") {
        Ok(p) => p,
        // Without the module there is no FERROUS.* command: the Ferrous side is the built-in.
        Err(_) if no_module() => String::new(),
        Err(_) => "FERROUS.".to_string(),
    }
}

/// The Ferrous-side name of a scripting command: `ferrous_cmd("EVAL")` is `FERROUS.EVAL`.
pub fn ferrous_cmd(name: &str) -> String {
    format!("{}{}", side_prefix(), name)
}

/// True when the "Ferrous side" really is Ferrous: the module is loaded and the commands carry
/// a prefix. Ferrous-only checks (`error({})`, INFO counters, memory limit) need this.
pub fn ferrous_is_real() -> bool {
    !no_module() && !side_prefix().is_empty()
}

/// Prints a skip note for a check that needs the real module (see [`ferrous_is_real`]).
pub fn skip_note(what: &str) {
    eprintln!(
        "note: skipped `{what}`: the Ferrous side is the built-in Lua (FERROUS_NO_MODULE / FERROUS_SIDE_CMD_PREFIX)"
    );
}

/// The module `.so` to load. Panics with a clear message when it has not been built.
pub fn module_path() -> PathBuf {
    let p = match std::env::var_os("FERROUS_MODULE") {
        Some(p) => PathBuf::from(p),
        None => target_dir().join("release").join("libferrous.so"),
    };
    if !p.is_file() {
        panic!(
            "the Ferrous module was not found at {}.\n\
             Run `cargo build --release` at the workspace root first (it builds target/release/libferrous.so),\n\
             or point FERROUS_MODULE at the .so. (FERROUS_NO_MODULE=1 runs the harness against the built-in Lua only.)",
            p.display()
        );
    }
    p
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local addr").port()
}

/// Options for [`Server::start`].
#[derive(Clone, Debug, Default)]
pub struct ServerOpts {
    /// Load the module (ignored under `FERROUS_NO_MODULE=1`).
    pub module: bool,
    /// Arguments after the module path, e.g. `["drop-in", "yes"]`.
    pub module_args: Vec<String>,
    /// Extra server arguments, e.g. `["--enable-debug-command", "yes"]`.
    pub extra: Vec<String>,
    /// Virtual-memory cap in KiB (`ulimit -v` before exec), so a runaway allocation fails fast.
    pub vmem_kb: Option<u64>,
}

impl ServerOpts {
    /// A server with the module loaded and no module arguments.
    pub fn with_module() -> Self {
        ServerOpts {
            module: true,
            ..Default::default()
        }
    }
    /// A plain server, never with the module (e.g. a replica).
    pub fn plain() -> Self {
        ServerOpts::default()
    }
    pub fn module_arg(mut self, a: &str) -> Self {
        self.module_args.push(a.to_string());
        self
    }
    pub fn arg(mut self, a: &str) -> Self {
        self.extra.push(a.to_string());
        self
    }
}

/// A running `redis-server`, stopped (SIGTERM, then wait) when dropped.
pub struct Server {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
    opts: ServerOpts,
}

static SERVER_SEQ: AtomicU32 = AtomicU32::new(0);

impl Server {
    /// Starts a server and waits until it answers PING. Panics (with the server log) on failure.
    pub fn start(opts: ServerOpts) -> Server {
        let mut last_err = String::new();
        for _attempt in 0..3 {
            match Self::try_start(&opts) {
                Ok(s) => return s,
                Err(e) => last_err = e,
            }
        }
        panic!("could not start redis-server: {last_err}");
    }

    fn try_start(opts: &ServerOpts) -> Result<Server, String> {
        let module = if opts.module && !no_module() {
            Some(module_path())
        } else {
            None
        };
        let port = free_port();
        let seq = SERVER_SEQ.fetch_add(1, Ordering::Relaxed);
        let dir = target_dir().join("redis-tests").join(format!(
            "{}-{}-{}",
            std::process::id(),
            seq,
            port
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        let server_bin =
            std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_string());
        let mut cmd = match opts.vmem_kb {
            Some(kb) => {
                // `exec` keeps the PID: the child is the server itself.
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
                    .arg(&server_bin);
                c
            }
            None => Command::new(&server_bin),
        };
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--bind")
            .arg("127.0.0.1")
            .arg("--save")
            .arg("")
            .arg("--appendonly")
            .arg("no")
            .arg("--dir")
            .arg(&dir)
            .arg("--logfile")
            .arg(dir.join("redis.log"))
            .arg("--daemonize")
            .arg("no");
        if let Some(module) = module {
            cmd.arg("--loadmodule").arg(module);
            cmd.args(&opts.module_args);
        }
        cmd.args(&opts.extra);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let child = cmd
            .spawn()
            .map_err(|e| format!("spawn {server_bin}: {e} (is redis-server installed?)"))?;
        let mut server = Server {
            child: Some(child),
            port,
            dir,
            opts: opts.clone(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = server
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                let mut stderr = String::new();
                if let Some(mut e) = server.child.as_mut().and_then(|c| c.stderr.take()) {
                    let _ = e.read_to_string(&mut stderr);
                }
                let log = server.log_excerpt(20);
                server.child = None;
                return Err(format!(
                    "redis-server exited at startup ({status}) on port {port}\nstderr: {stderr}\nlog:\n{log}"
                ));
            }
            if let Ok(mut c) = Conn::try_connect(port)
                && let Ok(r) = c.try_cmd(&["PING"])
                && r == b"+PONG\r\n"
            {
                return Ok(server);
            }
            if Instant::now() > deadline {
                let log = server.log_tail(40);
                return Err(format!(
                    "redis-server on port {port} did not answer PING within 10 s\nlog:\n{log}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn opts(&self) -> &ServerOpts {
        &self.opts
    }

    /// A new connection (RESP2).
    pub fn conn(&self) -> Conn {
        Conn::connect(self.port)
    }

    /// A new connection switched to RESP3 with `HELLO 3`.
    pub fn conn3(&self) -> Conn {
        let mut c = self.conn();
        c.hello3();
        c
    }

    /// The process id of the server.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(|c| c.id())
    }

    /// True while the server process is running.
    pub fn is_alive(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Waits up to `timeout` for the process to exit by itself; true if it did.
    pub fn wait_exit(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if !self.is_alive() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        !self.is_alive()
    }

    /// How the process ended, once it has (`None` while it runs).
    pub fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// Kills the server at once (SIGKILL) and reaps it: for a server stuck in a script.
    pub fn kill_now(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Waits (up to 15 s) until this replica's link to its master is up; panics with the
    /// last INFO replication and the log otherwise.
    pub fn wait_replica_linked(&self) {
        let mut c = self.conn();
        let t0 = std::time::Instant::now();
        loop {
            let info = bulk_text(&c.cmd(&["INFO", "replication"]));
            if info_field(&info, "master_link_status").as_deref() == Some("up") {
                return;
            }
            assert!(
                t0.elapsed() < std::time::Duration::from_secs(15),
                "the replica never connected:\n{info}\nlog:\n{}",
                self.log_tail(20)
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// The last `n` lines of the server log.
    pub fn log_tail(&self, n: usize) -> String {
        let text = std::fs::read_to_string(self.dir.join("redis.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// The telling part of the server log for a failure message: the lines about crashes,
    /// panics, assertions and modules (at most 12), then the last `n` lines.
    pub fn log_excerpt(&self, n: usize) -> String {
        let text = self.log();
        let keys = [
            "crashed",
            "PANIC",
            "panic",
            "ASSERTION",
            "signal",
            "Module",
            "module",
            "# ",
        ];
        let hot: Vec<&str> = text
            .lines()
            .filter(|l| keys.iter().any(|k| l.contains(k)))
            .take(12)
            .collect();
        format!("{}\n  ...\n{}", hot.join("\n"), self.log_tail(n))
    }

    /// The whole server log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("redis.log")).unwrap_or_default()
    }

    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        if let Ok(None) = child.try_wait() {
            let pid = child.id() as libc::pid_t;
            // SAFETY: `kill` takes plain integers; `pid` is our own child, not yet reaped (try_wait
            // just saw it running), so the PID cannot have been recycled for another process.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            if let Ok(None) = child.try_wait() {
                let _ = child.kill(); // SIGKILL: a busy script can delay a graceful shutdown
            }
        }
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("note: server files kept in {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A tiny RESP client: sends commands, reads ONE complete reply as raw bytes.
pub struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    pub port: u16,
}

/// Anything usable as a command argument.
pub trait Arg {
    fn bytes(&self) -> &[u8];
}
impl Arg for &str {
    fn bytes(&self) -> &[u8] {
        str::as_bytes(self)
    }
}
impl Arg for String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}
impl Arg for &String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}
impl Arg for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}
impl Arg for &Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}
impl Arg for &[u8] {
    fn bytes(&self) -> &[u8] {
        self
    }
}

/// Encodes a command as a RESP array of bulk strings.
pub fn encode_command<A: Arg>(args: &[A]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        let b = a.bytes();
        out.extend_from_slice(format!("${}\r\n", b.len()).as_bytes());
        out.extend_from_slice(b);
        out.extend_from_slice(b"\r\n");
    }
    out
}

impl Conn {
    /// Connects, panicking on failure. Reads time out after 30 s so a hung server fails the test.
    pub fn connect(port: u16) -> Conn {
        Self::try_connect(port).unwrap_or_else(|e| panic!("connect to 127.0.0.1:{port}: {e}"))
    }

    pub fn try_connect(port: u16) -> std::io::Result<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port))?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        s.set_nodelay(true)?;
        let w = s.try_clone()?;
        Ok(Conn {
            reader: BufReader::new(s),
            writer: w,
            port,
        })
    }

    /// Changes the read timeout (None = block forever).
    pub fn set_timeout(&mut self, t: Option<Duration>) {
        let _ = self.writer.set_read_timeout(t);
    }

    /// Waits up to `t` for reply bytes (or the connection's end) without consuming any:
    /// true when something can be read, false on timeout. The read timeout is kept.
    pub fn wait_readable(&mut self, t: Duration) -> std::io::Result<bool> {
        let before = self.writer.read_timeout().ok().flatten();
        let _ = self
            .writer
            .set_read_timeout(Some(t.max(Duration::from_millis(1))));
        let r = match self.reader.fill_buf() {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        };
        let _ = self.writer.set_read_timeout(before);
        r
    }

    /// Sends a command without reading the reply.
    pub fn send<A: Arg>(&mut self, args: &[A]) -> std::io::Result<()> {
        self.writer.write_all(&encode_command(args))
    }

    /// Sends raw bytes (inline commands, malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(bytes)
    }

    /// Sends a command and reads one reply.
    pub fn try_cmd<A: Arg>(&mut self, args: &[A]) -> std::io::Result<Vec<u8>> {
        self.send(args)?;
        self.read_reply()
    }

    /// Sends a command and reads one reply, panicking on I/O errors.
    pub fn cmd<A: Arg>(&mut self, args: &[A]) -> Vec<u8> {
        match self.try_cmd(args) {
            Ok(r) => r,
            Err(e) => panic!(
                "command {} on port {}: {e}",
                escape(&encode_command(args)),
                self.port
            ),
        }
    }

    /// Switches the connection to RESP3 (the HELLO reply is read and dropped).
    pub fn hello3(&mut self) {
        let r = self.cmd(&["HELLO", "3"]);
        assert!(r.starts_with(b"%"), "HELLO 3 failed: {}", escape(&r));
    }

    /// Reads ONE complete reply (nested aggregates included) as raw bytes.
    pub fn read_reply(&mut self) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.read_into(&mut out)?;
        Ok(out)
    }

    fn read_line(&mut self, out: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
        let start = out.len();
        let n = self.reader.read_until(b'\n', out)?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed by the server",
            ));
        }
        if !out.ends_with(b"\r\n") {
            return Err(bad_data(format!(
                "reply line without CRLF: {}",
                escape(&out[start..])
            )));
        }
        Ok(out[start + 1..out.len() - 2].to_vec())
    }

    fn read_into(&mut self, out: &mut Vec<u8>) -> std::io::Result<()> {
        let start = out.len();
        let line = self.read_line(out)?;
        let kind = out[start];
        let num = || -> std::io::Result<i64> {
            std::str::from_utf8(&line)
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
                .ok_or_else(|| bad_data(format!("bad length in reply header {}", escape(&line))))
        };
        match kind {
            b'+' | b'-' | b':' | b'_' | b',' | b'#' | b'(' => Ok(()),
            b'$' | b'=' | b'!' => {
                let n = num()?;
                if n < 0 {
                    return Ok(());
                }
                let mut body = vec![0u8; n as usize + 2];
                self.reader.read_exact(&mut body)?;
                if !body.ends_with(b"\r\n") {
                    return Err(bad_data("bulk reply not followed by CRLF".into()));
                }
                out.extend_from_slice(&body);
                Ok(())
            }
            b'*' | b'~' | b'>' => {
                let n = num()?;
                for _ in 0..n.max(0) {
                    self.read_into(out)?;
                }
                Ok(())
            }
            b'%' => {
                let n = num()?;
                for _ in 0..n.max(0) * 2 {
                    self.read_into(out)?;
                }
                Ok(())
            }
            b'|' => {
                // An attribute map, then the reply it decorates.
                let n = num()?;
                for _ in 0..n.max(0) * 2 {
                    self.read_into(out)?;
                }
                self.read_into(out)
            }
            other => Err(bad_data(format!(
                "unknown RESP type byte {:?}",
                other as char
            ))),
        }
    }
}

fn bad_data(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
}

/// Escapes bytes for failure messages: printable ASCII as is, `\r` `\n` `\t` `\\` `\"`, others `\xHH`.
pub fn escape(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() + 2);
    s.push('"');
    for &c in b {
        match c {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('"');
    s
}

/// Like [`escape`] but cut to `max` bytes (with a note) for very long replies.
pub fn escape_short(b: &[u8], max: usize) -> String {
    if b.len() <= max {
        escape(b)
    } else {
        format!("{}... ({} bytes in all)", escape(&b[..max]), b.len())
    }
}

/// The body of a bulk reply (`$n\r\n<body>\r\n` or RESP3 verbatim `=n\r\ntxt:<body>\r\n`).
pub fn bulk_body(reply: &[u8]) -> Option<Vec<u8>> {
    if !(reply.starts_with(b"$") || reply.starts_with(b"=")) {
        return None;
    }
    let nl = reply.iter().position(|&c| c == b'\n')?;
    let n: usize = std::str::from_utf8(&reply[1..nl - 1]).ok()?.parse().ok()?;
    let body = reply.get(nl + 1..nl + 1 + n)?.to_vec();
    if reply[0] == b'=' {
        Some(body[4..].to_vec())
    } else {
        Some(body)
    }
}

/// The text of a bulk reply, lossily decoded. Panics when the reply is not a bulk string.
pub fn bulk_text(reply: &[u8]) -> String {
    let b =
        bulk_body(reply).unwrap_or_else(|| panic!("expected a bulk reply, got {}", escape(reply)));
    String::from_utf8_lossy(&b).into_owned()
}

/// Reads `field:value` from an INFO text.
pub fn info_field(info: &str, field: &str) -> Option<String> {
    info.lines().find_map(|l| {
        l.strip_prefix(field)
            .and_then(|r| r.strip_prefix(':'))
            .map(|v| v.trim().to_string())
    })
}

/// Whether no AOF rewrite runs or is scheduled (INFO persistence).
pub fn no_aof_rewrite_running(c: &mut Conn) -> bool {
    let info = bulk_text(&c.cmd(&["INFO", "persistence"]));
    info_field(&info, "aof_rewrite_in_progress").as_deref() == Some("0")
        && info_field(&info, "aof_rewrite_scheduled").as_deref() == Some("0")
}

/// Waits (10 s at most) for the AOF rewrite in progress to end, and checks it succeeded.
pub fn wait_aof_rewrite(c: &mut Conn) {
    let t0 = Instant::now();
    while !no_aof_rewrite_running(c) {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the AOF rewrite never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let info = bulk_text(&c.cmd(&["INFO", "persistence"]));
    assert_eq!(
        info_field(&info, "aof_last_bgrewrite_status").as_deref(),
        Some("ok")
    );
}

/// `args` with a scripting command (first word) renamed for the Ferrous side when `ferrous`.
pub fn side_args(args: &[&str], ferrous: bool) -> Vec<String> {
    let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let script_cmd = matches!(
        args[0].to_ascii_uppercase().as_str(),
        "EVAL"
            | "EVALSHA"
            | "EVAL_RO"
            | "EVALSHA_RO"
            | "FCALL"
            | "FCALL_RO"
            | "SCRIPT"
            | "FUNCTION"
    );
    if ferrous && script_cmd {
        v[0] = ferrous_cmd(&args[0].to_ascii_uppercase());
    }
    v
}

/// The lowercase hex SHA1 of a script body, as EVALSHA uses.
pub fn sha1_hex(body: &[u8]) -> String {
    sha1_smol::Sha1::from(body).digest().to_string()
}

/// Asserts that a raw reply equals the expected bytes, showing both escaped on failure.
#[track_caller]
pub fn assert_reply(got: &[u8], expected: &[u8], what: &str) {
    assert!(
        got == expected,
        "{what}:\n  expected {}\n  got      {}",
        escape(expected),
        escape(got)
    );
}

/// Splits a redis-cli style command line into arguments: whitespace separated, with `"..."`
/// (escapes `\n \r \t \\ \" \xHH`) and `'...'` (no escapes) quoting.
pub fn split_args(line: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let mut cur = Vec::new();
        while i < b.len() && !b[i].is_ascii_whitespace() {
            match b[i] {
                b'"' => {
                    i += 1;
                    loop {
                        if i >= b.len() {
                            return Err(format!("unbalanced quotes in {line:?}"));
                        }
                        match b[i] {
                            b'"' => {
                                i += 1;
                                break;
                            }
                            b'\\' if i + 1 < b.len() => {
                                let (c, used) = unescape_one(&b[i + 1..])
                                    .map_err(|e| format!("{e} in {line:?}"))?;
                                cur.push(c);
                                i += 1 + used;
                            }
                            c => {
                                cur.push(c);
                                i += 1;
                            }
                        }
                    }
                }
                b'\'' => {
                    i += 1;
                    loop {
                        if i >= b.len() {
                            return Err(format!("unbalanced quotes in {line:?}"));
                        }
                        if b[i] == b'\'' {
                            i += 1;
                            break;
                        }
                        cur.push(b[i]);
                        i += 1;
                    }
                }
                c => {
                    cur.push(c);
                    i += 1;
                }
            }
        }
        out.push(cur);
    }
    Ok(out)
}

fn unescape_one(rest: &[u8]) -> Result<(u8, usize), String> {
    match rest[0] {
        b'n' => Ok((b'\n', 1)),
        b'r' => Ok((b'\r', 1)),
        b't' => Ok((b'\t', 1)),
        b'0' => Ok((0, 1)),
        b'\\' => Ok((b'\\', 1)),
        b'"' => Ok((b'"', 1)),
        b'\'' => Ok((b'\'', 1)),
        b'x' if rest.len() >= 3 => {
            let h = std::str::from_utf8(&rest[1..3]).map_err(|_| "bad \\x escape".to_string())?;
            let v = u8::from_str_radix(h, 16).map_err(|_| format!("bad \\x escape {h:?}"))?;
            Ok((v, 3))
        }
        c => Err(format!("unknown escape \\{}", c as char)),
    }
}

/// Unescapes a whole string with the escapes of [`split_args`] (for `scriptx:` fields).
pub fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let (c, used) = unescape_one(&b[i + 1..])?;
            out.push(c);
            i += 1 + used;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// Runs `redis-cli -p <port> <args...>` and returns its stdout (panics if it cannot be run).
pub fn redis_cli(port: u16, args: &[&str]) -> String {
    let bin = std::env::var("REDIS_CLI").unwrap_or_else(|_| "redis-cli".to_string());
    // `timeout` bounds a hung server: redis-cli itself would wait forever for a reply.
    let out = Command::new("timeout")
        .arg("30")
        .arg(&bin)
        .arg("-p")
        .arg(port.to_string())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {bin}: {e} (is redis-cli installed?)"));
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    s
}

/// Runs `redis-cli -p <port>` with the given stdin (one command per line).
pub fn redis_cli_stdin(port: u16, stdin: &str) -> String {
    redis_cli_input(port, &[], stdin)
}

/// Runs `redis-cli -p <port> <args...>` with `stdin` as its input (commands, or the lines a
/// `--ldb` session reads); stdout then stderr. Killed after 60 s.
pub fn redis_cli_input(port: u16, args: &[&str], stdin: &str) -> String {
    let bin = std::env::var("REDIS_CLI").unwrap_or_else(|_| "redis-cli".to_string());
    let mut child = Command::new("timeout")
        .arg("60")
        .arg(&bin)
        .arg("-p")
        .arg(port.to_string())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {bin}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("redis-cli output");
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    s
}
