//! Replies recorded as data: a forked session's child writes its replies through this sink
//! and sends the bytes to the parent, which replays them to the client (`fork.rs`).

use ferrous_stdlib::redis::convert::Sink;

/// The replies of one command, encoded: a tag byte, then a length or value (8 bytes, little
/// endian) and the bytes it counts.
#[derive(Default)]
pub struct Recorder {
    pub buf: Vec<u8>,
}

const BULK: u8 = b'$';
const INT: u8 = b':';
const NULL: u8 = b'_';
const BOOL: u8 = b'#';
const STATUS: u8 = b'+';
const ERROR: u8 = b'-';
const DOUBLE: u8 = b',';
const BIG: u8 = b'(';
const VERBATIM: u8 = b'=';
const ARRAY: u8 = b'*';
const MAP: u8 = b'%';
const SET: u8 = b'~';

impl Recorder {
    fn word(&mut self, tag: u8, n: u64) {
        self.buf.push(tag);
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    fn bytes(&mut self, tag: u8, b: &[u8]) {
        self.word(tag, b.len() as u64);
        self.buf.extend_from_slice(b);
    }
}

impl Sink for Recorder {
    fn bulk(&mut self, b: &[u8]) {
        self.bytes(BULK, b)
    }
    fn int(&mut self, i: i64) {
        self.word(INT, i as u64)
    }
    fn null(&mut self) {
        self.word(NULL, 0)
    }
    fn boolean(&mut self, b: bool) {
        self.word(BOOL, b as u64)
    }
    fn status(&mut self, s: &[u8]) {
        self.bytes(STATUS, s)
    }
    fn error(&mut self, s: &[u8]) {
        self.bytes(ERROR, s)
    }
    fn double(&mut self, d: f64) {
        self.word(DOUBLE, d.to_bits())
    }
    fn big_number(&mut self, s: &[u8]) {
        self.bytes(BIG, s)
    }
    fn verbatim(&mut self, format: &[u8; 3], s: &[u8]) {
        let mut b = format.to_vec();
        b.extend_from_slice(s);
        self.bytes(VERBATIM, &b)
    }
    fn array(&mut self, n: usize) {
        self.word(ARRAY, n as u64)
    }
    fn map(&mut self, n: usize) {
        self.word(MAP, n as u64)
    }
    fn set(&mut self, n: usize) {
        self.word(SET, n as u64)
    }
}

/// Replays recorded replies into `out`. Stops at a truncated record.
pub fn replay(mut b: &[u8], out: &mut dyn Sink) {
    while b.len() >= 9 {
        let tag = b[0];
        let n = u64::from_le_bytes(b[1..9].try_into().unwrap_or([0; 8]));
        b = &b[9..];
        let take = |b: &mut &[u8]| -> Option<Vec<u8>> {
            let n = usize::try_from(n).ok().filter(|&n| n <= b.len())?;
            let (x, rest) = b.split_at(n);
            *b = rest;
            Some(x.to_vec())
        };
        match tag {
            INT => out.int(n as i64),
            NULL => out.null(),
            BOOL => out.boolean(n != 0),
            DOUBLE => out.double(f64::from_bits(n)),
            ARRAY => out.array(n as usize),
            MAP => out.map(n as usize),
            SET => out.set(n as usize),
            _ => {
                let Some(x) = take(&mut b) else { return };
                match tag {
                    BULK => out.bulk(&x),
                    STATUS => out.status(&x),
                    ERROR => out.error(&x),
                    BIG => out.big_number(&x),
                    VERBATIM if x.len() >= 3 => out.verbatim(&[x[0], x[1], x[2]], &x[3..]),
                    _ => return,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_replay_as_recorded() {
        let mut r = Recorder::default();
        r.array(2);
        r.status(b"* Stopped at 1");
        r.error(b"ERR x");
        r.map(1);
        r.bulk(b"k");
        r.double(1.5);
        let mut again = Recorder::default();
        replay(&r.buf, &mut again);
        assert_eq!(r.buf, again.buf);
    }
}
