//! Variable descriptions for error messages (`local 'x'`, `global 'f'`, `field 'y'`, …),
//! recovered from the bytecode as lua5.1's `getobjname` does.

use crate::bytecode::*;
use crate::heap::Heap;
use crate::value::Value;

/// Describes what register `reg` holds at instruction `pc`: (kind, name).
pub fn describe_reg(
    heap: &Heap,
    p: &Proto,
    pc: usize,
    reg: usize,
) -> Option<(&'static str, String)> {
    if let Some(name) = p.local_name(reg, pc) {
        return Some(("local", name.to_string()));
    }
    // Find the instruction that last wrote `reg` before `pc` (straight-line approximation of
    // lua5.1's symbolic execution).
    let mut j = pc;
    while j > 0 {
        j -= 1;
        let i = p.code[j];
        let a = arg_a(i);
        let o = op(i);
        let writes = match o {
            OP_LOADNIL => a <= reg && reg <= arg_b(i),
            OP_CALL | OP_TAILCALL => reg >= a,
            OP_TFORCALL => reg >= a + 3,
            OP_VARARG => reg >= a,
            OP_SELF => reg == a || reg == a + 1,
            OP_JMP | OP_EQ | OP_LT | OP_LE | OP_TEST | OP_SETGLOBAL | OP_SETUPVAL | OP_SETTABLE
            | OP_SETLIST | OP_RETURN | OP_FORPREP | OP_SETCELL | OP_LINETRAP => false,
            OP_FORLOOP => reg >= a && reg <= a + 3,
            OP_TFORLOOP => reg == a,
            _ => a == reg,
        };
        if !writes {
            continue;
        }
        // When control flow merges between the write and the use (as in `a or b`), the value
        // has no single origin: lua5.1 names nothing there either.
        if merges_between(p, j, pc) {
            return None;
        }
        return match o {
            OP_GETGLOBAL => const_str(heap, p, arg_bx(i)).map(|s| ("global", s)),
            OP_GETTABLE => {
                // lua5.1's kname: a non-constant key is named '?'.
                let c = arg_c(i);
                let name = if c & BITRK as usize != 0 {
                    const_str(heap, p, c & 0xff)
                } else {
                    None
                };
                Some(("field", name.unwrap_or_else(|| "?".into())))
            }
            OP_GETUPVAL => p.upval_names.get(arg_b(i)).map(|s| ("upvalue", s.clone())),
            OP_GETCELL => p.local_name(arg_b(i), j).map(|s| ("local", s.to_string())),
            OP_MOVE => {
                let b = arg_b(i);
                if b < a {
                    describe_reg(heap, p, j, b)
                } else {
                    None
                }
            }
            OP_SELF if reg == a => {
                let c = arg_c(i);
                if c & BITRK as usize != 0 {
                    const_str(heap, p, c & 0xff).map(|s| ("method", s))
                } else {
                    None
                }
            }
            _ => None,
        };
    }
    None
}

/// Whether a jump from before `from` lands in `(from, to]` (so a path can bypass the write
/// at `from`).
fn merges_between(p: &Proto, from: usize, to: usize) -> bool {
    p.code[..from].iter().enumerate().any(|(k, &i)| {
        let target = match op(i) {
            OP_JMP | OP_FORLOOP | OP_FORPREP | OP_TFORLOOP => {
                (k as isize + 1 + arg_sbx(i)) as usize
            }
            OP_LOADBOOL if arg_c(i) != 0 => k + 2,
            _ => return false,
        };
        target > from && target <= to
    })
}

fn const_str(heap: &Heap, p: &Proto, k: usize) -> Option<String> {
    match p.consts.get(k) {
        Some(Value::Str(r)) => heap
            .str_bytes(*r)
            .ok()
            .map(|b| String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

/// `attempt to <op> local 'x' (a nil value)` / `attempt to <op> a nil value`.
pub fn type_error(desc: Option<(&'static str, String)>, v: Value, op: &str) -> String {
    match desc {
        Some((kind, name)) => format!(
            "attempt to {} {} '{}' (a {} value)",
            op,
            kind,
            name,
            v.type_name()
        ),
        None => format!("attempt to {} a {} value", op, v.type_name()),
    }
}
