//! Lua 5.1 pattern matching (lstrlib.c semantics) without Rust recursion: the backtracking of
//! `*`, `+`, `-`, `?` is an explicit stack of choice points, and capture changes are undone
//! through a trail, so matching uses heap memory proportional to the work, never stack.

pub const MAX_CAPTURES: usize = 32;
const CAP_UNFINISHED: isize = -1;
const CAP_POSITION: isize = -2;

/// A capture: a byte range or a position (1-based when pushed to Lua).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    Range(usize, usize),
    Position(usize),
}

enum Choice {
    /// `x*`/`x+`: `count` items taken from `base`; on failure retry with one fewer.
    Greedy {
        base: usize,
        count: usize,
        next_p: usize,
        trail: usize,
    },
    /// `x?`: retry without consuming.
    Optional {
        s: usize,
        next_p: usize,
        trail: usize,
    },
    /// `x-`: retry after consuming one more item.
    Lazy {
        s: usize,
        item: usize,
        ep: usize,
        trail: usize,
    },
}

enum Undo {
    Opened,
    Closed(usize),
}

pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    caps: Vec<(usize, isize)>,
    trail: Vec<Undo>,
    /// Work done (matcher steps), reported to the VM's instruction budget.
    pub steps: u64,
}

fn class_matches(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_uppercase() { !res } else { res }
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        Matcher {
            src,
            pat,
            caps: Vec::new(),
            trail: Vec::new(),
            steps: 0,
        }
    }

    pub fn level(&self) -> usize {
        self.caps.len()
    }

    /// The end of the single-item class starting at `p` (lstrlib's classEnd).
    fn class_end(&self, mut p: usize) -> Result<usize, String> {
        let pat = self.pat;
        let c = pat[p];
        p += 1;
        if c == b'%' {
            if p >= pat.len() {
                return Err("malformed pattern (ends with '%')".into());
            }
            return Ok(p + 1);
        }
        if c == b'[' {
            if pat.get(p) == Some(&b'^') {
                p += 1;
            }
            loop {
                // look for a ']'
                if p >= pat.len() {
                    return Err("malformed pattern (missing ']')".into());
                }
                let cc = pat[p];
                p += 1;
                if cc == b'%' {
                    if p >= pat.len() {
                        return Err("malformed pattern (missing ']')".into());
                    }
                    p += 1;
                }
                if pat.get(p) == Some(&b']') {
                    return Ok(p + 1);
                }
                if p >= pat.len() {
                    return Err("malformed pattern (missing ']')".into());
                }
            }
        }
        Ok(p)
    }

    /// `[set]` membership; `p` at '[', `ec` at the closing ']'.
    fn match_bracket(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let pat = self.pat;
        let mut sig = true;
        if pat[p + 1] == b'^' {
            sig = false;
            p += 1;
        }
        p += 1;
        while p < ec {
            if pat[p] == b'%' {
                p += 1;
                if class_matches(c, pat[p]) {
                    return sig;
                }
                p += 1;
            } else if p + 2 < ec && pat[p + 1] == b'-' {
                if pat[p] <= c && c <= pat[p + 2] {
                    return sig;
                }
                p += 3;
            } else {
                if pat[p] == c {
                    return sig;
                }
                p += 1;
            }
        }
        !sig
    }

    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            b'%' => class_matches(c, self.pat[p + 1]),
            b'[' => self.match_bracket(c, p, ep - 1),
            pc => pc == c,
        }
    }

    fn undo_to(&mut self, len: usize) {
        while self.trail.len() > len {
            match self.trail.pop() {
                Some(Undo::Opened) => {
                    self.caps.pop();
                }
                Some(Undo::Closed(i)) => self.caps[i].1 = CAP_UNFINISHED,
                None => break,
            }
        }
    }

    /// Tries to match the pattern from `p0` at subject position `s0`; returns the match end.
    pub fn do_match(&mut self, s0: usize, p0: usize) -> Result<Option<usize>, String> {
        self.caps.clear();
        self.trail.clear();
        let mut stack: Vec<Choice> = Vec::new();
        let (mut s, mut p) = (s0, p0);
        let plen = self.pat.len();
        loop {
            self.steps += 1;
            let ok: bool = 'step: {
                if p >= plen {
                    return Ok(Some(s));
                }
                match self.pat[p] {
                    b'(' => {
                        if self.caps.len() >= MAX_CAPTURES {
                            return Err("too many captures".into());
                        }
                        if self.pat.get(p + 1) == Some(&b')') {
                            self.caps.push((s, CAP_POSITION));
                            p += 2;
                        } else {
                            self.caps.push((s, CAP_UNFINISHED));
                            p += 1;
                        }
                        self.trail.push(Undo::Opened);
                        true
                    }
                    b')' => {
                        let l = match self.caps.iter().rposition(|c| c.1 == CAP_UNFINISHED) {
                            Some(l) => l,
                            None => return Err("invalid pattern capture".into()),
                        };
                        self.caps[l].1 = (s - self.caps[l].0) as isize;
                        self.trail.push(Undo::Closed(l));
                        p += 1;
                        true
                    }
                    b'$' if p + 1 == plen => {
                        if s == self.src.len() {
                            return Ok(Some(s));
                        }
                        false
                    }
                    b'%' if self.pat.get(p + 1) == Some(&b'b') => {
                        if p + 3 >= plen {
                            return Err("unbalanced pattern".into());
                        }
                        let (open, close) = (self.pat[p + 2], self.pat[p + 3]);
                        if self.src.get(s) != Some(&open) {
                            break 'step false;
                        }
                        let mut depth = 1;
                        let mut q = s + 1;
                        while q < self.src.len() {
                            self.steps += 1;
                            let c = self.src[q];
                            if c == close {
                                depth -= 1;
                                if depth == 0 {
                                    s = q + 1;
                                    p += 4;
                                    break 'step true;
                                }
                            } else if c == open {
                                depth += 1;
                            }
                            q += 1;
                        }
                        false
                    }
                    b'%' if self.pat.get(p + 1) == Some(&b'f') => {
                        p += 2;
                        if self.pat.get(p) != Some(&b'[') {
                            return Err("missing '[' after '%f' in pattern".into());
                        }
                        let ep = self.class_end(p)?;
                        let prev = if s == 0 { 0 } else { self.src[s - 1] };
                        let cur = self.src.get(s).copied().unwrap_or(0);
                        if !self.match_bracket(prev, p, ep - 1)
                            && self.match_bracket(cur, p, ep - 1)
                        {
                            p = ep;
                            true
                        } else {
                            false
                        }
                    }
                    b'%' if self.pat.get(p + 1).is_some_and(|d| d.is_ascii_digit()) => {
                        let l = self.pat[p + 1] as isize - b'1' as isize;
                        if l < 0
                            || l as usize >= self.caps.len()
                            || self.caps[l as usize].1 == CAP_UNFINISHED
                        {
                            return Err("invalid capture index".into());
                        }
                        let (st, len) = self.caps[l as usize];
                        let len = if len == CAP_POSITION { 0 } else { len as usize };
                        if self.src.len() - s >= len
                            && self.src[st..st + len] == self.src[s..s + len]
                        {
                            s += len;
                            p += 2;
                            true
                        } else {
                            false
                        }
                    }
                    _ => {
                        let ep = self.class_end(p)?;
                        let m = self.single_match(s, p, ep);
                        match self.pat.get(ep) {
                            Some(b'?') => {
                                if m {
                                    stack.push(Choice::Optional {
                                        s,
                                        next_p: ep + 1,
                                        trail: self.trail.len(),
                                    });
                                    s += 1;
                                }
                                p = ep + 1;
                                true
                            }
                            Some(b'*') | Some(b'+') => {
                                let plus = self.pat[ep] == b'+';
                                if plus && !m {
                                    break 'step false;
                                }
                                let base = if plus { s + 1 } else { s };
                                let mut count = 0;
                                while self.single_match(base + count, p, ep) {
                                    count += 1;
                                }
                                self.steps += count as u64;
                                stack.push(Choice::Greedy {
                                    base,
                                    count,
                                    next_p: ep + 1,
                                    trail: self.trail.len(),
                                });
                                s = base + count;
                                p = ep + 1;
                                true
                            }
                            Some(b'-') => {
                                stack.push(Choice::Lazy {
                                    s,
                                    item: p,
                                    ep,
                                    trail: self.trail.len(),
                                });
                                p = ep + 1;
                                true
                            }
                            _ => {
                                if m {
                                    s += 1;
                                    p = ep;
                                    true
                                } else {
                                    false
                                }
                            }
                        }
                    }
                }
            };
            if ok {
                continue;
            }
            // Backtrack to the latest choice point with an alternative left.
            loop {
                self.steps += 1;
                match stack.pop() {
                    None => return Ok(None),
                    Some(Choice::Greedy {
                        base,
                        count,
                        next_p,
                        trail,
                    }) => {
                        if count == 0 {
                            continue;
                        }
                        self.undo_to(trail);
                        let count = count - 1;
                        stack.push(Choice::Greedy {
                            base,
                            count,
                            next_p,
                            trail,
                        });
                        s = base + count;
                        p = next_p;
                        break;
                    }
                    Some(Choice::Optional {
                        s: s2,
                        next_p,
                        trail,
                    }) => {
                        self.undo_to(trail);
                        s = s2;
                        p = next_p;
                        break;
                    }
                    Some(Choice::Lazy {
                        s: s2,
                        item,
                        ep,
                        trail,
                    }) => {
                        self.undo_to(trail);
                        if self.single_match(s2, item, ep) {
                            stack.push(Choice::Lazy {
                                s: s2 + 1,
                                item,
                                ep,
                                trail,
                            });
                            s = s2 + 1;
                            p = ep + 1;
                            break;
                        }
                    }
                }
            }
        }
    }

    /// Capture `i` of the last match `[s, e)`; with no captures, capture 0 is the whole match.
    pub fn capture(&self, i: usize, s: usize, e: usize) -> Result<Capture, String> {
        if i >= self.caps.len() {
            if i == 0 {
                return Ok(Capture::Range(s, e));
            }
            return Err("invalid capture index".into());
        }
        let (st, len) = self.caps[i];
        match len {
            CAP_UNFINISHED => Err("unfinished capture".into()),
            CAP_POSITION => Ok(Capture::Position(st + 1)),
            l => Ok(Capture::Range(st, st + l as usize)),
        }
    }

    /// All captures of the last match (the whole match when there are none), as
    /// lstrlib's push_captures with `wholeifnone`.
    pub fn captures(
        &self,
        s: usize,
        e: usize,
        whole_if_none: bool,
    ) -> Result<Vec<Capture>, String> {
        let n = if self.caps.is_empty() && whole_if_none {
            1
        } else {
            self.caps.len()
        };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }
}

/// Whether a pattern has no special characters (then `find` does a plain search).
pub fn is_plain(pat: &[u8]) -> bool {
    !pat.iter().any(|c| b"^$*+?.([%-".contains(c))
}

/// Plain substring search.
pub fn find_plain(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    if needle.len() > hay.len().saturating_sub(from) {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}
