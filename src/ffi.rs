//! Every raw call into the Redis module API lives here: command registration, the command
//! filter, replies, `RedisModule_Call` and its replies, yielding, logging and context flags.
//! The rest of the crate is safe Rust over these wrappers.

use ferrous_stdlib::redis::Reply;
use ferrous_stdlib::redis::convert::Sink;
use redis_module::raw;
use std::ffi::{CStr, CString};
use std::mem::MaybeUninit;
use std::os::raw::{c_char, c_int};
use std::ptr;
use std::sync::OnceLock;

pub type Ctx = *mut raw::RedisModuleCtx;
pub type RawArgv = *mut *mut raw::RedisModuleString;
pub type CmdFn = extern "C" fn(Ctx, RawArgv, c_int) -> c_int;

/// The bytes of a module string.
///
/// # Safety
/// `s` is a live RedisModuleString that outlives `'a` (Redis keeps it at least that long).
unsafe fn string_bytes<'a>(s: *const raw::RedisModuleString) -> &'a [u8] {
    let mut len = 0usize;
    // SAFETY: the caller's contract.
    unsafe {
        let p = raw::RedisModule_StringPtrLen.unwrap()(s, &mut len);
        if p.is_null() {
            return &[];
        }
        std::slice::from_raw_parts(p as *const u8, len)
    }
}

/// A command's arguments as byte slices.
///
/// # Safety
/// `argv` holds `argc` live strings that outlive `'a` (a command's own arguments, for the
/// duration of the command).
pub unsafe fn args<'a>(argv: RawArgv, argc: c_int) -> Vec<&'a [u8]> {
    (0..argc.max(0) as usize)
        // SAFETY: the caller's contract.
        .map(|i| unsafe { string_bytes(*argv.add(i)) })
        .collect()
}

/// Argument counts up to this are read into an array on the stack (`args_into`).
pub const INLINE_ARGS: usize = 16;

/// `args` into `out` (no allocation): `argc` must be at most `out.len()`. `out` is
/// uninitialised: only the `argc` entries are written (filling all 16 slices was 32 stores,
/// six code lines, on every command's path).
///
/// # Safety
/// As `args`.
pub unsafe fn args_into<'a, 'b>(
    argv: RawArgv,
    argc: c_int,
    out: &'b mut [MaybeUninit<&'a [u8]>; INLINE_ARGS],
) -> &'b [&'a [u8]] {
    let n = (argc.max(0) as usize).min(INLINE_ARGS);
    for (i, a) in out[..n].iter_mut().enumerate() {
        // SAFETY: the caller's contract, and i < argc.
        a.write(unsafe { string_bytes(*argv.add(i)) });
    }
    // SAFETY: the first n entries were written above; MaybeUninit<T> has T's layout.
    unsafe { std::slice::from_raw_parts(out.as_ptr().cast::<&'a [u8]>(), n) }
}

/// Registers a command with the module API. `flags` as in `RedisModule_CreateCommand`.
pub fn create_command(ctx: Ctx, name: &str, f: CmdFn, flags: &str) -> Result<(), String> {
    let n = CString::new(name).map_err(|e| e.to_string())?;
    let fl = CString::new(flags).map_err(|e| e.to_string())?;
    // SAFETY: called from OnLoad with the module's context; strings are NUL-terminated.
    let r = unsafe {
        raw::RedisModule_CreateCommand.unwrap()(ctx, n.as_ptr(), Some(f), fl.as_ptr(), 0, 0, 0)
    };
    if r != raw::REDISMODULE_OK as c_int {
        return Err(format!("RedisModule_CreateCommand({name}) failed"));
    }
    match crate::command_docs::for_command(name) {
        Some(d) => set_command_docs(ctx, &n, d),
        None => Ok(()),
    }
}

/// `RedisModule_SetCommandInfo` with a command's docs (Redis copies every string).
fn set_command_docs(ctx: Ctx, name: &CString, d: &crate::command_docs::Docs) -> Result<(), String> {
    use crate::command_docs::ArgKind;
    let text = |s: &str| CString::new(s).map_err(|e| e.to_string());
    let (summary, since, complexity) = (text(d.summary)?, text(d.since)?, text(d.complexity)?);
    let names = d
        .args
        .iter()
        .map(|a| text(a.name))
        .collect::<Result<Vec<_>, _>>()?;
    let mut args: Vec<raw::RedisModuleCommandArg> = d
        .args
        .iter()
        .zip(&names)
        .map(|(a, n)| raw::RedisModuleCommandArg {
            name: n.as_ptr(),
            type_: match a.kind {
                ArgKind::String => raw::RedisModuleCommandArgType_REDISMODULE_ARG_TYPE_STRING,
                ArgKind::Integer => raw::RedisModuleCommandArgType_REDISMODULE_ARG_TYPE_INTEGER,
                ArgKind::Key => raw::RedisModuleCommandArgType_REDISMODULE_ARG_TYPE_KEY,
            },
            key_spec_index: if a.kind == ArgKind::Key { 0 } else { -1 },
            token: ptr::null(),
            summary: ptr::null(),
            since: ptr::null(),
            flags: if a.repeated {
                (raw::REDISMODULE_CMD_ARG_OPTIONAL | raw::REDISMODULE_CMD_ARG_MULTIPLE) as c_int
            } else {
                raw::REDISMODULE_CMD_ARG_NONE as c_int
            },
            deprecated_since: ptr::null(),
            subargs: ptr::null_mut(),
            display_text: ptr::null(),
        })
        .collect();
    // The list ends with an all-zero entry (a null name).
    args.push(raw::RedisModuleCommandArg {
        name: ptr::null(),
        type_: 0,
        key_spec_index: 0,
        token: ptr::null(),
        summary: ptr::null(),
        since: ptr::null(),
        flags: 0,
        deprecated_since: ptr::null(),
        subargs: ptr::null_mut(),
        display_text: ptr::null(),
    });
    let version = raw::RedisModuleCommandInfoVersion {
        version: 1,
        sizeof_historyentry: std::mem::size_of::<raw::RedisModuleCommandHistoryEntry>(),
        sizeof_keyspec: std::mem::size_of::<raw::RedisModuleCommandKeySpec>(),
        sizeof_arg: std::mem::size_of::<raw::RedisModuleCommandArg>(),
    };
    let mut info = raw::RedisModuleCommandInfo {
        version: &version,
        summary: summary.as_ptr(),
        complexity: complexity.as_ptr(),
        since: since.as_ptr(),
        history: ptr::null_mut(),
        tips: ptr::null(),
        arity: 0,
        key_specs: ptr::null_mut(),
        args: if d.args.is_empty() {
            ptr::null_mut()
        } else {
            args.as_mut_ptr()
        },
    };
    // SAFETY: OnLoad's context; every pointer in `info` lives until the call returns, and
    // Redis copies what it keeps.
    let r = unsafe {
        let cmd = raw::RedisModule_GetCommand.unwrap()(ctx, name.as_ptr());
        if cmd.is_null() {
            return Err(format!("RedisModule_GetCommand({name:?}) found nothing"));
        }
        raw::RedisModule_SetCommandInfo.unwrap()(cmd, &mut info)
    };
    if r == raw::REDISMODULE_OK as c_int {
        Ok(())
    } else {
        Err(format!("RedisModule_SetCommandInfo({name:?}) failed"))
    }
}

/// A command seen by the command filter, with safe access to its arguments.
pub struct FilterCmd(*mut raw::RedisModuleCommandFilterCtx);

impl FilterCmd {
    pub fn len(&self) -> usize {
        // SAFETY: a live filter context (only built inside the callback).
        unsafe { raw::RedisModule_CommandFilterArgsCount.unwrap()(self.0).max(0) as usize }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Argument `i` (empty when out of range).
    pub fn arg(&self, i: usize) -> &[u8] {
        if i >= self.len() {
            return &[];
        }
        // SAFETY: a live filter context; `i` is in range.
        let a = unsafe { raw::RedisModule_CommandFilterArgGet.unwrap()(self.0, i as c_int) };
        // SAFETY: the filter context keeps its arguments while `self` is borrowed.
        if a.is_null() {
            &[]
        } else {
            unsafe { string_bytes(a) }
        }
    }
    /// The command name (argument 0) with one module call less than `arg(0)`: the filter
    /// reads it for every command the server receives.
    pub fn first(&self) -> &[u8] {
        // SAFETY: a live filter context; Redis returns NULL for an out-of-range position.
        let a = unsafe { raw::RedisModule_CommandFilterArgGet.unwrap()(self.0, 0) };
        // SAFETY: as `arg`.
        if a.is_null() {
            &[]
        } else {
            unsafe { string_bytes(a) }
        }
    }
    fn new_string(b: &[u8]) -> *mut raw::RedisModuleString {
        // SAFETY: a detached string; Redis takes ownership when it is put into argv.
        unsafe {
            raw::RedisModule_CreateString.unwrap()(
                std::ptr::null_mut(),
                b.as_ptr() as *const c_char,
                b.len(),
            )
        }
    }
    pub fn replace(&mut self, i: usize, b: &[u8]) {
        // SAFETY: a live filter context; ownership of the new string passes to Redis.
        unsafe {
            raw::RedisModule_CommandFilterArgReplace.unwrap()(
                self.0,
                i as c_int,
                Self::new_string(b),
            );
        }
    }
    pub fn insert(&mut self, i: usize, b: &[u8]) {
        // SAFETY: as `replace`.
        unsafe {
            raw::RedisModule_CommandFilterArgInsert.unwrap()(
                self.0,
                i as c_int,
                Self::new_string(b),
            );
        }
    }
}

/// A command filter: a cheap test of the command name, run for every command the server
/// receives, and the filter proper, run only for the names that pass it.
pub trait CommandFilter {
    /// False when no name starting with byte `c` can concern the filter (the test before
    /// the name's length is known).
    fn may_concern_first(c: u8) -> bool;
    fn may_concern(name: &[u8]) -> bool;
    fn filter(cmd: &mut FilterCmd);
}

/// Monomorphized per filter (no function-pointer static, the quick test inlined): for a
/// command the filter does not concern, one store, one load of the gate, argument 0's
/// first byte read without module calls (`filter_name`) and a table lookup; no stack frame.
extern "C" fn filter_cb<F: CommandFilter>(fctx: *mut raw::RedisModuleCommandFilterCtx) {
    // Every command passes here first: the keys request that follows a script's run is over.
    crate::tracking::new_command();
    if crate::filter_name::quick() {
        // SAFETY: the live context Redis passed, its layout checked (`quick`); the bytes
        // are only used in this block.
        unsafe {
            let s = crate::filter_name::name_ptr(fctx);
            if !s.is_null()
                && (!F::may_concern_first(*s) || !F::may_concern(crate::filter_name::name_at(s)))
            {
                return;
            }
        }
    }
    filter_slow::<F>(fctx)
}

/// The rest of the callback, out of line so that the quick rejection above needs no stack
/// frame: an AOF rewrite's libraries go to the AOF before the command's own effects, the
/// first command's layout check, the name through the API, then the filter proper.
#[inline(never)]
fn filter_slow<F: CommandFilter>(fctx: *mut raw::RedisModuleCommandFilterCtx) {
    crate::persist::before_command();
    crate::filter_name::check(fctx);
    let mut cmd = FilterCmd(fctx);
    if !F::may_concern(cmd.first()) {
        return;
    }
    // A panic must not unwind into Redis.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| F::filter(&mut cmd)));
}

pub fn register_filter<F: CommandFilter>(ctx: Ctx) -> Result<(), String> {
    // SAFETY: called from OnLoad with the module's context.
    let h = unsafe {
        raw::RedisModule_RegisterCommandFilter.unwrap()(
            ctx,
            Some(filter_cb::<F>),
            raw::REDISMODULE_CMDFILTER_NOSELF as c_int,
        )
    };
    if h.is_null() {
        return Err("RedisModule_RegisterCommandFilter failed".into());
    }
    Ok(())
}

fn cstring_lossy(b: &[u8]) -> CString {
    // C's `%s` stops at the first NUL; so do the module API's C-string replies.
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    CString::new(&b[..end]).unwrap_or_default()
}

/// Writes replies to the client of a command context.
pub struct Replier(pub Ctx);

impl Replier {
    /// `-<text>` (the first word is the error code). Cold: the common reply is a value, and
    /// the script commands' path stays small (benches/redis_callgrind.sh).
    #[cold]
    #[inline(never)]
    pub fn error(&mut self, text: &[u8]) {
        let c = cstring_lossy(text);
        // SAFETY: a live command context; `c` is NUL-terminated.
        unsafe {
            raw::RedisModule_ReplyWithError.unwrap()(self.0, c.as_ptr());
        }
    }
    #[cold]
    #[inline(never)]
    pub fn error_str(&mut self, text: &str) {
        self.error(text.as_bytes())
    }
    pub fn ok(&mut self) {
        self.status(b"OK")
    }
}

impl Sink for Replier {
    fn bulk(&mut self, b: &[u8]) {
        // SAFETY: a live command context; the buffer outlives the call.
        unsafe {
            raw::RedisModule_ReplyWithStringBuffer.unwrap()(
                self.0,
                b.as_ptr() as *const c_char,
                b.len(),
            );
        }
    }
    fn int(&mut self, i: i64) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithLongLong.unwrap()(self.0, i);
        }
    }
    fn null(&mut self) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithNull.unwrap()(self.0);
        }
    }
    fn boolean(&mut self, b: bool) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithBool.unwrap()(self.0, b as c_int);
        }
    }
    fn status(&mut self, s: &[u8]) {
        let c = cstring_lossy(s);
        // SAFETY: a live command context; `c` is NUL-terminated.
        unsafe {
            raw::RedisModule_ReplyWithSimpleString.unwrap()(self.0, c.as_ptr());
        }
    }
    fn error(&mut self, s: &[u8]) {
        Replier::error(self, s)
    }
    fn double(&mut self, d: f64) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithDouble.unwrap()(self.0, d);
        }
    }
    fn big_number(&mut self, s: &[u8]) {
        // SAFETY: a live command context; the buffer outlives the call.
        unsafe {
            raw::RedisModule_ReplyWithBigNumber.unwrap()(
                self.0,
                s.as_ptr() as *const c_char,
                s.len(),
            );
        }
    }
    fn verbatim(&mut self, format: &[u8; 3], s: &[u8]) {
        let mut ext = [0 as c_char; 4];
        for (i, c) in format.iter().enumerate() {
            ext[i] = *c as c_char;
        }
        // SAFETY: a live command context; `ext` is 3 bytes plus NUL as Redis reads it.
        unsafe {
            raw::RedisModule_ReplyWithVerbatimStringType.unwrap()(
                self.0,
                s.as_ptr() as *const c_char,
                s.len(),
                ext.as_ptr(),
            );
        }
    }
    fn array(&mut self, n: usize) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithArray.unwrap()(self.0, n as _);
        }
    }
    fn map(&mut self, n: usize) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithMap.unwrap()(self.0, n as _);
        }
    }
    fn set(&mut self, n: usize) {
        // SAFETY: a live command context.
        unsafe {
            raw::RedisModule_ReplyWithSet.unwrap()(self.0, n as _);
        }
    }
}

/// Arguments passed to RedisModule_Call one by one (`b` buffer and length, or `s` for a
/// retained key string) rather than as a vector of module strings: RM_Call makes its string
/// objects itself, which saves creating and freeing one RedisModuleString per argument
/// (about 300 instructions each). Up to this many arguments after the command name.
const MAX_BUFFER_ARGS: usize = 6;

/// `RedisModule_Call(ctx, argv[0], <format><flags>, argv[1..])`, the reply converted.
pub fn call<A: AsRef<[u8]>>(ctx: Ctx, argv: &[A], flags: &[u8]) -> Reply {
    call_with_keys(ctx, argv, flags, 0, None)
}

/// A module string that this module keeps across calls (created without a context, freed
/// on drop). Only the main thread creates, passes and drops them (not `Send`).
pub struct RetainedString(*mut raw::RedisModuleString);

impl RetainedString {
    pub fn new(b: &[u8]) -> RetainedString {
        // SAFETY: a NULL context is allowed: the string is not auto-memory managed and
        // lives until RM_FreeString.
        RetainedString(unsafe {
            raw::RedisModule_CreateString.unwrap()(
                ptr::null_mut(),
                b.as_ptr() as *const c_char,
                b.len(),
            )
        })
    }

    pub fn as_ptr(&self) -> *mut raw::RedisModuleString {
        self.0
    }
}

impl Drop for RetainedString {
    fn drop(&mut self) {
        // SAFETY: created by RM_CreateString with a NULL context, freed once, here.
        unsafe { raw::RedisModule_FreeString.unwrap()(ptr::null_mut(), self.0) }
    }
}

/// `call`, with the arguments whose bit is set in `keys` (key names, `CmdInfo::key_mask`)
/// passed as retained strings from `cache` (`s`): RM_Call then only takes a reference
/// instead of creating and freeing a string object (~270 instructions per key). Key names
/// only: Redis copies a key's bytes (`dbAdd`), while a value argument may be stored as the
/// object itself, whose encoding (`OBJECT ENCODING`) depends on it not being shared.
pub fn call_with_keys<A: AsRef<[u8]>>(
    ctx: Ctx,
    argv: &[A],
    flags: &[u8],
    keys: u32,
    cache: Option<&mut crate::key_args::Cache>,
) -> Reply {
    let a0 = argv[0].as_ref();
    // NUL-terminated command name and format, on the stack for the usual sizes.
    let mut name_buf = [0u8; 64];
    let heap_name;
    // Copied and checked for NUL in one pass (command names are short).
    let fits = a0.len() < name_buf.len()
        && name_buf.iter_mut().zip(a0).all(|(d, &c)| {
            *d = c;
            c != 0
        });
    let cmd_ptr: *const c_char = if fits {
        name_buf.as_ptr() as *const c_char
    } else {
        let Some(c) = long_name(a0) else {
            return unknown_command();
        };
        heap_name = c;
        heap_name.as_ptr()
    };
    let mut padded = [0u8; 8];
    let fl = &flags[..flags.len().min(7)];
    padded[..fl.len()].copy_from_slice(fl);
    call_named(ctx, cmd_ptr, &argv[1..], &padded, keys, cache)
}

/// `call_with_keys` with the command's name already a C string (`cmd_memo`): `args` are the
/// arguments after it, `flags` RM_Call's flags NUL-padded to 8 bytes (at most 7: copied as
/// one word after the format, where a variable length was a call to `memcpy`). Inlined into
/// `redis.call`'s path (one frame less per call).
#[inline(always)]
pub fn call_named<A: AsRef<[u8]>>(
    ctx: Ctx,
    cmd_ptr: *const c_char,
    args: &[A],
    flags: &[u8; 8],
    keys: u32,
    mut cache: Option<&mut crate::key_args::Cache>,
) -> Reply {
    if args.len() > MAX_BUFFER_ARGS {
        let len = flags.iter().position(|&b| b == 0).unwrap_or(flags.len());
        return call_vector(ctx, cmd_ptr, args, &flags[..len]);
    }
    let mut fmt = [0u8; MAX_BUFFER_ARGS + 16];
    // The variadic arguments as words: a pointer for `s`, pointer and length for `b`.
    let mut words = [0usize; 2 * MAX_BUFFER_ARGS];
    let mut nw = 0;
    if let Some(c) = cache.as_mut() {
        c.begin_call();
    }
    for (i, a) in args.iter().enumerate() {
        let a = a.as_ref();
        let key = match cache.as_mut() {
            Some(c) if keys & (2 << i) != 0 => c.get(a),
            _ => None,
        };
        match key {
            Some(s) => {
                fmt[i] = b's';
                words[nw] = s as usize;
                nw += 1;
            }
            None => {
                fmt[i] = b'b';
                words[nw] = a.as_ptr() as usize;
                words[nw + 1] = a.len();
                nw += 2;
            }
        }
    }
    let n = args.len();
    fmt[n..n + 8].copy_from_slice(flags);
    let w = &words;
    // SAFETY: `ctx` is the running command's context; `fmt` names one argument per `b`
    // (pointer, length: two words) or `s` (a live retained string: one word), in the order of
    // `words`; the words not consumed are ignored by RM_Call's va_arg walk (pointers and
    // lengths are both 8-byte integer-class arguments in the C calling conventions Redis runs
    // on). The buffers and strings outlive the call; the reply is read and freed here.
    unsafe {
        take_reply(call_words(
            ctx,
            cmd_ptr,
            fmt.as_ptr() as *const c_char,
            w,
            nw,
        ))
    }
}

/// RM_Call with the format's argument words. Up to three words (`INCR k`, `GET k`, `SET k v`)
/// all go in registers: the call passing twelve copies nine of them to the stack first.
///
/// # Safety
/// As RedisModule_Call: `ctx` is the running command's context, `cmd` and `fmt` are
/// NUL-terminated, and `fmt` consumes at most `nw` of the words, which it reads as it names.
#[inline(always)]
unsafe fn call_words(
    ctx: Ctx,
    cmd: *const c_char,
    fmt: *const c_char,
    w: &[usize; 2 * MAX_BUFFER_ARGS],
    nw: usize,
) -> *mut raw::RedisModuleCallReply {
    // SAFETY: per the caller.
    unsafe {
        let call = raw::RedisModule_Call.unwrap();
        if nw <= 3 {
            call(ctx, cmd, fmt, w[0], w[1], w[2])
        } else {
            call(
                ctx, cmd, fmt, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10],
                w[11],
            )
        }
    }
}

// The rare paths of `call_with_keys`, out of line (one request runs more code than the
// instruction cache holds: benches/redis_callgrind.sh, benches/redis_rmcall_floor.sh).

/// A command name of 64 bytes or more, NUL-terminated; None when it holds a NUL.
#[cold]
#[inline(never)]
fn long_name(name: &[u8]) -> Option<CString> {
    CString::new(name.to_vec()).ok()
}

#[cold]
#[inline(never)]
fn unknown_command() -> Reply {
    Reply::Error(b"-ERR unknown command".to_vec())
}

/// RM_Call returned no reply (it sets errno; with `E` it only does so for a bad format).
#[cold]
#[inline(never)]
fn call_failed() -> Reply {
    let e = std::io::Error::last_os_error();
    Reply::Error(format!("-ERR command call failed ({e})").into_bytes())
}

/// RM_Call with a `v` vector of module strings (more arguments than `MAX_BUFFER_ARGS`).
#[cold]
#[inline(never)]
fn call_vector<A: AsRef<[u8]>>(
    ctx: Ctx,
    cmd_ptr: *const c_char,
    args: &[A],
    flags: &[u8],
) -> Reply {
    let mut fmt = vec![b'v'];
    fmt.extend_from_slice(flags);
    fmt.push(0);
    // SAFETY: `ctx` is the running command's context; `fmt` has one `v` for the vector,
    // whose strings are created for this call and freed after it; the reply is read and
    // freed before returning.
    unsafe {
        let mut strs: Vec<*mut raw::RedisModuleString> = args
            .iter()
            .map(|a| {
                let a = a.as_ref();
                raw::RedisModule_CreateString.unwrap()(ctx, a.as_ptr() as *const c_char, a.len())
            })
            .collect();
        let r = raw::RedisModule_Call.unwrap()(
            ctx,
            cmd_ptr,
            fmt.as_ptr() as *const c_char,
            strs.as_mut_ptr(),
            strs.len(),
        );
        for s in strs {
            raw::RedisModule_FreeString.unwrap()(ctx, s);
        }
        take_reply(r)
    }
}

/// The reply of RM_Call converted and freed.
///
/// # Safety
/// `reply` is null or a call reply this module owns.
#[inline(always)]
unsafe fn take_reply(reply: *mut raw::RedisModuleCallReply) -> Reply {
    if reply.is_null() {
        return call_failed();
    }
    // SAFETY: a live call reply, freed once at the end.
    unsafe {
        let mut plen = 0usize;
        let proto = raw::RedisModule_CallReplyProto.unwrap()(reply, &mut plen);
        let text: &[u8] = if proto.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(proto as *const u8, plen)
        };
        // An integer (INCR, EXISTS, DEL...) read here, without `resp::scalar`'s frame and its
        // `Option<Reply>` returned through memory.
        if let [b':', body @ .., b'\r', b'\n'] = text
            && let Some(i) = crate::resp::int_body(body)
        {
            raw::RedisModule_FreeCallReply.unwrap()(reply);
            return Reply::Int(i);
        }
        let scalar = if proto.is_null() {
            None
        } else {
            crate::resp::scalar(text)
        };
        let r = match scalar {
            Some(r) => r,
            None => convert_reply(reply, 0),
        };
        raw::RedisModule_FreeCallReply.unwrap()(reply);
        r
    }
}

/// SAFETY: `r` must be a live call reply.
unsafe fn reply_str(r: *mut raw::RedisModuleCallReply) -> Vec<u8> {
    let mut len = 0usize;
    // SAFETY: per the caller.
    let p = unsafe { raw::RedisModule_CallReplyStringPtr.unwrap()(r, &mut len) };
    if p.is_null() {
        return Vec::new();
    }
    // SAFETY: Redis returns `len` readable bytes at `p`.
    unsafe { std::slice::from_raw_parts(p as *const u8, len).to_vec() }
}

/// SAFETY: `r` must be a live call reply.
unsafe fn convert_reply(r: *mut raw::RedisModuleCallReply, depth: usize) -> Reply {
    if r.is_null() || depth > 1000 {
        return Reply::Null;
    }
    // SAFETY (whole block): `r` is live; elements are owned by their parent reply.
    unsafe {
        let t = raw::RedisModule_CallReplyType.unwrap()(r) as i64;
        let len = || raw::RedisModule_CallReplyLength.unwrap()(r);
        match t as isize {
            x if x == raw::REDISMODULE_REPLY_STRING => {
                let mut plen = 0usize;
                let proto = raw::RedisModule_CallReplyProto.unwrap()(r, &mut plen);
                let is_status = !proto.is_null() && plen > 0 && *proto as u8 == b'+';
                let s = reply_str(r);
                if is_status {
                    Reply::Status(s)
                } else {
                    Reply::Bulk(s)
                }
            }
            x if x == raw::REDISMODULE_REPLY_ERROR => {
                let mut e = b"-".to_vec();
                e.extend_from_slice(&reply_str(r));
                Reply::Error(e)
            }
            x if x == raw::REDISMODULE_REPLY_INTEGER => {
                Reply::Int(raw::RedisModule_CallReplyInteger.unwrap()(r))
            }
            x if x == raw::REDISMODULE_REPLY_ARRAY => {
                let n = len();
                let mut v = Vec::with_capacity(n);
                for i in 0..n {
                    let e = raw::RedisModule_CallReplyArrayElement.unwrap()(r, i);
                    v.push(convert_reply(e, depth + 1));
                }
                Reply::Array(v)
            }
            x if x == raw::REDISMODULE_REPLY_NULL => Reply::Null,
            x if x == raw::REDISMODULE_REPLY_MAP => {
                let n = len();
                let mut v = Vec::with_capacity(n);
                for i in 0..n {
                    let mut k = std::ptr::null_mut();
                    let mut val = std::ptr::null_mut();
                    raw::RedisModule_CallReplyMapElement.unwrap()(r, i, &mut k, &mut val);
                    v.push((convert_reply(k, depth + 1), convert_reply(val, depth + 1)));
                }
                Reply::Map(v)
            }
            x if x == raw::REDISMODULE_REPLY_SET => {
                let n = len();
                let mut v = Vec::with_capacity(n);
                for i in 0..n {
                    let e = raw::RedisModule_CallReplySetElement.unwrap()(r, i);
                    v.push(convert_reply(e, depth + 1));
                }
                Reply::Set(v)
            }
            x if x == raw::REDISMODULE_REPLY_BOOL => {
                Reply::Bool(raw::RedisModule_CallReplyBool.unwrap()(r) != 0)
            }
            x if x == raw::REDISMODULE_REPLY_DOUBLE => {
                Reply::Double(raw::RedisModule_CallReplyDouble.unwrap()(r))
            }
            x if x == raw::REDISMODULE_REPLY_BIG_NUMBER => {
                let mut l = 0usize;
                let p = raw::RedisModule_CallReplyBigNumber.unwrap()(r, &mut l);
                Reply::BigNumber(if p.is_null() {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(p as *const u8, l).to_vec()
                })
            }
            x if x == raw::REDISMODULE_REPLY_VERBATIM_STRING => {
                let mut l = 0usize;
                let mut fmt: *const c_char = std::ptr::null();
                let p = raw::RedisModule_CallReplyVerbatim.unwrap()(r, &mut l, &mut fmt);
                let mut f = *b"txt";
                if !fmt.is_null() {
                    f.copy_from_slice(std::slice::from_raw_parts(fmt as *const u8, 3));
                }
                let s = if p.is_null() {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(p as *const u8, l).to_vec()
                };
                Reply::Verbatim(f, s)
            }
            _ => Reply::Null,
        }
    }
}

/// Lets Redis serve other clients (they get `-BUSY <busy>` unless the command is
/// `allow-busy`). Does nothing before the server's busy-reply-threshold.
pub fn yield_to_clients(ctx: Ctx, busy: &CStr) {
    // SAFETY: the running command's context, on the main thread.
    unsafe {
        raw::RedisModule_Yield.unwrap()(
            ctx,
            raw::REDISMODULE_YIELD_FLAG_CLIENTS as c_int,
            busy.as_ptr(),
        );
    }
}

pub fn context_flags(ctx: Ctx) -> u32 {
    // SAFETY: a live context.
    unsafe { raw::RedisModule_GetContextFlags.unwrap()(ctx) as u32 }
}

/// Redis's `mustObeyClient`: the command comes from the master's link (`REPLICATED`) or
/// from the AOF being loaded (the AOF client's id is `CLIENT_ID_AOF`, UINT64_MAX; it has no
/// context flag of its own). Replica, OOM and stale checks never refuse these.
pub fn must_obey(ctx: Ctx, cflags: u32) -> bool {
    const CLIENT_ID_AOF: u64 = u64::MAX;
    // SAFETY: a live command context.
    cflags & raw::REDISMODULE_CTX_FLAGS_REPLICATED != 0
        || unsafe { raw::RedisModule_GetClientId.unwrap()(ctx) } == CLIENT_ID_AOF
}

/// Writes `msg` to the server log at `level` ("debug", "verbose", "notice", "warning").
pub fn log(ctx: Ctx, level: &str, msg: &[u8]) {
    let lvl = CString::new(level).unwrap_or_default();
    let m = cstring_lossy(msg);
    // SAFETY: a live (or null, allowed by the API) context; "%s" with a NUL-terminated arg.
    unsafe {
        raw::RedisModule_Log.unwrap()(ctx, lvl.as_ptr(), c"%s".as_ptr(), m.as_ptr());
    }
}

pub fn is_keys_position_request(ctx: Ctx) -> bool {
    // SAFETY: a live command context.
    unsafe { raw::RedisModule_IsKeysPositionRequest.unwrap()(ctx) != 0 }
}

pub fn key_at_pos(ctx: Ctx, pos: usize) {
    // SAFETY: a live command context during a keys-position request; pos < argc.
    unsafe { raw::RedisModule_KeyAtPos.unwrap()(ctx, pos as c_int) }
}

/// Propagates `name args...` to replicas and the AOF (FUNCTION LOAD and friends under the
/// command name the client used, not the flag variant the filter routed it to).
pub fn replicate_as(ctx: Ctx, name: &[u8], args: &[&[u8]]) {
    let Ok(n) = CString::new(name) else { return };
    // SAFETY: a live command context; `v` takes the array and its length, the strings are
    // created here and freed after the call (Redis keeps its own references).
    unsafe {
        let mut strs: Vec<*mut raw::RedisModuleString> = args
            .iter()
            .map(|a| {
                raw::RedisModule_CreateString.unwrap()(ctx, a.as_ptr() as *const c_char, a.len())
            })
            .collect();
        raw::RedisModule_Replicate.unwrap()(
            ctx,
            n.as_ptr(),
            c"v".as_ptr(),
            strs.as_mut_ptr(),
            strs.len(),
        );
        for s in strs {
            raw::RedisModule_FreeString.unwrap()(ctx, s);
        }
    }
}

/// `redis.acl_check_cmd`: may the calling client's user run `argv`?
pub fn acl_allowed(ctx: Ctx, argv: &[Vec<u8>]) -> bool {
    // SAFETY: a live command context; every string and the user are freed before returning.
    unsafe {
        let name = raw::RedisModule_GetCurrentUserName.unwrap()(ctx);
        if name.is_null() {
            return false;
        }
        let user = raw::RedisModule_GetModuleUserFromUserName.unwrap()(name);
        raw::RedisModule_FreeString.unwrap()(ctx, name);
        if user.is_null() {
            return false;
        }
        let mut strs: Vec<*mut raw::RedisModuleString> = argv
            .iter()
            .map(|a| {
                raw::RedisModule_CreateString.unwrap()(ctx, a.as_ptr() as *const c_char, a.len())
            })
            .collect();
        let r = raw::RedisModule_ACLCheckCommandPermissions.unwrap()(
            user,
            strs.as_mut_ptr(),
            strs.len() as c_int,
        );
        for s in strs {
            raw::RedisModule_FreeString.unwrap()(ctx, s);
        }
        raw::RedisModule_FreeModuleUser.unwrap()(user);
        r == raw::REDISMODULE_OK as c_int
    }
}

/// The detached context, set once in OnLoad (an atomic: no `static mut`).
static DETACHED: std::sync::atomic::AtomicPtr<raw::RedisModuleCtx> =
    std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());

/// Creates the module's detached context (OnLoad), used where Redis gives no context
/// (configuration callbacks).
pub fn init_detached(ctx: Ctx) {
    // SAFETY: OnLoad's context.
    let d = unsafe { raw::RedisModule_GetDetachedThreadSafeContext.unwrap()(ctx) };
    DETACHED.store(d, std::sync::atomic::Ordering::Relaxed);
}

/// The detached context (null before OnLoad created it).
pub fn detached() -> Ctx {
    DETACHED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs `f` from the event loop (a module timer) in about `ms` milliseconds, with a context.
pub fn after(ctx: Ctx, ms: i64, f: fn(Ctx)) {
    unsafe extern "C" fn cb(ctx: *mut raw::RedisModuleCtx, data: *mut std::os::raw::c_void) {
        // SAFETY: `data` is the `fn(Ctx)` pointer stored below.
        let f: fn(Ctx) = unsafe { std::mem::transmute::<*mut std::os::raw::c_void, fn(Ctx)>(data) };
        // No panic may cross into Redis.
        let _ = std::panic::catch_unwind(|| f(ctx));
    }
    // SAFETY: a timer with a static callback; the data is a plain function pointer.
    unsafe {
        raw::RedisModule_CreateTimer.unwrap()(ctx, ms, Some(cb), f as *mut std::os::raw::c_void);
    }
}

/// `call` through the detached context. Only from the main thread (which holds Redis's
/// lock while it runs module code).
pub fn call_detached(argv: &[Vec<u8>]) -> Reply {
    let ctx = detached();
    if ctx.is_null() {
        return Reply::Error(b"-ERR module not initialised".to_vec());
    }
    call(ctx, argv, b"E")
}

pub fn selected_db(ctx: Ctx) -> i32 {
    // SAFETY: a live command context.
    unsafe { raw::RedisModule_GetSelectedDb.unwrap()(ctx) as i32 }
}

pub fn select_db(ctx: Ctx, db: i32) -> bool {
    // SAFETY: a live command context.
    unsafe { raw::RedisModule_SelectDb.unwrap()(ctx, db as c_int) == raw::REDISMODULE_OK as c_int }
}

// ---- Persistence: a module data type used only for its RDB aux callbacks (persist.rs) ----

/// The RDB stream of an aux callback.
pub struct AuxIo(*mut raw::RedisModuleIO);

impl AuxIo {
    pub fn save_u64(&mut self, v: u64) {
        // SAFETY: a live IO handed to the aux_save callback.
        unsafe { raw::RedisModule_SaveUnsigned.unwrap()(self.0, v) }
    }
    pub fn save_bytes(&mut self, b: &[u8]) {
        // SAFETY: as `save_u64`; the buffer outlives the call.
        unsafe {
            raw::RedisModule_SaveStringBuffer.unwrap()(self.0, b.as_ptr() as *const c_char, b.len())
        }
    }
    fn failed(&self) -> bool {
        // SAFETY: a live IO (aux_load callback).
        unsafe { raw::RedisModule_IsIOError.unwrap()(self.0) != 0 }
    }
    pub fn load_u64(&mut self) -> Option<u64> {
        // SAFETY: a live IO handed to the aux_load callback.
        let v = unsafe { raw::RedisModule_LoadUnsigned.unwrap()(self.0) };
        (!self.failed()).then_some(v)
    }
    pub fn load_bytes(&mut self) -> Option<Vec<u8>> {
        let mut len = 0usize;
        // SAFETY: a live IO; Redis returns a buffer from RedisModule_Alloc (or NULL on
        // error), which is copied and freed here.
        unsafe {
            let p = raw::RedisModule_LoadStringBuffer.unwrap()(self.0, &mut len);
            if p.is_null() || self.failed() {
                if !p.is_null() {
                    raw::RedisModule_Free.unwrap()(p as *mut std::ffi::c_void);
                }
                return None;
            }
            let v = std::slice::from_raw_parts(p as *const u8, len).to_vec();
            raw::RedisModule_Free.unwrap()(p as *mut std::ffi::c_void);
            Some(v)
        }
    }
}

pub type AuxSave = fn(&mut AuxIo);
/// Returns false to fail the RDB load (`encver` is the data type's version in the file).
pub type AuxLoad = fn(&mut AuxIo, i32) -> bool;
/// A loading server event: `REDISMODULE_SUBEVENT_LOADING_*`.
pub type LoadingEvent = fn(u64);

// Callbacks set once in OnLoad, before Redis can call them (no `static mut`).
static AUX: OnceLock<(AuxSave, AuxLoad)> = OnceLock::new();
static LOADING_EVENT: OnceLock<LoadingEvent> = OnceLock::new();

unsafe extern "C" fn aux_save_cb(io: *mut raw::RedisModuleIO, _when: c_int) {
    if let Some(&(save, _)) = AUX.get() {
        let mut a = AuxIo(io);
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| save(&mut a)));
    }
}

unsafe extern "C" fn aux_load_cb(
    io: *mut raw::RedisModuleIO,
    encver: c_int,
    _when: c_int,
) -> c_int {
    let ok = match AUX.get() {
        Some(&(_, load)) => {
            let mut a = AuxIo(io);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load(&mut a, encver)))
                .unwrap_or(false)
        }
        None => false,
    };
    if ok {
        raw::REDISMODULE_OK as c_int
    } else {
        raw::REDISMODULE_ERR as c_int
    }
}

unsafe extern "C" fn loading_cb(
    _ctx: Ctx,
    _eid: raw::RedisModuleEvent,
    subevent: u64,
    _data: *mut std::ffi::c_void,
) {
    if let Some(&f) = LOADING_EVENT.get() {
        let _ = std::panic::catch_unwind(|| f(subevent));
    }
}

/// Registers a data type (`name` is 9 characters) that has no keys, only aux data saved
/// before the keyspace of every RDB (and RDB preamble), and subscribes `on_loading` to the
/// loading server events. OnLoad only.
pub fn create_aux_type(
    ctx: Ctx,
    name: &str,
    encver: i32,
    save: AuxSave,
    load: AuxLoad,
    on_loading: LoadingEvent,
) -> Result<(), String> {
    let n = CString::new(name).map_err(|e| e.to_string())?;
    let _ = AUX.set((save, load));
    let _ = LOADING_EVENT.set(on_loading);
    // SAFETY: OnLoad, main thread.
    unsafe {
        let mut tm: raw::RedisModuleTypeMethods = std::mem::zeroed();
        // Version 2: the aux callbacks (Redis 7.0 reads the fields of versions <= 4).
        tm.version = 2;
        tm.aux_load = Some(aux_load_cb);
        tm.aux_save = Some(aux_save_cb);
        tm.aux_save_triggers = raw::REDISMODULE_AUX_BEFORE_RDB as c_int;
        let t = raw::RedisModule_CreateDataType.unwrap()(ctx, n.as_ptr(), encver, &mut tm);
        if t.is_null() {
            return Err(format!("RedisModule_CreateDataType({name}) failed"));
        }
        let ev = raw::RedisModuleEvent {
            id: raw::REDISMODULE_EVENT_LOADING,
            dataver: 1,
        };
        if raw::RedisModule_SubscribeToServerEvent.unwrap()(ctx, ev, Some(loading_cb))
            != raw::REDISMODULE_OK as c_int
        {
            return Err("RedisModule_SubscribeToServerEvent(Loading) failed".into());
        }
    }
    Ok(())
}

// ---- Cluster (cluster.rs) ----

/// The positions of the key arguments of `argv` (`RedisModule_GetCommandKeys`); empty for
/// a command without keys or with bad arguments.
pub fn command_keys<A: AsRef<[u8]>>(ctx: Ctx, argv: &[A]) -> Vec<usize> {
    // SAFETY: the running command's context; the strings live for the call and are freed
    // after it; the returned array comes from RedisModule_Alloc and is freed here.
    unsafe {
        let mut strs: Vec<*mut raw::RedisModuleString> = argv
            .iter()
            .map(|a| {
                let a = a.as_ref();
                raw::RedisModule_CreateString.unwrap()(ctx, a.as_ptr() as *const c_char, a.len())
            })
            .collect();
        let mut n: c_int = 0;
        let p = raw::RedisModule_GetCommandKeys.unwrap()(
            ctx,
            strs.as_mut_ptr(),
            strs.len() as c_int,
            &mut n,
        );
        let mut out = Vec::new();
        if !p.is_null() {
            out = std::slice::from_raw_parts(p, n.max(0) as usize)
                .iter()
                .map(|&i| i as usize)
                .collect();
            raw::RedisModule_Free.unwrap()(p as *mut std::ffi::c_void);
        }
        for s in strs {
            raw::RedisModule_FreeString.unwrap()(ctx, s);
        }
        out
    }
}

unsafe extern "C" {
    /// glibc: returns free memory at the top of the heap and in free pages to the system.
    fn malloc_trim(pad: usize) -> c_int;
}

/// Gives the C allocator's free memory back to the system (script heaps use it, see the
/// allocator in lib.rs): called after a script VM released a large amount of memory.
pub fn trim_allocator() {
    // SAFETY: malloc_trim has no preconditions; it only walks the allocator's own state.
    unsafe {
        malloc_trim(0);
    }
}

/// Runs `crate::vm_memory::settle_deferred` from the event loop in about `ms` milliseconds:
/// after the current command's reply has been written to its client.
pub fn defer_settle(ctx: Ctx, ms: i64) {
    unsafe extern "C" fn cb(_ctx: *mut raw::RedisModuleCtx, _data: *mut std::os::raw::c_void) {
        // No panic may cross into Redis.
        let _ = std::panic::catch_unwind(crate::vm_memory::settle_deferred);
    }
    // SAFETY: a timer with a static callback and no data; `ctx` is the live command context.
    unsafe {
        raw::RedisModule_CreateTimer.unwrap()(ctx, ms, Some(cb), std::ptr::null_mut());
    }
}

static CONFIG_CHANGED: OnceLock<fn(Ctx, &[&[u8]])> = OnceLock::new();

unsafe extern "C" fn config_cb(
    ctx: Ctx,
    _eid: raw::RedisModuleEvent,
    _subevent: u64,
    data: *mut std::ffi::c_void,
) {
    // SAFETY: for REDISMODULE_EVENT_CONFIG, `data` is a RedisModuleConfigChange whose
    // `config_names` holds `num_changes` NUL-terminated names, alive during the callback.
    let names: Vec<&[u8]> = unsafe {
        let cc = data as *const raw::RedisModuleConfigChange;
        if cc.is_null() || (*cc).config_names.is_null() {
            Vec::new()
        } else {
            (0..(*cc).num_changes as usize)
                .map(|i| *(*cc).config_names.add(i))
                .filter(|p| !p.is_null())
                .map(|p| CStr::from_ptr(p).to_bytes())
                .collect()
        }
    };
    if let Some(&f) = CONFIG_CHANGED.get() {
        let _ = std::panic::catch_unwind(|| f(ctx, &names));
    }
}

/// Calls `f` with a context and the changed configs' names after every configuration change
/// (CONFIG SET, module configs). OnLoad only.
pub fn subscribe_config_changes(ctx: Ctx, f: fn(Ctx, &[&[u8]])) -> Result<(), String> {
    let _ = CONFIG_CHANGED.set(f);
    // SAFETY: OnLoad, main thread; the callback is set before Redis can call it.
    unsafe { subscribe(ctx, raw::REDISMODULE_EVENT_CONFIG, config_cb, "Config") }
}

static ROLE_CHANGED: OnceLock<fn(bool)> = OnceLock::new();

unsafe extern "C" fn role_cb(
    _ctx: Ctx,
    _eid: raw::RedisModuleEvent,
    subevent: u64,
    _data: *mut std::ffi::c_void,
) {
    if let Some(&f) = ROLE_CHANGED.get() {
        let now_replica = subevent == raw::REDISMODULE_EVENT_REPLROLECHANGED_NOW_REPLICA;
        let _ = std::panic::catch_unwind(|| f(now_replica));
    }
}

/// Calls `f(now_replica)` each time the server becomes a replica or a master. OnLoad only.
pub fn subscribe_role_changes(ctx: Ctx, f: fn(bool)) -> Result<(), String> {
    let _ = ROLE_CHANGED.set(f);
    // SAFETY: OnLoad, main thread; the callback is set before Redis can call it.
    unsafe {
        subscribe(
            ctx,
            raw::REDISMODULE_EVENT_REPLICATION_ROLE_CHANGED,
            role_cb,
            "ReplicationRoleChanged",
        )
    }
}

static MODULE_CHANGED: OnceLock<fn(Ctx)> = OnceLock::new();

unsafe extern "C" fn module_cb(
    ctx: Ctx,
    _eid: raw::RedisModuleEvent,
    _subevent: u64,
    _data: *mut std::ffi::c_void,
) {
    if let Some(&f) = MODULE_CHANGED.get() {
        let _ = std::panic::catch_unwind(|| f(ctx));
    }
}

/// Calls `f` after another module is loaded or unloaded (its commands come and go). OnLoad
/// only.
pub fn subscribe_module_changes(ctx: Ctx, f: fn(Ctx)) -> Result<(), String> {
    let _ = MODULE_CHANGED.set(f);
    // SAFETY: OnLoad, main thread; the callback is set before Redis can call it.
    unsafe {
        subscribe(
            ctx,
            raw::REDISMODULE_EVENT_MODULE_CHANGE,
            module_cb,
            "ModuleChange",
        )
    }
}

static FORK_BORN: OnceLock<fn(Ctx)> = OnceLock::new();

unsafe extern "C" fn fork_cb(
    ctx: Ctx,
    _eid: raw::RedisModuleEvent,
    subevent: u64,
    _data: *mut std::ffi::c_void,
) {
    if subevent != raw::REDISMODULE_SUBEVENT_FORK_CHILD_BORN {
        return;
    }
    if let Some(&f) = FORK_BORN.get() {
        let _ = std::panic::catch_unwind(|| f(ctx));
    }
}

/// Calls `f` in the parent, with a context, each time the server forked a child (BGSAVE,
/// AOF rewrite, ...). OnLoad only.
pub fn subscribe_fork_born(ctx: Ctx, f: fn(Ctx)) -> Result<(), String> {
    let _ = FORK_BORN.set(f);
    // SAFETY: OnLoad, main thread; the callback is set before Redis can call it.
    unsafe { subscribe(ctx, raw::REDISMODULE_EVENT_FORK_CHILD, fork_cb, "ForkChild") }
}

/// Whether the child the server runs is an AOF rewrite (`aof_rewrite_in_progress` of INFO
/// persistence, read through RedisModule_GetServerInfo: no command, nothing in MONITOR).
pub fn aof_rewrite_in_progress(ctx: Ctx) -> bool {
    // SAFETY: a live context; the info data is freed before returning.
    unsafe {
        let info = raw::RedisModule_GetServerInfo.unwrap()(ctx, c"persistence".as_ptr());
        if info.is_null() {
            return false;
        }
        let mut err: c_int = 0;
        let v = raw::RedisModule_ServerInfoGetFieldSigned.unwrap()(
            info,
            c"aof_rewrite_in_progress".as_ptr(),
            &mut err,
        );
        raw::RedisModule_FreeServerInfo.unwrap()(ctx, info);
        err == 0 && v == 1
    }
}

/// Propagates `cmd a0 a1 a2` to the AOF only (RedisModule_Replicate's `R`: no replicas).
pub fn replicate_to_aof(ctx: Ctx, cmd: &str, args: [&[u8]; 3]) {
    let Ok(name) = CString::new(cmd) else { return };
    // SAFETY: a live context; `bbbR` takes three (pointer, length) pairs, all alive here.
    unsafe {
        raw::RedisModule_Replicate.unwrap()(
            ctx,
            name.as_ptr(),
            c"bbbR".as_ptr(),
            args[0].as_ptr() as *const c_char,
            args[0].len(),
            args[1].as_ptr() as *const c_char,
            args[1].len(),
            args[2].as_ptr() as *const c_char,
            args[2].len(),
        );
    }
}

type EventCb = unsafe extern "C" fn(Ctx, raw::RedisModuleEvent, u64, *mut std::ffi::c_void);

/// # Safety
/// OnLoad, main thread, with the module's context.
unsafe fn subscribe(ctx: Ctx, id: u64, cb: EventCb, what: &str) -> Result<(), String> {
    let ev = raw::RedisModuleEvent { id, dataver: 1 };
    // SAFETY: the caller's contract; `cb` is a static function.
    if unsafe { raw::RedisModule_SubscribeToServerEvent.unwrap()(ctx, ev, Some(cb)) }
        != raw::REDISMODULE_OK as c_int
    {
        return Err(format!("RedisModule_SubscribeToServerEvent({what}) failed"));
    }
    Ok(())
}

/// The server's version as `major.minor.patch` (RedisModule_GetServerVersion, 0x00MMmmpp),
/// read without a command (INFO would show in commandstats).
pub fn server_version() -> String {
    // SAFETY: a plain query of the server.
    let v = unsafe { raw::RedisModule_GetServerVersion.unwrap()() };
    format!("{}.{}.{}", (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)
}

/// The id of the client running the command (`RedisModule_GetClientId`).
pub fn client_id(ctx: Ctx) -> u64 {
    // SAFETY: a live command context.
    unsafe { raw::RedisModule_GetClientId.unwrap()(ctx) }
}

static CLIENT_GONE: OnceLock<fn(Ctx, u64)> = OnceLock::new();

/// `RedisModuleClientInfoV1`'s leading fields (redismodule.h).
#[repr(C)]
struct ClientInfoHead {
    version: u64,
    flags: u64,
    id: u64,
}

unsafe extern "C" fn client_change_cb(
    ctx: Ctx,
    _eid: raw::RedisModuleEvent,
    subevent: u64,
    data: *mut std::ffi::c_void,
) {
    const DISCONNECTED: u64 = 1;
    if subevent != DISCONNECTED || data.is_null() {
        return;
    }
    // SAFETY: for ClientChange events `data` points to a RedisModuleClientInfoV1.
    let id = unsafe { (*(data as *const ClientInfoHead)).id };
    if let Some(&f) = CLIENT_GONE.get() {
        let _ = std::panic::catch_unwind(|| f(ctx, id));
    }
}

/// Calls `f(ctx, client_id)` each time a client disconnects. OnLoad only.
pub fn subscribe_client_gone(ctx: Ctx, f: fn(Ctx, u64)) -> Result<(), String> {
    let _ = CLIENT_GONE.set(f);
    // SAFETY: OnLoad, main thread; the callback is set before Redis can call it.
    unsafe {
        subscribe(
            ctx,
            raw::REDISMODULE_EVENT_CLIENT_CHANGE,
            client_change_cb,
            "ClientChange",
        )
    }
}

/// `RedisModule_Fork`: `Ok(0)` in the child, `Ok(pid)` in the parent; `done` runs in the
/// parent (from its cron) when the child ends. `Err(errno text)` when it cannot fork (another
/// child, e.g. BGSAVE, is running).
pub fn fork(done: fn(i32, bool)) -> Result<i32, String> {
    static DONE: OnceLock<fn(i32, bool)> = OnceLock::new();
    unsafe extern "C" fn done_cb(code: c_int, bysignal: c_int, _data: *mut std::ffi::c_void) {
        if let Some(&f) = DONE.get() {
            let _ = std::panic::catch_unwind(|| f(code, bysignal != 0));
        }
    }
    let _ = DONE.set(done);
    // SAFETY: main thread, inside a command; the callback is a static function.
    let pid = unsafe { raw::RedisModule_Fork.unwrap()(Some(done_cb), ptr::null_mut()) };
    if pid < 0 {
        // strerror's text, as the built-in prints it (without Rust's " (os error N)").
        let e = std::io::Error::last_os_error().to_string();
        return Err(e.split(" (os error").next().unwrap_or_default().to_string());
    }
    Ok(pid)
}

/// `RedisModule_ExitFromChild` (in a child made by `fork`; does not return).
pub fn exit_from_child(code: i32) -> ! {
    // SAFETY: called in the forked child only.
    unsafe {
        raw::RedisModule_ExitFromChild.unwrap()(code);
    }
    std::process::exit(code)
}

/// `RedisModule_KillForkChild`.
pub fn kill_fork_child(pid: i32) {
    // SAFETY: a plain request to the server.
    unsafe {
        raw::RedisModule_KillForkChild.unwrap()(pid);
    }
}

/// A blocked client waiting for bytes another thread produces (`block_client`).
pub struct Blocked(*mut raw::RedisModuleBlockedClient);
// SAFETY: RedisModule_UnblockClient is the thread-safe call a blocked client is made for.
unsafe impl Send for Blocked {}

impl Blocked {
    /// Unblocks the client; `reply` runs on the main thread with `data`.
    pub fn unblock(self, data: Vec<u8>) {
        let b = Box::into_raw(Box::new(data));
        // SAFETY: a blocked client handle, unblocked once; Redis hands `b` to the callbacks.
        unsafe {
            raw::RedisModule_UnblockClient.unwrap()(self.0, b as *mut std::ffi::c_void);
        }
    }
}

static BLOCK_REPLY: OnceLock<fn(Ctx, &[u8])> = OnceLock::new();

extern "C" fn blocked_reply_cb(ctx: Ctx, _argv: RawArgv, _argc: c_int) -> c_int {
    // SAFETY: the reply callback's context; the data is the Box `unblock` made.
    let data = unsafe { raw::RedisModule_GetBlockedClientPrivateData.unwrap()(ctx) };
    if !data.is_null()
        && let Some(&f) = BLOCK_REPLY.get()
    {
        // SAFETY: a Vec<u8> boxed by `Blocked::unblock`, still owned by Redis (freed below).
        let bytes = unsafe { &*(data as *const Vec<u8>) };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(ctx, bytes)));
    }
    raw::REDISMODULE_OK as c_int
}

extern "C" fn blocked_free_cb(_ctx: Ctx, data: *mut std::ffi::c_void) {
    if !data.is_null() {
        // SAFETY: the Box `unblock` made, freed once by Redis through this callback.
        drop(unsafe { Box::from_raw(data as *mut Vec<u8>) });
    }
}

/// Blocks the command's client until `Blocked::unblock`; then `reply(ctx, data)` answers it.
/// None when the client cannot block (inside MULTI or a script).
pub fn block_client(ctx: Ctx, reply: fn(Ctx, &[u8])) -> Option<Blocked> {
    let _ = BLOCK_REPLY.set(reply);
    // SAFETY: a live command context; static callbacks.
    let bc = unsafe {
        raw::RedisModule_BlockClient.unwrap()(
            ctx,
            Some(blocked_reply_cb),
            None,
            Some(blocked_free_cb),
            0,
        )
    };
    (!bc.is_null()).then_some(Blocked(bc))
}
