//! The Lua side of Ferrous inside Redis: the `redis` table (`api.rs`), Redis 7.0's sandbox
//! (`sandbox.rs`), the Lua↔RESP conversions (`convert.rs`) and the script flags (`flags.rs`).
//!
//! Everything here is safe Rust over the VM. The Redis module (the root crate) supplies a
//! [`Host`], which performs the actual command calls, logging and ACL checks through the
//! module API; this keeps every Redis-visible Lua behaviour testable without a server.

pub mod api;
pub mod convert;
pub mod flags;
pub mod function_env;
pub mod ldb_value;
pub mod sandbox;

use ferrous_vm::value::StrRef;
use std::rc::Rc;

/// A reply from Redis to `redis.call`, as the module API hands it over.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Status(Vec<u8>),
    /// An error reply. Text as Redis produced it, starting with `-` (`-WRONGTYPE ...`), or a
    /// message generated for scripts without a code (`Unknown Redis command called from
    /// script`), which gets the `ERR` code (luaPushErrorBuff's two formats).
    Error(Vec<u8>),
    Int(i64),
    Bulk(Vec<u8>),
    Null,
    Array(Vec<Reply>),
    Map(Vec<(Reply, Reply)>),
    Set(Vec<Reply>),
    Bool(bool),
    Double(f64),
    BigNumber(Vec<u8>),
    /// The format (always three bytes in RESP3, `txt`) and the text. The format inline keeps
    /// `Reply` at 32 bytes: it is returned by value through every layer of `redis.call`.
    Verbatim([u8; 3], Vec<u8>),
}

/// What the Redis module provides to the `redis` table.
pub trait Host {
    /// Runs one command for `redis.call`/`redis.pcall` (every scripting check included).
    /// `resp3`: the script called `redis.setresp(3)`.
    fn call(&self, argv: &[&[u8]], resp3: bool) -> Reply;
    /// `redis.log` at `level` (already validated).
    fn log(&self, level: i64, msg: &[u8]);
    /// `redis.acl_check_cmd`: `Ok(allowed)`, or `Err(message)` for an unknown command.
    fn acl_check(&self, argv: &[Vec<u8>]) -> Result<bool, String>;
    /// `redis.set_repl(flags)` (already validated).
    fn set_repl(&self, flags: i64);
    /// False outside a script invocation (e.g. while FUNCTION LOAD runs the library body).
    fn in_script(&self) -> bool {
        true
    }
    /// `redis.breakpoint()`: in a debugging session, asks for a stop at the next line and
    /// answers true; false otherwise.
    fn breakpoint(&self) -> bool {
        false
    }
    /// Whether a debugging session shows `redis.debug()` output.
    fn debugging(&self) -> bool {
        false
    }
    /// A `<debug>` line for the debugging session's log.
    fn debug_log(&self, _line: Vec<u8>) {}
}

/// What the `redis` table keeps in the VM: the host and the per-invocation state, in one
/// `Vm::ext` entry so that `redis.call` finds both with one lookup.
#[derive(Default)]
struct RedisExt {
    host: Option<Rc<dyn Host>>,
    run: RunState,
    names: Option<ReplyNames>,
}

/// The strings every status or error reply makes, interned once per VM and pinned in the
/// registry (so the handles never go stale): `{ok='OK'}` for SET costs no interning.
#[derive(Clone, Copy)]
pub(crate) struct ReplyNames {
    /// The key of a status reply's table.
    pub ok: StrRef,
    /// The key of an error reply's table.
    pub err: StrRef,
    /// `OK`, the commonest status text.
    pub ok_text: StrRef,
}

/// The VM's pinned reply strings (None before a host is installed).
#[inline]
pub(crate) fn reply_names(vm: &ferrous_vm::Vm) -> Option<ReplyNames> {
    ext(vm).and_then(|e| e.names)
}

/// Interns `s` and keeps it alive in the registry under `ferrous.redis.<s>`.
fn pinned(vm: &mut ferrous_vm::Vm, s: &str) -> StrRef {
    let r = vm.heap_mut().intern(s.as_bytes());
    vm.pin(&format!("ferrous.redis.{s}"), ferrous_vm::Value::Str(r));
    r
}

/// The `Vm::ext_slot` holding the entry: read on every run and every `redis.call`, so
/// indexed rather than keyed.
const EXT_SLOT: usize = 0;

fn ext(vm: &ferrous_vm::Vm) -> Option<&RedisExt> {
    vm.ext_slot::<RedisExt>(EXT_SLOT)
}

/// Applies `f` to the VM's entry, creating it first if needed.
fn with_ext_mut(vm: &mut ferrous_vm::Vm, f: impl FnOnce(&mut RedisExt)) {
    f(vm.ext_slot_or_insert_with(EXT_SLOT, RedisExt::default))
}

/// The host installed in a VM (see [`sandbox`]).
pub(crate) fn host(vm: &ferrous_vm::Vm) -> Option<Rc<dyn Host>> {
    ext(vm).and_then(|e| e.host.clone())
}

/// The host and the run state together (one lookup, for `redis.call`).
pub(crate) fn host_and_state(vm: &ferrous_vm::Vm) -> (Option<Rc<dyn Host>>, RunState) {
    match ext(vm) {
        Some(e) => (e.host.clone(), e.run),
        None => (None, RunState::default()),
    }
}

/// The host borrowed from the VM (no reference-count traffic) and the run state, for
/// `redis.call`'s usual path: the host never reaches the VM while it runs a command.
pub(crate) fn host_ref(vm: &ferrous_vm::Vm) -> Option<(&dyn Host, RunState)> {
    let e = ext(vm)?;
    Some((e.host.as_deref()?, e.run))
}

/// Installs `host` as the VM's Redis host.
pub fn set_host(vm: &mut ferrous_vm::Vm, host: Rc<dyn Host>) {
    let names = ReplyNames {
        ok: pinned(vm, "ok"),
        err: pinned(vm, "err"),
        ok_text: pinned(vm, "OK"),
    };
    with_ext_mut(vm, |e| {
        e.host = Some(host);
        e.names = Some(names);
    });
}

/// Per-invocation script state kept in the VM: the RESP version chosen by `redis.setresp`.
#[derive(Default, Clone, Copy)]
pub struct RunState {
    pub resp3: bool,
}

pub fn run_state(vm: &ferrous_vm::Vm) -> RunState {
    ext(vm).map(|e| e.run).unwrap_or_default()
}

pub fn set_run_state(vm: &mut ferrous_vm::Vm, s: RunState) {
    // Set on every run: the entry exists once a host is installed.
    match vm.ext_slot_mut::<RedisExt>(EXT_SLOT) {
        Some(e) => e.run = s,
        None => with_ext_mut(vm, |e| e.run = s),
    }
}

/// `%.17g`, as Redis formats numbers passed to `redis.call` and `{double=}` replies.
pub fn fmt_g17(x: f64) -> Vec<u8> {
    // Integers below 1e17 print as their digits (the float formatter's exact 17-digit mode
    // costs thousands of instructions).
    let mut buf = [0u8; api::INT_DIGITS];
    if let Some(at) = api::int_g17(x, &mut buf) {
        return buf[at..].to_vec();
    }
    float_g17(x)
}

/// `%.17g` by the float formatter, for every number (`fmt_g17` takes it for non-integers).
fn float_g17(x: f64) -> Vec<u8> {
    let mut out = Vec::new();
    let sp = crate::string::format::Spec {
        prec: Some(17),
        ..Default::default()
    };
    crate::string::format::format_float(&mut out, x, b'g', &sp);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_below_1e17_print_as_the_float_formatter_prints_them() {
        let mut xs = vec![
            0.0,
            1.0,
            -1.0,
            9.0,
            10.0,
            99.0,
            100.0,
            123456789.0,
            2f64.powi(53),
            2f64.powi(53) + 2.0,
            1e15,
            1e16,
            99999999999999984.0,
        ];
        for p in 0..57 {
            xs.push(2f64.powi(p));
            xs.push(2f64.powi(p) - 1.0);
        }
        for d in 0..17 {
            xs.push(10f64.powi(d));
            xs.push(10f64.powi(d) - 1.0);
        }
        for x in xs.clone() {
            xs.push(-x);
        }
        for x in xs {
            if x.abs() >= 1e17 || (x == 0.0 && x.is_sign_negative()) {
                continue;
            }
            let mut buf = [0u8; api::INT_DIGITS];
            let at = api::int_g17(x, &mut buf).unwrap_or_else(|| panic!("{x} not taken"));
            assert_eq!(
                String::from_utf8_lossy(&buf[at..]),
                String::from_utf8_lossy(&float_g17(x)),
                "{x}"
            );
            assert_eq!(fmt_g17(x), float_g17(x));
        }
    }

    #[test]
    fn other_numbers_are_left_to_the_float_formatter() {
        for x in [
            -0.0,
            0.5,
            -0.5,
            1e17,
            -1e17,
            2f64.powi(63),
            -2f64.powi(63),
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            4503599627370495.5,
        ] {
            let mut buf = [0u8; api::INT_DIGITS];
            assert!(api::int_g17(x, &mut buf).is_none(), "{x}");
            assert_eq!(fmt_g17(x), float_g17(x), "{x}");
        }
        assert_eq!(fmt_g17(-0.0), b"-0");
        assert_eq!(fmt_g17(1e17), b"1e+17");
    }
}
