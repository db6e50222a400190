//! `string.format` (lstrlib.c's str_format) with C printf semantics for every conversion,
//! built on Rust's correctly rounded float formatting.

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

fn pad(out: &mut Vec<u8>, body: &[u8], sp: &Spec, numeric: bool) {
    let len = body.len();
    if len >= sp.width {
        out.extend_from_slice(body);
        return;
    }
    let fill = sp.width - len;
    if sp.left {
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if sp.zero && numeric {
        // zeros go after the sign / 0x prefix
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
        out.extend_from_slice(&body[..k]);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(&body[k..]);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(body);
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
        let mut tmp = Vec::new();
        pad(&mut tmp, &[v as u8], &Spec { zero: false, ..*sp }, false);
        let end = tmp.iter().position(|&c| c == 0).unwrap_or(tmp.len());
        out.extend_from_slice(&tmp[..end]);
        return;
    }
    let (neg, mut digits) = match conv {
        b'd' | b'i' => (v < 0, v.unsigned_abs().to_string()),
        b'u' => (false, (v as u64).to_string()),
        b'o' => (false, format!("{:o}", v as u64)),
        b'x' => (false, format!("{:x}", v as u64)),
        _ => (false, format!("{:X}", v as u64)),
    };
    if let Some(p) = sp.prec {
        if p == 0 && v == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let mut body = String::new();
    if matches!(conv, b'd' | b'i') {
        body.push_str(sign_prefix(neg, sp));
    }
    if sp.alt {
        match conv {
            b'o' if !digits.starts_with('0') => body.push('0'),
            b'x' if v != 0 => body.push_str("0x"),
            b'X' if v != 0 => body.push_str("0X"),
            _ => {}
        }
    }
    body.push_str(&digits);
    let zero_ok = sp.prec.is_none();
    pad(
        out,
        body.as_bytes(),
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
    if !x.is_finite() {
        let t = if x.is_nan() { "nan" } else { "inf" };
        let t = if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        };
        let body = format!("{}{}", sign_prefix(x.is_sign_negative(), sp), t);
        pad(out, body.as_bytes(), &Spec { zero: false, ..*sp }, false);
        return;
    }
    let a = x.abs();
    let prec = sp.prec.unwrap_or(6);
    let digits = match conv.to_ascii_lowercase() {
        b'e' => fmt_e(a, prec, upper),
        b'f' => {
            let s = format!("{:.*}", prec, a);
            if sp.alt && prec == 0 {
                format!("{}.", s)
            } else {
                s
            }
        }
        _ => {
            let p = if prec == 0 { 1 } else { prec };
            let e = fmt_e(a, p - 1, false);
            let exp: i32 = e
                .split_once('e')
                .map(|(_, x)| x.parse().unwrap_or(0))
                .unwrap_or(0);
            let s = if exp < -4 || exp >= p as i32 {
                fmt_e(a, p - 1, upper)
            } else {
                format!("{:.*}", (p as i32 - 1 - exp) as usize, a)
            };
            if sp.alt { s } else { strip_zeros(&s) }
        }
    };
    // `#`: the result always has a decimal point.
    let digits = if sp.alt && !digits.contains('.') {
        match digits.find(['e', 'E']) {
            Some(k) => format!("{}.{}", &digits[..k], &digits[k..]),
            None => format!("{}.", digits),
        }
    } else {
        digits
    };
    let body = format!("{}{}", sign_prefix(neg, sp), digits);
    pad(out, body.as_bytes(), sp, true);
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
