//! Lua-exact number formatting and parsing (`%.14g`, strtod-like conversion).
//! Interim implementation; the full printf-compatible formatter lives in `format.rs`.

pub mod strtod;

use strtod::is_c_space as is_space;

/// lua5.1's `tostring` of a number: `%.14g`.
pub fn fmt_number(x: f64) -> String {
    let mut v = Vec::new();
    write_number(&mut v, x);
    String::from_utf8(v).unwrap_or_default()
}

pub fn write_number(buf: &mut Vec<u8>, x: f64) {
    use std::io::Write;
    if x.is_nan() {
        buf.extend_from_slice(if x.is_sign_negative() {
            b"-nan"
        } else {
            b"nan"
        });
        return;
    }
    if x.is_infinite() {
        buf.extend_from_slice(if x < 0.0 { b"-inf" } else { b"inf" });
        return;
    }
    if x == 0.0 {
        buf.extend_from_slice(if x.is_sign_negative() { b"-0" } else { b"0" });
        return;
    }
    if x.fract() == 0.0 && x.abs() < 1e14 {
        let _ = write!(buf, "{}", x as i64);
        return;
    }
    let e = format!("{:.13e}", x);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..14).contains(&exp) {
        let m = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.')
        } else {
            mant
        };
        let _ = write!(
            buf,
            "{}e{}{:02}",
            m,
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
    } else {
        let s = format!("{:.*}", (13 - exp) as usize, x);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        buf.extend_from_slice(s.as_bytes());
    }
}

/// String → number as lua5.1's `luaO_str2d` on glibc: `strtod` over the C string (an
/// embedded NUL ends it), then only whitespace may follow. (Its `strtoul` fallback for a
/// stop at `x` never accepts more than glibc's hex-reading strtod, so it has no counterpart.)
pub fn str_to_number(s: &[u8]) -> Option<f64> {
    let s = c_string(s);
    let (v, n) = strtod::strtod(s);
    (n > 0 && s[n..].iter().all(|&c| is_space(c))).then_some(v)
}

/// The bytes a C function sees of a Lua string: up to the first NUL.
pub fn c_string(s: &[u8]) -> &[u8] {
    match s.iter().position(|&c| c == 0) {
        Some(z) => &s[..z],
        None => s,
    }
}

/// `tonumber(s, base)` for bases 2–36, as lbaselib.c (strtoul over the C string, trailing
/// spaces allowed).
pub fn str_to_number_base(s: &[u8], base: u32) -> Option<f64> {
    let s = c_string(s);
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        neg = s[i] == b'-';
        i += 1;
    }
    if base == 16 && i + 1 < s.len() && s[i] == b'0' && (s[i + 1] | 0x20) == b'x' {
        i += 2;
    }
    let start = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(36) else {
            break;
        };
        if d >= base {
            break;
        }
        match v
            .checked_mul(base as u64)
            .and_then(|x| x.checked_add(d as u64))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    let v = if overflow {
        u64::MAX
    } else if neg {
        v.wrapping_neg()
    } else {
        v
    };
    Some(v as f64)
}
