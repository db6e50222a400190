//! The Lua 5.1 lexer (llex.c): 8-bit clean strings, long brackets of any level, all escapes,
//! numerals as `read_numeral`, and lua5.1's error texts.

use super::error::{CompileError, chunk_id};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(String),
    Str(Vec<u8>),
    Num(f64),
    // reserved words
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    // multi-char symbols
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    /// A single-character token.
    Char(u8),
    Eof,
}

fn keyword(s: &str) -> Option<Tok> {
    Some(match s {
        "and" => Tok::And,
        "break" => Tok::Break,
        "do" => Tok::Do,
        "else" => Tok::Else,
        "elseif" => Tok::Elseif,
        "end" => Tok::End,
        "false" => Tok::False,
        "for" => Tok::For,
        "function" => Tok::Function,
        "if" => Tok::If,
        "in" => Tok::In,
        "local" => Tok::Local,
        "nil" => Tok::Nil,
        "not" => Tok::Not,
        "or" => Tok::Or,
        "repeat" => Tok::Repeat,
        "return" => Tok::Return,
        "then" => Tok::Then,
        "true" => Tok::True,
        "until" => Tok::Until,
        "while" => Tok::While,
        _ => return None,
    })
}

/// luaX_token2str for tokens without source text.
pub fn token_str(t: &Tok) -> String {
    match t {
        Tok::Name(_) => "<name>".into(),
        Tok::Str(_) => "<string>".into(),
        Tok::Num(_) => "<number>".into(),
        Tok::And => "and".into(),
        Tok::Break => "break".into(),
        Tok::Do => "do".into(),
        Tok::Else => "else".into(),
        Tok::Elseif => "elseif".into(),
        Tok::End => "end".into(),
        Tok::False => "false".into(),
        Tok::For => "for".into(),
        Tok::Function => "function".into(),
        Tok::If => "if".into(),
        Tok::In => "in".into(),
        Tok::Local => "local".into(),
        Tok::Nil => "nil".into(),
        Tok::Not => "not".into(),
        Tok::Or => "or".into(),
        Tok::Repeat => "repeat".into(),
        Tok::Return => "return".into(),
        Tok::Then => "then".into(),
        Tok::True => "true".into(),
        Tok::Until => "until".into(),
        Tok::While => "while".into(),
        Tok::Concat => "..".into(),
        Tok::Dots => "...".into(),
        Tok::Eq => "==".into(),
        Tok::Ge => ">=".into(),
        Tok::Le => "<=".into(),
        Tok::Ne => "~=".into(),
        Tok::Char(c) => (*c as char).to_string(),
        Tok::Eof => "<eof>".into(),
    }
}

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    pub line: u32,
    chunk: String,
    /// Source text of the token being scanned (llex.c's buffer), for error messages.
    buf: Vec<u8>,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8], chunkname: &str) -> Lexer<'a> {
        let mut lx = Lexer {
            src,
            pos: 0,
            line: 1,
            chunk: chunk_id(chunkname),
            buf: Vec::new(),
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
            Some(n) => format!("{}:{}: {} near '{}'", self.chunk, self.line, msg, n),
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
            String::from_utf8_lossy(&self.buf).into_owned()
        };
        self.error(msg, Some(near))
    }

    /// Consumes a newline sequence (`\n`, `\r`, `\n\r`, `\r\n`) and counts one line.
    fn newline(&mut self) {
        let old = self.src[self.pos];
        self.pos += 1;
        if let Some(c) = self.cur() {
            if (c == b'\n' || c == b'\r') && c != old {
                self.pos += 1;
            }
        }
        self.line += 1;
    }

    /// The next token and the source text llex.c would show for it in errors.
    pub fn next_token(&mut self) -> Result<(Tok, String), CompileError> {
        loop {
            let Some(c) = self.cur() else {
                return Ok((Tok::Eof, "<eof>".into()));
            };
            match c {
                b'\n' | b'\r' => self.newline(),
                b'-' => {
                    if self.peek(1) != Some(b'-') {
                        self.pos += 1;
                        return Ok((Tok::Char(b'-'), "-".into()));
                    }
                    self.pos += 2;
                    if self.cur() == Some(b'[') {
                        self.buf.clear();
                        if let Some(level) = self.long_bracket_level()? {
                            self.long_string(level, true)?;
                            continue;
                        }
                    }
                    while let Some(c) = self.cur() {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                b'[' => {
                    self.buf.clear();
                    match self.long_bracket_level()? {
                        Some(level) => {
                            let s = self.long_string(level, false)?;
                            let text = String::from_utf8_lossy(&self.buf).into_owned();
                            return Ok((Tok::Str(s), text));
                        }
                        None => {
                            self.pos += 1;
                            return Ok((Tok::Char(b'['), "[".into()));
                        }
                    }
                }
                b'=' => return Ok(self.two(b'=', Tok::Eq, Tok::Char(b'='))),
                b'<' => return Ok(self.two(b'=', Tok::Le, Tok::Char(b'<'))),
                b'>' => return Ok(self.two(b'=', Tok::Ge, Tok::Char(b'>'))),
                b'~' => return Ok(self.two(b'=', Tok::Ne, Tok::Char(b'~'))),
                b'"' | b'\'' => {
                    let s = self.string(c)?;
                    let text = String::from_utf8_lossy(&self.buf).into_owned();
                    return Ok((Tok::Str(s), text));
                }
                b'.' => {
                    if self.peek(1) == Some(b'.') {
                        if self.peek(2) == Some(b'.') {
                            self.pos += 3;
                            return Ok((Tok::Dots, "...".into()));
                        }
                        self.pos += 2;
                        return Ok((Tok::Concat, "..".into()));
                    }
                    if self.peek(1).is_some_and(|d| d.is_ascii_digit()) {
                        return self.numeral();
                    }
                    self.pos += 1;
                    return Ok((Tok::Char(b'.'), ".".into()));
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
                    let s = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
                    return Ok(match keyword(&s) {
                        Some(k) => (k, s),
                        None => (Tok::Name(s.clone()), s),
                    });
                }
                c => {
                    self.pos += 1;
                    let text = if c.is_ascii_control() {
                        format!("char({})", c)
                    } else {
                        (c as char).to_string()
                    };
                    return Ok((Tok::Char(c), text));
                }
            }
        }
    }

    fn two(&mut self, second: u8, yes: Tok, no: Tok) -> (Tok, String) {
        self.pos += 1;
        if self.cur() == Some(second) {
            self.pos += 1;
            let t = token_str(&yes);
            (yes, t)
        } else {
            let t = token_str(&no);
            (no, t)
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

    /// Reads a long string/comment body after `[==[`; the first newline is skipped.
    fn long_string(&mut self, level: usize, comment: bool) -> Result<Vec<u8>, CompileError> {
        let mut out = Vec::new();
        if matches!(self.cur(), Some(b'\n' | b'\r')) {
            self.newline();
            self.buf.push(b'\n');
        }
        loop {
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

    fn string(&mut self, delim: u8) -> Result<Vec<u8>, CompileError> {
        self.buf.clear();
        self.buf.push(delim);
        self.pos += 1;
        let mut out = Vec::new();
        loop {
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
        if self.cur().is_some_and(|c| c == b'e' || c == b'E') {
            self.pos += 1;
            if self.cur().is_some_and(|c| c == b'+' || c == b'-') {
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
        let s = String::from_utf8_lossy(text).into_owned();
        match numeral_value(text) {
            Some(v) => Ok((Tok::Num(v), s)),
            None => {
                self.buf = text.to_vec();
                Err(self.lex_error("malformed number", false))
            }
        }
    }
}

/// Converts a numeral as lua5.1's `luaO_str2d` does for source text: decimal (strtod) or a
/// hexadecimal integer `0x...`.
fn numeral_value(t: &[u8]) -> Option<f64> {
    if t.len() > 2 && t[0] == b'0' && (t[1] == b'x' || t[1] == b'X') {
        let mut v: f64 = 0.0;
        for &c in &t[2..] {
            v = v * 16.0 + (c as char).to_digit(16)? as f64;
        }
        return Some(v);
    }
    let s = std::str::from_utf8(t).ok()?;
    if s.bytes()
        .any(|c| c.is_ascii_alphabetic() && c != b'e' && c != b'E')
    {
        return None;
    }
    s.parse::<f64>().ok()
}
