//! Metamethod resolution: the one place that decides, for every event, whether an operation
//! yields a value now or needs a metamethod call. Used by opcodes and library functions alike;
//! it never calls Lua itself (the caller turns `Meta::Call` into a frame).

use super::{Throw, Vm, type_index};
use crate::value::{StrRef, TableRef, Value};

/// Maximum `__index`/`__newindex` chain length (lua5.1's MAXTAGLOOP).
const MAX_TAG_LOOP: usize = 100;

pub enum Meta {
    Value(Value),
    /// Call `f` with `args[..n]`.
    Call {
        f: Value,
        args: [Value; 3],
        n: usize,
    },
}

impl Meta {
    pub fn call2(f: Value, a: Value, b: Value) -> Meta {
        Meta::Call {
            f,
            args: [a, b, Value::Nil],
            n: 2,
        }
    }
}

/// Why an index operation failed (so the caller can name the variable).
pub enum IndexError {
    /// The value at this step of the chain cannot be indexed; `first` is true when it is the
    /// original object (the only case where lua5.1 names the variable).
    NotIndexable {
        v: Value,
        first: bool,
    },
    Other(Throw),
}

impl From<Throw> for IndexError {
    fn from(t: Throw) -> IndexError {
        IndexError::Other(t)
    }
}

impl From<crate::heap::StaleHandle> for IndexError {
    fn from(s: crate::heap::StaleHandle) -> IndexError {
        IndexError::Other(s.into())
    }
}

impl Vm {
    pub fn metatable_of(&self, v: Value) -> Option<TableRef> {
        match v {
            Value::Table(t) => self.heap.table(t).ok().and_then(|t| t.meta),
            Value::UserData(u) => self.heap.userdata(u).ok().and_then(|u| u.meta),
            _ => self.type_metas[type_index(v)],
        }
    }

    /// The metamethod `event` of `v`, or nil.
    #[inline]
    pub fn metamethod(&self, v: Value, event: StrRef) -> Value {
        match self.metatable_of(v) {
            Some(mt) => self
                .heap
                .table(mt)
                .map(|t| t.get_hash(Value::Str(event)))
                .unwrap_or(Value::Nil),
            None => Value::Nil,
        }
    }

    /// `obj[key]` with `__index`.
    pub fn index_meta(&mut self, obj: Value, key: Value) -> Result<Meta, IndexError> {
        let mut cur = obj;
        for step in 0..MAX_TAG_LOOP {
            let h = if let Value::Table(t) = cur {
                let tbl = self.heap.table(t)?;
                let v = tbl.get(key);
                if !v.is_nil() {
                    return Ok(Meta::Value(v));
                }
                match tbl.meta {
                    None => return Ok(Meta::Value(Value::Nil)),
                    Some(mt) => {
                        let h = self.heap.table(mt)?.get_hash(Value::Str(self.names.index));
                        if h.is_nil() {
                            return Ok(Meta::Value(Value::Nil));
                        }
                        h
                    }
                }
            } else {
                let h = self.metamethod(cur, self.names.index);
                if h.is_nil() {
                    return Err(IndexError::NotIndexable {
                        v: cur,
                        first: step == 0,
                    });
                }
                h
            };
            if let Value::Func(_) = h {
                return Ok(Meta::call2(h, cur, key));
            }
            cur = h;
        }
        Err(IndexError::Other(Throw::msg("loop in gettable")))
    }

    /// `obj[key] = val` with `__newindex`. `Meta::Value` means the store was done.
    pub(crate) fn newindex_meta(
        &mut self,
        obj: Value,
        key: Value,
        val: Value,
    ) -> Result<Meta, IndexError> {
        let mut cur = obj;
        for step in 0..MAX_TAG_LOOP {
            let h = if let Value::Table(t) = cur {
                // Redis's luaV_settable refuses a read-only table first (before the key check
                // and without looking at __newindex); the error is positioned (an opcode).
                if self.heap.is_readonly(t)? {
                    return Err(IndexError::Other(Throw::readonly_at_op(
                        crate::heap::WriteError::ReadOnly,
                    )));
                }
                // lua5.1's luaV_settable does the raw set's key check before looking at
                // __newindex.
                match key {
                    Value::Nil => return Err(IndexError::Other(Throw::msg("table index is nil"))),
                    Value::Num(n) if n.is_nan() => {
                        return Err(IndexError::Other(Throw::msg("table index is NaN")));
                    }
                    _ => {}
                }
                let tbl = self.heap.table(t)?;
                let h = match tbl.meta {
                    Some(mt) if tbl.get(key).is_nil() => self
                        .heap
                        .table(mt)?
                        .get_hash(Value::Str(self.names.newindex)),
                    _ => Value::Nil,
                };
                if h.is_nil() {
                    let r = self
                        .heap
                        .table_mut(t)
                        .map_err(Throw::readonly_at_op)?
                        .set(key, val);
                    if let Err(e) = r {
                        self.store_after_refusal(t, key, val, e)?;
                    }
                    return Ok(Meta::Value(Value::Nil));
                }
                h
            } else {
                let h = self.metamethod(cur, self.names.newindex);
                if h.is_nil() {
                    return Err(IndexError::NotIndexable {
                        v: cur,
                        first: step == 0,
                    });
                }
                h
            };
            if let Value::Func(_) = h {
                return Ok(Meta::Call {
                    f: h,
                    args: [cur, key, val],
                    n: 3,
                });
            }
            cur = h;
        }
        Err(IndexError::Other(Throw::msg("loop in settable")))
    }

    /// The handler for a binary event: the first operand's, else the second's.
    pub(crate) fn binary_handler(&self, a: Value, b: Value, event: StrRef) -> Value {
        let h = self.metamethod(a, event);
        if h.is_nil() {
            self.metamethod(b, event)
        } else {
            h
        }
    }

    /// lua5.1's get_compTM: the handler only applies when both operands share it.
    pub(crate) fn comparison_handler(&self, a: Value, b: Value, event: StrRef) -> Value {
        let ha = self.metamethod(a, event);
        if ha.is_nil() {
            return Value::Nil;
        }
        let hb = self.metamethod(b, event);
        if ha.raw_eq(hb) { ha } else { Value::Nil }
    }

    /// `a == b` with `__eq` (only for two tables or two userdata).
    pub(crate) fn eq_meta(&self, a: Value, b: Value) -> Meta {
        if a.raw_eq(b) {
            return Meta::Value(Value::Bool(true));
        }
        let same_kind = matches!(
            (a, b),
            (Value::Table(_), Value::Table(_)) | (Value::UserData(_), Value::UserData(_))
        );
        if !same_kind {
            return Meta::Value(Value::Bool(false));
        }
        let h = self.comparison_handler(a, b, self.names.eq);
        if h.is_nil() {
            Meta::Value(Value::Bool(false))
        } else {
            Meta::call2(h, a, b)
        }
    }
}
