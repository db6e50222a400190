//! Reading a `redis.call` reply from its RESP text (`RedisModule_CallReplyProto`) instead of
//! through the call-reply API: asking a reply its type makes Redis parse the whole text into
//! reply objects first. Only top-level scalars are read here (most replies: `+OK`, `:1`,
//! `$<bulk>`, errors, nulls); anything else returns None and the caller walks the reply.

use ferrous_stdlib::redis::Reply;

/// The reply `proto` holds when it is one scalar, exactly as the call-reply walk would
/// convert it (`convert_reply` in ffi.rs); None for aggregates, RESP3 types other than null,
/// or anything unexpected.
pub fn scalar(proto: &[u8]) -> Option<Reply> {
    if let [b':', body @ .., b'\r', b'\n'] = proto {
        // The commonest reply (INCR, EXISTS, DEL...): the whole line is known, so the digits
        // are read without looking for its end.
        return int_body(body).map(Reply::Int);
    }
    let (&kind, rest) = proto.split_first()?;
    match kind {
        // The common replies first, read in one pass (no search for the line's end).
        b':' => {
            let (v, after) = int_line(rest)?;
            after.is_empty().then_some(Reply::Int(v))
        }
        b'$' => {
            let (n, after) = int_line(rest)?;
            if n == -1 {
                return after.is_empty().then_some(Reply::Null);
            }
            let n = usize::try_from(n).ok()?;
            (after.len() == n.checked_add(2)? && after.ends_with(b"\r\n"))
                .then(|| Reply::Bulk(after[..n].to_vec()))
        }
        b'+' | b'-' | b'_' => {
            let line_end = crlf(rest)?;
            let line = &rest[..line_end];
            if line_end + 2 != rest.len() {
                return None;
            }
            match kind {
                b'+' => Some(Reply::Status(line.to_vec())),
                b'-' => {
                    let mut e = Vec::with_capacity(line.len() + 1);
                    e.push(b'-');
                    e.extend_from_slice(line);
                    Some(Reply::Error(e))
                }
                _ => line.is_empty().then_some(Reply::Null),
            }
        }
        _ => None,
    }
}

/// The position of the first `\r\n` (a plain loop: `windows(2).position` costs twice as
/// much on these short lines).
fn crlf(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\r' && b[i + 1] == b'\n' {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `-?[0-9]{1,19}` exactly, as an i64 (None past i64::MAX, i64::MIN included, as
/// `int_line`).
#[inline(always)]
pub(crate) fn int_body(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b {
        [b'-', d @ ..] => (true, d),
        d => (false, d),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u64;
    }
    if v > i64::MAX as u64 {
        return None;
    }
    Some(if neg { -(v as i64) } else { v as i64 })
}

/// A RESP integer line at the start of `b` (`-?[0-9]{1,19}\r\n`, as Redis writes them): the
/// value and what follows the line; None on anything else, i64::MIN included (the positive
/// accumulator overflows; the call-reply walk reads it).
fn int_line(b: &[u8]) -> Option<(i64, &[u8])> {
    let neg = b.first() == Some(&b'-');
    let start = neg as usize;
    let mut i = start;
    // 19 digits fit a u64 without overflow: one multiply-add per digit, the digit count and
    // the range checked once at the end (longer runs wrap, and are refused by the count).
    let mut v: u64 = 0;
    while let Some(&c) = b.get(i) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v.wrapping_mul(10).wrapping_add(d as u64);
        i += 1;
    }
    if i == start || i - start > 19 || v > i64::MAX as u64 || b.get(i..i + 2)? != b"\r\n" {
        return None;
    }
    let v = v as i64;
    Some((if neg { -v } else { v }, &b[i + 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_as_the_reply_walk_does() {
        assert_eq!(scalar(b"+OK\r\n"), Some(Reply::Status(b"OK".to_vec())));
        assert_eq!(
            scalar(b"-ERR x y\r\n"),
            Some(Reply::Error(b"-ERR x y".to_vec()))
        );
        assert_eq!(scalar(b":-42\r\n"), Some(Reply::Int(-42)));
        assert_eq!(
            scalar(b":-9223372036854775808\r\n"),
            None,
            "i64::MIN overflows the positive accumulator: the walk reads it"
        );
        assert_eq!(
            scalar(b":9223372036854775807\r\n"),
            Some(Reply::Int(i64::MAX))
        );
        assert_eq!(scalar(b":9223372036854775808\r\n"), None, "past i64::MAX");
        assert_eq!(scalar(b":12345678901234567890\r\n"), None, "20 digits");
        assert_eq!(scalar(b":0\r\n"), Some(Reply::Int(0)));
        assert_eq!(scalar(b"$-1\r\n"), Some(Reply::Null));
        assert_eq!(scalar(b"_\r\n"), Some(Reply::Null));
        assert_eq!(scalar(b"$0\r\n\r\n"), Some(Reply::Bulk(Vec::new())));
        assert_eq!(
            scalar(b"$4\r\na\r\nb\r\n"),
            Some(Reply::Bulk(b"a\r\nb".to_vec()))
        );
        for other in [
            &b"*1\r\n:1\r\n"[..],
            b"%1\r\n+a\r\n:1\r\n",
            b",1.5\r\n",
            b"#t\r\n",
            b"(1\r\n",
            b"=7\r\ntxt:abc\r\n",
            b"$5\r\nab\r\n",
            b"+OK",
            b"",
            b":12",
            b":1\r\n:2\r\n",
            b":1x\r\n",
            b":-\r\n",
            b"$-1\r\nx",
            b"+a\r\nb\r\n",
            b"_x\r\n",
            b"$-2\r\n",
        ] {
            assert_eq!(scalar(other), None, "{other:?}");
        }
    }
}
