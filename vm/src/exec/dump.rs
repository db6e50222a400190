//! Binary chunks for the CLI (`string.dump`, and `load` of what it produced). Ferrous's
//! bytecode is its own (lua5.1's `luac` output cannot be loaded), and the executor trusts
//! the compiler's invariants (registers in the frame, cells only where the compiler put
//! them), so a chunk is sealed with a SHA-1 over a per-VM random key and its body: only
//! chunks this VM dumped load back; anything else is `bad binary format`. Hosts that do not
//! call `enable_binary_chunks` (Redis) keep refusing every binary chunk, and their
//! `string.dump` gives only lua5.1's header.

use super::{LoadError, Vm};
use crate::bytecode::{LocVar, Proto, UpvalSrc};
use crate::exec::Function;
use crate::heap::func::Upvals;
use crate::value::{FuncRef, Value};
use std::rc::Rc;

/// lua5.1's signature, then ours (the version of this format).
const HEADER: &[u8] = b"\x1bLuaQ\x00FERROUS1";
const MAC_LEN: usize = 20;

impl Vm {
    /// Lets `string.dump` produce loadable chunks and `load` accept them (CLI only).
    pub fn enable_binary_chunks(&mut self) {
        use std::hash::BuildHasher;
        let mut key = [0u8; 16];
        for (i, part) in key.chunks_mut(8).enumerate() {
            let h = std::collections::hash_map::RandomState::new().hash_one(i);
            part.copy_from_slice(&h.to_le_bytes());
        }
        self.chunk_key = Some(key);
    }

    fn seal(&self, key: &[u8; 16], body: &[u8]) -> [u8; MAC_LEN] {
        let mut h = sha1_smol::Sha1::new();
        h.update(key);
        h.update(body);
        h.update(key);
        h.digest().bytes()
    }

    /// The binary chunk of Lua function `f`, or None when binary chunks are not enabled.
    pub fn dump_function(&self, f: FuncRef) -> Option<Vec<u8>> {
        let key = self.chunk_key?;
        let Ok(Function::Lua(c)) = self.heap.function(f) else {
            return None;
        };
        let mut out = HEADER.to_vec();
        self.dump_proto(&c.proto, &mut out);
        let mac = self.seal(&key, &out[HEADER.len()..]);
        out.extend_from_slice(&mac);
        Some(out)
    }

    fn dump_proto(&self, p: &Proto, out: &mut Vec<u8>) {
        put_bytes(out, p.source.as_bytes());
        put_u32(out, p.line_defined);
        put_u32(out, p.last_line);
        put_u32(out, p.entry);
        out.extend_from_slice(&[p.num_params, p.is_vararg as u8, p.max_stack]);
        put_u32(out, p.code.len() as u32);
        for &i in &p.code {
            put_u32(out, i);
        }
        put_u32(out, p.lines.len() as u32);
        for &l in &p.lines {
            put_u32(out, l);
        }
        put_u32(out, p.consts.len() as u32);
        for &k in &p.consts {
            match k {
                Value::Bool(b) => out.extend_from_slice(&[1, b as u8]),
                Value::Num(n) => {
                    out.push(2);
                    out.extend_from_slice(&n.to_bits().to_le_bytes());
                }
                Value::Str(s) => {
                    out.push(3);
                    put_bytes(out, self.heap.str_bytes(s).unwrap_or(b""));
                }
                _ => out.push(0),
            }
        }
        put_u32(out, p.upvals.len() as u32);
        for u in &p.upvals {
            match *u {
                UpvalSrc::Reg(r) => out.extend_from_slice(&[0, r, 0]),
                UpvalSrc::Upval(i) => {
                    out.push(1);
                    out.extend_from_slice(&i.to_le_bytes());
                }
            }
        }
        put_u32(out, p.upval_names.len() as u32);
        for n in &p.upval_names {
            put_bytes(out, n.as_bytes());
        }
        put_u32(out, p.locvars.len() as u32);
        for l in &p.locvars {
            put_bytes(out, l.name.as_bytes());
            put_u32(out, l.start_pc);
            put_u32(out, l.end_pc);
            out.push(l.reg);
        }
        put_u32(out, p.protos.len() as u32);
        for q in &p.protos {
            self.dump_proto(q, out);
        }
    }

    /// Loads a binary chunk (`source` starts with ESC): a function with fresh nil upvalues,
    /// as lua5.1's `lua_load` gives.
    pub(crate) fn undump(&mut self, source: &[u8], chunkname: &str) -> Result<Value, LoadError> {
        let name = match chunkname.as_bytes().first() {
            Some(b'@' | b'=') => chunkname[1..].to_string(),
            Some(0x1b) => "binary string".to_string(),
            _ => chunkname.to_string(),
        };
        let bad =
            |what: &str| LoadError::Syntax(format!("{}: {} in precompiled chunk", name, what));
        let Some(key) = self.chunk_key else {
            return Err(LoadError::Syntax(format!(
                "{}: bad binary format (precompiled chunks are not supported)",
                crate::compiler::chunk_id(chunkname)
            )));
        };
        if source.len() < HEADER.len() && HEADER.starts_with(source) {
            return Err(bad("unexpected end"));
        }
        if !source.starts_with(HEADER) {
            return Err(bad("bad header"));
        }
        if source.len() < HEADER.len() + MAC_LEN {
            return Err(bad("unexpected end"));
        }
        let (body, mac) = source[HEADER.len()..].split_at(source.len() - HEADER.len() - MAC_LEN);
        if self.seal(&key, body) != mac {
            return Err(bad("bad code"));
        }
        self.reserve(body.len().saturating_mul(2))
            .map_err(LoadError::Throw)?;
        let mut r = Reader { b: body, pos: 0 };
        let proto = self
            .load_proto(&mut r)
            .ok_or_else(|| bad("unexpected end"))?;
        let proto = Rc::new(proto);
        self.heap.charge_protos(&proto);
        let cells: Upvals = (0..proto.upvals.len())
            .map(|_| self.heap.new_cell(Value::Nil))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Ok(self.new_lua_closure(proto, cells, self.globals))
    }

    fn load_proto(&mut self, r: &mut Reader) -> Option<Proto> {
        let mut p = Proto {
            source: String::from_utf8_lossy(r.bytes()?).into(),
            line_defined: r.u32()?,
            last_line: r.u32()?,
            entry: r.u32()?,
            num_params: r.u8()?,
            is_vararg: r.u8()? != 0,
            max_stack: r.u8()?,
            ..Proto::default()
        };
        let n = r.u32()?;
        p.code = (0..n).map(|_| r.u32()).collect::<Option<_>>()?;
        let n = r.u32()?;
        p.lines = (0..n).map(|_| r.u32()).collect::<Option<_>>()?;
        let n = r.u32()?;
        for _ in 0..n {
            let k = match r.u8()? {
                1 => Value::Bool(r.u8()? != 0),
                2 => Value::Num(f64::from_bits(u64::from_le_bytes(
                    r.take(8)?.try_into().ok()?,
                ))),
                3 => Value::Str(self.heap.intern(r.bytes()?)),
                _ => Value::Nil,
            };
            p.consts.push(k);
        }
        p.index_numbers();
        let n = r.u32()?;
        for _ in 0..n {
            let tag = r.u8()?;
            let v = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
            p.upvals.push(if tag == 0 {
                UpvalSrc::Reg(v as u8)
            } else {
                UpvalSrc::Upval(v)
            });
        }
        let n = r.u32()?;
        for _ in 0..n {
            p.upval_names
                .push(String::from_utf8_lossy(r.bytes()?).into_owned());
        }
        let n = r.u32()?;
        for _ in 0..n {
            p.locvars.push(LocVar {
                name: String::from_utf8_lossy(r.bytes()?).into_owned(),
                start_pc: r.u32()?,
                end_pc: r.u32()?,
                reg: r.u8()?,
            });
        }
        let n = r.u32()?;
        for _ in 0..n {
            let q = self.load_proto(r)?;
            p.protos.push(Rc::new(q));
        }
        Some(p)
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u32(out, b.len() as u32);
    out.extend_from_slice(b);
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}
