//! Variable descriptions for error messages (`local 'x'`, `global 'f'`, `field 'y'`, …),
//! recovered from the bytecode as lua5.1's `getobjname` does.

use crate::bytecode::*;
use crate::exec::Heap;
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
    let j = last_writer(p, pc, reg)?;
    let i = p.code[j];
    let a = arg_a(i);
    match op(i) {
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
                // lua5.1's getobjname names `b` at the same pc.
                describe_reg(heap, p, pc, b)
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
    }
}

/// The instruction that last wrote `reg` on the way to `lastpc`, walked as lua5.1's
/// `symbexec` does: forward from the start, taking each forward jump that does not pass
/// `lastpc`. None when nothing wrote it. TEST counts as a writer of its register (lua5.1's
/// opmode says so), which names nothing: `(a or false) * 2` names no variable, while
/// `(false and a or a) * 2` reaches the second `a` along the `and`'s false exit.
fn last_writer(p: &Proto, lastpc: usize, reg: usize) -> Option<usize> {
    let mut last = None;
    let mut pc = 0;
    while pc < lastpc && pc < p.code.len() {
        let i = p.code[pc];
        let a = arg_a(i);
        let o = op(i);
        let writes = match o {
            OP_LOADNIL => a <= reg && reg <= arg_b(i),
            OP_CALL | OP_TAILCALL => reg >= a,
            OP_TFORCALL => reg >= a + 3,
            OP_VARARG => reg >= a,
            OP_SELF => reg == a || reg == a + 1,
            // lua5.1's opmode marks TEST (like TESTSET) as setting register A.
            OP_TEST => a == reg,
            OP_JMP | OP_EQ | OP_LT | OP_LE | OP_SETGLOBAL | OP_SETUPVAL | OP_SETTABLE
            | OP_SETLIST | OP_RETURN | OP_FORPREP | OP_SETCELL | OP_LINETRAP => false,
            OP_FORLOOP => reg >= a && reg <= a + 3,
            OP_TFORLOOP => reg == a,
            _ => a == reg,
        };
        if writes {
            last = Some(pc);
        }
        match o {
            OP_JMP | OP_FORLOOP | OP_FORPREP => {
                let dest = pc as isize + 1 + arg_sbx(i);
                if (pc as isize) < dest && dest <= lastpc as isize {
                    pc = dest as usize - 1;
                }
            }
            // SETLIST's C in the next word.
            OP_SETLIST if arg_c(i) == 0 => pc += 1,
            _ => {}
        }
        pc += 1;
    }
    last
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
