//! `SCRIPT DEBUG YES` sessions as the built-in runs them (eval.c `ldbStartSession`): the
//! server forks, the child runs the script and the whole session on its copy of the dataset,
//! and its writes vanish with it; the parent keeps serving every client.
//!
//! A module cannot hand the client's socket to the child, so the parent relays: each debugger
//! command of the session's client is written to the child over a pipe, the client is blocked
//! (`RedisModule_BlockClient`) while a thread waits for the child's answer on a second pipe,
//! and the answer (replies recorded by `record.rs`) is replayed to the client. The command
//! filter hands only the debugger's words to `FERROUS.LDB` meanwhile (other clients' `s`, `c`
//! ... get Redis's unknown-command error); the session's `eval <code>` arrives as EVAL.

use super::record::{Recorder, replay};
use super::{COMMAND, commands, session};
use crate::ffi::{self, Ctx, Replier};
use ferrous_stdlib::redis::convert::Sink;
use std::cell::RefCell;
use std::io::{PipeReader, PipeWriter, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// A forked session is open (the filter reads it).
pub static FORK_OPEN: AtomicBool = AtomicBool::new(false);

/// The debugger's words: the commands the filter sends to the child's session.
const WORDS: &[&str] = &[
    "h", "help", "s", "step", "n", "next", "c", "continue", "l", "list", "w", "whole", "p",
    "print", "b", "break", "t", "trace", "e", "r", "redis", "m", "maxlen", "a", "abort",
];

/// Frames larger than this end the session (a corrupt pipe).
const MAX_FRAME: u64 = 1 << 30;

struct Forked {
    client: u64,
    pid: i32,
    to_child: PipeWriter,
    from_child: Arc<Mutex<PipeReader>>,
}

thread_local! {
    static FORKED: RefCell<Option<Forked>> = const { RefCell::new(None) };
}

pub fn is_open() -> bool {
    FORK_OPEN.load(Relaxed)
}

/// Whether the command's client is the one debugging in a forked session.
pub fn is_session_client(ctx: Ctx) -> bool {
    is_open() && {
        let id = ffi::client_id(ctx);
        FORKED.with(|f| f.borrow().as_ref().is_some_and(|f| f.client == id))
    }
}

/// The filter's part for a forked session: the debugger's words go to `FERROUS.LDB`.
pub fn filter(cmd: &mut ffi::FilterCmd) -> bool {
    let name = cmd.first();
    let word = WORDS
        .iter()
        .any(|w| name.eq_ignore_ascii_case(w.as_bytes()));
    if word {
        cmd.insert(0, COMMAND.as_bytes());
    }
    word
}

fn write_frame(w: &mut impl Write, b: &[u8]) -> std::io::Result<()> {
    w.write_all(&(b.len() as u64).to_le_bytes())?;
    w.write_all(b)?;
    w.flush()
}

fn read_frame(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut n = [0u8; 8];
    r.read_exact(&mut n)?;
    let n = u64::from_le_bytes(n);
    if n > MAX_FRAME {
        return Err(std::io::Error::other("frame too large"));
    }
    let mut b = vec![0u8; n as usize];
    r.read_exact(&mut b)?;
    Ok(b)
}

fn encode_args(args: &[&[u8]]) -> Vec<u8> {
    let mut b = Vec::new();
    for a in args {
        b.extend_from_slice(&(a.len() as u64).to_le_bytes());
        b.extend_from_slice(a);
    }
    b
}

fn decode_args(mut b: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while b.len() >= 8 {
        let n = u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])) as usize;
        b = &b[8..];
        if n > b.len() {
            break;
        }
        out.push(b[..n].to_vec());
        b = &b[n..];
    }
    out
}

/// How a session starts (`session::start_eval`, `fcall::start_fcall`).
pub type Starter = fn(Ctx, &[&[u8]], bool, super::Mode, &mut dyn Sink);

/// EVAL (FCALL) with `SCRIPT DEBUG YES`: forks; the child runs the session `start` opens.
pub fn start(ctx: Ctx, argv: &[&[u8]], ro: bool, start: Starter, out: &mut Replier) {
    let pipes = std::io::pipe().and_then(|a| std::io::pipe().map(|b| (a, b)));
    let Ok(((cmd_r, cmd_w), (rep_r, rep_w))) = pipes else {
        super::set_mode(ctx, None);
        return out.error_str("ERR Fork() failed: can't run EVAL in debugging mode: no pipe");
    };
    match ffi::fork(child_done) {
        Err(e) => {
            super::set_mode(ctx, None);
            out.error_str(&format!(
                "ERR Fork() failed: can't run EVAL in debugging mode: {e}"
            ));
        }
        Ok(0) => {
            drop((cmd_w, rep_r));
            // The child must never return into the server's code (it would run a second
            // event loop on the copy): a panic ends it too.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                child_main(ctx, argv, ro, start, cmd_r, rep_w)
            }));
            ffi::exit_from_child(1)
        }
        Ok(pid) => {
            drop((cmd_r, rep_w));
            ffi::log(ctx, "warning", b"Redis forked for debugging eval");
            FORKED.with(|f| {
                *f.borrow_mut() = Some(Forked {
                    client: ffi::client_id(ctx),
                    pid,
                    to_child: cmd_w,
                    from_child: Arc::new(Mutex::new(rep_r)),
                })
            });
            FORK_OPEN.store(true, Relaxed);
            super::set_open(true);
            wait_answer(ctx, out);
        }
    }
}

/// The child: the session as a synchronous one, each answer sent to the parent, each next
/// command read from it, until the session ends (or the parent goes away).
fn child_main(
    ctx: Ctx,
    argv: &[&[u8]],
    ro: bool,
    start: Starter,
    mut cmds: PipeReader,
    mut answers: PipeWriter,
) -> ! {
    let mut rec = Recorder::default();
    start(ctx, argv, ro, super::Mode::Sync, &mut rec);
    loop {
        let ended = session::with(|_| ()).is_none();
        let mut frame = vec![ended as u8];
        frame.extend_from_slice(&rec.buf);
        if write_frame(&mut answers, &frame).is_err() || ended {
            break;
        }
        let Ok(cmd) = read_frame(&mut cmds) else {
            break;
        };
        let args = decode_args(&cmd);
        let refs: Vec<&[u8]> = args.iter().map(|a| a.as_slice()).collect();
        rec = Recorder::default();
        commands::dispatch(ctx, &refs, &mut rec);
    }
    ffi::log(ctx, "warning", b"Lua debugging session child exiting");
    ffi::exit_from_child(0)
}

/// Blocks the client until the child's next answer, which a thread waits for.
fn wait_answer(ctx: Ctx, out: &mut Replier) {
    let Some(reader) = FORKED.with(|f| f.borrow().as_ref().map(|f| f.from_child.clone())) else {
        return out.error_str("ERR no Lua debugging session is open");
    };
    let Some(bc) = ffi::block_client(ctx, on_answer) else {
        return out.error_str("ERR the Lua debugger cannot answer inside MULTI or a script");
    };
    std::thread::spawn(move || {
        let data = match reader.lock() {
            Ok(mut r) => read_frame(&mut *r).unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        bc.unblock(data);
    });
}

/// The child's answer, replayed to the blocked client; the session's end closes it here.
fn on_answer(ctx: Ctx, data: &[u8]) {
    let mut out = Replier(ctx);
    let Some((&ended, replies)) = data.split_first() else {
        close();
        return out.error_str("ERR the Lua debugging session ended unexpectedly");
    };
    replay(replies, &mut out);
    if ended != 0 {
        close();
    }
}

/// Forgets the forked session (the child has ended or is being killed).
fn close() {
    if let Some(f) = FORKED.with(|f| f.borrow_mut().take()) {
        super::forget_client(f.client);
    }
    FORK_OPEN.store(false, Relaxed);
    super::set_open(false);
}

/// The fork's end, in the parent (from its cron).
fn child_done(_code: i32, _bysignal: bool) {
    // Only one fork at a time: an open forked session is this child's (it died between two
    // commands; a pending command learns it from the pipe's end instead).
    if FORKED.with(|f| f.borrow().is_some()) {
        close();
    }
}

/// `FERROUS.LDB` while a forked session is open.
pub fn ldb(ctx: Ctx, argv: &[&[u8]], out: &mut Replier) {
    if !is_session_client(ctx) {
        return unknown_command(&argv[1..], out);
    }
    relay(ctx, &argv[1..], out)
}

/// Sends a debugger command of the session's client to the child and waits for its answer.
pub fn relay(ctx: Ctx, args: &[&[u8]], out: &mut Replier) {
    let sent = FORKED.with(|f| {
        f.borrow_mut()
            .as_mut()
            .map(|f| write_frame(&mut f.to_child, &encode_args(args)).is_ok())
    });
    if sent != Some(true) {
        close();
        return out.error_str("ERR the Lua debugging session ended unexpectedly");
    }
    wait_answer(ctx, out)
}

/// server.c's reply to a command it does not know.
fn unknown_command(args: &[&[u8]], out: &mut dyn Sink) {
    let name = args.first().copied().unwrap_or_default();
    let mut rest = Vec::new();
    for a in args.iter().skip(1) {
        if rest.len() >= 128 {
            break;
        }
        let room = 128 - rest.len();
        rest.push(b'\'');
        rest.extend_from_slice(&a[..a.len().min(room)]);
        rest.extend_from_slice(b"' ");
    }
    let mut m = b"ERR unknown command '".to_vec();
    m.extend_from_slice(&name[..name.len().min(128)]);
    m.extend_from_slice(b"', with args beginning with: ");
    m.extend_from_slice(&rest);
    for c in m.iter_mut() {
        if *c == b'\r' || *c == b'\n' {
            *c = b' ';
        }
    }
    out.error(&m);
}

/// The session's client went away: the child is killed (its writes were never visible).
pub fn client_gone(id: u64) {
    let pid = FORKED.with(|f| {
        f.borrow()
            .as_ref()
            .filter(|f| f.client == id)
            .map(|f| f.pid)
    });
    if let Some(pid) = pid {
        ffi::kill_fork_child(pid);
        close();
    }
}
