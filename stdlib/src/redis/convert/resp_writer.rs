//! A sink that writes RESP bytes, for tests and the CLI.

use super::Sink;

/// A sink that writes RESP bytes (RESP2 or RESP3), for tests and the CLI.
pub struct RespWriter {
    pub out: Vec<u8>,
    pub resp3: bool,
}

impl RespWriter {
    fn line(&mut self, prefix: u8, body: &[u8]) {
        self.out.push(prefix);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\r\n");
    }
}

impl Sink for RespWriter {
    fn bulk(&mut self, b: &[u8]) {
        self.line(b'$', b.len().to_string().as_bytes());
        self.out.extend_from_slice(b);
        self.out.extend_from_slice(b"\r\n");
    }
    fn int(&mut self, i: i64) {
        self.line(b':', i.to_string().as_bytes());
    }
    fn null(&mut self) {
        if self.resp3 {
            self.out.extend_from_slice(b"_\r\n")
        } else {
            self.out.extend_from_slice(b"$-1\r\n")
        }
    }
    fn boolean(&mut self, b: bool) {
        if self.resp3 {
            self.line(b'#', if b { b"t" } else { b"f" })
        } else {
            self.int(b as i64)
        }
    }
    fn status(&mut self, s: &[u8]) {
        self.line(b'+', s);
    }
    fn error(&mut self, s: &[u8]) {
        self.line(b'-', s);
    }
    fn double(&mut self, d: f64) {
        let s = crate::redis::fmt_g17(d);
        if self.resp3 {
            self.line(b',', &s)
        } else {
            self.bulk(&s)
        }
    }
    fn big_number(&mut self, s: &[u8]) {
        if self.resp3 {
            self.line(b'(', s)
        } else {
            self.bulk(s)
        }
    }
    fn verbatim(&mut self, format: &[u8; 3], s: &[u8]) {
        if self.resp3 {
            self.line(b'=', (s.len() + 4).to_string().as_bytes());
            self.out.extend_from_slice(format);
            self.out.push(b':');
            self.out.extend_from_slice(s);
            self.out.extend_from_slice(b"\r\n");
        } else {
            self.bulk(s)
        }
    }
    fn array(&mut self, n: usize) {
        self.line(b'*', n.to_string().as_bytes());
    }
    fn map(&mut self, n: usize) {
        if self.resp3 {
            self.line(b'%', n.to_string().as_bytes())
        } else {
            self.line(b'*', (2 * n).to_string().as_bytes())
        }
    }
    fn set(&mut self, n: usize) {
        if self.resp3 {
            self.line(b'~', n.to_string().as_bytes())
        } else {
            self.line(b'*', n.to_string().as_bytes())
        }
    }
}
