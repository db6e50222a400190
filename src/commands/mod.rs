//! The module's commands, one file per family.

pub mod eval;
pub mod function;
pub mod script;

use crate::ffi::{Ctx, Replier};

/// Redis's arity error text for `name` (the built-in command's name, as clients know it).
#[cold]
#[inline(never)]
pub fn wrong_arity(out: &mut Replier, name: &str) {
    out.error_str(&format!(
        "ERR wrong number of arguments for '{name}' command"
    ));
}

/// `string2ll`: a strict decimal integer (no spaces, no `+`, no leading zeros).
pub fn parse_ll(b: &[u8]) -> Option<i64> {
    // string2ll: an optional '-', digits without a leading zero (but "0"), no "-0", in range.
    if b.is_empty() || b.len() > 20 {
        return None;
    }
    let (neg, digits) = match b.split_first()? {
        (b'-', d) => (true, d),
        _ => (false, b),
    };
    match digits {
        [] => return None,
        [b'0'] if !neg => return Some(0),
        [b'0', ..] => return None,
        _ => {}
    }
    // Accumulated negatively so that i64::MIN parses.
    let mut v: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_sub((c - b'0') as i64)?;
    }
    if neg { Some(v) } else { v.checked_neg() }
}

pub type Handler = fn(Ctx, &[&[u8]]);
