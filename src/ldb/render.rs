//! The debugger's log lines for Redis replies (eval.c `ldbRedisProtocolToHuman`) and the
//! maximum-length trimming of logged values (`ldbLogWithMaxLen`).

use ferrous_stdlib::redis::Reply;
use ferrous_stdlib::redis::ldb_value::cat_repr;

/// Appends `r` in the debugger's human form: `"bulk"`, `"+status"`, `"-error"`, integers,
/// `[a,b]`, `~(a,b)`, `{k => v}`, `#true`, `(double) 1.5`, `NULL` (RESP2) or `(null)`.
pub fn reply_to_human(out: &mut Vec<u8>, r: &Reply, resp3: bool) {
    match r {
        Reply::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Reply::Bulk(b) => cat_repr(out, b),
        Reply::Status(s) => {
            let mut t = b"+".to_vec();
            t.extend_from_slice(s);
            cat_repr(out, &t);
        }
        Reply::Error(e) => {
            // Command errors keep Redis's leading '-'.
            let mut t = Vec::new();
            if !e.starts_with(b"-") {
                t.push(b'-');
            }
            t.extend_from_slice(e);
            cat_repr(out, &t);
        }
        Reply::Null if resp3 => out.extend_from_slice(b"(null)"),
        Reply::Null => out.extend_from_slice(b"NULL"),
        Reply::Array(items) => list(out, b"[", b"]", items, resp3),
        Reply::Set(items) => list(out, b"~(", b")", items, resp3),
        Reply::Map(pairs) => {
            out.push(b'{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                reply_to_human(out, k, resp3);
                out.extend_from_slice(b" => ");
                reply_to_human(out, v, resp3);
                if i + 1 != pairs.len() {
                    out.push(b',');
                }
            }
            out.push(b'}');
        }
        Reply::Bool(b) => out.extend_from_slice(if *b { b"#true" } else { b"#false" }),
        Reply::Double(d) => {
            out.extend_from_slice(b"(double) ");
            out.extend_from_slice(&ferrous_stdlib::redis::fmt_g17(*d));
        }
        // The built-in's parser has no case for these: it shows nothing.
        Reply::BigNumber(_) | Reply::Verbatim(..) => {}
    }
}

fn list(out: &mut Vec<u8>, open: &[u8], close: &[u8], items: &[Reply], resp3: bool) {
    out.extend_from_slice(open);
    for (i, it) in items.iter().enumerate() {
        reply_to_human(out, it, resp3);
        if i + 1 != items.len() {
            out.push(b',');
        }
    }
    out.extend_from_slice(close);
}

/// `ldbLogWithMaxLen`: `entry` cut at `maxlen` bytes (0: no limit) with ` ...` appended;
/// returns whether it was cut.
pub fn trim(entry: &mut Vec<u8>, maxlen: usize) -> bool {
    if maxlen != 0 && entry.len() > maxlen {
        entry.truncate(maxlen);
        entry.extend_from_slice(b" ...");
        return true;
    }
    false
}

/// The hint the first trimmed line brings.
pub const HINT: &[u8] = b"<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.";

#[cfg(test)]
mod tests {
    use super::*;

    fn human(r: Reply) -> String {
        let mut o = Vec::new();
        reply_to_human(&mut o, &r, false);
        String::from_utf8(o).unwrap()
    }

    #[test]
    fn replies_read_as_the_built_in_shows_them() {
        assert_eq!(human(Reply::Status(b"OK".to_vec())), "\"+OK\"");
        assert_eq!(human(Reply::Int(-3)), "-3");
        assert_eq!(human(Reply::Null), "NULL");
        assert_eq!(
            human(Reply::Array(vec![
                Reply::Bulk(b"a".to_vec()),
                Reply::Int(1),
                Reply::Array(vec![])
            ])),
            "[\"a\",1,[]]"
        );
        assert_eq!(human(Reply::Error(b"-ERR no".to_vec())), "\"-ERR no\"");
    }

    #[test]
    fn trimming_appends_dots() {
        let mut e = b"0123456789".to_vec();
        assert!(trim(&mut e, 4));
        assert_eq!(e, b"0123 ...");
        let mut e = b"0123".to_vec();
        assert!(!trim(&mut e, 0));
    }
}
