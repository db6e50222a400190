//! `ferrous`: the command-line interpreter, mirroring lua5.1's `lua` (lua.c).
//!
//! usage: ferrous [options] [script [args]]
//!   -e stat   execute string 'stat'
//!   -l name   require library 'name' (loads name.lua)
//!   -i        enter interactive mode after executing 'script'
//!   -v        show version information
//!   --        stop handling options
//!   -         execute stdin and stop handling options
//!   --max-calls N   Lua call depth limit (default 20000, as lua5.1)
//!   --memory-limit N  heap limit in bytes (k/m/g suffixes); crossing it raises
//!                     `not enough memory`

mod repl;

use ferrous_vm::{Value, Vm};
use std::io::IsTerminal;
use std::process::ExitCode;

const VERSION: &str = "Ferrous 0.1 (Lua 5.1)";

fn report(vm: &mut Vm, e: &ferrous_vm::LuaError) {
    ferrous_stdlib::os_io::flush_output(vm);
    // lua.c prints nothing for a nil error object.
    if e.value.is_nil() {
        return;
    }
    eprintln!("ferrous: {}", e.message);
    // lua.c's traceback handler leaves non-string error objects alone: no traceback then.
    let is_text = matches!(e.value, Value::Str(_) | Value::Num(_));
    if is_text && !e.traceback.is_empty() {
        eprintln!("{}", e.traceback);
    }
}

fn run_chunk(vm: &mut Vm, f: Result<Value, String>, args: &[Value]) -> bool {
    match f {
        Err(m) => {
            ferrous_stdlib::os_io::flush_output(vm);
            eprintln!("ferrous: {}", m);
            false
        }
        Ok(f) => match vm.call(f, args) {
            Ok(_) => true,
            Err(e) => {
                report(vm, &e);
                false
            }
        },
    }
}

fn load_file(vm: &mut Vm, path: &str) -> Result<Value, String> {
    let f = read_and_load(vm, path)?;
    // `FERROUS_LIST`: the script's bytecode listing (the vm library prints nothing itself).
    if std::env::var_os("FERROUS_LIST").is_some()
        && let Value::Func(r) = f
        && let Ok(ferrous_vm::exec::Function::Lua(c)) = vm.heap().function(r)
    {
        eprintln!("{}", c.proto.listing());
    }
    Ok(f)
}

fn read_and_load(vm: &mut Vm, path: &str) -> Result<Value, String> {
    if path == "-" {
        let mut src = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut src).map_err(|e| e.to_string())?;
        return vm
            .load(ferrous_stdlib::os_io::skip_shebang(&src), "=stdin")
            .map_err(String::from);
    }
    let src = std::fs::read(path)
        .map_err(|e| format!("cannot open {}", path).to_string() + &format!(" ({})", e))?;
    vm.load(
        ferrous_stdlib::os_io::skip_shebang(&src),
        &format!("@{}", path),
    )
    .map_err(String::from)
}

/// `123`, `64k`, `10m`, `1g` (binary units).
fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    let (num, mult) = match s.chars().last()? {
        'k' => (&s[..s.len() - 1], 1usize << 10),
        'm' => (&s[..s.len() - 1], 1 << 20),
        'g' => (&s[..s.len() - 1], 1 << 30),
        _ => (&s[..], 1),
    };
    num.parse::<usize>().ok()?.checked_mul(mult)
}

fn main() -> ExitCode {
    let mut vm = Vm::new();
    ferrous_stdlib::open_cli(&mut vm);
    let code = run(&mut vm);
    // As lua.c's lua_close, on success and on error: pending `__gc` finalizers run.
    vm.close_state();
    ferrous_stdlib::os_io::flush_output(&mut vm);
    code
}

fn run(vm: &mut Vm) -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let mut i = 1;
    let mut interactive = false;
    let mut ran_something = false;
    let mut script: Option<usize> = None;
    // First pass: options, as lua.c's collectargs (order matters for -e/-l).
    let mut actions: Vec<(char, String)> = Vec::new();
    while i < argv.len() {
        let a = &argv[i];
        match a.as_str() {
            "--" => {
                i += 1;
                if i < argv.len() {
                    script = Some(i);
                }
                break;
            }
            "-" => {
                script = Some(i);
                break;
            }
            "-i" => {
                interactive = true;
                i += 1;
            }
            "-v" => {
                eprintln!("{}", VERSION);
                ran_something = true;
                i += 1;
            }
            "-e" | "-l" | "--max-calls" | "--memory-limit" => {
                let Some(v) = argv.get(i + 1) else {
                    eprintln!("ferrous: '{}' needs argument", a);
                    return ExitCode::from(1);
                };
                actions.push((
                    match a.as_str() {
                        "-e" => 'e',
                        "-l" => 'l',
                        "--memory-limit" => 'm',
                        _ => 'c',
                    },
                    v.clone(),
                ));
                i += 2;
            }
            s if s.starts_with("-e") => {
                actions.push(('e', s[2..].to_string()));
                i += 1;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                eprintln!("ferrous: unrecognized option '{}'", s);
                eprintln!("usage: ferrous [options] [script [args]]");
                return ExitCode::from(1);
            }
            _ => {
                script = Some(i);
                break;
            }
        }
    }
    // The `arg` table: arg[0] is the script, negative indices the interpreter and options.
    let arg_t = vm.new_table();
    let sidx = script.unwrap_or(argv.len());
    for (j, a) in argv.iter().enumerate() {
        let v = vm.str(a);
        let _ = vm.raw_set(arg_t, Value::Num(j as f64 - sidx as f64), v);
    }
    vm.set_global("arg", Value::Table(arg_t));
    for (kind, v) in actions {
        let ok = match kind {
            'e' => {
                ran_something = true;
                let f = vm
                    .load(v.as_bytes(), "=(command line)")
                    .map_err(String::from);
                run_chunk(vm, f, &[])
            }
            'l' => {
                ran_something = true;
                let f = load_file(vm, &format!("{}.lua", v));
                run_chunk(vm, f, &[])
            }
            'm' => {
                match parse_size(&v) {
                    Some(n) => vm.set_memory_limit(n),
                    None => {
                        eprintln!(
                            "ferrous: bad --memory-limit value '{}' (bytes, or with k/m/g suffix)",
                            v
                        );
                        return ExitCode::from(1);
                    }
                }
                true
            }
            _ => {
                match v.parse::<usize>() {
                    Ok(n) if n > 0 => vm.limits_mut().max_calls = n,
                    _ => {
                        eprintln!("ferrous: bad --max-calls value '{}'", v);
                        return ExitCode::from(1);
                    }
                }
                true
            }
        };
        if !ok {
            return ExitCode::from(1);
        }
    }
    if let Some(s) = script {
        let f = load_file(vm, &argv[s]);
        let args: Vec<Value> = argv[s + 1..].iter().map(|a| vm.str(a)).collect();
        if !run_chunk(vm, f, &args) {
            return ExitCode::from(1);
        }
        ferrous_stdlib::os_io::flush_output(vm);
        ran_something = true;
    }
    if interactive || (!ran_something && std::io::stdin().is_terminal()) {
        eprintln!("{}", VERSION);
        repl::run(vm);
    } else if !ran_something {
        let f = load_file(vm, "-");
        if !run_chunk(vm, f, &[]) {
            return ExitCode::from(1);
        }
    }
    ferrous_stdlib::os_io::flush_output(vm);
    if std::env::var_os("FERROUS_GC_STATS").is_some() {
        eprintln!(
            "gc: {} cycles, {} steps (most work in one: {} units), longest pause {:.3} ms, total {:.3} ms, live {} KiB",
            vm.gc_counters().cycles,
            vm.gc_counters().steps,
            vm.gc_counters().max_step_work,
            vm.gc_counters().max_pause.as_secs_f64() * 1e3,
            vm.gc_counters().total_time.as_secs_f64() * 1e3,
            vm.heap().bytes / 1024
        );
    }
    ExitCode::SUCCESS
}
