//! The module's commands, one file per family.

pub mod eval;
pub mod function;
pub mod script;

use crate::ffi::{Ctx, Replier};

/// Redis's arity error text for `name` (the built-in command's name, as clients know it).
pub fn wrong_arity(out: &mut Replier, name: &str) {
    out.error_str(&format!(
        "ERR wrong number of arguments for '{name}' command"
    ));
}

/// `string2ll`: a strict decimal integer (no spaces, no `+`, no leading zeros).
pub fn parse_ll(b: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(b).ok()?;
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty()
        || !digits.bytes().all(|c| c.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
        || (s.starts_with('-') && digits == "0")
    {
        return None;
    }
    s.parse().ok()
}

pub type Handler = fn(Ctx, &[&[u8]]);
