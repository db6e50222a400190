//! Runs hostile cases one by one against a real server and classifies what went wrong. A
//! crash, hang or panic restarts the server; the run always goes on to the next case.

use super::{Case, Expect};
use crate::{Conn, Server, ServerOpts, escape_short, ferrous_cmd, info_field};
use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::time::{Duration, Instant};

/// `ulimit -v` of the server (KiB): a runaway allocation fails instead of taking the machine.
pub const VMEM_KB: u64 = 4_000_000;
/// Every command of a case must answer within this.
pub const TIME_BOUND: Duration = Duration::from_secs(10);
/// `used_memory` after the case and a full collection may exceed the baseline by this much.
pub const MEM_SLACK: i64 = 8 << 20;
/// `ferrous.busy-reply-threshold` of the servers (ms).
pub const BUSY_MS: u64 = 50;
/// How long a [`Expect::CleanOrKilled`] script may run before SCRIPT KILL.
pub const GRACE: Duration = Duration::from_millis(500);
/// The small memory limit of the second configuration.
pub const SMALL_LIMIT: u64 = 64 << 20;

const KILLED: &str = "-ERR Script killed by user with SCRIPT KILL";
const GC: &str = "collectgarbage() return 1";

/// A server configuration to run the cases under.
#[derive(Clone, Debug)]
pub struct Config {
    pub name: &'static str,
    pub module_args: Vec<String>,
    /// Whether `not enough memory` is an acceptable answer.
    pub limited: bool,
}

impl Config {
    /// The module's defaults (memory-limit 512 MiB).
    pub fn default_config() -> Config {
        Config {
            name: "default",
            module_args: Vec::new(),
            limited: false,
        }
    }
    /// `memory-limit` 64 MiB.
    pub fn small_limit() -> Config {
        Config {
            name: "limit-64MiB",
            module_args: vec!["memory-limit".into(), SMALL_LIMIT.to_string()],
            limited: true,
        }
    }
    fn opts(&self) -> ServerOpts {
        let mut o = ServerOpts::with_module();
        o.module_args = self.module_args.clone();
        o.module_args
            .extend(["busy-reply-threshold".to_string(), BUSY_MS.to_string()]);
        o.vmem_kb = Some(VMEM_KB);
        // `FERROUS_HOSTILE_HZ`: the server's `hz`. A module yields to clients (and so sees
        // SCRIPT KILL) at most every 1000/hz ms (RM_Yield's gate), 100 ms at the default 10.
        if let Ok(hz) = std::env::var("FERROUS_HOSTILE_HZ") {
            o = o.arg("--hz").arg(&hz);
        }
        o
    }
}

/// What went wrong with a case (the first failure found, in this order of precedence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailKind {
    /// The server died (or closed the connection).
    Crash,
    /// No reply within [`TIME_BOUND`], or SCRIPT KILL did not end it.
    Hang,
    /// Panic text in the log or the reply.
    Panic,
    /// A reply other than the expected one.
    Wrong,
    /// `used_memory` stayed above baseline + [`MEM_SLACK`].
    Memory,
}

#[derive(Clone, Debug)]
pub struct Failure {
    pub config: &'static str,
    pub class: &'static str,
    pub name: String,
    pub kind: FailKind,
    pub detail: String,
    pub script: String,
}

/// Per-class counters of one configuration.
#[derive(Clone, Debug, Default)]
pub struct ClassStats {
    pub run: usize,
    pub ok: usize,
    pub crash: usize,
    pub hang: usize,
    pub panic: usize,
    pub wrong: usize,
    pub memory: usize,
    /// SCRIPT KILL sent → the killed script's reply read.
    pub kill_ms: Vec<f64>,
    /// Largest `used_memory` growth left after a case (bytes).
    pub max_mem_delta: i64,
    /// Wall-clock time of the class's cases, restarts included.
    pub secs: f64,
}

/// A case's good outcome.
struct Done {
    kills: Vec<Duration>,
    mem_delta: i64,
}

type Fail = (FailKind, String);

pub struct Runner {
    pub cfg: Config,
    server: Server,
    log_offset: usize,
    pub stats: BTreeMap<&'static str, ClassStats>,
    pub failures: Vec<Failure>,
    pub restarts: usize,
    /// The reply of the last [`Runner::eval`].
    last_reply: Vec<u8>,
}

fn io_fail(e: &std::io::Error, what: &str) -> Fail {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => (
            FailKind::Hang,
            format!("no reply to {what} within {TIME_BOUND:?}"),
        ),
        _ => (FailKind::Crash, format!("{what}: {e}")),
    }
}

fn text(r: &[u8]) -> String {
    String::from_utf8_lossy(r).into_owned()
}

impl Runner {
    pub fn new(cfg: Config) -> Runner {
        let server = Server::start(cfg.opts());
        Runner {
            cfg,
            server,
            log_offset: 0,
            stats: BTreeMap::new(),
            failures: Vec::new(),
            restarts: 0,
            last_reply: Vec::new(),
        }
    }

    fn conn(&self) -> Result<Conn, Fail> {
        let mut c = Conn::try_connect(self.server.port())
            .map_err(|e| (FailKind::Crash, format!("connect: {e}")))?;
        c.set_timeout(Some(TIME_BOUND));
        Ok(c)
    }

    fn cmd(c: &mut Conn, args: &[&[u8]], what: &str) -> Result<Vec<u8>, Fail> {
        c.try_cmd(args).map_err(|e| io_fail(&e, what))
    }

    /// Redis's `used_memory` plus what the script VMs hold (INFO ferrous: accounted and
    /// reserved bytes of the EVAL and function VMs), which is outside `used_memory` (the module
    /// allocates with the C allocator, as the built-in's Lua heap).
    fn used_memory(c: &mut Conn) -> Result<i64, Fail> {
        let mut total = 0;
        for (section, fields) in [
            ("memory", &["used_memory"][..]),
            (
                "ferrous",
                &[
                    "ferrous_used_memory_vm_eval",
                    "ferrous_reserved_memory_vm_eval",
                    "ferrous_used_memory_vm_functions",
                    "ferrous_reserved_memory_vm_functions",
                ][..],
            ),
        ] {
            let r = Self::cmd(c, &[b"INFO", section.as_bytes()], "INFO")?;
            let body = crate::bulk_body(&r).ok_or_else(|| {
                (
                    FailKind::Hang,
                    format!("INFO {section}: {}", escape_short(&r, 200)),
                )
            })?;
            let info = String::from_utf8_lossy(&body).into_owned();
            for f in fields {
                total += info_field(&info, f)
                    .and_then(|v| v.parse::<i64>().ok())
                    .ok_or_else(|| (FailKind::Wrong, format!("no {f} in INFO {section}")))?;
            }
        }
        Ok(total)
    }

    fn gc(&self, c: &mut Conn) -> Result<(), Fail> {
        let eval = ferrous_cmd("EVAL");
        let r = Self::cmd(
            c,
            &[eval.as_bytes(), GC.as_bytes(), b"0"],
            "the collectgarbage script",
        )?;
        if r != b":1\r\n" {
            return Err((
                FailKind::Wrong,
                format!("`{GC}` gave {}", escape_short(&r, 200)),
            ));
        }
        Ok(())
    }

    /// Checks a reply against the expectation (not for the kill path).
    fn check(&self, expect: &Expect, r: &[u8]) -> Result<(), Fail> {
        let t = text(r);
        if t.contains("panic") || t.contains("internal error") {
            return Err((FailKind::Panic, format!("reply {}", escape_short(r, 300))));
        }
        let is_err = r.starts_with(b"-");
        let memory = t.contains("not enough memory");
        // Under the small limit a clean memory error is an answer (also as `loadstring`'s
        // message, which the loadstring variants return as a value).
        let mem_ok = self.cfg.limited && memory;
        let ok = match expect {
            Expect::Value => !is_err || mem_ok,
            Expect::Error(m) => is_err && (t.contains(m) || mem_ok),
            Expect::Contains(m) => t.contains(m) || mem_ok,
            Expect::ValueOrMemory => !is_err || memory,
            Expect::ContainsOrMemory(m) => t.contains(m) || memory,
            Expect::Clean | Expect::CleanOrKilled => !t.starts_with(KILLED),
            Expect::Killed => t.starts_with(KILLED),
        };
        if ok {
            Ok(())
        } else {
            Err((
                FailKind::Wrong,
                format!("expected {expect:?}, got {}", escape_short(r, 300)),
            ))
        }
    }

    /// Sends PING until BUSY; Ok(false) if the script's reply came first.
    fn wait_busy(ctl: &mut Conn, a: &mut Conn) -> Result<bool, Fail> {
        let t0 = Instant::now();
        loop {
            if a.wait_readable(Duration::from_millis(5))
                .map_err(|e| io_fail(&e, "the EVAL"))?
            {
                return Ok(false);
            }
            let r = Self::cmd(ctl, &[b"PING"], "PING while the script runs")?;
            if r.starts_with(b"-BUSY") {
                return Ok(true);
            }
            if t0.elapsed() > TIME_BOUND {
                return Err((
                    FailKind::Hang,
                    "the script neither ended nor made the server BUSY".into(),
                ));
            }
        }
    }

    /// SCRIPT KILL, then the killed script's reply. Returns the reply and the latency.
    fn kill(&self, ctl: &mut Conn, a: &mut Conn) -> Result<(Vec<u8>, Option<Duration>), Fail> {
        let script = ferrous_cmd("SCRIPT");
        let t0 = Instant::now();
        let k = Self::cmd(ctl, &[script.as_bytes(), b"KILL"], "SCRIPT KILL")?;
        if k.starts_with(b"-NOTBUSY") {
            // It ended on its own in between.
            return Ok((a.read_reply().map_err(|e| io_fail(&e, "the EVAL"))?, None));
        }
        if k.starts_with(b"-UNKILLABLE") {
            // It wrote: only its end (or SHUTDOWN NOSAVE) stops it. Give it the time bound.
            a.set_timeout(Some(TIME_BOUND));
            return Ok((
                a.read_reply()
                    .map_err(|e| io_fail(&e, "the unkillable EVAL"))?,
                None,
            ));
        }
        if k != b"+OK\r\n" {
            return Err((
                FailKind::Wrong,
                format!("SCRIPT KILL gave {}", escape_short(&k, 200)),
            ));
        }
        let r = a
            .read_reply()
            .map_err(|e| io_fail(&e, "the EVAL after SCRIPT KILL"))?;
        Ok((r, Some(t0.elapsed())))
    }

    /// Sends one EVAL on `a` and waits for its end as `expect` says (SCRIPT KILL on `ctl` for
    /// endless scripts); checks the reply. Returns the kill latency if it was killed.
    fn eval(
        &mut self,
        ctl: &mut Conn,
        a: &mut Conn,
        args: &[&[u8]],
        expect: &Expect,
    ) -> Result<Option<Duration>, Fail> {
        a.send(args).map_err(|e| io_fail(&e, "sending the EVAL"))?;
        let mut kill = None;
        let r = match expect {
            Expect::Killed => {
                if !Self::wait_busy(ctl, a)? {
                    let r = a.read_reply().map_err(|e| io_fail(&e, "the EVAL"))?;
                    return Err((
                        FailKind::Wrong,
                        format!("ended by itself: {}", escape_short(&r, 300)),
                    ));
                }
                let (r, lat) = self.kill(ctl, a)?;
                kill = lat;
                r
            }
            Expect::CleanOrKilled => {
                let ready = a
                    .wait_readable(GRACE)
                    .map_err(|e| io_fail(&e, "the EVAL"))?;
                if ready {
                    a.read_reply().map_err(|e| io_fail(&e, "the EVAL"))?
                } else {
                    let (r, lat) = self.kill(ctl, a)?;
                    kill = lat;
                    r
                }
            }
            _ => a.read_reply().map_err(|e| io_fail(&e, "the EVAL"))?,
        };
        self.last_reply = r.clone();
        let killed_ok = matches!(expect, Expect::CleanOrKilled) && text(&r).starts_with(KILLED);
        if !killed_ok {
            self.check(expect, &r)?;
        }
        Ok(kill)
    }

    fn attempt(&mut self, case: &Case) -> Result<Done, Fail> {
        let eval = ferrous_cmd("EVAL");
        let script_cmd = ferrous_cmd("SCRIPT");
        let mut ctl = self.conn()?;
        Self::cmd(&mut ctl, &[script_cmd.as_bytes(), b"FLUSH"], "SCRIPT FLUSH")?;
        let mut a = self.conn()?;
        // Compile (and cache) first, so the baseline includes the cached chunk and the memory
        // check sees only what running it left behind.
        let load = Self::cmd(
            &mut a,
            &[script_cmd.as_bytes(), b"LOAD", &case.script],
            "SCRIPT LOAD",
        )?;
        if text(&load).contains("panic") {
            return Err((
                FailKind::Panic,
                format!("SCRIPT LOAD: {}", escape_short(&load, 300)),
            ));
        }
        self.gc(&mut ctl)?;
        let base = Self::used_memory(&mut ctl)?;

        let numkeys = case.keys.len().to_string();
        let mut args: Vec<&[u8]> = vec![eval.as_bytes(), &case.script, numkeys.as_bytes()];
        args.extend(case.keys.iter().map(|k| k.as_bytes()));
        let mut kills = Vec::new();
        kills.extend(self.eval(&mut ctl, &mut a, &args, &case.expect)?);
        for f in &case.followups {
            // Collector extremes make even ordinary scripts slow (lua5.1 too): killable is enough.
            let fargs: Vec<&[u8]> = vec![eval.as_bytes(), f.as_bytes(), b"0"];
            kills.extend(
                self.eval(&mut ctl, &mut a, &fargs, &Expect::CleanOrKilled)
                    .and_then(|k| {
                        let r = self.last_reply.clone();
                        if r.starts_with(b"-") && !text(&r).starts_with(KILLED) {
                            self.check(&Expect::Value, &r)?;
                        }
                        Ok(k)
                    })
                    .map_err(|(k, d)| (k, format!("follow-up `{f}`: {d}")))?,
            );
        }
        drop(a);

        if !self.server.is_alive() {
            return Err((FailKind::Crash, "the server process is gone".into()));
        }
        let pong = Self::cmd(&mut ctl, &[b"PING"], "PING after the script")?;
        if pong != b"+PONG\r\n" {
            return Err((
                FailKind::Hang,
                format!("PING after the script: {}", escape_short(&pong, 200)),
            ));
        }
        self.check_log()?;

        // The client buffers of the closed link go at the next event-loop turns: sample a few.
        let mut after = 0;
        for _ in 0..10 {
            self.gc(&mut ctl)?;
            after = Self::used_memory(&mut ctl)?;
            if after - base <= MEM_SLACK {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let delta = after - base;
        if delta > MEM_SLACK {
            Self::cmd(&mut ctl, &[script_cmd.as_bytes(), b"FLUSH"], "SCRIPT FLUSH")?;
            let flushed = Self::used_memory(&mut ctl)?;
            return Err((
                FailKind::Memory,
                format!(
                    "used_memory {base} before the run, {after} after it and a full collection (+{} MiB), {flushed} after SCRIPT FLUSH",
                    delta >> 20
                ),
            ));
        }
        Ok(Done {
            kills,
            mem_delta: delta,
        })
    }

    /// The telling lines the server logged during this case (crash report, panic, OOM).
    fn log_excerpt(&self) -> String {
        const KEYS: [&str; 9] = [
            "crashed",
            "panic",
            "PANIC",
            "ASSERTION",
            "signal",
            "Out Of Memory",
            "STACK TRACE",
            "overflow",
            "abort",
        ];
        let log = self.server.log();
        let new = log.get(self.log_offset..).unwrap_or("");
        let hot: Vec<&str> = new
            .lines()
            .filter(|l| KEYS.iter().any(|k| l.contains(k)))
            .take(6)
            .collect();
        if hot.is_empty() {
            String::new()
        } else {
            format!("\n    log: {}", hot.join("\n         "))
        }
    }

    /// True when the server logged a crash report (OOM abort, assertion, signal) in this case.
    fn crash_in_log(&self) -> bool {
        let log = self.server.log();
        let new = log.get(self.log_offset..).unwrap_or("");
        [
            "Guru Meditation",
            "crashed by signal",
            "ASSERTION FAILED",
            "Out Of Memory",
        ]
        .iter()
        .any(|k| new.contains(k))
    }

    fn check_log(&mut self) -> Result<(), Fail> {
        let log = self.server.log();
        let new = log.get(self.log_offset..).unwrap_or("");
        if let Some(l) = new
            .lines()
            .find(|l| l.to_ascii_lowercase().contains("panic"))
        {
            return Err((FailKind::Panic, format!("server log: {l}")));
        }
        Ok(())
    }

    /// Runs one case and records its outcome; restarts the server after a crash, hang or panic.
    pub fn run(&mut self, case: &Case) -> bool {
        self.log_offset = self.server.log().len();
        let t0 = Instant::now();
        let result = self.attempt(case);
        let ok = self.record(case, result);
        self.stats.entry(case.class).or_default().secs += t0.elapsed().as_secs_f64();
        ok
    }

    fn record(&mut self, case: &Case, mut result: Result<Done, Fail>) -> bool {
        if let Err((kind, detail)) = &mut result {
            if matches!(kind, FailKind::Hang | FailKind::Crash) {
                // Redis writes its crash report (and a memory test) before it aborts.
                self.server.wait_exit(Duration::from_secs(2));
            }
            if let Some(status) = self.server.exit_status() {
                *kind = FailKind::Crash;
                detail.push_str(&format!("; the server exited: {}", describe(status)));
            } else if self.crash_in_log() {
                *kind = FailKind::Crash;
                detail.push_str("; the server is aborting (crash report in its log)");
            }
        }
        let st = self.stats.entry(case.class).or_default();
        st.run += 1;
        match result {
            Ok(d) => {
                for k in d.kills.iter().filter(|k| k.as_millis() >= 100) {
                    eprintln!(
                        "hostile [{}] {}/{}: SCRIPT KILL took {:.1} ms",
                        self.cfg.name,
                        case.class,
                        case.name,
                        k.as_secs_f64() * 1000.0
                    );
                }
                st.ok += 1;
                st.max_mem_delta = st.max_mem_delta.max(d.mem_delta);
                st.kill_ms
                    .extend(d.kills.iter().map(|k| k.as_secs_f64() * 1000.0));
                true
            }
            Err((kind, mut detail)) => {
                match kind {
                    FailKind::Crash => st.crash += 1,
                    FailKind::Hang => st.hang += 1,
                    FailKind::Panic => st.panic += 1,
                    FailKind::Wrong => st.wrong += 1,
                    FailKind::Memory => st.memory += 1,
                }
                if matches!(kind, FailKind::Crash | FailKind::Hang | FailKind::Panic) {
                    detail.push_str(&self.log_excerpt());
                }
                let f = Failure {
                    config: self.cfg.name,
                    class: case.class,
                    name: case.name.clone(),
                    kind,
                    detail,
                    script: escape_short(&case.script, 160),
                };
                eprintln!(
                    "hostile [{}] {}/{}: {:?}: {}",
                    f.config, f.class, f.name, f.kind, f.detail
                );
                dump(&f, case);
                self.failures.push(f);
                if matches!(kind, FailKind::Crash | FailKind::Hang | FailKind::Panic) {
                    self.restart();
                }
                false
            }
        }
    }

    fn restart(&mut self) {
        self.server.kill_now();
        self.server = Server::start(self.cfg.opts());
        self.log_offset = 0;
        self.restarts += 1;
    }
}

/// An exit status in words (a signal by name when it is one of the usual ones).
fn describe(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "SIGABRT".into(),
        Some(9) => "SIGKILL".into(),
        Some(11) => "SIGSEGV (a stack overflow leaves no log line)".into(),
        Some(n) => format!("signal {n}"),
        None => format!("{status}"),
    }
}

/// Writes a failing script to `<target>/hostile-failures/` so it can be replayed by hand.
fn dump(f: &Failure, case: &Case) {
    let dir = crate::target_dir().join("hostile-failures");
    if std::fs::create_dir_all(&dir).is_ok() {
        let name: String = format!("{}-{}-{}.lua", f.config, f.class, f.name)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let _ = std::fs::write(dir.join(name), &case.script);
    }
}

/// The `p` quantile (0..=1) of unsorted samples, nearest rank.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len());
    Some(s[rank - 1])
}

fn ms(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}"))
}

/// The table of the brief: class → scripts run, ok, crash, hang, panic, wrong reply,
/// memory-not-returned, kill latency p50/p99, the largest memory left and the time taken, per
/// configuration;
/// then every failure.
pub fn report(runners: &[&Runner]) -> String {
    let mut out = format!(
        "{:<12} {:<11} {:>5} {:>5} {:>5} {:>4} {:>5} {:>5} {:>4} {:>9} {:>9} {:>9} {:>7}\n",
        "config",
        "class",
        "run",
        "ok",
        "crash",
        "hang",
        "panic",
        "wrong",
        "mem",
        "kill p50",
        "kill p99",
        "max +MiB",
        "secs"
    );
    for r in runners {
        let mut all_kills = Vec::new();
        for (class, s) in &r.stats {
            all_kills.extend_from_slice(&s.kill_ms);
            out.push_str(&format!(
                "{:<12} {:<11} {:>5} {:>5} {:>5} {:>4} {:>5} {:>5} {:>4} {:>9} {:>9} {:>9.1} {:>7.1}\n",
                r.cfg.name,
                class,
                s.run,
                s.ok,
                s.crash,
                s.hang,
                s.panic,
                s.wrong,
                s.memory,
                ms(percentile(&s.kill_ms, 0.5)),
                ms(percentile(&s.kill_ms, 0.99)),
                s.max_mem_delta as f64 / (1 << 20) as f64,
                s.secs,
            ));
        }
        out.push_str(&format!(
            "{:<12} all kills: n={} p50={} ms p99={} ms max={} ms; server restarts: {}\n",
            r.cfg.name,
            all_kills.len(),
            ms(percentile(&all_kills, 0.5)),
            ms(percentile(&all_kills, 0.99)),
            ms(percentile(&all_kills, 1.0)),
            r.restarts
        ));
    }
    let failures: Vec<&Failure> = runners.iter().flat_map(|r| r.failures.iter()).collect();
    if !failures.is_empty() {
        out.push_str(&format!("\n{} failures:\n", failures.len()));
        for f in failures {
            out.push_str(&format!(
                "[{}] {}/{}: {:?}: {}\n    script: {}\n",
                f.config, f.class, f.name, f.kind, f.detail, f.script
            ));
        }
    }
    out
}

/// All kill latencies of a runner (ms).
pub fn kill_latencies(r: &Runner) -> Vec<f64> {
    r.stats
        .values()
        .flat_map(|s| s.kill_ms.iter().copied())
        .collect()
}
