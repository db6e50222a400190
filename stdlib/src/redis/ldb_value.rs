//! How the Lua debugger shows values (eval.c `ldbCatStackValueRec`, `sdscatrepr`): strings
//! quoted with C escapes, numbers as `%g`, arrays as `{1; 2}`, other tables as
//! `{["k"]=v; ...}` in `next` order, functions and the like as `"function@0x..."`.

use ferrous_vm::{Value, Vm};

/// lua5.1's LUA_MINSTACK / 2: nesting shown before the recursion notice.
const MAX_DEPTH: usize = 10;

/// Appends `v` as the debugger shows it.
pub fn cat_value(vm: &Vm, out: &mut Vec<u8>, v: Value) {
    cat_rec(vm, out, v, 0)
}

fn cat_rec(vm: &Vm, out: &mut Vec<u8>, v: Value, level: usize) {
    if level == MAX_DEPTH {
        out.extend_from_slice(b"<max recursion level reached! Nested table?>");
        return;
    }
    match v {
        Value::Str(_) => cat_repr(out, vm.str_bytes(v).unwrap_or_default()),
        Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Value::Num(n) => out.extend_from_slice(&fmt_g(n)),
        Value::Nil => out.extend_from_slice(b"nil"),
        Value::Table(t) => {
            let (mut array, mut full) = (Vec::new(), Vec::new());
            let mut is_array = true;
            let mut expected = 1.0;
            let mut key = Value::Nil;
            let Ok(tab) = vm.heap().table(t) else {
                out.extend_from_slice(b"{}");
                return;
            };
            while let Ok(Some((k, val))) = tab.next(key) {
                if is_array && !matches!(k, Value::Num(n) if n == expected) {
                    is_array = false;
                }
                cat_rec(vm, &mut array, val, level + 1);
                array.extend_from_slice(b"; ");
                full.push(b'[');
                cat_rec(vm, &mut full, k, level + 1);
                full.extend_from_slice(b"]=");
                cat_rec(vm, &mut full, val, level + 1);
                full.extend_from_slice(b"; ");
                expected += 1.0;
                key = k;
            }
            let body = if is_array { &mut array } else { &mut full };
            body.truncate(body.len().saturating_sub(2));
            out.push(b'{');
            out.extend_from_slice(body);
            out.push(b'}');
        }
        other => {
            let name = match other {
                Value::Func(_) => "function",
                Value::UserData(_) => "userdata",
                Value::Thread(_) => "thread",
                Value::LightUserData(_) => "light-userdata",
                _ => "unknown",
            };
            let id = other.identity() & 0xffff_ffff_ffff;
            out.extend_from_slice(format!("\"{name}@0x{id:08x}\"").as_bytes());
        }
    }
}

/// `%g`, as `sdscatprintf("%g")`.
pub fn fmt_g(x: f64) -> Vec<u8> {
    let mut out = Vec::new();
    let sp = crate::string::format::Spec::default();
    crate::string::format::format_float(&mut out, x, b'g', &sp);
    out
}

/// sds.c `sdscatrepr`: the bytes quoted, with C escapes for the unprintable.
pub fn cat_repr(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'\\' | b'"' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            7 => out.extend_from_slice(b"\\a"),
            8 => out.extend_from_slice(b"\\b"),
            0x20..=0x7e => out.push(c),
            _ => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_escapes_as_sdscatrepr() {
        let mut o = Vec::new();
        cat_repr(&mut o, b"a\"b\\\n\x01\xff");
        assert_eq!(o, b"\"a\\\"b\\\\\\n\\x01\\xff\"");
    }

    #[test]
    fn numbers_use_percent_g() {
        assert_eq!(fmt_g(1.0), b"1");
        assert_eq!(fmt_g(0.1), b"0.1");
        assert_eq!(fmt_g(1e20), b"1e+20");
        assert_eq!(fmt_g(123456789.0), b"1.23457e+08");
    }
}
