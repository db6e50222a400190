//! `print`, `io.write`/`io.read`, `os.*`, `dofile`/`loadfile`: only for the CLI build — never
//! registered when the VM runs inside Redis.

use ferrous_vm::api::Args;
use ferrous_vm::{Cont, LoadError, Ret, Throw, Value, Vm};
use std::io::{BufRead, Write};

/// Where `print` and `io.write` send their bytes (stdout unless a host installs a sink).
pub struct Output(pub Box<dyn Write>);

pub fn set_output(vm: &mut Vm, w: Box<dyn Write>) {
    vm.ext.insert("os_io.stdout", Box::new(Output(w)));
}

fn write_out(vm: &mut Vm, bytes: &[u8]) -> Result<(), Throw> {
    let r = match vm
        .ext
        .get_mut("os_io.stdout")
        .and_then(|b| b.downcast_mut::<Output>())
    {
        Some(o) => o.0.write_all(bytes),
        None => std::io::stdout().lock().write_all(bytes),
    };
    r.map_err(|e| Throw::msg(e.to_string()))
}

pub fn flush_output(vm: &mut Vm) {
    if let Some(o) = vm
        .ext
        .get_mut("os_io.stdout")
        .and_then(|b| b.downcast_mut::<Output>())
    {
        let _ = o.0.flush();
    }
    let _ = std::io::stdout().flush();
}

pub fn open_os_io(vm: &mut Vm) {
    let g = vm.globals;
    vm.register(
        g,
        &[
            ("print", print),
            ("dofile", dofile),
            ("loadfile", loadfile),
            ("require", require),
        ],
    );
    let package = vm.new_table();
    let loaded = vm.new_table();
    vm.set_field(package, "loaded", Value::Table(loaded));
    let path = vm.str("./?.lua");
    vm.set_field(package, "path", path);
    vm.set_global("package", Value::Table(package));
    let io = vm.new_table();
    vm.register(io, &[("write", io_write), ("read", io_read)]);
    let stdout = vm.new_table();
    vm.register(stdout, &[("write", stdout_write), ("flush", io_flush)]);
    vm.set_field(io, "stdout", Value::Table(stdout));
    vm.set_global("io", Value::Table(io));
    let os = vm.new_table();
    vm.register(
        os,
        &[
            ("time", os_time),
            ("clock", os_clock),
            ("exit", os_exit),
            ("getenv", os_getenv),
            ("setlocale", os_setlocale),
        ],
    );
    vm.set_global("os", Value::Table(os));
}

/// `print`: calls the global `tostring` only when needed (a `__tostring` metamethod, or a
/// replaced `tostring`), through continuations.
struct PrintCont {
    args: Vec<Value>,
    next: usize,
    out: Vec<u8>,
}

impl PrintCont {
    fn run(mut self: Box<Self>, vm: &mut Vm) -> Result<Ret, Throw> {
        let ts = vm.get_global("tostring");
        let builtin = crate::base::is_builtin_tostring(vm, ts);
        while self.next < self.args.len() {
            let v = self.args[self.next];
            if self.next > 0 {
                self.out.push(b'\t');
            }
            self.next += 1;
            if builtin && vm.metamethod(v, vm.names.tostring).is_nil() {
                let s = vm.tostring_basic(v);
                push_c_string(&mut self.out, &s);
                continue;
            }
            let at = vm.stack.len();
            vm.push(ts);
            vm.push(v);
            return Ok(Ret::Call {
                func: at,
                nargs: 1,
                cont: self,
            });
        }
        self.out.push(b'\n');
        write_out(vm, &self.out)?;
        Ok(Ret::Values(0))
    }
}

impl Cont for PrintCont {
    fn resume(
        mut self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let (b, n) = r.map_err(Throw::Value)?;
        match if n > 0 { vm.stack[b] } else { Value::Nil } {
            Value::Str(s) => {
                let bytes = vm.heap.str_bytes(s)?.to_vec();
                push_c_string(&mut self.out, &bytes);
            }
            Value::Num(x) => self
                .out
                .extend_from_slice(ferrous_vm::number::fmt_number(x).as_bytes()),
            _ => return Err(Throw::msg("'tostring' must return a string to 'print'")),
        }
        self.run(vm)
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.extend_from_slice(&self.args);
    }
}

/// lua5.1's print writes with `fputs`, so a string stops at its first NUL byte.
fn push_c_string(out: &mut Vec<u8>, s: &[u8]) {
    let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
    out.extend_from_slice(&s[..end]);
}

fn print(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let args = vm.stack[base..base + n].to_vec();
    Box::new(PrintCont {
        args,
        next: 0,
        out: Vec::new(),
    })
    .run(vm)
}

fn write_values(vm: &mut Vm, a: Args, from: usize) -> Result<(), Throw> {
    let mut out = Vec::new();
    for i in from..a.n {
        match a.get(vm, i) {
            Value::Str(s) => out.extend_from_slice(vm.heap.str_bytes(s)?),
            Value::Num(x) => out.extend_from_slice(ferrous_vm::number::fmt_number(x).as_bytes()),
            _ => return Err(a.type_error(vm, i, "string")),
        }
    }
    write_out(vm, &out)
}

fn io_write(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    write_values(vm, Args::new(base, n), 0)?;
    // lua5.1's g_write returns true (5.2 returns the file).
    vm.push(Value::Bool(true));
    Ok(Ret::Values(1))
}

fn stdout_write(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    write_values(vm, Args::new(base, n), 1)?;
    vm.push(Value::Bool(true));
    Ok(Ret::Values(1))
}

fn io_flush(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    flush_output(vm);
    Ok(Ret::Values(0))
}

fn io_read(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let fmt = if n == 0 {
        b"*l".to_vec()
    } else {
        a.check_bytes(vm, 0)?
    };
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let mut buf = Vec::new();
    let v = match &fmt[..] {
        b"*a" => {
            let _ = std::io::Read::read_to_end(&mut lock, &mut buf);
            vm.bytes_value(&buf)
        }
        b"*n" => {
            let _ = lock.read_until(b'\n', &mut buf);
            ferrous_vm::number::str_to_number(&buf).map_or(Value::Nil, Value::Num)
        }
        _ => {
            let got = lock.read_until(b'\n', &mut buf).unwrap_or(0);
            if got == 0 {
                Value::Nil
            } else {
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                }
                vm.bytes_value(&buf)
            }
        }
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

fn os_time(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    vm.push(Value::Num(t as f64));
    Ok(Ret::Values(1))
}

fn os_clock(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let start = *vm
        .ext
        .entry("os_io.clock")
        .or_insert_with(|| Box::new(std::time::Instant::now()))
        .downcast_ref::<std::time::Instant>()
        .expect("clock");
    vm.push(Value::Num(start.elapsed().as_secs_f64()));
    Ok(Ret::Values(1))
}

fn os_exit(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let code = Args::new(base, n).opt_int(vm, 0, 0)?;
    flush_output(vm);
    std::process::exit(code as i32)
}

/// Only the C locale exists: `setlocale("C")`/`("")`/query answer "C", others nil.
fn os_setlocale(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let v = if a.is_none(vm, 0) {
        vm.str("C")
    } else {
        match &a.check_bytes(vm, 0)?[..] {
            b"C" | b"" | b"POSIX" => vm.str("C"),
            _ => Value::Nil,
        }
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

fn os_getenv(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let name = Args::new(base, n).check_bytes(vm, 0)?;
    let v = match std::env::var_os(String::from_utf8_lossy(&name).as_ref()) {
        Some(s) => vm.bytes_value(s.to_string_lossy().as_bytes()),
        None => Value::Nil,
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

fn read_chunk(vm: &mut Vm, name: Option<&[u8]>) -> Result<Value, LoadError> {
    match name {
        Some(path) => {
            let p = String::from_utf8_lossy(path).into_owned();
            let src = std::fs::read(&p)
                .map_err(|e| LoadError::Syntax(format!("cannot open {}: {}", p, e)))?;
            let src = skip_shebang(&src);
            vm.load(src, &format!("@{}", p))
        }
        None => {
            let mut src = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut src)
                .map_err(|e| LoadError::Syntax(e.to_string()))?;
            vm.load(&src, "=stdin")
        }
    }
}

/// lua.c skips a first line starting with `#` when loading files.
pub fn skip_shebang(src: &[u8]) -> &[u8] {
    if src.first() == Some(&b'#') {
        // Keep the newline so line numbers stay right.
        match src.iter().position(|&c| c == b'\n') {
            Some(i) => &src[i..],
            None => &[],
        }
    } else {
        src
    }
}

fn loadfile(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let name = if a.is_none(vm, 0) {
        None
    } else {
        Some(a.check_bytes(vm, 0)?)
    };
    let r = read_chunk(vm, name.as_deref());
    crate::base::push_load_result(vm, r)
}

struct PassResults;

impl Cont for PassResults {
    fn resume(
        self: Box<Self>,
        _vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let (_, n) = r.map_err(Throw::Value)?;
        Ok(Ret::Values(n))
    }
}

/// `require(name)`: `package.loaded[name]`, else the first `package.path` template (`?` →
/// name with dots as slashes) that opens, run with the name as argument.
struct RequireCont {
    name: Value,
    loaded: ferrous_vm::value::TableRef,
}

impl Cont for RequireCont {
    fn resume(
        self: Box<Self>,
        vm: &mut Vm,
        r: Result<(usize, usize), Value>,
    ) -> Result<Ret, Throw> {
        let (b, n) = r.map_err(Throw::Value)?;
        let mut v = if n > 0 { vm.stack[b] } else { Value::Nil };
        if v.is_nil() {
            v = vm.raw_get(self.loaded, self.name)?;
        }
        if v.is_nil() {
            v = Value::Bool(true);
        }
        vm.raw_set(self.loaded, self.name, v)?;
        vm.push(v);
        Ok(Ret::Values(1))
    }
    fn roots(&self, out: &mut Vec<Value>) {
        out.push(self.name);
        out.push(Value::Table(self.loaded));
    }
}

fn require(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let name = Args::new(base, n).check_bytes(vm, 0)?;
    let name_v = vm.bytes_value(&name);
    let package = vm.get_global("package");
    let Value::Table(pkg) = package else {
        return Err(Throw::msg("'package' must be a table"));
    };
    let loaded = match vm.get_field(pkg, "loaded") {
        Value::Table(t) => t,
        _ => return Err(Throw::msg("'package.loaded' must be a table")),
    };
    let have = vm.raw_get(loaded, name_v)?;
    if have.truthy() {
        vm.push(have);
        return Ok(Ret::Values(1));
    }
    let path = match vm.get_field(pkg, "path") {
        Value::Str(s) => vm.heap.str_bytes(s)?.to_vec(),
        _ => b"./?.lua".to_vec(),
    };
    let file_name: String = String::from_utf8_lossy(&name).replace('.', "/");
    let mut tried = String::new();
    for templ in String::from_utf8_lossy(&path).split(';') {
        let candidate = templ.replace('?', &file_name);
        match std::fs::read(&candidate) {
            Ok(src) => {
                let f = match vm.load(skip_shebang(&src), &format!("@{}", candidate)) {
                    Ok(f) => f,
                    Err(LoadError::Throw(t)) => return Err(t),
                    Err(LoadError::Syntax(m)) => {
                        let s = format!(
                            "error loading module '{}' from file '{}':\n\t{}",
                            String::from_utf8_lossy(&name),
                            candidate,
                            m
                        );
                        return Err(Throw::Msg(s));
                    }
                };
                let at = vm.stack.len();
                vm.push(f);
                vm.push(name_v);
                return Ok(Ret::Call {
                    func: at,
                    nargs: 1,
                    cont: Box::new(RequireCont {
                        name: name_v,
                        loaded,
                    }),
                });
            }
            Err(_) => tried.push_str(&format!("\n\tno file '{}'", candidate)),
        }
    }
    Err(Throw::Msg(format!(
        "module '{}' not found:{}",
        String::from_utf8_lossy(&name),
        tried
    )))
}

fn dofile(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let name = if a.is_none(vm, 0) {
        None
    } else {
        Some(a.check_bytes(vm, 0)?)
    };
    let f = match read_chunk(vm, name.as_deref()) {
        Ok(f) => f,
        Err(LoadError::Syntax(m)) => return Err(Throw::Value(vm.str(&m))),
        Err(LoadError::Throw(t)) => return Err(t),
    };
    let at = vm.stack.len();
    vm.push(f);
    Ok(Ret::Call {
        func: at,
        nargs: 0,
        cont: Box::new(PassResults),
    })
}
