//! The bound on a script's reply. A table reachable through several paths is written once
//! per path (`local t = {} t[1] = t t[2] = t return t` doubles at every level down to the
//! depth limit), so a reply can be exponentially larger than the heap that describes it.
//! Before anything is written, a walk with the same shape rules as `to_reply.rs` adds up what
//! the reply would take and stops at `limit`; the walk charges the instruction budget, so the
//! busy hook (BUSY replies, SCRIPT KILL) keeps running. Its stack holds one cursor per open
//! table, so its own memory is bounded by the depth limit, not by the reply.

use super::{MAX_REPLY_DEPTH, Shape, shape};
use ferrous_vm::value::TableRef;
use ferrous_vm::{Throw, Value, Vm};

/// The reply bound when the VM has no memory limit: Redis's default `proto-max-bulk-len`.
pub const REPLY_LIMIT_WITHOUT_MEMORY_LIMIT: usize = 512 * 1024 * 1024;

/// Bytes counted per reply element besides its payload (RESP framing and the server's reply
/// node share).
const ELEMENT_BYTES: usize = 16;

/// Why a reply was not written.
#[derive(Debug)]
pub enum ReplyTooLarge {
    /// The reply would take more than `limit` bytes.
    Exceeds { limit: usize },
    /// The budget hook raised an error (SCRIPT KILL) during the walk.
    Stopped(Throw),
}

/// One open table of the walk.
enum Cursor {
    /// Array items `next..` (until the first nil).
    Array { t: TableRef, next: i64 },
    /// Map entries (keys and values) or set members (keys only), after key `after`;
    /// `pending` is the value of the key just walked.
    Entries {
        t: TableRef,
        after: Value,
        values: bool,
        pending: Option<Value>,
    },
}

/// Checks that writing `v` as a reply takes at most `limit` bytes.
pub fn check_reply_size(vm: &mut Vm, v: Value, limit: usize) -> Result<(), ReplyTooLarge> {
    let mut total = 0usize;
    let mut open: Vec<Cursor> = Vec::new();
    let mut next = Some(v);
    loop {
        if let Some(v) = next.take() {
            // `open.len() + 1` is the depth of `v` (the top value has depth 1).
            let bytes = element(vm, v, open.len() + 1, &mut open);
            total = total.saturating_add(bytes);
            if total > limit {
                return Err(ReplyTooLarge::Exceeds { limit });
            }
            vm.charge(1).map_err(ReplyTooLarge::Stopped)?;
        }
        let Some(top) = open.last_mut() else {
            return Ok(());
        };
        next = match top {
            Cursor::Array { t, next } => {
                let item = vm
                    .heap()
                    .table(*t)
                    .map(|tab| tab.get_int(*next))
                    .unwrap_or(Value::Nil);
                *next += 1;
                (!item.is_nil()).then_some(item)
            }
            Cursor::Entries {
                t,
                after,
                values,
                pending,
            } => match pending.take() {
                Some(v) => Some(v),
                None => {
                    let entry = vm
                        .heap()
                        .table(*t)
                        .ok()
                        .and_then(|tab| tab.next(*after).ok().flatten());
                    entry.map(|(k, v)| {
                        *after = k;
                        if *values {
                            *pending = Some(v);
                        }
                        k
                    })
                }
            },
        };
        if next.is_none() {
            open.pop();
        }
    }
}

/// The bytes of `v`'s own reply element; a table whose elements follow is opened (pushed).
fn element(vm: &mut Vm, v: Value, depth: usize, open: &mut Vec<Cursor>) -> usize {
    if depth > MAX_REPLY_DEPTH {
        // `reached lua stack limit` in place of the value.
        return 2 * ELEMENT_BYTES;
    }
    let len = |vm: &Vm, s: Value| vm.str_bytes(s).map_or(0, |b| b.len());
    match v {
        Value::Str(_) => ELEMENT_BYTES + len(vm, v),
        Value::Table(t) => match shape(vm, t) {
            Shape::Error(s) | Shape::Status(s) | Shape::BigNumber(s) => ELEMENT_BYTES + len(vm, s),
            Shape::Verbatim { string, .. } => ELEMENT_BYTES + 4 + len(vm, string),
            Shape::Double(_) => ELEMENT_BYTES * 2,
            Shape::Map(m) => {
                open.push(Cursor::Entries {
                    t: m,
                    after: Value::Nil,
                    values: true,
                    pending: None,
                });
                ELEMENT_BYTES
            }
            Shape::Set(s) => {
                open.push(Cursor::Entries {
                    t: s,
                    after: Value::Nil,
                    values: false,
                    pending: None,
                });
                ELEMENT_BYTES
            }
            Shape::Array => {
                open.push(Cursor::Array { t, next: 1 });
                ELEMENT_BYTES
            }
        },
        _ => ELEMENT_BYTES,
    }
}
