//! FUNCTION DUMP / RESTORE payloads in Redis 7.0's own format (functions.c
//! `functionDumpCommand`, rdb.c `rdbSaveFunctions` / `rdbFunctionLoad`, cluster.c
//! `verifyDumpPayload`): for each library `RDB_OPCODE_FUNCTION2` (245) and the library code
//! as an RDB string, then the RDB version as 2 bytes little-endian (10 for 7.0) and the
//! CRC64 (Jones polynomial, reflected, as Redis's crc64.c) of everything before, 8 bytes
//! little-endian.
//!
//! Strings are written uncompressed (always valid RDB); reading accepts every RDB string
//! encoding: 6/14/32/64-bit lengths, the 8/16/32-bit integer encodings and LZF-compressed
//! strings (the built-in compresses library code longer than 20 bytes when
//! `rdbcompression` is on). The 7.0-rc format `RDB_OPCODE_FUNCTION` (246: name, engine,
//! optional description, code) is read too.

pub const RDB_VERSION: u16 = 10;
pub const OPCODE_FUNCTION: u8 = 246;
pub const OPCODE_FUNCTION2: u8 = 245;

/// Redis's crc64.c (Jones polynomial, reflected, no final xor) is the catalog's CRC-64/REDIS.
const CRC64: crc::Crc<u64> = crc::Crc::<u64>::new(&crc::CRC_64_REDIS);

/// Redis's `crc64(0, data)`.
pub fn crc64(data: &[u8]) -> u64 {
    CRC64.checksum(data)
}

/// rdb.c `rdbSaveLen`.
pub fn write_len(out: &mut Vec<u8>, len: u64) {
    if len < 1 << 6 {
        out.push(len as u8);
    } else if len < 1 << 14 {
        out.push(0x40 | (len >> 8) as u8);
        out.push(len as u8);
    } else if len <= u32::MAX as u64 {
        out.push(0x80);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    } else {
        out.push(0x81);
        out.extend_from_slice(&len.to_be_bytes());
    }
}

/// An RDB string, stored verbatim (`rdbSaveRawString` without compression).
pub fn write_string(out: &mut Vec<u8>, s: &[u8]) {
    write_len(out, s.len() as u64);
    out.extend_from_slice(s);
}

/// The FUNCTION DUMP payload of the given library codes.
pub fn dump<'a>(codes: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for code in codes {
        out.push(OPCODE_FUNCTION2);
        write_string(&mut out, code);
    }
    out.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// `verifyDumpPayload`: at least the footer, a version Redis 7.0 knows, a matching CRC.
pub fn verify(p: &[u8]) -> bool {
    if p.len() < 10 {
        return false;
    }
    let footer = &p[p.len() - 10..];
    let ver = u16::from_le_bytes([footer[0], footer[1]]);
    if ver > RDB_VERSION {
        return false;
    }
    let crc = crc64(&p[..p.len() - 8]);
    crc.to_le_bytes() == footer[2..10]
}

/// A reader over a payload.
pub struct Reader<'a> {
    data: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    /// `rdbLoadLenByRef`: `(len, is_encoded)`.
    fn len_or_enc(&mut self) -> Option<(u64, bool)> {
        let b = self.byte()?;
        match b >> 6 {
            0 => Some(((b & 0x3f) as u64, false)),
            1 => Some(((((b & 0x3f) as u64) << 8) | self.byte()? as u64, false)),
            3 => Some(((b & 0x3f) as u64, true)),
            _ => match b {
                0x80 => Some((
                    u32::from_be_bytes(self.take(4)?.try_into().ok()?) as u64,
                    false,
                )),
                0x81 => Some((u64::from_be_bytes(self.take(8)?.try_into().ok()?), false)),
                _ => None,
            },
        }
    }

    /// `rdbLoadLen`.
    pub fn len(&mut self) -> Option<u64> {
        match self.len_or_enc()? {
            (n, false) => Some(n),
            _ => None,
        }
    }

    /// `rdbGenericLoadStringObject`.
    pub fn string(&mut self) -> Option<Vec<u8>> {
        let (n, enc) = self.len_or_enc()?;
        if !enc {
            return self.take(usize::try_from(n).ok()?).map(|s| s.to_vec());
        }
        match n {
            0 => Some((self.byte()? as i8).to_string().into_bytes()),
            1 => Some(
                i16::from_le_bytes(self.take(2)?.try_into().ok()?)
                    .to_string()
                    .into_bytes(),
            ),
            2 => Some(
                i32::from_le_bytes(self.take(4)?.try_into().ok()?)
                    .to_string()
                    .into_bytes(),
            ),
            3 => {
                let clen = usize::try_from(self.len()?).ok()?;
                let len = usize::try_from(self.len()?).ok()?;
                let comp = self.take(clen)?;
                lzf_decompress(comp, len)
            }
            _ => None,
        }
    }
}

/// liblzf's `lzf_decompress`; None when the data is corrupt or does not give `len` bytes
/// (rdbLoadLzfStringObject's check).
pub fn lzf_decompress(input: &[u8], len: usize) -> Option<Vec<u8>> {
    if len == 0 {
        return None;
    }
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let mut i = 0;
    while i < input.len() {
        let ctrl = input[i] as usize;
        i += 1;
        if ctrl < 32 {
            let n = ctrl + 1;
            if out.len() + n > len {
                return None;
            }
            out.extend_from_slice(input.get(i..i + n)?);
            i += n;
        } else {
            let mut n = ctrl >> 5;
            if n == 7 {
                n += *input.get(i)? as usize;
                i += 1;
            }
            let off = ((ctrl & 0x1f) << 8) + *input.get(i)? as usize + 1;
            i += 1;
            n += 2;
            if out.len() + n > len || off > out.len() {
                return None;
            }
            let start = out.len() - off;
            for k in 0..n {
                let c = out[start + k];
                out.push(c);
            }
        }
    }
    (out.len() == len).then_some(out)
}

/// One library record of a payload: its full code (`#!<engine> name=<lib>\n...`), or the
/// error text of `functionRestoreCommand` / `rdbFunctionLoad`.
pub fn read_record(r: &mut Reader) -> Result<Vec<u8>, &'static str> {
    let t = r.byte().ok_or("can not read data type")?;
    match t {
        OPCODE_FUNCTION2 => r.string().ok_or("Failed loading library payload"),
        OPCODE_FUNCTION => {
            let name = r.string().ok_or("Failed loading library name")?;
            let engine = r.string().ok_or("Failed loading engine name")?;
            let has_desc = r
                .len()
                .ok_or("Failed loading library description indicator")?;
            if has_desc != 0 {
                r.string().ok_or("Failed loading library description")?;
            }
            let blob = r.string().ok_or("Failed loading library blob")?;
            let cstr = |b: &[u8]| b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())].to_vec();
            let mut code = b"#!".to_vec();
            code.extend_from_slice(&cstr(&engine));
            code.extend_from_slice(b" name=");
            code.extend_from_slice(&cstr(&name));
            code.push(b'\n');
            code.extend_from_slice(&cstr(&blob));
            Ok(code)
        }
        _ => Err("given type is not a function"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_reference_vector() {
        assert_eq!(crc64(b"123456789"), 0xe9c6d914c4b8d9ca);
    }

    #[test]
    fn lengths_round_trip() {
        for n in [0u64, 63, 64, 16383, 16384, 1 << 31, u32::MAX as u64 + 1] {
            let mut v = Vec::new();
            write_len(&mut v, n);
            assert_eq!(Reader::new(&v).len(), Some(n));
        }
    }

    #[test]
    fn dump_matches_builtin_and_restores() {
        // FUNCTION DUMP of the built-in 7.0.15 for this library (not compressible).
        let code = b"#!lua name=t\nredis.register_function('f', function(k,a) return 1 end)";
        let p = dump([&code[..]]);
        assert_eq!(&p[..3], &[0xf5, 0x40, 0x45]);
        assert_eq!(
            &p[p.len() - 10..],
            b"\x0a\x00\x26\xc9\x76\x77\xc1\x4c\x1e\xb5"
        );
        assert!(verify(&p));
        let mut r = Reader::new(&p);
        assert_eq!(read_record(&mut r).unwrap(), code);
        assert_eq!(r.remaining(), 10);
    }

    #[test]
    fn lzf_literal_and_backref() {
        // "abcabcabc": literal "abc" then a back reference of 6 bytes at offset 3.
        let comp = [2, b'a', b'b', b'c', (4 << 5), 2];
        assert_eq!(lzf_decompress(&comp, 9).unwrap(), b"abcabcabc");
        assert!(lzf_decompress(&comp, 8).is_none());
        assert!(lzf_decompress(&[0x20, 5], 3).is_none());
    }
}
