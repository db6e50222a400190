//! Arithmetic, comparison, length and concatenation, with string coercion and metamethods.

use super::meta::Meta;
use super::{Throw, Vm};
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
}

#[inline]
pub fn arith_num(op: ArithOp, a: f64, b: f64) -> f64 {
    match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div => a / b,
        ArithOp::Mod => a - (a / b).floor() * b,
        ArithOp::Pow => a.powf(b),
        ArithOp::Unm => -a,
    }
}

/// The outcome of a failed operation on operands, so the caller can name the culprit.
pub enum OpError {
    /// Operand index (0 = first, 1 = second) that has the wrong type, and the verb.
    Operand(usize, &'static str),
    /// A complete message (comparison errors name types only).
    Msg(String),
    Throw(Throw),
}

impl From<Throw> for OpError {
    fn from(t: Throw) -> OpError {
        OpError::Throw(t)
    }
}

impl Vm {
    /// `tonumber` as the VM coerces: numbers, and strings that convert.
    #[inline]
    pub fn to_number(&self, v: Value) -> Option<f64> {
        match v {
            Value::Num(n) => Some(n),
            Value::Str(r) => self
                .heap
                .str_bytes(r)
                .ok()
                .and_then(crate::number::str_to_number),
            _ => None,
        }
    }

    pub(crate) fn arith_meta(&mut self, op: ArithOp, a: Value, b: Value) -> Result<Meta, OpError> {
        if let (Some(x), Some(y)) = (self.to_number(a), self.to_number(b)) {
            return Ok(Meta::Value(Value::Num(arith_num(op, x, y))));
        }
        let ev = match op {
            ArithOp::Add => self.names.add,
            ArithOp::Sub => self.names.sub,
            ArithOp::Mul => self.names.mul,
            ArithOp::Div => self.names.div,
            ArithOp::Mod => self.names.mod_,
            ArithOp::Pow => self.names.pow,
            ArithOp::Unm => self.names.unm,
        };
        let h = self.binary_handler(a, b, ev);
        if h.is_nil() {
            // luaG_aritherror: blame the second operand unless the first is not a number.
            let bad = if self.to_number(a).is_none() { 0 } else { 1 };
            return Err(OpError::Operand(bad, "perform arithmetic on"));
        }
        Ok(Meta::call2(h, a, b))
    }

    /// `a < b` (`le` false) or `a <= b` (`le` true). For `__le` falling back to `not (b < a)`,
    /// returns `(Meta::Call, true)`: the result must be negated.
    pub fn compare_meta(&mut self, a: Value, b: Value, le: bool) -> Result<(Meta, bool), OpError> {
        match (a, b) {
            (Value::Num(x), Value::Num(y)) => {
                return Ok((
                    Meta::Value(Value::Bool(if le { x <= y } else { x < y })),
                    false,
                ));
            }
            (Value::Str(x), Value::Str(y)) => {
                let (x, y) = (
                    self.heap.str_bytes(x).map_err(Throw::from)?,
                    self.heap.str_bytes(y).map_err(Throw::from)?,
                );
                let r = if le { x <= y } else { x < y };
                return Ok((Meta::Value(Value::Bool(r)), false));
            }
            _ => {}
        }
        if a.type_name() == b.type_name() {
            let ev = if le { self.names.le } else { self.names.lt };
            let h = self.comparison_handler(a, b, ev);
            if !h.is_nil() {
                return Ok((Meta::call2(h, a, b), false));
            }
            if le {
                let h = self.comparison_handler(b, a, self.names.lt);
                if !h.is_nil() {
                    return Ok((Meta::call2(h, b, a), true));
                }
            }
        }
        Err(OpError::Msg(order_error(a, b)))
    }

    /// `#v`: strings and tables (5.1 ignores `__len` on tables), else `__len`.
    pub(crate) fn len_meta(&mut self, v: Value) -> Result<Meta, OpError> {
        match v {
            Value::Str(r) => Ok(Meta::Value(Value::Num(
                self.heap.str_bytes(r).map_err(Throw::from)?.len() as f64,
            ))),
            Value::Table(t) => Ok(Meta::Value(Value::Num(
                self.heap.table(t).map_err(Throw::from)?.border() as f64,
            ))),
            _ => {
                let h = self.metamethod(v, self.names.len);
                if h.is_nil() {
                    return Err(OpError::Operand(0, "get length of"));
                }
                Ok(Meta::call2(h, v, Value::Nil))
            }
        }
    }

    /// Appends the string form of a string or number to `buf`; false for other types.
    #[inline]
    pub fn append_concat(&self, buf: &mut Vec<u8>, v: Value) -> bool {
        match v {
            Value::Str(r) => match self.heap.str_bytes(r) {
                Ok(b) => {
                    buf.extend_from_slice(b);
                    true
                }
                Err(_) => false,
            },
            Value::Num(n) => {
                crate::number::write_number(buf, n);
                true
            }
            _ => false,
        }
    }
}

/// luaG_ordererror.
pub fn order_error(a: Value, b: Value) -> String {
    let (t1, t2) = (a.type_name(), b.type_name());
    if t1 == t2 {
        format!("attempt to compare two {} values", t1)
    } else {
        format!("attempt to compare {} with {}", t1, t2)
    }
}
