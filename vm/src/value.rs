//! Lua values: small `Copy` enums whose heap variants are generational handles into the arenas.

use slotmap::{Key as _, new_key_type};
use std::hash::{Hash, Hasher};

new_key_type! {
    /// An interned byte string.
    pub struct StrRef;
    /// A table.
    pub struct TableRef;
    /// A Lua or native closure.
    pub struct FuncRef;
    /// A boxed captured local (an upvalue cell).
    pub struct CellRef;
    /// A coroutine.
    pub struct ThreadRef;
    /// A full userdata.
    pub struct UserRef;
}

/// `repr(u64)`: the tag fills the first word and every payload sits in the second, so a
/// value moves as two aligned words. With a one-byte tag, `Bool`'s payload sat at offset 1
/// and LLVM copied values of unknown variant as overlapping unaligned pieces (bytes 1..9 and
/// 8..16) through the stack: a store-forwarding stall on most register moves.
#[derive(Clone, Copy, Debug, Default)]
#[repr(u64)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Num(f64),
    Str(StrRef),
    Table(TableRef),
    Func(FuncRef),
    Thread(ThreadRef),
    UserData(UserRef),
    /// A C-style light userdata (only `cjson.null`-like sentinels use it).
    LightUserData(usize),
    /// Internal: a register holding a captured local's cell. Never visible to Lua code: the
    /// compiler only reads such registers through GETCELL/SETCELL/CLOSURE.
    Cell(CellRef),
}

impl Value {
    #[inline]
    pub fn is_nil(self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Lua truthiness: only `nil` and `false` are false.
    #[inline]
    pub fn truthy(self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Table(_) => "table",
            Value::Func(_) => "function",
            Value::Thread(_) => "thread",
            Value::UserData(_) | Value::LightUserData(_) => "userdata",
            Value::Cell(_) => "cell",
        }
    }

    /// Raw equality (no metamethods). Strings are interned, so handle equality is content equality.
    #[inline(always)]
    pub fn raw_eq(self, other: Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Func(a), Value::Func(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) => a == b,
            (Value::UserData(a), Value::UserData(b)) => a == b,
            (Value::LightUserData(a), Value::LightUserData(b)) => a == b,
            _ => false,
        }
    }

    /// A stable identity for printing (`table: 0x...`).
    pub fn identity(self) -> u64 {
        match self {
            Value::Str(r) => r.data().as_ffi(),
            Value::Table(r) => r.data().as_ffi(),
            Value::Func(r) => r.data().as_ffi(),
            Value::Thread(r) => r.data().as_ffi(),
            Value::UserData(r) => r.data().as_ffi(),
            Value::LightUserData(p) => p as u64,
            Value::Cell(r) => r.data().as_ffi(),
            _ => 0,
        }
    }
}

/// A table key: a value other than nil/NaN, hashed and compared by raw equality. Numbers are
/// normalised so that `-0` and `0` are the same key (and `1.0` and `1` are the same double).
#[derive(Clone, Copy, Debug)]
pub struct Key(pub Value);

impl PartialEq for Key {
    #[inline(always)]
    fn eq(&self, other: &Key) -> bool {
        self.0.raw_eq(other.0)
    }
}
impl Eq for Key {}

impl Hash for Key {
    #[inline(always)]
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.0 {
            Value::Num(n) => {
                let n = if n == 0.0 { 0.0 } else { n };
                h.write_u64(n.to_bits());
            }
            Value::Bool(b) => h.write_u64(b as u64 + 1),
            Value::Str(r) => h.write_u64(r.data().as_ffi()),
            other => h.write_u64(other.identity() ^ 0x9e37_79b9_7f4a_7c15),
        }
    }
}
