//! `#!lua flags=...` script headers (script.c `evalExtractShebangFlags`, 7.0) and the
//! argument splitting they and library headers share.

use ferrous_stdlib::redis::flags::Flags;

/// sds.c `sdssplitargs`: splits a line into arguments with C-like quoting. `None` for
/// unbalanced quotes.
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = line.len();
    loop {
        while i < n && line[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n {
            return Some(out);
        }
        let mut cur = Vec::new();
        let (mut inq, mut insq) = (false, false);
        loop {
            if inq {
                if i >= n {
                    return None;
                }
                let c = line[i];
                if c == b'\\'
                    && i + 3 < n
                    && line[i + 1] == b'x'
                    && line[i + 2].is_ascii_hexdigit()
                    && line[i + 3].is_ascii_hexdigit()
                {
                    let h = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                    cur.push(h(line[i + 2]) * 16 + h(line[i + 3]));
                    i += 3;
                } else if c == b'\\' && i + 1 < n {
                    i += 1;
                    cur.push(match line[i] {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 8,
                        b'a' => 7,
                        c => c,
                    });
                } else if c == b'"' {
                    if i + 1 < n && !line[i + 1].is_ascii_whitespace() {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    cur.push(c);
                }
            } else if insq {
                if i >= n {
                    return None;
                }
                let c = line[i];
                if c == b'\\' && i + 1 < n && line[i + 1] == b'\'' {
                    i += 1;
                    cur.push(b'\'');
                } else if c == b'\'' {
                    if i + 1 < n && !line[i + 1].is_ascii_whitespace() {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    cur.push(c);
                }
            } else {
                if i >= n {
                    break;
                }
                match line[i] {
                    b' ' | b'\n' | b'\r' | b'\t' | 0 => {
                        i += 1;
                        break;
                    }
                    b'"' => inq = true,
                    b'\'' => insq = true,
                    c => cur.push(c),
                }
            }
            i += 1;
        }
        out.push(cur);
    }
}

/// Parses an EVAL script's shebang. Returns the flags and the length of the shebang line
/// (the body from there on, starting with its `\n`, is what gets compiled, so line numbers
/// are kept), or the error message (without the `ERR ` code).
pub fn eval_shebang(body: &[u8]) -> Result<(Flags, usize), String> {
    if !body.starts_with(b"#!") {
        return Ok((Flags::COMPAT, 0));
    }
    let Some(end) = body.iter().position(|&c| c == b'\n') else {
        return Err("Invalid script shebang".into());
    };
    // sdsnewlen + sdssplitargs: the C string functions stop at a NUL.
    let line = &body[..end];
    let line = &line[..line.iter().position(|&c| c == 0).unwrap_or(line.len())];
    let parts = match split_args(line) {
        Some(p) if !p.is_empty() => p,
        _ => return Err("Invalid engine in script shebang".into()),
    };
    if parts[0] != b"#!lua" {
        return Err(format!(
            "Unexpected engine in script shebang: {}",
            String::from_utf8_lossy(&parts[0])
        ));
    }
    let mut flags = Flags::default();
    for p in &parts[1..] {
        if let Some(list) = p.strip_prefix(b"flags=") {
            if list.is_empty() {
                continue;
            }
            for f in list.split(|&c| c == b',') {
                if !flags.set_by_name(f) {
                    return Err(format!(
                        "Unexpected flag in script shebang: {}",
                        String::from_utf8_lossy(f)
                    ));
                }
            }
        } else {
            return Err(format!(
                "Unknown lua shebang option: {}",
                String::from_utf8_lossy(p)
            ));
        }
    }
    Ok((flags, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs() {
        assert_eq!(eval_shebang(b"return 1").unwrap(), (Flags::COMPAT, 0));
        let (f, n) = eval_shebang(b"#!lua flags=no-writes,allow-oom\nreturn 1").unwrap();
        assert!(
            f.contains(Flags::NO_WRITES)
                && f.contains(Flags::ALLOW_OOM)
                && !f.contains(Flags::COMPAT)
        );
        assert_eq!(n, 31);
        assert_eq!(
            eval_shebang(b"#!lua flags=\nx").unwrap().0,
            Flags::default()
        );
        assert_eq!(
            eval_shebang(b"#!lua").unwrap_err(),
            "Invalid script shebang"
        );
        assert_eq!(
            eval_shebang(b"#!python\n").unwrap_err(),
            "Unexpected engine in script shebang: #!python"
        );
        assert_eq!(
            eval_shebang(b"#!lua flags=bogus\n").unwrap_err(),
            "Unexpected flag in script shebang: bogus"
        );
        assert_eq!(
            eval_shebang(b"#!lua foo=bar\n").unwrap_err(),
            "Unknown lua shebang option: foo=bar"
        );
        assert_eq!(
            split_args(b"#!lua name=\"my lib\" x").unwrap(),
            vec![b"#!lua".to_vec(), b"name=my lib".to_vec(), b"x".to_vec()]
        );
        assert!(split_args(b"a \"b").is_none());
    }
}
