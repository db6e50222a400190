//! `string.format` (lstrlib.c's str_format) with C printf semantics for every conversion,
//! built on Rust's correctly rounded float formatting.

use std::io::Write;

/// A parsed conversion spec: flags, width, precision.
#[derive(Default, Clone, Copy)]
pub struct Spec {
    pub left: bool,
    pub plus: bool,
    pub space: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub prec: Option<usize>,
}

/// lstrlib's scanformat: flags (at most 5), width and precision of at most 2 digits each.
/// Returns the spec, the conversion byte and the bytes consumed after the '%'.
pub fn scan(fmt: &[u8]) -> Result<(Spec, u8, usize), String> {
    let mut sp = Spec::default();
    let mut i = 0;
    while i < fmt.len() && b"-+ #0".contains(&fmt[i]) {
        match fmt[i] {
            b'-' => sp.left = true,
            b'+' => sp.plus = true,
            b' ' => sp.space = true,
            b'#' => sp.alt = true,
            _ => sp.zero = true,
        }
        i += 1;
        if i > 5 {
            return Err("invalid format (repeated flags)".into());
        }
    }
    let mut digits = 0;
    while i < fmt.len() && fmt[i].is_ascii_digit() {
        sp.width = sp.width * 10 + (fmt[i] - b'0') as usize;
        i += 1;
        digits += 1;
    }
    if digits > 2 {
        return Err("invalid format (width or precision too long)".into());
    }
    if i < fmt.len() && fmt[i] == b'.' {
        i += 1;
        let mut p = 0;
        let mut d = 0;
        while i < fmt.len() && fmt[i].is_ascii_digit() {
            p = p * 10 + (fmt[i] - b'0') as usize;
            i += 1;
            d += 1;
        }
        if d > 2 {
            return Err("invalid format (width or precision too long)".into());
        }
        sp.prec = Some(p);
    }
    if i >= fmt.len() {
        return Err("invalid option '%' to 'format'".into());
    }
    Ok((sp, fmt[i], i + 1))
}

/// Appends `body` padded to the spec's width (spaces, or zeros after a sign / 0x prefix).
fn pad(out: &mut Vec<u8>, body: &[u8], sp: &Spec, numeric: bool) {
    let start = out.len();
    out.extend_from_slice(body);
    pad_tail(out, start, sp, numeric);
}

/// `pad` for a body already written at `out[start..]`: the fill goes in place.
fn pad_tail(out: &mut Vec<u8>, start: usize, sp: &Spec, numeric: bool) {
    let len = out.len() - start;
    if len >= sp.width {
        return;
    }
    let fill = sp.width - len;
    if sp.left {
        out.resize(out.len() + fill, b' ');
    } else if sp.zero && numeric {
        // zeros go after the sign / 0x prefix
        let body = &out[start..];
        let mut k = 0;
        if body
            .first()
            .is_some_and(|c| matches!(c, b'-' | b'+' | b' '))
        {
            k = 1;
        }
        if body.len() >= k + 2 && body[k] == b'0' && (body[k + 1] | 0x20) == b'x' {
            k += 2;
        }
        out.splice(start + k..start + k, std::iter::repeat_n(b'0', fill));
    } else {
        out.splice(start..start, std::iter::repeat_n(b' ', fill));
    }
}

fn sign_prefix(neg: bool, sp: &Spec) -> &'static str {
    if neg {
        "-"
    } else if sp.plus {
        "+"
    } else if sp.space {
        " "
    } else {
        ""
    }
}

/// C's `(unsigned long)d` as gcc compiles it on x86-64: below 2^63 (and NaN) a signed
/// conversion, else the conversion of `d - 2^63` with the top bit flipped; out-of-range
/// conversions give the "integer indefinite" 0x8000000000000000.
pub fn f64_to_u64(d: f64) -> u64 {
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if d >= TWO63 {
        (ferrous_vm::api::f64_to_i64(d - TWO63) as u64) ^ (1u64 << 63)
    } else {
        ferrous_vm::api::f64_to_i64(d) as u64
    }
}

/// `%d %i %u %c %o %x %X` of an already converted C `long`.
pub fn format_int(out: &mut Vec<u8>, v: i64, conv: u8, sp: &Spec) {
    if conv == b'c' {
        // lua5.1 appends sprintf's output up to its first NUL (strlen), so `%c` of 0 is cut.
        let start = out.len();
        out.push(v as u8);
        pad_tail(out, start, &Spec { zero: false, ..*sp }, false);
        let end = out[start..]
            .iter()
            .position(|&c| c == 0)
            .map_or(out.len(), |k| start + k);
        out.truncate(end);
        return;
    }
    // The body is written at the end of `out` and padded there: no buffer per conversion.
    let start = out.len();
    let neg = matches!(conv, b'd' | b'i') && v < 0;
    if matches!(conv, b'd' | b'i') {
        out.extend_from_slice(sign_prefix(neg, sp).as_bytes());
    }
    let prefix = out.len();
    let mut zero_prefixed = false;
    if sp.alt {
        match conv {
            b'o' => zero_prefixed = true,
            b'x' if v != 0 => out.extend_from_slice(b"0x"),
            b'X' if v != 0 => out.extend_from_slice(b"0X"),
            _ => {}
        }
    }
    let digits = out.len();
    let u = if matches!(conv, b'd' | b'i') {
        v.unsigned_abs()
    } else {
        v as u64
    };
    // Writing into a Vec cannot fail.
    let _ = match conv {
        b'd' | b'i' | b'u' => write!(out, "{u}"),
        b'o' => write!(out, "{u:o}"),
        b'x' => write!(out, "{u:x}"),
        _ => write!(out, "{u:X}"),
    };
    if let Some(p) = sp.prec {
        if p == 0 && v == 0 {
            out.truncate(digits);
        }
        let have = out.len() - digits;
        if have < p {
            out.splice(digits..digits, std::iter::repeat_n(b'0', p - have));
        }
    }
    // `%#o`: a leading zero unless the digits already start with one.
    if zero_prefixed && out.get(digits) != Some(&b'0') {
        out.insert(prefix, b'0');
    }
    let zero_ok = sp.prec.is_none();
    pad_tail(
        out,
        start,
        &Spec {
            zero: sp.zero && zero_ok,
            ..*sp
        },
        true,
    );
}

/// `%e` digits with a C exponent (`e+05`).
fn fmt_e(x: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let r = format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs());
    if upper { r.to_uppercase() } else { r }
}

/// The decimal exponent of `a` (> 0, finite) before any rounding: the shortest
/// representation that reads back as `a` never leaves its decade.
fn unrounded_exp(a: f64) -> i32 {
    let s = format!("{a:e}");
    s.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

fn strip_zeros(s: &str) -> String {
    if !s.contains('.') {
        return s.to_string();
    }
    let (m, e) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    let m = m.trim_end_matches('0').trim_end_matches('.');
    format!("{}{}", m, e)
}

/// `%e %E %f %F %g %G` as glibc printf.
pub fn format_float(out: &mut Vec<u8>, x: f64, conv: u8, sp: &Spec) {
    let upper = conv.is_ascii_uppercase();
    let neg = x.is_sign_negative();
    let start = out.len();
    out.extend_from_slice(sign_prefix(neg, sp).as_bytes());
    if !x.is_finite() {
        let t: &[u8] = match (x.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        out.extend_from_slice(t);
        pad_tail(out, start, &Spec { zero: false, ..*sp }, false);
        return;
    }
    let a = x.abs();
    let prec = sp.prec.unwrap_or(6);
    let digits = out.len();
    match conv.to_ascii_lowercase() {
        // The common case is written straight into `out` (writing into a Vec cannot fail).
        b'f' => {
            let _ = write!(out, "{a:.prec$}");
        }
        b'e' => out.extend_from_slice(fmt_e(a, prec, upper).as_bytes()),
        _ => {
            let p = if prec == 0 { 1 } else { prec };
            let e = fmt_e(a, p - 1, false);
            let exp: i32 = e
                .split_once('e')
                .map(|(_, x)| x.parse().unwrap_or(0))
                .unwrap_or(0);
            // glibc picks the style from the unrounded exponent: when rounding to `p` digits
            // carries into a new decade (`%#.2g` of 99.5), it switches to the exponent form
            // with the fraction digits the fixed form had (none): `1.e+02`, not `1.0e+02`.
            let carried = exp == p as i32 && p >= 2 && unrounded_exp(a) == exp - 1;
            let s = if carried {
                fmt_e(a, 0, upper)
            } else if exp < -4 || exp >= p as i32 {
                fmt_e(a, p - 1, upper)
            } else {
                format!("{:.*}", (p as i32 - 1 - exp) as usize, a)
            };
            let s = if sp.alt { s } else { strip_zeros(&s) };
            out.extend_from_slice(s.as_bytes());
        }
    }
    // `#`: the result always has a decimal point (before the exponent, if any).
    if sp.alt && !out[digits..].contains(&b'.') {
        match out[digits..].iter().position(|&c| matches!(c, b'e' | b'E')) {
            Some(k) => out.insert(digits + k, b'.'),
            None => out.push(b'.'),
        }
    }
    pad_tail(out, start, sp, true);
}

/// `%s`: precision truncates; lua5.1 keeps strings of 100+ bytes whole when no precision.
pub fn format_str(out: &mut Vec<u8>, s: &[u8], sp: &Spec) {
    if sp.prec.is_none() && s.len() >= 100 {
        out.extend_from_slice(s);
        return;
    }
    // Otherwise lua5.1 formats with sprintf, which stops at a NUL byte.
    let s = match s.iter().position(|&c| c == 0) {
        Some(z) => &s[..z],
        None => s,
    };
    let s = match sp.prec {
        Some(p) if p < s.len() => &s[..p],
        _ => s,
    };
    pad(out, s, &Spec { zero: false, ..*sp }, false);
}

/// `%q` (lstrlib's addquoted).
pub fn format_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            0 => out.extend_from_slice(b"\\000"),
            c => out.push(c),
        }
    }
    out.push(b'"');
}
