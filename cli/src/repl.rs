//! The interactive loop, as lua.c's `dotty`: lines read with line editing and history
//! (rustyline, as lua.c uses readline), prompts from `_PROMPT`/`_PROMPT2`, `=expr` for
//! `return expr`, a chunk read on while it is incomplete (its syntax error ends at `<eof>`),
//! the chunk's results given to `print`, and messages printed without the program name.

use ferrous_vm::{LoadError, Value, Vm};
use rustyline::DefaultEditor;

/// The prompt: the global `_PROMPT` (first line) or `_PROMPT2` (continuation) when it is a
/// string or number, else lua.c's defaults.
fn prompt(vm: &mut Vm, first: bool) -> String {
    let (name, default) = if first {
        ("_PROMPT", "> ")
    } else {
        ("_PROMPT2", ">> ")
    };
    let v = vm.get_global(name);
    match v {
        Value::Str(_) | Value::Num(_) => {
            String::from_utf8_lossy(&vm.tostring_basic(v)).into_owned()
        }
        _ => default.to_string(),
    }
}

/// lua.c's `incomplete`: a syntax error at the end of the input.
fn incomplete(e: &LoadError) -> bool {
    matches!(e, LoadError::Syntax(m) if m.ends_with("'<eof>'"))
}

/// Reads one complete chunk (or `None` at end of input) and compiles it.
fn load_line(vm: &mut Vm, ed: &mut DefaultEditor) -> Option<Result<Value, String>> {
    let first = ed.readline(&prompt(vm, true)).ok()?;
    let mut chunk = match first.strip_prefix('=') {
        Some(rest) => format!("return {rest}"),
        None => first,
    };
    loop {
        match vm.load(chunk.as_bytes(), "=stdin") {
            Err(m) if incomplete(&m) => {
                let more = ed.readline(&prompt(vm, false)).ok()?;
                chunk.push('\n');
                chunk.push_str(&more);
            }
            r => {
                let _ = ed.add_history_entry(chunk.as_str());
                return Some(r.map_err(String::from));
            }
        }
    }
}

pub fn run(vm: &mut Vm) {
    let mut ed = match DefaultEditor::new() {
        Ok(ed) => ed,
        Err(e) => {
            eprintln!("ferrous: cannot start the line editor: {e}");
            return;
        }
    };
    while let Some(f) = load_line(vm, &mut ed) {
        let result = match f {
            Err(m) => Err(m),
            Ok(f) => vm.call(f, &[]).map_err(|e| {
                let is_text = matches!(e.value, Value::Str(_) | Value::Num(_));
                if e.value.is_nil() {
                    String::new()
                } else if is_text && !e.traceback.is_empty() {
                    format!("{}\n{}", e.message, e.traceback)
                } else {
                    e.message.clone()
                }
            }),
        };
        ferrous_stdlib::os_io::flush_output(vm);
        match result {
            Ok(vals) if !vals.is_empty() => {
                let print = vm.get_global("print");
                if let Err(e) = vm.call(print, &vals) {
                    eprintln!("error calling 'print' ({})", e.message);
                }
                ferrous_stdlib::os_io::flush_output(vm);
            }
            Ok(_) => {}
            Err(m) if m.is_empty() => {}
            Err(m) => eprintln!("{m}"),
        }
    }
    println!();
}
