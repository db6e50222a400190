//! `print`, `dofile`/`loadfile`/`require`, and the opening of `io` and `os`: only for the CLI
//! build — never registered when the VM runs inside Redis.

use ferrous_vm::api::Args;
use ferrous_vm::{LoadError, Ret, Then, Throw, Value, Vm};
use std::io::Write;

/// Where `print` and `io.write` send their bytes (stdout unless a host installs a sink).
pub struct Output(pub Box<dyn Write>);

pub fn set_output(vm: &mut Vm, w: Box<dyn Write>) {
    vm.set_ext("os_io.stdout", Output(w));
}

/// Writes to standard output (the host's sink when it installed one).
pub fn write_stdout(vm: &mut Vm, bytes: &[u8]) -> Result<(), Throw> {
    let r = match vm.ext_mut::<Output>("os_io.stdout") {
        Some(o) => o.0.write_all(bytes),
        None => std::io::stdout().lock().write_all(bytes),
    };
    r.map_err(|e| Throw::msg(e.to_string()))
}

pub fn flush_output(vm: &mut Vm) {
    if let Some(o) = vm.ext_mut::<Output>("os_io.stdout") {
        let _ = o.0.flush();
    }
    let _ = std::io::stdout().flush();
}

pub fn open_os_io(vm: &mut Vm) {
    let g = vm.globals();
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
    crate::io::open_io(vm);
    crate::os::open_os(vm);
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
            if builtin && vm.metamethod(v, vm.names().tostring).is_nil() {
                let s = vm.tostring_basic(v);
                push_c_string(&mut self.out, &s);
                continue;
            }
            return Ok(vm.call_then(ts, &[v], self));
        }
        self.out.push(b'\n');
        write_stdout(vm, &self.out)?;
        Ok(Ret::Values(0))
    }
}

impl Then for PrintCont {
    fn then(mut self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        match if n > 0 { vm.slot(b) } else { Value::Nil } {
            Value::Str(s) => {
                let bytes = vm.heap().str_bytes(s)?.to_vec();
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
    let args = vm.slots(base, n).to_vec();
    Box::new(PrintCont {
        args,
        next: 0,
        out: Vec::new(),
    })
    .run(vm)
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

impl Then for PassResults {
    fn then(self: Box<Self>, _vm: &mut Vm, _base: usize, n: usize) -> Result<Ret, Throw> {
        Ok(Ret::Values(n))
    }
}

/// `require(name)`: `package.loaded[name]`, else the first `package.path` template (`?` →
/// name with dots as slashes) that opens, run with the name as argument.
struct RequireCont {
    name: Value,
    loaded: ferrous_vm::value::TableRef,
}

impl Then for RequireCont {
    fn then(self: Box<Self>, vm: &mut Vm, b: usize, n: usize) -> Result<Ret, Throw> {
        let mut v = if n > 0 { vm.slot(b) } else { Value::Nil };
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
        Value::Str(s) => vm.heap().str_bytes(s)?.to_vec(),
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
                return Ok(vm.call_then(
                    f,
                    &[name_v],
                    Box::new(RequireCont {
                        name: name_v,
                        loaded,
                    }),
                ));
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
    Ok(vm.call_then(f, &[], Box::new(PassResults)))
}
