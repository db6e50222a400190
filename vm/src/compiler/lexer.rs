//! The Lua 5.1 lexer (llex.c): 8-bit clean strings, long brackets of any level, all escapes,
//! numerals as `read_numeral`, and lua5.1's error texts.

use super::error::{CompileError, chunk_id};
use super::meter::{self, Meter};

use super::token::keyword;
pub use super::token::{Tok, token_str};

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    pub line: u32,
    chunk: String,
    /// Source text of the token being scanned (llex.c's buffer), for error messages.
    buf: Vec<u8>,
    /// Source position up to which the scanned bytes were charged to the meter.
    charged: usize,
    /// Position at which a long scan (comment, literal, blanks) next charges the meter.
    check_at: usize,
}

/// Source bytes a scan goes without charging the meter (bounds the time between reports to
/// the host and the literal bytes buffered before they are charged).
const SCAN_CHUNK: usize = 64 << 10;

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8], chunkname: &str) -> Lexer<'a> {
        let mut lx = Lexer {
            src,
            pos: 0,
            line: 1,
            chunk: chunk_id(chunkname),
            buf: Vec::new(),
            charged: 0,
            check_at: SCAN_CHUNK,
        };
        // A first line starting with '#' is skipped (lua.c / luaL_loadfile); keep its newline.
        if src.first() == Some(&b'#') {
            while lx.pos < src.len() && src[lx.pos] != b'\n' {
                lx.pos += 1;
            }
        }
        lx
    }

    pub fn chunk(&self) -> &str {
        &self.chunk
    }

    #[inline]
    fn cur(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline]
    fn peek(&self, k: usize) -> Option<u8> {
        self.src.get(self.pos + k).copied()
    }

    pub fn error(&self, msg: &str, near: Option<String>) -> CompileError {
        let message = match near {
            // The token text goes through `%s`: it ends at a NUL byte.
            Some(n) => format!(
                "{}:{}: {} near '{}'",
                self.chunk,
                self.line,
                msg,
                n.split('\0').next().unwrap_or("")
            ),
            None => format!("{}:{}: {}", self.chunk, self.line, msg),
        };
        CompileError {
            message,
            line: self.line,
        }
    }

    fn lex_error(&self, msg: &str, eof: bool) -> CompileError {
        let near = if eof {
            "<eof>".to_string()
        } else {
            latin1(&self.buf)
        };
        self.error(msg, Some(near))
    }

    /// Consumes a newline sequence (`\n`, `\r`, `\n\r`, `\r\n`) and counts one line.
    fn newline(&mut self) {
        let old = self.src[self.pos];
        self.pos += 1;
        if let Some(c) = self.cur()
            && (c == b'\n' || c == b'\r')
            && c != old
        {
            self.pos += 1;
        }
        self.line += 1;
    }

    /// The next token and, for strings and numerals, the source text llex.c would show for it
    /// in errors (other tokens show `token_str`, a name its own text); the token and
    /// the bytes scanned for it are charged to `m` before the parser builds anything from it.
    pub fn next_token(&mut self, m: &mut Meter) -> Result<(Tok, String), CompileError> {
        let t = self.scan_token(m)?;
        let n = self.pos - self.charged;
        self.charged = self.pos;
        self.check_at = self.pos + SCAN_CHUNK;
        let bytes = match t.0 {
            Tok::Str(_) => meter::STRING_TOKEN_BYTES,
            Tok::Function => meter::FUNCTION_TOKEN_BYTES,
            Tok::Name(_) | Tok::Num(_) | Tok::True | Tok::False | Tok::Nil | Tok::Dots => {
                meter::VALUE_TOKEN_BYTES
            }
            _ => meter::OTHER_TOKEN_BYTES,
        };
        if m.token(bytes).is_err() || m.scanned(n).is_err() {
            return Err(m.error());
        }
        Ok(t)
    }

    /// Charges the bytes scanned so far inside a long scan (every `SCAN_CHUNK` bytes).
    #[cold]
    #[inline(never)]
    fn charge_scan(&mut self, m: &mut Meter) -> Result<(), CompileError> {
        let n = self.pos - self.charged;
        self.charged = self.pos;
        self.check_at = self.pos + SCAN_CHUNK;
        m.scanned(n).map_err(|_| m.error())
    }

    fn scan_token(&mut self, m: &mut Meter) -> Result<(Tok, String), CompileError> {
        loop {
            if self.pos >= self.check_at {
                self.charge_scan(m)?;
            }
            let Some(c) = self.cur() else {
                return Ok((Tok::Eof, String::new()));
            };
            match c {
                b'\n' | b'\r' => self.newline(),
                b'-' => {
                    if self.peek(1) != Some(b'-') {
                        self.pos += 1;
                        return Ok((Tok::Char(b'-'), String::new()));
                    }
                    self.pos += 2;
                    if self.cur() == Some(b'[') {
                        // `--[==[` opens a long comment; `--[=x` is just a short comment
                        // (llex.c ignores skip_sep's "invalid delimiter" result here).
                        self.buf.clear();
                        if let Some(level) = self.comment_bracket_level() {
                            self.long_string(m, level, true)?;
                            self.buf.clear();
                            continue;
                        }
                    }
                    while let Some(c) = self.cur() {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                        if self.pos >= self.check_at {
                            self.charge_scan(m)?;
                        }
                    }
                }
                b'[' => {
                    self.buf.clear();
                    match self.long_bracket_level()? {
                        Some(level) => {
                            let s = self.long_string(m, level, false)?;
                            let text = latin1(&self.buf);
                            return Ok((Tok::Str(s), text));
                        }
                        None => {
                            self.pos += 1;
                            return Ok((Tok::Char(b'['), String::new()));
                        }
                    }
                }
                b'=' => return Ok(self.two(b'=', Tok::Eq, Tok::Char(b'='))),
                b'<' => return Ok(self.two(b'=', Tok::Le, Tok::Char(b'<'))),
                b'>' => return Ok(self.two(b'=', Tok::Ge, Tok::Char(b'>'))),
                b'~' => return Ok(self.two(b'=', Tok::Ne, Tok::Char(b'~'))),
                b'"' | b'\'' => {
                    let s = self.string(m, c)?;
                    let text = latin1(&self.buf);
                    return Ok((Tok::Str(s), text));
                }
                b'.' => {
                    // llex's check_next(ls, ".") uses strchr, which also matches a NUL byte.
                    let dot = |c: Option<u8>| c == Some(b'.') || c == Some(0);
                    if dot(self.peek(1)) {
                        if dot(self.peek(2)) {
                            self.pos += 3;
                            return Ok((Tok::Dots, String::new()));
                        }
                        self.pos += 2;
                        return Ok((Tok::Concat, String::new()));
                    }
                    if self.peek(1).is_some_and(|d| d.is_ascii_digit()) {
                        return self.numeral();
                    }
                    self.pos += 1;
                    return Ok((Tok::Char(b'.'), String::new()));
                }
                b' ' | b'\t' | 0x0b | 0x0c => self.pos += 1,
                c if c.is_ascii_digit() => return self.numeral(),
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = self.pos;
                    while self
                        .cur()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                    {
                        self.pos += 1;
                    }
                    // An identifier is ASCII; a keyword allocates nothing.
                    let w = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("");
                    return Ok(match keyword(w) {
                        Some(k) => (k, String::new()),
                        None => (Tok::Name(w.to_string()), String::new()),
                    });
                }
                c => {
                    self.pos += 1;
                    return Ok((Tok::Char(c), String::new()));
                }
            }
        }
    }

    fn two(&mut self, second: u8, yes: Tok, no: Tok) -> (Tok, String) {
        self.pos += 1;
        if self.cur() == Some(second) {
            self.pos += 1;
            (yes, String::new())
        } else {
            (no, String::new())
        }
    }

    /// At `[`: returns the level of a long bracket `[==[`, or None for a plain `[`.
    fn long_bracket_level(&mut self) -> Result<Option<usize>, CompileError> {
        let save = self.pos;
        let mut p = self.pos + 1;
        let mut level = 0;
        while self.src.get(p) == Some(&b'=') {
            level += 1;
            p += 1;
        }
        if self.src.get(p) == Some(&b'[') {
            self.buf.extend_from_slice(&self.src[save..=p]);
            self.pos = p + 1;
            return Ok(Some(level));
        }
        if level > 0 {
            self.buf.extend_from_slice(&self.src[save..p]);
            return Err(self.lex_error("invalid long string delimiter", false));
        }
        Ok(None)
    }

    /// At `[` after `--`: the level of a long bracket, or None (a short comment).
    fn comment_bracket_level(&mut self) -> Option<usize> {
        let mut p = self.pos + 1;
        let mut level = 0;
        while self.src.get(p) == Some(&b'=') {
            level += 1;
            p += 1;
        }
        if self.src.get(p) == Some(&b'[') {
            self.pos = p + 1;
            return Some(level);
        }
        None
    }

    /// Reads a long string/comment body after `[==[`; the first newline is skipped (and, as
    /// in llex.c, not kept in the token text either).
    fn long_string(
        &mut self,
        m: &mut Meter,
        level: usize,
        comment: bool,
    ) -> Result<Vec<u8>, CompileError> {
        let mut out = Vec::new();
        if matches!(self.cur(), Some(b'\n' | b'\r')) {
            self.newline();
        }
        loop {
            if self.pos >= self.check_at {
                self.charge_scan(m)?;
            }
            let Some(c) = self.cur() else {
                let what = if comment {
                    "unfinished long comment"
                } else {
                    "unfinished long string"
                };
                return Err(self.lex_error(what, true));
            };
            match c {
                b']' => {
                    let mut p = self.pos + 1;
                    let mut l = 0;
                    while self.src.get(p) == Some(&b'=') {
                        l += 1;
                        p += 1;
                    }
                    if l == level && self.src.get(p) == Some(&b']') {
                        self.buf.extend_from_slice(&self.src[self.pos..=p]);
                        self.pos = p + 1;
                        return Ok(out);
                    }
                    out.push(b']');
                    self.buf.push(b']');
                    self.pos += 1;
                }
                b'[' if level == 0 && self.peek(1) == Some(b'[') => {
                    // lua5.1 (LUA_COMPAT_LSTR == 1) rejects nested [[ in a level-0 long string.
                    self.buf.push(b'[');
                    self.pos += 1;
                    return Err(self.error("nesting of [[...]] is deprecated", Some("[".into())));
                }
                b'\n' | b'\r' => {
                    self.newline();
                    out.push(b'\n');
                    self.buf.push(b'\n');
                }
                c => {
                    out.push(c);
                    self.buf.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn string(&mut self, m: &mut Meter, delim: u8) -> Result<Vec<u8>, CompileError> {
        self.buf.clear();
        self.buf.push(delim);
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            if self.pos >= self.check_at {
                self.charge_scan(m)?;
            }
            let Some(c) = self.cur() else {
                return Err(self.lex_error("unfinished string", true));
            };
            match c {
                b'\n' | b'\r' => return Err(self.lex_error("unfinished string", false)),
                b'\\' => {
                    // llex.c keeps the converted bytes (not the escape text) in its buffer.
                    self.pos += 1;
                    let Some(e) = self.cur() else { continue };
                    let v = match e {
                        b'a' => 7,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'v' => 11,
                        b'\n' | b'\r' => {
                            self.newline();
                            self.buf.push(b'\n');
                            out.push(b'\n');
                            continue;
                        }
                        d if d.is_ascii_digit() => {
                            let mut n: u32 = 0;
                            let mut k = 0;
                            while k < 3 && self.cur().is_some_and(|d| d.is_ascii_digit()) {
                                n = n * 10 + (self.cur().unwrap_or(b'0') - b'0') as u32;
                                self.pos += 1;
                                k += 1;
                            }
                            if n > 255 {
                                return Err(self.lex_error("escape sequence too large", false));
                            }
                            self.buf.push(n as u8);
                            out.push(n as u8);
                            continue;
                        }
                        other => other,
                    };
                    self.buf.push(v);
                    self.pos += 1;
                    out.push(v);
                }
                c if c == delim => {
                    self.buf.push(c);
                    self.pos += 1;
                    return Ok(out);
                }
                c => {
                    self.buf.push(c);
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn numeral(&mut self) -> Result<(Tok, String), CompileError> {
        let start = self.pos;
        while self.cur().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
            self.pos += 1;
        }
        // check_next(ls, "Ee") / (ls, "+-") use strchr, which also matches a NUL byte.
        if self.cur().is_some_and(|c| c == b'e' || c == b'E' || c == 0) {
            self.pos += 1;
            if self.cur().is_some_and(|c| c == b'+' || c == b'-' || c == 0) {
                self.pos += 1;
            }
        }
        while self
            .cur()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        let s = latin1(text);
        // strtod stops at a NUL; luaO_str2d accepts it as the end.
        let upto = &text[..text.iter().position(|&c| c == 0).unwrap_or(text.len())];
        match numeral_value(upto) {
            Some(v) => Ok((Tok::Num(v), s)),
            None => {
                self.buf = text.to_vec();
                Err(self.lex_error("malformed number", false))
            }
        }
    }
}

/// Source bytes as token text: each byte one char (bytes 0x80-0xFF as U+0080-U+00FF), so that
/// `Vm::load_raw` can give the error message back byte for byte.
pub fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

/// The inverse of [`latin1`] for a whole message: chars up to U+00FF are bytes, others (from a
/// UTF-8 chunk name) stay UTF-8.
pub fn unlatin1(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for ch in s.chars() {
        if (ch as u32) < 256 {
            out.push(ch as u32 as u8);
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
    }
    out
}

/// Converts a numeral's text as lua5.1's read_numeral does: `luaO_str2d` over the buffer, so
/// glibc strtod's syntax (`0x1p4` = 16; the text never holds a space, a sign after `0x` or a
/// `.` after hex digits); anything left over makes the numeral malformed.
pub fn numeral_value(t: &[u8]) -> Option<f64> {
    crate::number::str_to_number(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        let mut heap = crate::exec::Heap::new();
        let mut m = Meter::new(&mut heap, None);
        let mut lx = Lexer::new(src.as_bytes(), "=x");
        let mut v = Vec::new();
        loop {
            let (t, _) = lx.next_token(&mut m).expect("lex");
            if t == Tok::Eof {
                return v;
            }
            v.push(t);
        }
    }

    fn one_str(src: &[u8]) -> Vec<u8> {
        let mut heap = crate::exec::Heap::new();
        let mut m = Meter::new(&mut heap, None);
        let mut lx = Lexer::new(src, "=x");
        match lx.next_token(&mut m).expect("lex").0 {
            Tok::Str(s) => s,
            t => panic!("{:?}", t),
        }
    }

    // Expected values from lua5.1 5.1.5.
    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            one_str(b"'a\\tb\\\nc\\065\\0651\\x\\\"\\''"),
            b"a\tb\ncAA1x\"'"
        );
        assert_eq!(
            one_str(b"\"\\a\\b\\f\\n\\r\\t\\v\\\\\""),
            b"\x07\x08\x0c\n\r\t\x0b\\"
        );
        assert_eq!(one_str(b"'\\0\\255\\1234'"), b"\x00\xff{4");
        assert_eq!(one_str(b"'\xe9\x00z'"), b"\xe9\x00z");
        assert_eq!(one_str(b"'a\\\r\nb'"), b"a\nb");
        assert_eq!(one_str(b"[==[\r\nx]]y]=]z\n\r]==]"), b"x]]y]=]z\n");
        assert_eq!(one_str(b"[[\n\nx]]"), b"\nx");
        assert_eq!(one_str(b"[=[a[[b]]]=]"), b"a[[b]]");
    }

    #[test]
    fn numbers() {
        let n = |s: &str| match toks(s).as_slice() {
            [Tok::Num(v)] => *v,
            t => panic!("{:?}", t),
        };
        assert_eq!(n("0x10"), 16.0);
        assert_eq!(n("0XfF"), 255.0);
        assert_eq!(n("1e2"), 100.0);
        assert_eq!(n(".5"), 0.5);
        assert_eq!(n("5."), 5.0);
        assert_eq!(n("3.25e-1"), 0.325);
        assert_eq!(n("1.e5"), 100000.0);
        assert_eq!(n("00012"), 12.0);
        assert_eq!(n("0x1p4"), 16.0);
        assert_eq!(n("0x1P10"), 1024.0);
        assert_eq!(n("1e400"), f64::INFINITY);
        assert_eq!(n("0x1p1024"), f64::INFINITY);
        assert_eq!(n("0x7fffffffffffffff"), 9223372036854775808.0);
        // Correct rounding (glibc strtod): 2^53+1 rounds to even, 2^53+3 up.
        assert_eq!(n("0x20000000000001"), 9007199254740992.0);
        assert_eq!(n("0x20000000000003"), 9007199254740996.0);
        assert_eq!(n("0xffffffffffffffffffffffffffffffffff"), 2f64.powi(136));
        assert_eq!(n("0x000000000000000000000000000000000000001"), 1.0);
        assert_eq!(
            toks("a.b"),
            vec![
                Tok::Name("a".into()),
                Tok::Char(b'.'),
                Tok::Name("b".into())
            ]
        );
        assert_eq!(
            toks("1 .. 2"),
            vec![Tok::Num(1.0), Tok::Concat, Tok::Num(2.0)]
        );
    }

    #[test]
    fn tokens_comments_and_lines() {
        assert_eq!(
            toks(
                "a --c\n--[==[ x\n]] ]==] b --[= short\n... == ~= <= >= < > = ; : , ( ) [ ] { } + - * / % ^ #"
            ),
            vec![
                Tok::Name("a".into()),
                Tok::Name("b".into()),
                Tok::Dots,
                Tok::Eq,
                Tok::Ne,
                Tok::Le,
                Tok::Ge,
                Tok::Char(b'<'),
                Tok::Char(b'>'),
                Tok::Char(b'='),
                Tok::Char(b';'),
                Tok::Char(b':'),
                Tok::Char(b','),
                Tok::Char(b'('),
                Tok::Char(b')'),
                Tok::Char(b'['),
                Tok::Char(b']'),
                Tok::Char(b'{'),
                Tok::Char(b'}'),
                Tok::Char(b'+'),
                Tok::Char(b'-'),
                Tok::Char(b'*'),
                Tok::Char(b'/'),
                Tok::Char(b'%'),
                Tok::Char(b'^'),
                Tok::Char(b'#'),
            ]
        );
        assert_eq!(toks("and break do else elseif end false for function if in local nil not or repeat return then true until while").len(), 21);
        let mut heap = crate::exec::Heap::new();
        let mut m = Meter::new(&mut heap, None);
        let mut lx = Lexer::new(b"a\r\nb\n\rc\r\rd\n\ne", "=x");
        let mut lines = Vec::new();
        while lx.next_token(&mut m).expect("lex").0 != Tok::Eof {
            lines.push(lx.line);
        }
        assert_eq!(lines, [1, 2, 3, 5, 7]);
    }

    #[test]
    fn numeral_values() {
        assert_eq!(numeral_value(b"3x"), None);
        assert_eq!(numeral_value(b"0x"), None);
        assert_eq!(numeral_value(b"0x1p"), None);
        assert_eq!(numeral_value(b"1e"), None);
        assert_eq!(numeral_value(b"1_0"), None);
        assert_eq!(numeral_value(b"0xg"), None);
        assert_eq!(numeral_value(b"1e+5"), Some(1e5));
    }
}
