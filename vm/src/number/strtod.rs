//! glibc's `strtod` in the C locale, the one number reader behind lua5.1's `luaO_str2d` (and so
//! `tonumber`, string arithmetic, the lexer) and Redis's lua-cjson: the same syntax, the same
//! correctly rounded value, and how many bytes it consumed.
//!
//! Syntax: leading C whitespace, an optional sign, then `inf`/`infinity`/`nan`/`nan(chars)`
//! (any case), a hexadecimal numeral (`0x`, hex digits with an optional `.` fraction, at least
//! one digit, an optional `p[sign]digits` exponent) or a decimal one (digits with an optional
//! `.` fraction, at least one digit, an optional `e[sign]digits` exponent). An exponent marker
//! without digits, and `0x` without a hex digit, are left unread (`0x` reads as `0`).

pub fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The value `strtod` returns and the number of bytes it consumed; 0 bytes means no conversion
/// (the value is then 0).
pub fn strtod(s: &[u8]) -> (f64, usize) {
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    let mut i = 0;
    while is_c_space(at(i)) {
        i += 1;
    }
    let neg = at(i) == b'-';
    if matches!(at(i), b'-' | b'+') {
        i += 1;
    }
    let sign = |v: f64| if neg { -v } else { v };
    if starts_with_ci(&s[i.min(s.len())..], b"inf") {
        let n = if starts_with_ci(&s[i..], b"infinity") {
            8
        } else {
            3
        };
        return (sign(f64::INFINITY), i + n);
    }
    if starts_with_ci(&s[i.min(s.len())..], b"nan") {
        let mut end = i + 3;
        if at(end) == b'(' {
            let mut k = end + 1;
            while at(k).is_ascii_alphanumeric() || at(k) == b'_' {
                k += 1;
            }
            if at(k) == b')' {
                end = k + 1;
            }
        }
        return (sign(f64::NAN), end);
    }
    if at(i) == b'0' && (at(i + 1) | 0x20) == b'x' {
        return match hex(s, i + 2) {
            Some((v, end)) => (sign(v), end),
            // No hex digit: strtod reads the `0` alone.
            None => (sign(0.0), i + 1),
        };
    }
    match decimal(s, i) {
        Some((v, end)) => (sign(v), end),
        None => (0.0, 0),
    }
}

fn starts_with_ci(s: &[u8], word: &[u8]) -> bool {
    s.len() >= word.len() && s[..word.len()].eq_ignore_ascii_case(word)
}

fn digits_end(s: &[u8], mut k: usize, ok: fn(&u8) -> bool) -> usize {
    while s.get(k).is_some_and(ok) {
        k += 1;
    }
    k
}

/// An exponent `[mark][sign]digits` at `k`: its end and value (saturated: far beyond any
/// double's range either way), or `k` and 0 when the digits are missing.
fn exponent(s: &[u8], k: usize, marks: [u8; 2]) -> (usize, i64) {
    if !s.get(k).is_some_and(|c| marks.contains(c)) {
        return (k, 0);
    }
    let mut j = k + 1;
    let neg = s.get(j) == Some(&b'-');
    if matches!(s.get(j), Some(b'-' | b'+')) {
        j += 1;
    }
    let end = digits_end(s, j, u8::is_ascii_digit);
    if end == j {
        return (k, 0);
    }
    let mut e: i64 = 0;
    for &c in &s[j..end] {
        e = (e * 10 + (c - b'0') as i64).min(1 << 24);
    }
    (end, if neg { -e } else { e })
}

/// Decimal digits with an optional fraction and exponent from `k`; Rust's parser gives the
/// same correctly rounded value as glibc for the exact text read.
fn decimal(s: &[u8], k: usize) -> Option<(f64, usize)> {
    let int_end = digits_end(s, k, u8::is_ascii_digit);
    let mut end = int_end;
    if s.get(end) == Some(&b'.') {
        end = digits_end(s, end + 1, u8::is_ascii_digit);
    }
    if end - k == (end > int_end) as usize {
        return None; // no digit at all ("" or ".")
    }
    let (end, _) = exponent(s, end, [b'e', b'E']);
    let text = std::str::from_utf8(&s[k..end]).ok()?;
    // Rust wants a digit before the exponent marker ("1.e5" is fine for C, not for Rust).
    let v = match text.find(['e', 'E']) {
        Some(p) if text[..p].ends_with('.') => format!("{}0{}", &text[..p], &text[p..]).parse(),
        _ => text.parse::<f64>(),
    };
    v.ok().map(|v| (v, end))
}

/// Hex digits with an optional fraction and `p` exponent from `k` (after `0x`), rounded to
/// nearest-even once, also into the subnormal range; None without any hex digit.
fn hex(s: &[u8], k: usize) -> Option<(f64, usize)> {
    let int_end = digits_end(s, k, u8::is_ascii_hexdigit);
    let mut end = int_end;
    let mut frac = int_end;
    if s.get(end) == Some(&b'.') {
        frac = end + 1;
        end = digits_end(s, frac, u8::is_ascii_hexdigit);
    }
    if int_end == k && end == frac {
        return None;
    }
    // The first 15 significant digits fit a u64 with room to spare; later ones only set a
    // sticky bit (and scale the value while still in the integer part).
    let mut m: u64 = 0;
    let mut e2: i64 = 0;
    let mut sticky = false;
    let digits = s[k..int_end].iter().map(|c| (c, false));
    let fraction = s[frac.min(end)..end].iter().map(|c| (c, true));
    for (c, in_frac) in digits.chain(fraction) {
        let d = (*c as char).to_digit(16).unwrap_or(0) as u64;
        if m >> 56 == 0 {
            m = m * 16 + d;
            if in_frac {
                e2 -= 4;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                e2 += 4;
            }
        }
    }
    let (end, p) = exponent(s, end, [b'p', b'P']);
    Some((round_binary(m, sticky, e2 + p), end))
}

/// `m * 2^e` (plus less than one unit of `m` when `sticky`) rounded to the nearest double,
/// ties to even, with gradual underflow.
fn round_binary(m: u64, sticky: bool, e: i64) -> f64 {
    if m == 0 {
        return 0.0;
    }
    let lz = m.leading_zeros() as i64;
    let m = m << lz;
    let e = e - lz; // value = m * 2^e, bit 63 of m set
    let msb = e + 63;
    if msb > 1023 {
        return f64::INFINITY;
    }
    // Bits of m to drop: 11 for a normal result, more below 2^-1022.
    let shift = if msb >= -1022 { 11 } else { 11 + (-1022 - msb) };
    if shift > 64 {
        return 0.0; // below half the smallest subnormal
    }
    let wide = m as u128;
    let mut q = (wide >> shift) as u64;
    let rem = wide & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    if rem > half || (rem == half && (sticky || q & 1 == 1)) {
        q += 1;
    }
    let scale = e + shift;
    if msb < -1022 {
        // scale is -1074: q counts subnormal units (q = 2^52 is the smallest normal).
        return f64::from_bits(q);
    }
    q as f64 * pow2(scale)
}

/// 2^e exactly, for e in -1074..=1023.
fn pow2(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

#[cfg(test)]
mod tests {
    use super::strtod;

    fn read(s: &str) -> (f64, usize) {
        strtod(s.as_bytes())
    }

    #[test]
    fn syntax_and_consumed_bytes() {
        assert_eq!(read("  12abc"), (12.0, 4));
        assert_eq!(read("1e"), (1.0, 1));
        assert_eq!(read("1e+"), (1.0, 1));
        assert_eq!(read("1.e2"), (100.0, 4));
        assert_eq!(read(".5"), (0.5, 2));
        assert_eq!(read("."), (0.0, 0));
        assert_eq!(read("-"), (0.0, 0));
        assert_eq!(read("0x"), (0.0, 1));
        assert_eq!(read("0xg"), (0.0, 1));
        assert_eq!(read("0x1p"), (1.0, 3));
        assert_eq!(read("0x1p4"), (16.0, 5));
        assert_eq!(read("0x10.8"), (16.5, 6));
        assert_eq!(read("0x.8"), (0.5, 4));
        assert_eq!(read("-0X1P-1"), (-0.5, 7));
        assert_eq!(read("InFiNiTy"), (f64::INFINITY, 8));
        assert_eq!(read("-infin"), (f64::NEG_INFINITY, 4));
        let (v, n) = read("nan(1_a)x");
        assert!(v.is_nan() && n == 8);
        let (v, n) = read("-NaN(1");
        assert!(v.is_nan() && v.is_sign_negative() && n == 4);
        assert_eq!(read("1e99999999999999999999"), (f64::INFINITY, 22));
        assert_eq!(read("1e-99999999999999999999"), (0.0, 23));
    }

    #[test]
    fn hex_rounding() {
        // Ties to even at the 53rd bit, and a sticky digit far beyond it.
        assert_eq!(read("0x20000000000001").0, 9007199254740992.0);
        assert_eq!(read("0x20000000000003").0, 9007199254740996.0);
        assert_eq!(
            read("0x200000000000010000000001").0,
            9007199254740994.0 * 2f64.powi(40)
        );
        assert_eq!(read("0x1p-1074").0, f64::from_bits(1));
        assert_eq!(read("0x1p-1075").0, 0.0);
        assert_eq!(read("0x1.8p-1075").0, f64::from_bits(1));
        assert_eq!(read("0x1.fffffffffffffp1023").0, f64::MAX);
        assert_eq!(read("0x1p1024").0, f64::INFINITY);
        assert_eq!(read("0x0.00000000000000000001p80").0, 1.0);
    }
}
