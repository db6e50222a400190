//! Debugging an FCALL (beyond the built-in, whose debugger only takes EVAL): after
//! `SCRIPT DEBUG YES|SYNC`, `FCALL name numkeys ...` opens the same session on a copy of the
//! function's library compiled with line traps; `list`/`whole` show the library's source,
//! and `break <function>` stops when a function of the library is entered.

use super::Mode;
use super::session::{self, Target, after_leg, fail, open};
use crate::commands::eval::{array, numkeys, prepare};
use crate::ffi::{self, Ctx};
use crate::functions::library::Func;
use crate::functions::{self, LIBS};
use crate::run::{self, RunCtx};
use ferrous_stdlib::redis::convert::Sink;
use ferrous_stdlib::redis::{RunState, set_run_state};
use std::rc::Rc;

/// FCALL / FCALL_RO with debugging on.
pub fn start_fcall(ctx: Ctx, argv: &[&[u8]], ro: bool, mode: Mode, out: &mut dyn Sink) {
    if session::with(|_| ()).is_some() {
        return fail(ctx, out, b"ERR a Lua debugging session is already open");
    }
    let found = LIBS.with(|l| {
        let l = l.borrow();
        let f = l.find(argv[1])?;
        let lib = l
            .libs
            .values()
            .find(|lib| lib.functions.iter().any(|g| g.name == f.name))?;
        Some((f.name.clone(), f.flags, lib.code.clone()))
    });
    let Some((name, flags, code)) = found else {
        return fail(ctx, out, b"ERR Function not found");
    };
    let nkeys = match numkeys(argv, "ERR Bad number of keys provided") {
        Ok(n) => n,
        Err(e) => return fail(ctx, out, e.as_bytes()),
    };
    let cflags = ffi::context_flags(ctx);
    if let Err(e) = prepare(ctx, cflags, ffi::must_obey(ctx, cflags), flags, ro) {
        return fail(ctx, out, e.as_bytes());
    }
    functions::with_vm(|vm| {
        crate::engine::apply_limits(vm);
        let copies = match functions::debug_copy(vm, &code) {
            Ok(c) => c,
            Err(e) => {
                let mut m = b"ERR ".to_vec();
                m.extend_from_slice(&e);
                return fail(ctx, out, &m);
            }
        };
        let Some(func) = copies.iter().find(|f| f.name == name).map(|f| f.func) else {
            functions::release(vm, &copies);
            return fail(ctx, out, b"ERR Function not found");
        };
        let keys = array(vm, &argv[3..3 + nkeys]);
        let args = array(vm, &argv[3 + nkeys..]);
        let fname: Rc<str> = String::from_utf8_lossy(&name).into();
        open(
            ctx,
            mode,
            Target::Function,
            &code,
            "user_function",
            fname.clone(),
        );
        session::with(|s| s.functions = copies);
        let rc = RunCtx::new(ctx, fname, flags, ro, cflags);
        run::begin(rc, false, ffi::must_obey(ctx, cflags));
        set_run_state(vm, RunState::default());
        session::arm(vm);
        let r = vm.start_run(func, &[keys, args]);
        after_leg(vm, r, out);
    })
}

/// `break <function>` in an FCALL session: a stop when one of the library's functions is
/// entered (`-<function>` removes it). Returns false when `arg` names none.
pub fn function_break(s: &mut session::Session, arg: &[u8]) -> bool {
    let (remove, name) = match arg.strip_prefix(b"-") {
        Some(n) => (true, n),
        None => (false, arg),
    };
    // `lib.func` names the function of this session's library.
    let name = match name.iter().position(|&c| c == b'.') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    let Some(f) = s
        .functions
        .iter()
        .find(|f: &&Func| f.name.eq_ignore_ascii_case(name))
    else {
        return false;
    };
    let (fname, func) = (f.name.clone(), f.func);
    let shown = String::from_utf8_lossy(&fname).into_owned();
    if remove {
        let before = s.fn_bps.len();
        s.fn_bps.retain(|(_, v)| v.identity() != func.identity());
        s.logs.push(if s.fn_bps.len() < before {
            b"Breakpoint removed.".to_vec()
        } else {
            b"No breakpoint in the specified function.".to_vec()
        });
    } else if s
        .fn_bps
        .iter()
        .any(|(_, v)| v.identity() == func.identity())
    {
        s.logs
            .push(format!("Breakpoint already set on function {shown}.").into_bytes());
    } else {
        s.fn_bps.push((shown.clone(), func));
        s.logs
            .push(format!("Breakpoint set on function {shown}.").into_bytes());
    }
    true
}
