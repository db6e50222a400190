//! Work units (about bytes examined) the collector counts per thing it looks at: one table of
//! them for marking, weak clearing, finalizer separation and root shading, so that a step's
//! work limit and the budget it charges mean the same everywhere.

/// A string marked (no children).
pub const STRING: usize = 8;
/// A table's header (its entries count `ENTRY` each).
pub const TABLE: usize = 64;
/// A table entry examined (marking, weak clearing).
pub const ENTRY: usize = 16;
/// A captured local's cell.
pub const CELL: usize = 24;
/// A userdata marked.
pub const USERDATA: usize = 64;
/// A dead userdata examined for a finalizer.
pub const UDATA_FINALIZE: usize = 16;
/// A prototype traversed, plus `PROTO_CONST` per constant.
pub const PROTO: usize = 32;
pub const PROTO_CONST: usize = 8;
/// A coroutine traced, plus `THREAD_SLOT` per stack slot and `THREAD_FRAME` per frame.
pub const THREAD: usize = 256;
pub const THREAD_SLOT: usize = 16;
pub const THREAD_FRAME: usize = 64;
/// Shading the executor's roots, beyond one unit per stack slot.
pub const ROOTS: usize = 64;
