//! Redis's glob matcher (FUNCTION LIST LIBRARYNAME's pattern).

/// util.c `stringmatchlen` (glob-style: `*`, `?`, `[...]` with `^` and ranges, `\`
/// escapes), iterative for `*` runs but recursive per `*` like Redis's (bounded by the
/// pattern's length).
pub fn glob_match(pattern: &[u8], string: &[u8], nocase: bool) -> bool {
    fn eq(a: u8, b: u8, nocase: bool) -> bool {
        if nocase {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    }
    fn m(p: &[u8], s: &[u8], nocase: bool, budget: &mut u32) -> bool {
        let (mut p, mut s) = (p, s);
        *budget = budget.saturating_sub(1);
        if *budget == 0 {
            return false;
        }
        while !p.is_empty() && !s.is_empty() {
            match p[0] {
                b'*' => {
                    while p.len() > 1 && p[1] == b'*' {
                        p = &p[1..];
                    }
                    if p.len() == 1 {
                        return true;
                    }
                    let mut rest = s;
                    loop {
                        if m(&p[1..], rest, nocase, budget) {
                            return true;
                        }
                        if rest.is_empty() || *budget == 0 {
                            return false;
                        }
                        rest = &rest[1..];
                    }
                }
                b'?' => s = &s[1..],
                b'[' => {
                    p = &p[1..];
                    let not = p.first() == Some(&b'^');
                    if not {
                        p = &p[1..];
                    }
                    let mut matched = false;
                    loop {
                        if p.is_empty() {
                            break;
                        }
                        if p[0] == b'\\' && p.len() >= 2 {
                            p = &p[1..];
                            if p[0] == s[0] {
                                matched = true;
                            }
                        } else if p[0] == b']' {
                            break;
                        } else if p.len() >= 3 && p[1] == b'-' {
                            let (mut start, mut end) = (p[0], p[2]);
                            if start > end {
                                std::mem::swap(&mut start, &mut end);
                            }
                            let c = if nocase {
                                s[0].to_ascii_lowercase()
                            } else {
                                s[0]
                            };
                            let (st, en) = if nocase {
                                (start.to_ascii_lowercase(), end.to_ascii_lowercase())
                            } else {
                                (start, end)
                            };
                            p = &p[2..];
                            if c >= st && c <= en {
                                matched = true;
                            }
                        } else if eq(p[0], s[0], nocase) {
                            matched = true;
                        }
                        p = &p[1..];
                    }
                    if p.is_empty() {
                        // Unclosed class: Redis steps back onto the last byte.
                        p = &[];
                        if not {
                            matched = !matched;
                        }
                        if !matched {
                            return false;
                        }
                        s = &s[1..];
                        continue;
                    }
                    if not {
                        matched = !matched;
                    }
                    if !matched {
                        return false;
                    }
                    s = &s[1..];
                }
                b'\\' if p.len() >= 2 => {
                    p = &p[1..];
                    if !eq(p[0], s[0], nocase) {
                        return false;
                    }
                    s = &s[1..];
                }
                c => {
                    if !eq(c, s[0], nocase) {
                        return false;
                    }
                    s = &s[1..];
                }
            }
            p = &p[1..];
            if s.is_empty() {
                while p.first() == Some(&b'*') {
                    p = &p[1..];
                }
                break;
            }
        }
        p.is_empty() && s.is_empty()
    }
    let mut budget = 100_000;
    m(pattern, string, nocase, &mut budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match(b"library*", b"library1", true));
        assert!(!glob_match(b"library*", b"lib1", true));
        assert!(glob_match(b"LIB?", b"lib1", true));
        assert!(!glob_match(b"LIB?", b"lib1", false));
        assert!(glob_match(b"l[a-z]b*", b"lib_x", false));
        assert!(glob_match(b"l[^a]b", b"lib", false));
        assert!(!glob_match(b"*", b"", false)); // as Redis: the loop never runs
        assert!(glob_match(b"a\\*", b"a*", false));
        assert!(!glob_match(
            b"a*b*c*d*e*f*g*h*z",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            false
        ));
    }
}
