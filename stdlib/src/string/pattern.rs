//! Lua 5.1 pattern matching (lstrlib.c, 5.1.5) as a pure library over byte slices.
//!
//! # Shape
//!
//! lstrlib's `match` recurses for every `*`/`-`/`?` backtracking point, every capture and
//! every tail; here the same search is an explicit state machine. Each C activation that waits
//! for the result of a sub-match becomes a [`Frame`] on a heap `Vec`: on failure the frame does
//! what the C code does after its recursive call returned NULL (retry with one repetition less
//! for `*`/`+`, one more for `-`, the "skip" branch of `?`, undo a capture open/close); on
//! success nothing is left to do, because every C caller just propagates a successful result.
//! Along one path the pattern index only increases, so the frame stack never holds more frames
//! than the pattern has items, and the Rust stack use is constant whatever the subject or the
//! pattern.
//!
//! The pattern is interpreted directly, item by item, exactly as the C code reads it, so
//! malformed patterns raise their errors at the same moment lua5.1 does (lazily: `("abc"):find
//! "x%"` is `nil`, the trailing `%` is never reached), and the first match found, and its
//! captures, are those of lua5.1.
//!
//! lua5.1 passes patterns as C strings: the matcher sees the pattern up to its first NUL byte
//! (`%z` is the way to match a NUL). The plain-find path of `string.find` uses the whole pattern
//! (`lmemfind` gets the full length) but the special-character test (`strpbrk`) stops at the
//! NUL; [`Search::find`] does both. A replacement string is used with its full length.
//!
//! # Budget and interruption
//!
//! Every unit of matcher work (one step of the state machine; 16 bytes of a class scan, `%b`
//! scan or skipped retries; 64 bytes of a back-reference comparison or of the plain search) is
//! charged to a [`Budget`]: `used` grows, `remaining` shrinks. When a step finds
//! `remaining == 0` the search stops with [`PatternError::Interrupted`] and **keeps its
//! state**: the executor may run its hook (which may raise an error, or refill the budget) and
//! then call `run`/`next` again with the same subject and pattern bytes and a refilled budget;
//! the search continues where it stopped, no work is lost or repeated (the total charged is the
//! same however often it is interrupted). The search objects ([`Search`], [`Gmatch`], [`Gsub`])
//! own no borrow, so they can live in a continuation while the VM runs. Work between two checks
//! is bounded by the subject length (one scan), so interruption is prompt. A `Malformed` error,
//! on the other hand, ends the search for good (lua5.1 raises it).
//!
//! # Shortcuts
//!
//! Two shortcuts skip attempts that lstrlib makes but that fail at once, without any other
//! effect, so results and errors are unchanged (only less work is charged): an unanchored
//! search whose first item must match one byte (a single-char class with no quantifier or
//! `+`) scans for the next byte it matches instead of trying every start (`first_class`);
//! and the retries of a `*`/`+`/`-` item skip the positions where the next item that consumes
//! a byte (past capture brackets) cannot match (`lookahead`). Class scans look the class up
//! once, not per byte (`Pat::scan`).
//!
//! # Differences from lua5.1
//!
//! None in results. lua5.1 can fail with "stack overflow" (C recursion, `LUAI_MAXCCALLS` is
//! not involved: a real C stack overflow crashes it) on huge patterns; here those succeed.

use std::fmt;

/// LUA_MAXCAPTURES.
pub const MAX_CAPTURES: usize = 32;

/// lstrlib's SPECIALS: a pattern (up to its first NUL) without any of these is searched plainly
/// by `string.find`.
pub const SPECIALS: &[u8] = b"^$*+?.([%-";

const CAP_UNFINISHED: isize = -1;
const CAP_POSITION: isize = -2;

const L_ESC: u8 = b'%';

// ---------------------------------------------------------------------------------------------
// Errors and budget
// ---------------------------------------------------------------------------------------------

/// Why a search stopped without an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// A lua5.1 pattern error; the string is lua5.1's exact message (for example
    /// `malformed pattern (missing ']')`), to be raised with `luaL_error` semantics (no position
    /// prefix: the error comes from a C function).
    Malformed(String),
    /// The budget ran out. The search object kept its state: call it again (same subject and
    /// pattern) with a refilled budget to continue.
    Interrupted,
}

impl PatternError {
    fn malformed(msg: &str) -> PatternError {
        PatternError::Malformed(msg.to_string())
    }

    /// The message lua5.1 raises (`Interrupted` has none of its own; it gets a descriptive text).
    pub fn message(&self) -> &str {
        match self {
            PatternError::Malformed(m) => m,
            PatternError::Interrupted => "pattern matching interrupted",
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for PatternError {}

/// Work accounting for the matcher. `remaining` is decremented (saturating) and `used`
/// incremented by every unit of work; a search step that finds `remaining == 0` returns
/// [`PatternError::Interrupted`] with its state kept, so it can be resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub remaining: u64,
    pub used: u64,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget {
            remaining: limit,
            used: 0,
        }
    }

    pub fn unlimited() -> Budget {
        Budget::new(u64::MAX)
    }

    #[inline]
    fn charge(&mut self, k: u64) {
        self.used = self.used.saturating_add(k);
        self.remaining = self.remaining.saturating_sub(k);
    }

    #[inline]
    fn check(&self) -> Result<(), PatternError> {
        if self.remaining == 0 {
            Err(PatternError::Interrupted)
        } else {
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Captures and matches
// ---------------------------------------------------------------------------------------------

/// A finished capture: a byte range of the subject, or a position capture `()` holding a
/// 0-based byte offset (Lua sees `offset + 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    Range(usize, usize),
    Position(usize),
}

/// A capture's Lua value: a substring of the subject, or a 1-based position (a Lua number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapValue<'s> {
    Str(&'s [u8]),
    Pos(usize),
}

impl Capture {
    /// The Lua value of this capture over `subject`.
    pub fn value<'s>(&self, subject: &'s [u8]) -> CapValue<'s> {
        match *self {
            Capture::Range(a, b) => CapValue::Str(&subject[a..b]),
            Capture::Position(p) => CapValue::Pos(p + 1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RawCap {
    init: usize,
    len: isize,
}

/// A successful match: `subject[start..end]`, plus the capture state when the pattern ended
/// (which may hold unfinished captures: lua5.1 reports "unfinished capture" only when such a
/// capture's value is asked for).
#[derive(Clone, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    /// The captures the pattern opened (`ms->capture[0..ms->level]`).
    caps: Vec<RawCap>,
}

impl fmt::Debug for Match {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Match")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("caps", &self.caps)
            .finish()
    }
}

impl Match {
    /// The number of captures the pattern opened (`ms->level`).
    pub fn num_captures(&self) -> usize {
        self.caps.len()
    }

    /// lstrlib's `push_onecapture(ms, i, s, e)` for this match (0-based `i`): beyond the
    /// pattern's captures, index 0 is the whole match and any other index is "invalid capture
    /// index"; an unclosed capture is "unfinished capture".
    pub fn capture(&self, i: usize) -> Result<Capture, PatternError> {
        if i >= self.caps.len() {
            if i == 0 {
                Ok(Capture::Range(self.start, self.end))
            } else {
                Err(PatternError::malformed("invalid capture index"))
            }
        } else {
            let c = self.caps[i];
            match c.len {
                CAP_UNFINISHED => Err(PatternError::malformed("unfinished capture")),
                CAP_POSITION => Ok(Capture::Position(c.init)),
                l => Ok(Capture::Range(c.init, c.init + l as usize)),
            }
        }
    }

    /// What `string.match`, `string.gmatch` and a `gsub` function replacement get
    /// (`push_captures(ms, s, e)`): the captures, or the whole match when there are none.
    pub fn match_captures(&self) -> Result<Vec<Capture>, PatternError> {
        let n = self.caps.len().max(1);
        (0..n).map(|i| self.capture(i)).collect()
    }

    /// What `string.find` returns after the two positions (`push_captures(ms, NULL, 0)`): only
    /// the pattern's captures (none for a plain find).
    pub fn find_captures(&self) -> Result<Vec<Capture>, PatternError> {
        (0..self.caps.len()).map(|i| self.capture(i)).collect()
    }

    /// The first "capture" a `gsub` table replacement indexes with (`push_onecapture(ms, 0)`).
    pub fn first_capture(&self) -> Result<Capture, PatternError> {
        self.capture(0)
    }

    /// [`Match::match_captures`] as Lua values over `subject`.
    pub fn match_values<'s>(&self, subject: &'s [u8]) -> Result<Vec<CapValue<'s>>, PatternError> {
        Ok(self
            .match_captures()?
            .iter()
            .map(|c| c.value(subject))
            .collect())
    }

    /// [`Match::find_captures`] as Lua values over `subject`.
    pub fn find_values<'s>(&self, subject: &'s [u8]) -> Result<Vec<CapValue<'s>>, PatternError> {
        Ok(self
            .find_captures()?
            .iter()
            .map(|c| c.value(subject))
            .collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Character classes (C locale)
// ---------------------------------------------------------------------------------------------

/// lstrlib's `match_class` with the C locale's `<ctype.h>` (only ASCII is classified).
fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c < 0x20 || c == 0x7f,
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
    if cl.is_ascii_lowercase() { res } else { !res }
}

/// The pattern as lua5.1 sees it: bytes up to the first NUL, and 0 past the end.
#[derive(Clone, Copy)]
struct Pat<'p> {
    b: &'p [u8],
}

impl<'p> Pat<'p> {
    fn new(pattern: &'p [u8]) -> Pat<'p> {
        let end = pattern
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(pattern.len());
        Pat { b: &pattern[..end] }
    }

    #[inline]
    fn at(&self, i: usize) -> u8 {
        match self.b.get(i) {
            Some(&c) => c,
            None => 0,
        }
    }

    /// lstrlib's `classEnd`: the index just past the single-char class starting at `p`.
    fn class_end(&self, mut p: usize) -> Result<usize, PatternError> {
        let c = self.at(p);
        p += 1;
        match c {
            L_ESC => {
                if self.at(p) == 0 {
                    return Err(PatternError::malformed("malformed pattern (ends with '%')"));
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.at(p) == b'^' {
                    p += 1;
                }
                loop {
                    // look for a ']'
                    if self.at(p) == 0 {
                        return Err(PatternError::malformed("malformed pattern (missing ']')"));
                    }
                    let cc = self.at(p);
                    p += 1;
                    if cc == L_ESC && self.at(p) != 0 {
                        p += 1; // skip escapes (e.g. '%]')
                    }
                    if self.at(p) == b']' {
                        break;
                    }
                }
                Ok(p + 1)
            }
            _ => Ok(p),
        }
    }

    /// lstrlib's `matchbracketclass`: `p` at the '[', `ec` at the closing ']'.
    fn match_bracket(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut sig = true;
        if self.at(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                break;
            }
            let pc = self.at(p);
            if pc == L_ESC {
                p += 1;
                if match_class(c, self.at(p)) {
                    return sig;
                }
            } else if self.at(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if pc <= c && c <= self.at(p) {
                    return sig;
                }
            } else if pc == c {
                return sig;
            }
        }
        !sig
    }

    /// The index of the first byte of `bytes` whose [`Pat::single_match`] against the class
    /// `p..ep` is `want` (`bytes.len()` if none): `single_match` in a loop, with the class
    /// looked at once.
    fn scan(&self, bytes: &[u8], p: usize, ep: usize, want: bool) -> usize {
        #[inline(always)]
        fn first(bytes: &[u8], f: impl Fn(u8) -> bool) -> usize {
            bytes.iter().position(|&c| f(c)).unwrap_or(bytes.len())
        }
        match self.at(p) {
            b'.' => {
                if want {
                    0
                } else {
                    bytes.len()
                }
            }
            L_ESC => {
                let cl = self.at(p + 1);
                // an upper-case class letter is the complement
                let w = want == cl.is_ascii_lowercase();
                match cl.to_ascii_lowercase() {
                    b'a' => first(bytes, |c| c.is_ascii_alphabetic() == w),
                    b'c' => first(bytes, |c| (c < 0x20 || c == 0x7f) == w),
                    b'd' => first(bytes, |c| c.is_ascii_digit() == w),
                    b'l' => first(bytes, |c| c.is_ascii_lowercase() == w),
                    b'p' => first(bytes, |c| c.is_ascii_punctuation() == w),
                    b's' => first(bytes, |c| {
                        matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) == w
                    }),
                    b'u' => first(bytes, |c| c.is_ascii_uppercase() == w),
                    b'w' => first(bytes, |c| c.is_ascii_alphanumeric() == w),
                    b'x' => first(bytes, |c| c.is_ascii_hexdigit() == w),
                    b'z' => first(bytes, |c| (c == 0) == w),
                    _ => first(bytes, |c| (c == cl) == want),
                }
            }
            b'[' => first(bytes, |c| self.match_bracket(c, p, ep - 1) == want),
            pc => first(bytes, |c| (c == pc) == want),
        }
    }

    /// The index of the last byte of `bytes` that matches the class `p..ep`.
    fn rscan(&self, bytes: &[u8], p: usize, ep: usize) -> Option<usize> {
        match self.at(p) {
            L_ESC | b'[' => bytes.iter().rposition(|&c| self.single_match(c, p, ep)),
            b'.' => bytes.len().checked_sub(1),
            pc => bytes.iter().rposition(|&c| c == pc),
        }
    }

    /// lstrlib's `singlematch`: does subject byte `c` match the class `p..ep`?
    #[inline]
    fn single_match(&self, c: u8, p: usize, ep: usize) -> bool {
        match self.at(p) {
            b'.' => true,
            L_ESC => match_class(c, self.at(p + 1)),
            b'[' => self.match_bracket(c, p, ep - 1),
            pc => pc == c,
        }
    }
}

/// The single-char class at `p` (its end) when it is a pattern item that must match one subject
/// byte: not a capture, `%b`, `%f`, back-reference, final `$` or the pattern's end, and with no
/// quantifier or `+`. `None` also when the class is malformed: the search raises that error
/// when it gets there, as lua5.1 does.
fn first_class(pat: Pat<'_>, p: usize) -> Option<(usize, usize)> {
    match pat.at(p) {
        0 | b'(' | b')' | b'.' => return None,
        b'$' if pat.at(p + 1) == 0 => return None,
        L_ESC if matches!(pat.at(p + 1), b'b' | b'f' | b'0'..=b'9') => return None,
        _ => {}
    }
    let ep = pat.class_end(p).ok()?;
    match pat.at(ep) {
        b'?' | b'*' | b'-' => None,
        _ => Some((p, ep)),
    }
}

/// For a retry point whose rest of the pattern starts at `q`: the class that must match the
/// byte at the retry position, past any capture opens and closes (they consume nothing), as
/// `(class start, class end)`, or `(0, 0)` if there is none (see [`first_class`]). A retry
/// where that class fails would fail at once, with no other effect: the first try at the
/// retry point already went through the same capture items with the same capture state, so
/// any error they raise has been raised.
fn lookahead(pat: Pat<'_>, mut q: usize) -> (usize, usize) {
    while matches!(pat.at(q), b'(' | b')') {
        q += 1;
    }
    first_class(pat, q).map_or((0, 0), |(_, ep)| (q, ep))
}

/// Does the pattern (up to its first NUL, as `strpbrk`) contain a special character?
pub fn has_specials(pattern: &[u8]) -> bool {
    pattern.iter().take_while(|&&c| c != 0).any(|&c| {
        matches!(
            c,
            b'^' | b'$' | b'*' | b'+' | b'?' | b'.' | b'(' | b'[' | b'%' | b'-'
        )
    })
}

/// `string.find`'s start position (5.1 `posrelat` of the 1-based `init`, minus one, clamped to
/// `0..=len`).
pub fn find_init(init: i64, len: usize) -> usize {
    let l = len as i64;
    let p = if init < 0 {
        init.saturating_add(l + 1)
    } else {
        init
    };
    let p = p.max(0);
    // posrelat gives >= 0; minus one, then clamped
    let i = p - 1;
    if i < 0 {
        0
    } else if i > l {
        len
    } else {
        i as usize
    }
}

// ---------------------------------------------------------------------------------------------
// The matcher
// ---------------------------------------------------------------------------------------------

/// A frame's lookahead that has not been computed yet.
const NOT_YET: usize = usize::MAX;

/// A C activation waiting for the result of a sub-match; what it does if that sub-match fails.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// `start_capture`: on failure, `ms->level--`.
    CapOpen,
    /// `end_capture`: on failure, reopen capture `l`.
    CapClose(usize),
    /// `max_expand`: `base + i` was tried; on failure retry at `base + i - 1`, down to `base`.
    /// `look..look_ep`: see [`lookahead`] (`look_ep == 0`: none; [`NOT_YET`]: computed at the
    /// first retry); retries where that class cannot match fail at once and are skipped.
    Max {
        base: usize,
        i: usize,
        next: usize,
        look: usize,
        look_ep: usize,
    },
    /// `min_expand`: `s` was tried; on failure take one more item `p..ep` if it matches.
    /// `look..look_ep` as for `Max` (for the rest of the pattern, at `ep + 1`).
    Min {
        s: usize,
        p: usize,
        ep: usize,
        look: usize,
        look_ep: usize,
    },
    /// `?`: `s + 1` was tried; on failure continue at `s` with `ep + 1`.
    Opt { s: usize, ep: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Start an attempt at `s1`.
    Start,
    /// Dispatch the pattern item at `p` against subject position `s`.
    Match,
    /// The current sub-match failed: unwind to the most recent choice point.
    Fail,
    /// A plain (`lmemfind`) search, next candidate at `s1`.
    Plain,
    /// Finished (a result or an error was returned).
    Done,
}

enum Step {
    Continue,
    Fail,
    Success(usize),
}

/// A resumable search for the first match at or after a start position (lstrlib's
/// `str_find_aux` loop, or one `gmatch_aux` call, or one `gsub` step). It owns no borrow: each
/// [`Search::run`] gets the subject and the pattern again, and they must be the same bytes
/// every time.
#[derive(Debug, Clone)]
pub struct Search {
    state: State,
    /// Pattern index after the `^` anchor (if it was handled).
    pstart: usize,
    anchored: bool,
    /// The first item of an unanchored pattern, when it is a single-char class that must
    /// match one byte (no quantifier, or `+`): attempts at bytes it does not match fail at
    /// once, so they are skipped by a scan. `None` until computed (at the first attempt).
    first: Option<Option<(usize, usize)>>,
    /// Current attempt's start.
    s1: usize,
    s: usize,
    p: usize,
    /// The open and closed captures (`ms->capture[0..ms->level]`).
    caps: Vec<RawCap>,
    frames: Vec<Frame>,
}

impl Search {
    fn with(pattern: &[u8], init: usize, handle_anchor: bool, plain: bool) -> Search {
        let anchored = !plain && handle_anchor && pattern.first() == Some(&b'^');
        Search {
            state: if plain { State::Plain } else { State::Start },
            pstart: anchored as usize,
            anchored,
            first: None,
            s1: init,
            s: init,
            p: 0,
            caps: Vec::new(),
            frames: Vec::new(),
        }
    }

    /// `string.find(s, pattern, init, plain)`: `init` is the 0-based start from [`find_init`].
    /// Searches plainly (whole pattern, `lmemfind`) when `plain` is true or the pattern has no
    /// specials; otherwise a leading `^` anchors.
    pub fn find(pattern: &[u8], init: usize, plain: bool) -> Search {
        let plain = plain || !has_specials(pattern);
        Search::with(pattern, init, true, plain)
    }

    /// `string.match(s, pattern, init)` (a leading `^` anchors).
    pub fn match_(pattern: &[u8], init: usize) -> Search {
        Search::with(pattern, init, true, false)
    }

    /// An unanchored pattern search from `init` where a leading `^` is an ordinary character
    /// (5.1's `gmatch_aux`). Finds nothing when `init > subject.len()`.
    pub fn unanchored(pattern: &[u8], init: usize) -> Search {
        Search::with(pattern, init, false, false)
    }

    /// A pattern search from `init` with `^` handling as `gsub` does it: `^` anchors, and an
    /// anchored search makes one attempt only.
    pub fn anchored_or_not(pattern: &[u8], init: usize) -> Search {
        Search::with(pattern, init, true, false)
    }

    /// Is this search anchored (a pattern `^` was consumed)?
    pub fn is_anchored(&self) -> bool {
        self.anchored
    }

    /// Runs (or resumes) the search. `Ok(None)`: no match. `Err(Interrupted)`: out of budget,
    /// call again to continue. `Err(Malformed)`: lua5.1's error; the search is over.
    /// After a final answer further calls return `Ok(None)`.
    pub fn run(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<Match>, PatternError> {
        Ok(self
            .run_raw(subject, pattern, budget)?
            .map(|(start, end)| Match {
                start,
                end,
                // the search is over: its captures move into the match
                caps: std::mem::take(&mut self.caps),
            }))
    }

    /// [`Search::run`] without building the [`Match`]: the match's bounds, its captures left
    /// in `self.caps` (for a caller that reuses buffers).
    fn run_raw(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<(usize, usize)>, PatternError> {
        let r = if self.state == State::Plain {
            self.run_plain(subject, pattern, budget)
        } else {
            self.run_pattern(subject, Pat::new(pattern), budget)
        };
        if r != Err(PatternError::Interrupted) {
            self.state = State::Done;
            // (the frame buffer is kept for a `reset`; it never exceeds the pattern's items)
            self.frames.clear();
        }
        r
    }

    /// Starts this (unanchored, or `^`-handling) pattern search again at `init`, keeping its
    /// buffers; what `gmatch` and `gsub` do for each step.
    fn reset(&mut self, init: usize) {
        debug_assert!(self.state != State::Plain);
        self.state = State::Start;
        self.s1 = init;
        self.s = init;
        self.p = 0;
        self.caps.clear();
        self.frames.clear();
    }

    /// `lmemfind` from `s1`.
    fn run_plain(
        &mut self,
        subject: &[u8],
        needle: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<(usize, usize)>, PatternError> {
        let n = needle.len();
        if n == 0 {
            if self.s1 > subject.len() {
                return Ok(None);
            }
            return Ok(Some((self.s1, self.s1)));
        }
        let first = needle[0];
        while self.s1 + n <= subject.len() {
            budget.check()?;
            // scan up to 4 KiB for the first byte, as one unit of work each
            let limit = (subject.len() - n + 1).min(self.s1 + 4096);
            match subject[self.s1..limit].iter().position(|&c| c == first) {
                None => {
                    budget.charge(((limit - self.s1) / 64 + 1) as u64);
                    self.s1 = limit;
                }
                Some(k) => {
                    let at = self.s1 + k;
                    budget.charge((k / 64 + 1 + n / 64) as u64);
                    if &subject[at..at + n] == needle {
                        return Ok(Some((at, at + n)));
                    }
                    self.s1 = at + 1;
                }
            }
        }
        Ok(None)
    }

    fn run_pattern(
        &mut self,
        src: &[u8],
        pat: Pat<'_>,
        budget: &mut Budget,
    ) -> Result<Option<(usize, usize)>, PatternError> {
        loop {
            budget.check()?;
            budget.charge(1);
            match self.state {
                State::Start => {
                    if !self.anchored {
                        let first = *self
                            .first
                            .get_or_insert_with(|| first_class(pat, self.pstart));
                        if let Some((p, ep)) = first {
                            // lstrlib tries every position; those where the first item fails
                            // fail at once, so a scan finds the next candidate (a chunk at a
                            // time, so that the budget is still checked)
                            let from = self.s1.min(src.len());
                            let end = src.len().min(from.saturating_add(4096));
                            let k = pat.scan(&src[from..end], p, ep, true);
                            match (k < end - from).then_some(k) {
                                Some(k) => {
                                    budget.charge((k / 16) as u64);
                                    self.s1 = from + k;
                                }
                                None => {
                                    budget.charge(((end - from) / 16) as u64);
                                    // an attempt at the end fails too (the item needs a byte)
                                    self.s1 = end;
                                    if end == src.len() {
                                        return Ok(None);
                                    }
                                    continue;
                                }
                            }
                        }
                    }
                    if self.s1 > src.len() {
                        return Ok(None);
                    }
                    self.caps.clear();
                    self.frames.clear();
                    self.s = self.s1;
                    self.p = self.pstart;
                    self.state = State::Match;
                }
                State::Match => match self.dispatch(src, pat, budget)? {
                    Step::Continue => {}
                    Step::Fail => self.state = State::Fail,
                    Step::Success(e) => return Ok(Some((self.s1, e))),
                },
                State::Fail => self.backtrack(src, pat, budget)?,
                State::Plain | State::Done => return Ok(None),
            }
        }
    }

    /// One failure step: the innermost waiting activation handles the failed sub-match.
    fn backtrack(
        &mut self,
        src: &[u8],
        pat: Pat<'_>,
        budget: &mut Budget,
    ) -> Result<(), PatternError> {
        let Some(top) = self.frames.last_mut() else {
            // the attempt at s1 failed: `while (s1++ < ms.src_end && !anchor)`
            if !self.anchored && self.s1 < src.len() {
                self.s1 += 1;
                self.state = State::Start;
            } else {
                self.state = State::Done;
                return Ok(());
            }
            return Ok(());
        };
        match top {
            Frame::CapOpen => {
                self.caps.pop();
                self.frames.pop();
            }
            Frame::CapClose(l) => {
                self.caps[*l].len = CAP_UNFINISHED;
                self.frames.pop();
            }
            Frame::Max {
                base,
                i,
                next,
                look,
                look_ep,
            } => {
                if *i == 0 {
                    self.frames.pop();
                    return Ok(());
                }
                let mut k = *i - 1;
                if *look_ep == NOT_YET {
                    (*look, *look_ep) = lookahead(pat, *next);
                }
                if *look_ep != 0 {
                    // the retries where the next item cannot match fail at once: skip them
                    let tried = &src[*base..*base + *i];
                    match pat.rscan(tried, *look, *look_ep) {
                        Some(j) => {
                            budget.charge(((k - j) / 16) as u64);
                            k = j;
                        }
                        None => {
                            budget.charge((k / 16) as u64);
                            self.frames.pop();
                            return Ok(());
                        }
                    }
                }
                *i = k;
                self.s = *base + k;
                self.p = *next;
                self.state = State::Match;
            }
            Frame::Min {
                s,
                p,
                ep,
                look,
                look_ep,
            } => {
                if *look_ep == NOT_YET {
                    (*look, *look_ep) = lookahead(pat, *ep + 1);
                }
                let start = *s;
                loop {
                    if *s < src.len() && pat.single_match(src[*s], *p, *ep) {
                        *s += 1;
                        // the attempts where the next item cannot match fail at once
                        if *look_ep != 0
                            && !(*s < src.len() && pat.single_match(src[*s], *look, *look_ep))
                        {
                            continue;
                        }
                        budget.charge(((*s - start) / 16) as u64);
                        self.s = *s;
                        self.p = *ep + 1;
                        self.state = State::Match;
                    } else {
                        budget.charge(((*s - start) / 16) as u64);
                        self.frames.pop();
                    }
                    break;
                }
            }
            Frame::Opt { s, ep } => {
                self.s = *s;
                self.p = *ep + 1;
                self.frames.pop();
                self.state = State::Match;
            }
        }
        let _ = budget;
        Ok(())
    }

    #[inline]
    fn push_frame(&mut self, f: Frame) {
        if self.frames.capacity() == 0 {
            // one allocation for most patterns instead of a few growth steps
            self.frames.reserve(16);
        }
        self.frames.push(f);
    }

    /// One iteration of lstrlib's `match` at (`self.s`, `self.p`).
    fn dispatch(
        &mut self,
        src: &[u8],
        pat: Pat<'_>,
        budget: &mut Budget,
    ) -> Result<Step, PatternError> {
        let s = self.s;
        let p = self.p;
        match pat.at(p) {
            b'(' => {
                // start capture
                let (np, what) = if pat.at(p + 1) == b')' {
                    (p + 2, CAP_POSITION)
                } else {
                    (p + 1, CAP_UNFINISHED)
                };
                if self.caps.len() >= MAX_CAPTURES {
                    return Err(PatternError::malformed("too many captures"));
                }
                if self.caps.capacity() == 0 {
                    self.caps.reserve(8);
                }
                self.caps.push(RawCap { init: s, len: what });
                self.push_frame(Frame::CapOpen);
                self.p = np;
                Ok(Step::Continue)
            }
            b')' => {
                // end capture (capture_to_close)
                let l = (0..self.caps.len())
                    .rev()
                    .find(|&l| self.caps[l].len == CAP_UNFINISHED)
                    .ok_or_else(|| PatternError::malformed("invalid pattern capture"))?;
                self.caps[l].len = (s - self.caps[l].init) as isize;
                self.push_frame(Frame::CapClose(l));
                self.p = p + 1;
                Ok(Step::Continue)
            }
            L_ESC if pat.at(p + 1) == b'b' => {
                // balanced string (matchbalance)
                let b = pat.at(p + 2);
                let e = pat.at(p + 3);
                if b == 0 || e == 0 {
                    return Err(PatternError::malformed("unbalanced pattern"));
                }
                if s >= src.len() || src[s] != b {
                    return Ok(Step::Fail);
                }
                let mut cont = 1usize;
                let mut i = s + 1;
                let mut found = None;
                while i < src.len() {
                    let c = src[i];
                    if c == e {
                        cont -= 1;
                        if cont == 0 {
                            found = Some(i + 1);
                            break;
                        }
                    } else if c == b {
                        cont += 1;
                    }
                    i += 1;
                }
                budget.charge(((i - s) / 16) as u64);
                match found {
                    None => Ok(Step::Fail),
                    Some(ns) => {
                        self.s = ns;
                        self.p = p + 4;
                        Ok(Step::Continue)
                    }
                }
            }
            L_ESC if pat.at(p + 1) == b'f' => {
                // frontier
                let p2 = p + 2;
                if pat.at(p2) != b'[' {
                    return Err(PatternError::malformed("missing '[' after '%f' in pattern"));
                }
                let ep = pat.class_end(p2)?;
                let previous = if s == 0 { 0 } else { src[s - 1] };
                let cur = if s < src.len() { src[s] } else { 0 };
                if pat.match_bracket(previous, p2, ep - 1) || !pat.match_bracket(cur, p2, ep - 1) {
                    return Ok(Step::Fail);
                }
                self.p = ep;
                Ok(Step::Continue)
            }
            L_ESC if pat.at(p + 1).is_ascii_digit() => {
                // back-reference (match_capture / check_capture)
                let l = pat.at(p + 1) as isize - b'1' as isize;
                if l < 0
                    || l as usize >= self.caps.len()
                    || self.caps[l as usize].len == CAP_UNFINISHED
                {
                    return Err(PatternError::malformed("invalid capture index"));
                }
                let c = self.caps[l as usize];
                if c.len < 0 {
                    // a position capture: (size_t)CAP_POSITION never fits
                    return Ok(Step::Fail);
                }
                let len = c.len as usize;
                budget.charge((len / 64) as u64);
                if src.len() - s >= len && src[c.init..c.init + len] == src[s..s + len] {
                    self.s = s + len;
                    self.p = p + 2;
                    Ok(Step::Continue)
                } else {
                    Ok(Step::Fail)
                }
            }
            0 => Ok(Step::Success(s)), // end of pattern
            b'$' if pat.at(p + 1) == 0 => {
                if s == src.len() {
                    Ok(Step::Success(s))
                } else {
                    Ok(Step::Fail)
                }
            }
            _ => self.item(src, pat, budget),
        }
    }

    /// lstrlib's `default:` case: a single-char class with an optional quantifier.
    fn item(
        &mut self,
        src: &[u8],
        pat: Pat<'_>,
        budget: &mut Budget,
    ) -> Result<Step, PatternError> {
        let s = self.s;
        let p = self.p;
        let ep = pat.class_end(p)?;
        let m = s < src.len() && pat.single_match(src[s], p, ep);
        match pat.at(ep) {
            b'?' => {
                if m {
                    if pat.at(ep + 1) != 0 {
                        self.push_frame(Frame::Opt { s, ep });
                    }
                    self.s = s + 1;
                }
                self.p = ep + 1;
                Ok(Step::Continue)
            }
            b'*' => Ok(self.max_expand(src, pat, s, p, ep, budget)),
            b'+' => {
                if m {
                    Ok(self.max_expand(src, pat, s + 1, p, ep, budget))
                } else {
                    Ok(Step::Fail)
                }
            }
            b'-' => {
                if pat.at(ep + 1) != 0 {
                    self.push_frame(Frame::Min {
                        s,
                        p,
                        ep,
                        look: 0,
                        look_ep: NOT_YET,
                    });
                }
                self.p = ep + 1;
                Ok(Step::Continue)
            }
            _ => {
                if m {
                    self.s = s + 1;
                    self.p = ep;
                    Ok(Step::Continue)
                } else {
                    Ok(Step::Fail)
                }
            }
        }
    }

    fn max_expand(
        &mut self,
        src: &[u8],
        pat: Pat<'_>,
        s: usize,
        p: usize,
        ep: usize,
        budget: &mut Budget,
    ) -> Step {
        let rest = &src[s.min(src.len())..];
        let i = if pat.at(p) == b'.' {
            rest.len()
        } else {
            let i = pat.scan(rest, p, ep, false);
            budget.charge((i / 16) as u64);
            i
        };
        // (at the pattern's end the match succeeds next: nothing to retry)
        if i > 0 && pat.at(ep + 1) != 0 {
            self.push_frame(Frame::Max {
                base: s,
                i,
                next: ep + 1,
                look: 0,
                look_ep: NOT_YET,
            });
        }
        self.s = s + i;
        self.p = ep + 1;
        Step::Continue
    }
}

// ---------------------------------------------------------------------------------------------
// find / match / gmatch / gsub drivers
// ---------------------------------------------------------------------------------------------

/// `string.find` in one call (not resumable: an `Interrupted` error loses the work done).
/// `init` is 0-based (see [`find_init`]).
pub fn find(
    subject: &[u8],
    pattern: &[u8],
    init: usize,
    plain: bool,
    budget: &mut Budget,
) -> Result<Option<Match>, PatternError> {
    Search::find(pattern, init, plain).run(subject, pattern, budget)
}

/// `string.match` in one call (not resumable). `init` is 0-based (see [`find_init`]).
pub fn str_match(
    subject: &[u8],
    pattern: &[u8],
    init: usize,
    budget: &mut Budget,
) -> Result<Option<Match>, PatternError> {
    Search::match_(pattern, init).run(subject, pattern, budget)
}

/// `string.gmatch`'s iteration state (5.1: the current position; `^` is not an anchor).
#[derive(Debug, Clone)]
pub struct Gmatch {
    pos: usize,
    /// The search of the current `next` call (reset for each call, keeping its buffers).
    search: Search,
    active: bool,
}

impl Gmatch {
    pub fn new() -> Gmatch {
        Gmatch::at(0)
    }

    /// An iteration starting at 0-based position `pos`.
    pub fn at(pos: usize) -> Gmatch {
        Gmatch {
            pos,
            // unanchored: the pattern's first byte is not looked at
            search: Search::with(&[], pos, false, false),
            active: false,
        }
    }

    /// The position the next call searches from.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next match (`gmatch_aux`); resumable after `Interrupted`. After a match ending at
    /// `e`, the next search starts at `e`, or `e + 1` if the match was empty. `Ok(None)` leaves
    /// the position unchanged (lua5.1 would search again on the next call, and find nothing).
    pub fn next(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<Match>, PatternError> {
        if !self.active {
            self.search.reset(self.pos);
            self.active = true;
        }
        let r = self.search.run(subject, pattern, budget);
        if r != Err(PatternError::Interrupted) {
            self.active = false;
        }
        if let Ok(Some(m)) = &r {
            self.pos = if m.end == m.start { m.end + 1 } else { m.end };
        }
        r
    }
}

impl Default for Gmatch {
    fn default() -> Gmatch {
        Gmatch::new()
    }
}

/// One `gsub` replacement site: copy `subject[literal_start..m.start]` to the output, then the
/// replacement for `m`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GsubMatch {
    pub literal_start: usize,
    pub m: Match,
}

/// `string.gsub`'s loop (5.1.5 `str_gsub`) as a resumable iterator of replacement sites.
/// The caller builds the result: for each [`GsubMatch`] append the literal bytes before it and
/// the replacement (see [`expand_replacement`] for string replacements); when `next` returns
/// `Ok(None)`, append `subject[tail_start()..]`; the substitution count is [`Gsub::count`].
/// Empty matches follow 5.1: after an empty match the next subject byte is copied and the
/// search moves one position on; a `^` anchor stops after the first attempt.
#[derive(Debug, Clone)]
pub struct Gsub {
    /// Next position a match is tried at.
    src: usize,
    /// Start of the subject bytes not yet copied.
    lit: usize,
    n: usize,
    max: i64,
    done: bool,
    anchored: bool,
    /// The search of the current step (reset for each step, keeping its buffers).
    search: Search,
    active: bool,
    /// A capture buffer handed back by [`Gsub::recycle`], reused for the next match.
    spare: Vec<RawCap>,
}

impl Gsub {
    /// `max`: gsub's 4th argument as lua5.1 reads it (`luaL_optint`; the caller truncates to a C
    /// int); `None` means `#subject + 1`.
    pub fn new(subject: &[u8], pattern: &[u8], max: Option<i64>) -> Gsub {
        Gsub {
            src: 0,
            lit: 0,
            n: 0,
            max: max.unwrap_or(subject.len() as i64 + 1),
            done: false,
            anchored: pattern.first() == Some(&b'^'),
            search: Search::anchored_or_not(pattern, 0),
            active: false,
            spare: Vec::new(),
        }
    }

    /// Gives back a match returned by `next` once it is no longer needed, so that its capture
    /// buffer serves the next match (optional: saves an allocation per match).
    pub fn recycle(&mut self, m: Match) {
        self.spare = m.caps;
    }

    /// The number of matches so far (`n`, gsub's second result at the end).
    pub fn count(&self) -> usize {
        self.n
    }

    /// Where the uncopied tail starts (valid once `next` returned `Ok(None)`).
    pub fn tail_start(&self) -> usize {
        self.lit
    }

    /// The next replacement site; resumable after `Interrupted`. A `Malformed` error ends the
    /// iteration.
    pub fn next(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        budget: &mut Budget,
    ) -> Result<Option<GsubMatch>, PatternError> {
        if self.done || (self.n as i64) >= self.max {
            self.done = true;
            return Ok(None);
        }
        if !self.active {
            self.search.reset(self.src);
            self.active = true;
        }
        let r = self.search.run_raw(subject, pattern, budget);
        if r != Err(PatternError::Interrupted) {
            self.active = false;
        }
        match r {
            Err(e) => {
                if e != PatternError::Interrupted {
                    self.done = true;
                }
                Err(e)
            }
            Ok(None) => {
                // no match anywhere from `src` (or at `src` if anchored): the rest is copied
                self.done = true;
                Ok(None)
            }
            Ok(Some((start, end))) => {
                let mut caps = std::mem::take(&mut self.spare);
                caps.clone_from(&self.search.caps);
                let m = Match { start, end, caps };
                self.n += 1;
                let literal_start = self.lit;
                if m.end > m.start {
                    self.src = m.end;
                    self.lit = m.end;
                } else if m.start < subject.len() {
                    // empty match: the byte at `start` is copied, then the search moves on
                    self.lit = m.start;
                    self.src = m.start + 1;
                } else {
                    self.lit = m.start;
                    self.done = true;
                }
                if self.anchored {
                    self.done = true;
                }
                Ok(Some(GsubMatch { literal_start, m }))
            }
        }
    }
}

/// 5.1's `add_s`: appends the expansion of the replacement string `repl` for match `m` to
/// `out`. `%0` is the whole match, `%1`-`%9` a capture (with no captures, `%1` is the whole
/// match; other indices are "invalid capture index"), a position capture appends its 1-based
/// number in decimal; `%` followed by any non-digit appends that byte (so `%%` is `%`), and a
/// trailing `%` appends a NUL byte (lua5.1 reads the string's terminator).
pub fn expand_replacement(
    repl: &[u8],
    subject: &[u8],
    m: &Match,
    out: &mut Vec<u8>,
) -> Result<(), PatternError> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        if c != L_ESC {
            out.push(c);
        } else {
            i += 1;
            let d = repl.get(i).copied().unwrap_or(0);
            if !d.is_ascii_digit() {
                out.push(d);
            } else if d == b'0' {
                out.extend_from_slice(&subject[m.start..m.end]);
            } else {
                match m.capture((d - b'1') as usize)?.value(subject) {
                    CapValue::Str(b) => out.extend_from_slice(b),
                    CapValue::Pos(p) => out.extend_from_slice(p.to_string().as_bytes()),
                }
            }
        }
        i += 1;
    }
    Ok(())
}

/// `string.gsub` with a string replacement, in one call (not resumable): the result and the
/// number of substitutions.
pub fn gsub_str(
    subject: &[u8],
    pattern: &[u8],
    repl: &[u8],
    max: Option<i64>,
    budget: &mut Budget,
) -> Result<(Vec<u8>, usize), PatternError> {
    let mut g = Gsub::new(subject, pattern, max);
    let mut out = Vec::with_capacity(subject.len());
    while let Some(site) = g.next(subject, pattern, budget)? {
        out.extend_from_slice(&subject[site.literal_start..site.m.start]);
        expand_replacement(repl, subject, &site.m, &mut out)?;
        g.recycle(site.m);
    }
    out.extend_from_slice(&subject[g.tail_start()..]);
    Ok((out, g.count()))
}

#[cfg(test)]
#[path = "pattern_tests.rs"]
mod tests;
