//! The `io` library (CLI only: Redis has none). Files are userdata holding an
//! `io_file::LuaFile`, with lua5.1's `FILE*` metatable (methods, `__gc`, `__tostring`) kept
//! in the registry; the default input and output files live there too.

use crate::io_file::{LuaFile, Stream, strerror};
use ferrous_vm::api::Args;
use ferrous_vm::heap::func::UserData;
use ferrous_vm::value::{TableRef, UserRef};
use ferrous_vm::{Ret, Throw, Value, Vm};
use std::io::SeekFrom;

const META: &str = "FILE*";
const INPUT: &str = "io.input";
const OUTPUT: &str = "io.output";

pub fn open_io(vm: &mut Vm) {
    let mt = vm.new_table();
    vm.register(
        mt,
        &[
            ("close", f_close),
            ("flush", f_flush),
            ("lines", f_lines),
            ("read", f_read),
            ("seek", f_seek),
            ("setvbuf", f_setvbuf),
            ("write", f_write),
            ("__gc", f_gc),
            ("__tostring", f_tostring),
        ],
    );
    vm.set_field(mt, "__index", Value::Table(mt));
    vm.pin(META, Value::Table(mt));
    // liolib's list and order, presized as luaL_register does.
    let io = vm.new_library(&[
        ("close", io_close),
        ("flush", io_flush),
        ("input", io_input),
        ("lines", io_lines),
        ("open", io_open),
        ("output", io_output),
        ("popen", io_popen),
        ("read", io_read),
        ("tmpfile", io_tmpfile),
        ("type", io_type),
        ("write", io_write),
    ]);
    for (name, s) in [
        ("stdin", Stream::Stdin),
        ("stdout", Stream::Stdout),
        ("stderr", Stream::Stderr),
    ] {
        let f = new_file(vm, mt, s);
        vm.set_field(io, name, f);
    }
    let stdin = vm.get_field(io, "stdin");
    let stdout = vm.get_field(io, "stdout");
    vm.pin(INPUT, stdin);
    vm.pin(OUTPUT, stdout);
    vm.set_global("io", Value::Table(io));
}

fn file_meta(vm: &mut Vm) -> TableRef {
    let r = vm.registry();
    match vm.get_field(r, META) {
        Value::Table(t) => t,
        _ => unreachable!("io library not open"),
    }
}

fn new_file(vm: &mut Vm, mt: TableRef, s: Stream) -> Value {
    Value::UserData(
        vm.heap_mut()
            .new_userdata(UserData::new(Some(mt), Box::new(LuaFile::new(s)))),
    )
}

fn push_new_file(vm: &mut Vm, s: Stream) -> Result<Ret, Throw> {
    vm.reserve(ferrous_vm::heap::size::USERDATA)?;
    let mt = file_meta(vm);
    let f = new_file(vm, mt, s);
    vm.push(f);
    Ok(Ret::Values(1))
}

/// `luaL_checkudata(L, i, "FILE*")`.
fn check_file(vm: &Vm, a: &Args, i: usize) -> Result<UserRef, Throw> {
    if let Value::UserData(u) = a.get(vm, i)
        && vm.heap().userdata(u)?.data.is::<LuaFile>()
    {
        return Ok(u);
    }
    Err(a.type_error(vm, i, "FILE*"))
}

fn file_mut(vm: &mut Vm, u: UserRef) -> Result<&mut LuaFile, Throw> {
    vm.heap_mut()
        .userdata_mut(u)?
        .data
        .downcast_mut::<LuaFile>()
        .ok_or_else(|| Throw::msg("not a file"))
}

/// lua5.1's `tofile`: an open file.
fn open_file(vm: &mut Vm, a: &Args, i: usize) -> Result<UserRef, Throw> {
    let u = check_file(vm, a, i)?;
    if file_mut(vm, u)?.stream.is_none() {
        return Err(Throw::msg("attempt to use a closed file"));
    }
    Ok(u)
}

/// lua5.1's `pushresult`: true, or nil, "name: message", errno.
fn push_result(vm: &mut Vm, r: std::io::Result<()>, name: Option<&[u8]>) -> Result<Ret, Throw> {
    match r {
        Ok(()) => {
            vm.push(Value::Bool(true));
            Ok(Ret::Values(1))
        }
        Err(e) => push_error(vm, &e, name),
    }
}

fn push_error(vm: &mut Vm, e: &std::io::Error, name: Option<&[u8]>) -> Result<Ret, Throw> {
    vm.push(Value::Nil);
    let mut msg = Vec::new();
    if let Some(n) = name {
        msg.extend_from_slice(n);
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(strerror(e).as_bytes());
    vm.push_vec(msg);
    vm.push(Value::Num(e.raw_os_error().unwrap_or(0) as f64));
    Ok(Ret::Values(3))
}

fn is_stdout(vm: &mut Vm, u: UserRef) -> Result<bool, Throw> {
    Ok(matches!(file_mut(vm, u)?.stream, Some(Stream::Stdout)))
}

/// `g_write`: numbers as `%.14g`, strings as they are; true, or the error triple.
fn write_to(vm: &mut Vm, u: UserRef, a: &Args, from: usize) -> Result<Ret, Throw> {
    let mut out = Vec::new();
    for i in from..a.n {
        match a.get(vm, i) {
            Value::Num(x) => out.extend_from_slice(ferrous_vm::number::fmt_number(x).as_bytes()),
            Value::Str(s) => {
                vm.charge_bytes(vm.heap().str_len(s))?;
                out.extend_from_slice(vm.heap().str_bytes(s)?)
            }
            _ => return Err(a.type_error(vm, i, "string")),
        }
    }
    if is_stdout(vm, u)? {
        crate::os_io::write_stdout(vm, &out)?;
        vm.push(Value::Bool(true));
        return Ok(Ret::Values(1));
    }
    let r = file_mut(vm, u)?.write(&out);
    push_result(vm, r, None)
}

/// Reads up to `max` bytes (or through `stop`) into `out`, charging what it holds.
fn read_into(
    vm: &mut Vm,
    u: UserRef,
    out: &mut Vec<u8>,
    max: usize,
    stop: Option<u8>,
) -> Result<std::io::Result<bool>, Throw> {
    let mut remaining = max;
    while remaining > 0 {
        vm.reserve(out.len() + 8 * 1024)?;
        vm.charge_bytes(8 * 1024)?;
        match file_mut(vm, u)?.read_some(out, remaining.min(8 * 1024), stop) {
            Ok((0, _)) => return Ok(Ok(false)),
            Ok((n, found)) => {
                remaining -= n;
                if found {
                    return Ok(Ok(true));
                }
            }
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(true))
}

/// `read_number`: fscanf's `%lf` — leading spaces, then the longest numeral prefix.
fn read_number(vm: &mut Vm, u: UserRef) -> Result<Value, Throw> {
    let f = file_mut(vm, u)?;
    let io = |e: std::io::Error| Throw::msg(strerror(&e));
    while let Some(c) = f.peek().map_err(io)? {
        if !c.is_ascii_whitespace() {
            break;
        }
        f.next_byte().map_err(io)?;
    }
    let mut s = Vec::new();
    let mut hex = false;
    while let Some(c) = f.peek().map_err(io)? {
        let last = s.last().copied();
        let ok = match c {
            b'0'..=b'9' | b'.' => true,
            b'+' | b'-' => s.is_empty() || (!hex && matches!(last, Some(b'e' | b'E'))),
            b'x' | b'X' => s == b"0" || s == b"-0" || s == b"+0",
            b'a'..=b'f' | b'A'..=b'F' if hex => true,
            b'e' | b'E' => !s.is_empty(),
            _ => false,
        };
        if !ok || s.len() > 200 {
            break;
        }
        if c == b'x' || c == b'X' {
            hex = true;
        }
        s.push(c);
        f.next_byte().map_err(io)?;
    }
    Ok(ferrous_vm::number::str_to_number(&s).map_or(Value::Nil, Value::Num))
}

/// `g_read`: each format in turn; the first that fails gives nil and ends the list.
fn read_from(vm: &mut Vm, u: UserRef, a: &Args, from: usize) -> Result<Ret, Throw> {
    let formats: Vec<Value> = (from..a.n).map(|i| a.get(vm, i)).collect();
    let formats = if formats.is_empty() {
        vec![vm.str("*l")]
    } else {
        formats
    };
    let mut pushed = 0;
    for (k, fmt) in formats.iter().enumerate() {
        let argn = from + k;
        let v = match *fmt {
            Value::Num(n) => {
                let n = ferrous_vm::api::f64_to_i64(n).max(0) as usize;
                if n == 0 {
                    match file_mut(vm, u)?.peek() {
                        Ok(Some(_)) => vm.str(""),
                        _ => Value::Nil,
                    }
                } else {
                    let mut out = Vec::new();
                    match read_into(vm, u, &mut out, n, None)? {
                        Err(e) => return push_error(vm, &e, None),
                        Ok(_) if out.is_empty() => Value::Nil,
                        Ok(_) => Value::Str(vm.heap_mut().intern_vec(out)),
                    }
                }
            }
            Value::Str(s) => {
                let f = vm.heap().str_bytes(s)?.to_vec();
                match f.get(..2) {
                    Some(b"*n") => read_number(vm, u)?,
                    Some(b"*l") => {
                        let mut out = Vec::new();
                        match read_into(vm, u, &mut out, usize::MAX, Some(b'\n'))? {
                            Err(e) => return push_error(vm, &e, None),
                            Ok(_) if out.is_empty() => Value::Nil,
                            Ok(_) => {
                                if out.last() == Some(&b'\n') {
                                    out.pop();
                                }
                                Value::Str(vm.heap_mut().intern_vec(out))
                            }
                        }
                    }
                    Some(b"*a") => {
                        let mut out = Vec::new();
                        if let Err(e) = read_into(vm, u, &mut out, usize::MAX, None)? {
                            return push_error(vm, &e, None);
                        }
                        Value::Str(vm.heap_mut().intern_vec(out))
                    }
                    _ => return Err(Throw::Arg(argn + 1, "invalid format".into())),
                }
            }
            _ => return Err(Throw::Arg(argn + 1, "invalid option".into())),
        };
        vm.push(v);
        pushed += 1;
        if v.is_nil() {
            break;
        }
    }
    Ok(Ret::Values(pushed))
}

/// The default input or output file (`getiofile`).
fn io_file(vm: &mut Vm, which: &str) -> Result<UserRef, Throw> {
    let r = vm.registry();
    let Value::UserData(u) = vm.get_field(r, which) else {
        return Err(Throw::msg("default file missing"));
    };
    if file_mut(vm, u)?.stream.is_none() {
        let kind = if which == INPUT { "input" } else { "output" };
        return Err(Throw::msg(format!("standard {} file is closed", kind)));
    }
    Ok(u)
}

fn aux_close(vm: &mut Vm, u: UserRef) -> Result<Ret, Throw> {
    let f = file_mut(vm, u)?;
    if f.is_std() {
        vm.push(Value::Nil);
        vm.push_str(b"cannot close standard file");
        return Ok(Ret::Values(2));
    }
    let r = f.close();
    push_result(vm, r, None)
}

fn f_close(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = open_file(vm, &a, 0)?;
    aux_close(vm, u)
}

fn io_close(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if a.n == 0 || a.get(vm, 0).is_nil() {
        let u = io_file(vm, OUTPUT)?;
        return aux_close(vm, u);
    }
    f_close(vm, base, n)
}

fn f_gc(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = check_file(vm, &a, 0)?;
    let f = file_mut(vm, u)?;
    if f.stream.is_some() && !f.is_std() {
        let _ = f.close();
    }
    Ok(Ret::Values(0))
}

fn f_tostring(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = check_file(vm, &a, 0)?;
    let s = if file_mut(vm, u)?.stream.is_none() {
        "file (closed)".to_string()
    } else {
        format!(
            "file (0x{:08x})",
            Value::UserData(u).identity() & 0xffff_ffff_ffff
        )
    };
    vm.push_str(s.as_bytes());
    Ok(Ret::Values(1))
}

fn f_flush(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = open_file(vm, &a, 0)?;
    if is_stdout(vm, u)? {
        crate::os_io::flush_output(vm);
    }
    push_result(vm, Ok(()), None)
}

fn io_flush(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let u = io_file(vm, OUTPUT)?;
    if is_stdout(vm, u)? {
        crate::os_io::flush_output(vm);
    }
    push_result(vm, Ok(()), None)
}

fn f_read(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = open_file(vm, &a, 0)?;
    read_from(vm, u, &a, 1)
}

fn io_read(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let u = io_file(vm, INPUT)?;
    read_from(vm, u, &Args::new(base, n), 0)
}

fn f_write(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = open_file(vm, &a, 0)?;
    write_to(vm, u, &a, 1)
}

fn io_write(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let u = io_file(vm, OUTPUT)?;
    write_to(vm, u, &Args::new(base, n), 0)
}

fn f_seek(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = open_file(vm, &a, 0)?;
    let whence = a.opt_bytes(vm, 1, b"cur")?;
    let off = a.opt_int(vm, 2, 0)?;
    let to = match &whence[..] {
        b"set" => SeekFrom::Start(off.max(0) as u64),
        b"cur" => SeekFrom::Current(off),
        b"end" => SeekFrom::End(off),
        _ => {
            return Err(Throw::Arg(
                2,
                format!("invalid option '{}'", String::from_utf8_lossy(&whence)),
            ));
        }
    };
    if matches!(to, SeekFrom::Start(_)) && off < 0 {
        return push_error(vm, &std::io::Error::from_raw_os_error(22), None);
    }
    match file_mut(vm, u)?.seek(to) {
        Ok(p) => {
            vm.push(Value::Num(p as f64));
            Ok(Ret::Values(1))
        }
        Err(e) => push_error(vm, &e, None),
    }
}

/// Writes are unbuffered (`io_file`), so only the mode is checked.
fn f_setvbuf(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let _ = open_file(vm, &a, 0)?;
    let mode = a.check_bytes(vm, 1)?;
    if !matches!(&mode[..], b"no" | b"full" | b"line") {
        return Err(Throw::Arg(
            2,
            format!("invalid option '{}'", String::from_utf8_lossy(&mode)),
        ));
    }
    let _ = a.opt_int(vm, 2, 0)?;
    push_result(vm, Ok(()), None)
}

/// The iterator of `lines`: its upvalues are the file and whether to close it at the end.
fn lines_iter(vm: &mut Vm, base: usize, _n: usize) -> Result<Ret, Throw> {
    let func_slot = base - 1;
    let Value::UserData(u) = vm.native_upvalue(func_slot, 0) else {
        return Err(Throw::msg("file is already closed"));
    };
    let close = vm.native_upvalue(func_slot, 1).truthy();
    if file_mut(vm, u)?.stream.is_none() {
        return Err(Throw::msg("file is already closed"));
    }
    let mut out = Vec::new();
    match read_into(vm, u, &mut out, usize::MAX, Some(b'\n'))? {
        Err(e) => return Err(Throw::msg(strerror(&e))),
        Ok(_) if out.is_empty() => {
            if close {
                let _ = file_mut(vm, u)?.close();
            }
            vm.push(Value::Nil);
        }
        Ok(_) => {
            if out.last() == Some(&b'\n') {
                out.pop();
            }
            vm.push_vec(out);
        }
    }
    Ok(Ret::Values(1))
}

fn push_lines(vm: &mut Vm, u: UserRef, close: bool) -> Result<Ret, Throw> {
    let it = vm.new_native_with(
        "lines_iter",
        lines_iter,
        vec![Value::UserData(u), Value::Bool(close)],
    );
    vm.push(it);
    Ok(Ret::Values(1))
}

fn f_lines(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let u = open_file(vm, &a, 0)?;
    push_lines(vm, u, false)
}

fn io_lines(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if a.is_none(vm, 0) {
        let u = io_file(vm, INPUT)?;
        return push_lines(vm, u, false);
    }
    let name = a.check_bytes(vm, 0)?;
    match open_path(&name, b"r") {
        Ok(f) => {
            push_new_file(vm, Stream::File(f))?;
            let Value::UserData(u) = vm.pop() else {
                unreachable!()
            };
            vm.push(Value::UserData(u));
            push_lines(vm, u, true)
        }
        Err(e) => Err(Throw::Arg(
            1,
            format!("{}: {}", String::from_utf8_lossy(&name), strerror(&e)),
        )),
    }
}

/// glibc's `fopen` mode: `r`, `w` or `a`, then a `+` among the next characters makes it
/// read-write (others, such as `b`, are ignored: `"rw"` is `"r"`).
fn open_path(name: &[u8], mode: &[u8]) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    let plus = mode.iter().skip(1).take(6).any(|&c| c == b'+');
    match mode.first() {
        Some(b'r') => o.read(true).write(plus),
        Some(b'w') => o.write(true).create(true).truncate(true).read(plus),
        Some(b'a') => o.append(true).create(true).read(plus),
        _ => return Err(std::io::Error::from_raw_os_error(22)),
    };
    let path = String::from_utf8_lossy(name).into_owned();
    let f = o.open(&path)?;
    // fopen opens directories for reading; writing to one fails with EISDIR.
    if f.metadata().is_ok_and(|m| m.is_dir()) && mode.first() != Some(&b'r') {
        return Err(std::io::Error::from_raw_os_error(21));
    }
    Ok(f)
}

fn io_open(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let name = a.check_bytes(vm, 0)?;
    let mode = a.opt_bytes(vm, 1, b"r")?;
    match open_path(&name, &mode) {
        Ok(f) => push_new_file(vm, Stream::File(f)),
        Err(e) => push_error(vm, &e, Some(&name)),
    }
}

/// `io.input`/`io.output`: with a name, opens it (raising on failure); with a file, makes it
/// the default; returns the default file.
fn set_io_file(vm: &mut Vm, base: usize, n: usize, which: &str, mode: &[u8]) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let r = vm.registry();
    if !a.is_none(vm, 0) {
        let v = match a.get(vm, 0) {
            Value::Str(_) | Value::Num(_) => {
                let name = a.check_bytes(vm, 0)?;
                match open_path(&name, mode) {
                    Ok(f) => {
                        push_new_file(vm, Stream::File(f))?;
                        vm.pop()
                    }
                    Err(e) => {
                        return Err(Throw::Arg(
                            1,
                            format!("{}: {}", String::from_utf8_lossy(&name), strerror(&e)),
                        ));
                    }
                }
            }
            _ => {
                let u = open_file(vm, &a, 0)?;
                Value::UserData(u)
            }
        };
        vm.set_field(r, which, v);
    }
    let v = vm.get_field(r, which);
    vm.push(v);
    Ok(Ret::Values(1))
}

fn io_input(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    set_io_file(vm, base, n, INPUT, b"r")
}

fn io_output(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    set_io_file(vm, base, n, OUTPUT, b"w")
}

fn io_popen(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let cmd = a.check_bytes(vm, 0)?;
    let mode = a.opt_bytes(vm, 1, b"r")?;
    let write = mode.first() == Some(&b'w');
    let mut c = std::process::Command::new("/bin/sh");
    c.arg("-c").arg(String::from_utf8_lossy(&cmd).into_owned());
    if write {
        c.stdin(std::process::Stdio::piped());
    } else {
        c.stdout(std::process::Stdio::piped());
    }
    crate::os_io::flush_output(vm);
    match c.spawn() {
        Ok(child) if write => push_new_file(vm, Stream::PipeWrite(child)),
        Ok(child) => push_new_file(vm, Stream::PipeRead(child)),
        Err(e) => push_error(vm, &e, Some(&cmd)),
    }
}

fn io_tmpfile(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    match crate::os::temp_file() {
        Ok((path, f)) => {
            // tmpfile's file has no name: removed now, gone when closed.
            let _ = std::fs::remove_file(&path);
            push_new_file(vm, Stream::File(f))
        }
        Err(e) => push_error(vm, &e, None),
    }
}

fn io_type(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    a.check_any(vm, 0)?;
    let v = match a.get(vm, 0) {
        Value::UserData(u) => {
            let mt = file_meta(vm);
            let ud = vm.heap().userdata(u)?;
            match ud.data.downcast_ref::<LuaFile>() {
                Some(f) if ud.meta == Some(mt) => {
                    if f.stream.is_some() {
                        vm.str("file")
                    } else {
                        vm.str("closed file")
                    }
                }
                _ => Value::Nil,
            }
        }
        _ => Value::Nil,
    };
    vm.push(v);
    Ok(Ret::Values(1))
}
