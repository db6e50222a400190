//! The heap: one generational arena per object kind. Every access goes through `Heap`'s
//! methods (the transaction boundary): they validate handles (a stale handle is an error,
//! never UB) and are the single place where allocation is counted against the memory limit.

mod arena;

/// `[e(strings), e(tables), e(funcs), e(cells), e(threads), e(userdata)]`: evaluates `$e`
/// with `$a` bound to each arena of `$h` in the fixed order that `Heap::counts`, the sweep
/// and the verifier index by (the arenas hold different types, so a macro, not a closure).
macro_rules! per_arena {
    ($h:expr, |$a:ident| $e:expr) => {
        [
            {
                let $a = &$h.strings;
                $e
            },
            {
                let $a = &$h.tables;
                $e
            },
            {
                let $a = &$h.funcs;
                $e
            },
            {
                let $a = &$h.cells;
                $e
            },
            {
                let $a = &$h.threads;
                $e
            },
            {
                let $a = &$h.userdata;
                $e
            },
        ]
    };
    (mut $h:expr, |$a:ident| $e:expr) => {
        [
            {
                let $a = &mut $h.strings;
                $e
            },
            {
                let $a = &mut $h.tables;
                $e
            },
            {
                let $a = &mut $h.funcs;
                $e
            },
            {
                let $a = &mut $h.cells;
                $e
            },
            {
                let $a = &mut $h.threads;
                $e
            },
            {
                let $a = &mut $h.userdata;
                $e
            },
        ]
    };
}
pub(crate) use per_arena;
pub mod func;
pub mod gc;
pub mod hashpart;
pub mod luahash;
pub mod mutator;
mod pool;
pub mod protos;
pub mod size;
pub mod table;

use crate::value::{CellRef, FuncRef, StrRef, TableRef, ThreadRef, UserRef, Value};
use arena::Arena;
use func::{Function, UserData};
use hashbrown::HashTable;
pub use mutator::{Mutator, Thread};
use std::hash::Hasher;
use table::Table;

/// A string's bytes. Short strings do not store their hash (16 bytes where lua5.1's
/// `TString` is 24): the intern table recomputes it when it rehashes and when the sweep
/// removes the string. From `HASHED_FROM` bytes on, the hash follows the content in the same
/// block (8 bytes more), so that freeing a long string costs no pass over its bytes.
pub struct LuaStr {
    data: Box<[u8]>,
}

/// Content length from which the hash is stored after the content.
pub const HASHED_FROM: usize = 1024;
const HASH_LEN: usize = std::mem::size_of::<u64>();

impl LuaStr {
    /// A string of `bytes` whose hash is `h`.
    fn new(mut bytes: Vec<u8>, h: u64) -> LuaStr {
        if bytes.len() >= HASHED_FROM {
            bytes.reserve_exact(HASH_LEN);
            bytes.extend_from_slice(&h.to_le_bytes());
        }
        LuaStr {
            data: bytes.into_boxed_slice(),
        }
    }

    /// Whether the block ends with the hash (a content of `HASHED_FROM` bytes or more; a
    /// shorter content never makes a block this long).
    #[inline(always)]
    fn stores_hash(&self) -> bool {
        self.data.len() >= HASHED_FROM + HASH_LEN
    }

    /// The content.
    #[inline(always)]
    pub fn bytes(&self) -> &[u8] {
        if self.stores_hash() {
            &self.data[..self.data.len() - HASH_LEN]
        } else {
            &self.data
        }
    }

    pub fn hash(&self) -> u64 {
        if self.stores_hash() {
            let mut h = [0u8; HASH_LEN];
            h.copy_from_slice(&self.data[self.data.len() - HASH_LEN..]);
            u64::from_le_bytes(h)
        } else {
            hash_bytes(&self.data)
        }
    }

    /// Bytes accounted to the string (its entry, slot and block).
    pub fn size_bytes(&self) -> usize {
        size::STRING_HEADER + self.data.len()
    }
}

/// A handle that no longer names a live object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleHandle;

impl std::fmt::Display for StaleHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stale object handle")
    }
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(b);
    h.write_usize(b.len());
    h.finish()
}

/// Why `Heap::table_mut` refused a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    /// The handle names no live table.
    Stale,
    /// The table is read-only (`Heap::set_readonly`).
    ReadOnly,
    /// The write needed a bigger array or hash part than the limit allows (`Heap::limit`);
    /// the table is unchanged.
    Memory,
}

/// The message every refused write raises (Redis's text, capital A included).
pub const READONLY_MSG: &str = "Attempt to modify a readonly table";

impl From<StaleHandle> for WriteError {
    fn from(_: StaleHandle) -> WriteError {
        WriteError::Stale
    }
}

/// A table borrowed for writing (see `Heap::table_mut`): the transaction through which every
/// table write goes. It reads as a `Table`; writes go through `set`, `set_int` and `set_meta`,
/// which apply the collector's write barrier (a black table shades what is stored into it)
/// and check any growth of the array or hash part against the heap's limit before
/// allocating it (charged to the heap's byte count as it happens).
pub struct TableMut<'a> {
    t: &'a mut Table,
    room: table::Room<'a>,
    /// The table is black (marked): writes into it shade what they store while marking.
    black: bool,
    gc: &'a mut gc::Gc,
}

impl std::ops::Deref for TableMut<'_> {
    type Target = Table;
    #[inline]
    fn deref(&self) -> &Table {
        self.t
    }
}

impl TableMut<'_> {
    /// `t[key] = val` (raw), with lua5.1's key errors; `SetError::Memory` when the table
    /// would have to grow past the limit (nothing changed then).
    #[inline]
    pub fn set(&mut self, key: Value, val: Value) -> Result<(), table::SetError> {
        if self.black && self.gc.phase == gc::Phase::Propagate {
            self.gc.table_barrier(key, val);
        }
        self.t.set(key, val, &mut self.room)
    }

    /// `t[s] = val` (raw) for a string key (SETFIELD and a constructor's constant keys): one
    /// lookup for a present key and for a new one in a free main position. Only
    /// `SetError::Memory` can come out (a string is never a bad key).
    #[inline(always)]
    pub fn set_str(&mut self, s: StrRef, val: Value) -> Result<(), table::SetError> {
        if self.black && self.gc.phase == gc::Phase::Propagate {
            self.gc.table_barrier(Value::Str(s), val);
        }
        self.t
            .set_str(s, val, &mut self.room)
            .map_err(|_| table::SetError::Memory)
    }

    /// `t[s] = val` (raw) when `t` already holds key `s`: stored in place, whatever the
    /// metatable (a raw store never consults it). False: the key is absent, nothing stored.
    #[inline(always)]
    pub fn raw_set_existing_str(&mut self, s: StrRef, val: Value) -> bool {
        let Some(slot) = self.t.hash.get_str_mut(s) else {
            return false;
        };
        *slot = val;
        if self.black && self.gc.phase == gc::Phase::Propagate {
            self.gc.table_barrier(Value::Str(s), val);
        }
        true
    }

    /// `t[i] = val` (raw) for an integer key: only `WriteError::Memory` can come out.
    #[inline]
    pub fn set_int(&mut self, i: i64, val: Value) -> Result<(), WriteError> {
        if self.black && self.gc.phase == gc::Phase::Propagate {
            self.gc.table_barrier(Value::Nil, val);
        }
        self.t
            .set_int(i, val, &mut self.room)
            .map_err(|_| WriteError::Memory)
    }

    /// SETLIST's stores of `vals` at array slots `first..` (`Table::set_array_run`), with the
    /// barrier of each. False: they do not all lie in the array part; nothing stored.
    pub fn set_array_run(&mut self, first: usize, vals: &[Value]) -> bool {
        if !self.t.set_array_run(first, vals) {
            return false;
        }
        if self.black && self.gc.phase == gc::Phase::Propagate {
            for &v in vals {
                self.gc.table_barrier(Value::Nil, v);
            }
        }
        true
    }

    /// SETLIST's presizing of the array part to `n` slots (lua5.1's `luaH_resizearray`).
    pub fn resize_array(&mut self, n: usize) -> Result<(), WriteError> {
        self.t
            .resize_array(n, &mut self.room)
            .map_err(|_| WriteError::Memory)
    }

    /// Replaces the metatable.
    pub fn set_meta(&mut self, mt: Option<TableRef>) {
        if let (true, gc::Phase::Propagate, Some(m)) = (self.black, self.gc.phase, mt) {
            self.gc.table_barrier(Value::Nil, Value::Table(m));
        }
        self.t.meta = mt;
    }
}

/// The object store. Its arenas are private to this module (and `arena` is a private module),
/// so nothing else can reach an object but through the methods below (P3). From outside the
/// crate, touching an arena does not compile:
///
/// ```compile_fail
/// let h = ferrous_vm::exec::Heap::new();
/// let _ = h.tables; // private field
/// ```
///
/// while the same read through the API does:
///
/// ```
/// let mut h = ferrous_vm::exec::Heap::new();
/// let t = h.new_table(0, 0);
/// assert!(h.table(t).is_ok());
/// ```
///
/// Inside the crate `tests/heap_boundary.rs` (vm) pins the same. `M` names the types of the
/// natives and coroutines it stores (`mutator.rs`; the executor's heap is `exec::Heap`).
pub struct Heap<M: Mutator> {
    strings: Arena<StrRef, LuaStr>,
    intern: HashTable<StrRef>,
    tables: Arena<TableRef, Table>,
    funcs: Arena<FuncRef, Function<M::Native>>,
    cells: Arena<CellRef, Value>,
    threads: Arena<ThreadRef, M::Thread>,
    userdata: Arena<UserRef, UserData>,
    /// Bytes currently accounted to live objects.
    pub bytes: usize,
    /// The limit table growth is checked against before allocating (0: none). The VM arms
    /// it with `Vm::memory_limit` while a script runs (`Vm::call`) and disarms it after, so
    /// host writes between scripts (KEYS/ARGV, globals) are charged but never refused.
    pub limit: usize,
    /// The incremental collector's state (marks, gray lists, phase; see `gc.rs`).
    pub(crate) gc: gc::Gc,
    /// The string hash that places string keys in tables (and so their `next` order).
    str_hash: luahash::StrHash,
    /// Bytes of prototypes dropped since the collector last settled them (`protos.rs`).
    proto_ledger: std::rc::Rc<std::cell::Cell<usize>>,
    /// Small array and hash-part blocks of dead tables, for new tables (`pool.rs`).
    pools: pool::PartPools,
}

impl<M: Mutator> Default for Heap<M> {
    fn default() -> Self {
        Heap {
            strings: Default::default(),
            intern: Default::default(),
            tables: Default::default(),
            funcs: Default::default(),
            cells: Default::default(),
            threads: Default::default(),
            userdata: Default::default(),
            bytes: 0,
            limit: 0,
            gc: Default::default(),
            str_hash: Default::default(),
            proto_ledger: Default::default(),
            pools: Default::default(),
        }
    }
}

impl<M: Mutator> Heap<M> {
    pub fn new() -> Self {
        Heap::default()
    }

    /// Chooses the string hash behind table order: `StrHash::EveryChar` iterates as Redis's
    /// built-in Lua (the module sets it before any script runs).
    pub fn set_str_hash(&mut self, mode: luahash::StrHash) {
        self.str_hash = mode;
    }

    // ---- strings ----

    /// Interns `bytes`, returning the one handle for this content.
    pub fn intern(&mut self, bytes: &[u8]) -> StrRef {
        let h = hash_bytes(bytes);
        let strings = &self.strings;
        if let Some(&r) = self
            .intern
            .find(h, |&r| strings.get(r).is_some_and(|s| s.bytes() == bytes))
        {
            self.interned(r);
            return r;
        }
        self.bytes += size::string(bytes.len());
        let mut v = Vec::with_capacity(size::string(bytes.len()) - size::STRING_HEADER);
        v.extend_from_slice(bytes);
        let r = self.strings.insert(LuaStr::new(v, h));
        self.intern_insert(h, r);
        r
    }

    /// Interns an owned buffer (avoids a copy when the content is new).
    pub fn intern_vec(&mut self, bytes: Vec<u8>) -> StrRef {
        let h = hash_bytes(&bytes);
        let strings = &self.strings;
        if let Some(&r) = self
            .intern
            .find(h, |&r| strings.get(r).is_some_and(|s| s.bytes() == bytes))
        {
            self.interned(r);
            return r;
        }
        self.bytes += size::string(bytes.len());
        let r = self.strings.insert(LuaStr::new(bytes, h));
        self.intern_insert(h, r);
        r
    }

    /// Adds a new string to the intern table, charging the table's growth (its real size,
    /// as lua5.1 charges its string table).
    fn intern_insert(&mut self, h: u64, r: StrRef) {
        let before = self.intern.allocation_size();
        let strings = &self.strings;
        self.intern
            .insert_unique(h, r, |&r| strings.get(r).map_or(0, LuaStr::hash));
        self.settle_intern(before);
    }

    /// Accounts a change of the intern table's allocation from `before` bytes (its size
    /// moves only when it grows or is shrunk, not when strings are removed).
    fn settle_intern(&mut self, before: usize) {
        let after = self.intern.allocation_size();
        if after != before {
            self.bytes = (self.bytes + after).saturating_sub(before);
        }
    }

    pub fn str_value(&mut self, s: &str) -> Value {
        Value::Str(self.intern(s.as_bytes()))
    }

    #[inline]
    /// The length of a string (0 for a stale handle: callers size buffers with it).
    pub fn str_len(&self, r: StrRef) -> usize {
        self.strings.get(r).map_or(0, |s| s.bytes().len())
    }

    pub fn str_bytes(&self, r: StrRef) -> Result<&[u8], StaleHandle> {
        self.strings.get(r).map(LuaStr::bytes).ok_or(StaleHandle)
    }

    // ---- tables ----

    pub fn new_table(&mut self, narr: usize, nhash: usize) -> TableRef {
        let arr = self.pools.arrays.take(narr, Value::Nil);
        let nodes = self
            .pools
            .nodes
            .take(hashpart::node_count(nhash), hashpart::Node::default());
        self.bytes += Table::held_bytes(arr.len(), nodes.len());
        self.tables.insert_with(|| Table::from_parts(arr, nodes))
    }

    /// A table holding `items`, interned, at keys `1..=n` in its array part (a host's
    /// argument list: Redis's KEYS and ARGV), charged as `new_table`. The array block comes
    /// from the pool as `new_table`'s does and the strings are interned straight into it (no
    /// vector of values; interning is not a safe point, so nothing is collected between).
    pub fn new_string_array(&mut self, items: &[&[u8]]) -> TableRef {
        self.new_string_array_hinted(items, &mut [])
    }

    /// `new_string_array` with a hint for each of the first `hints.len()` items: the handle
    /// an earlier call returned for the item at that position (a client repeats its
    /// arguments), tried before hashing (`intern_hinted`), and replaced by the new handle.
    pub fn new_string_array_hinted(&mut self, items: &[&[u8]], hints: &mut [StrRef]) -> TableRef {
        let mut arr = self.pools.arrays.take(items.len(), Value::Nil);
        for (i, (slot, b)) in arr.iter_mut().zip(items).enumerate() {
            let r = match hints.get_mut(i) {
                Some(h) => {
                    *h = self.intern_hinted(b, *h);
                    *h
                }
                None => self.intern(b),
            };
            *slot = Value::Str(r);
        }
        self.bytes += Table::held_bytes(arr.len(), 0);
        self.tables.insert_with(|| Table::from_full_array(arr))
    }

    /// `intern(bytes)`, trying `hint` first: a live string with these bytes is the interned
    /// one (every string is interned and immutable), and a collected one's handle is stale
    /// (no entry, or one with other bytes), so the result is `intern`'s either way; only the
    /// hash and the probe are skipped when the hint holds.
    #[inline]
    pub fn intern_hinted(&mut self, bytes: &[u8], hint: StrRef) -> StrRef {
        if self.strings.get(hint).is_some_and(|s| s.bytes() == bytes) {
            self.interned(hint);
            return hint;
        }
        self.intern(bytes)
    }

    #[inline]
    pub fn table(&self, r: TableRef) -> Result<&Table, StaleHandle> {
        self.tables.get(r).ok_or(StaleHandle)
    }

    /// Mutable access to a table through a guard that applies the collector's write barrier
    /// and checks any growth of its array and hash parts against `limit` before allocating
    /// it (charging it to the heap's byte count). This is the one write path of every table store
    /// (opcodes, `__newindex` chains, natives): a read-only table is refused here with
    /// `WriteError::ReadOnly`.
    #[inline]
    pub fn table_mut(&mut self, r: TableRef) -> Result<TableMut<'_>, WriteError> {
        let (t, black, readonly) = self.tables.get_flagged(r).ok_or(WriteError::Stale)?;
        if readonly {
            return Err(WriteError::ReadOnly);
        }
        Ok(TableMut {
            t,
            room: table::Room {
                bytes: &mut self.bytes,
                limit: self.limit,
                keys: table::KeyHash {
                    strings: Some(&self.strings),
                    mode: self.str_hash,
                },
            },
            black: *black,
            gc: &mut self.gc,
        })
    }

    /// `table_mut` ignoring the read-only flag: for the host only (Redis lifts the protection
    /// of `_G` to set `KEYS`/`ARGV`). Natives must use `table_mut`.
    #[inline]
    pub fn table_mut_force(&mut self, r: TableRef) -> Result<TableMut<'_>, StaleHandle> {
        let (t, black) = self.tables.get_marked(r).ok_or(StaleHandle)?;
        Ok(TableMut {
            t,
            room: table::Room {
                bytes: &mut self.bytes,
                limit: self.limit,
                keys: table::KeyHash {
                    strings: Some(&self.strings),
                    mode: self.str_hash,
                },
            },
            black: *black,
            gc: &mut self.gc,
        })
    }

    /// Sets or clears a table's read-only flag (Redis's `lua_enablereadonlytable`). It is the
    /// arena entry's flag bit (free room there, where a field would grow every table).
    pub fn set_readonly(&mut self, r: TableRef, on: bool) -> Result<(), StaleHandle> {
        if self.tables.set_flag(r, on) {
            Ok(())
        } else {
            Err(StaleHandle)
        }
    }

    /// Whether writes through `table_mut` are refused (see `set_readonly`).
    #[inline]
    pub fn is_readonly(&self, r: TableRef) -> Result<bool, StaleHandle> {
        self.tables.flag(r).ok_or(StaleHandle)
    }

    /// Marks `root` and every table reachable from it through keys, values and metatables
    /// read-only (Redis's `luaSetTableProtectionRecursively`, with an explicit worklist and a
    /// visited set instead of recursion). Returns how many tables were visited.
    pub fn set_readonly_recursive(&mut self, root: TableRef) -> Result<usize, StaleHandle> {
        let mut seen: rustc_hash::FxHashSet<TableRef> = Default::default();
        let mut work = vec![root];
        self.table(root)?;
        while let Some(t) = work.pop() {
            if !seen.insert(t) {
                continue;
            }
            let Some((tbl, readonly)) = self.tables.get_mut_flag(t) else {
                continue;
            };
            *readonly = true;
            let push = |v: Value, work: &mut Vec<TableRef>| {
                if let Value::Table(x) = v {
                    work.push(x);
                }
            };
            for v in tbl.array().iter() {
                push(*v, &mut work);
            }
            for (k, v) in tbl.hash.iter() {
                if v.is_nil() {
                    continue; // a tombstone: its key is not reachable through the table
                }
                push(k, &mut work);
                push(v, &mut work);
            }
            if let Some(m) = tbl.meta {
                work.push(m);
            }
        }
        Ok(seen.len())
    }

    // ---- functions ----

    pub fn new_function(&mut self, f: Function<M::Native>) -> FuncRef {
        self.bytes += f.size_bytes();
        self.funcs.insert(f)
    }

    /// A Lua closure (CLOSURE), charged as `new_function`, built in its arena entry: inlined
    /// into the caller, the closure's fields go from registers to the entry (through
    /// `new_function` they were built on the stack, passed by pointer and copied twice).
    #[inline(always)]
    pub fn new_lua_function(
        &mut self,
        proto: std::rc::Rc<crate::bytecode::Proto>,
        upvals: func::Upvals,
        env: TableRef,
    ) -> FuncRef {
        self.bytes += func::lua_closure_bytes::<M::Native>(&upvals);
        self.funcs
            .insert_with(|| Function::Lua(func::LuaClosure { proto, upvals, env }))
    }

    #[inline]
    pub fn function(&self, r: FuncRef) -> Result<&Function<M::Native>, StaleHandle> {
        self.funcs.get(r).ok_or(StaleHandle)
    }

    /// Mutable access to a function (setfenv, a native's upvalues). Backward barrier: a black
    /// function turns gray again.
    #[inline]
    pub fn function_mut(&mut self, r: FuncRef) -> Result<&mut Function<M::Native>, StaleHandle> {
        let (f, black) = self.funcs.get_marked(r).ok_or(StaleHandle)?;
        regray(&mut self.gc, black, Value::Func(r));
        Ok(f)
    }

    // ---- cells (captured locals) ----

    #[inline]
    pub fn new_cell(&mut self, v: Value) -> CellRef {
        self.bytes += size::CELL;
        self.cells.insert(v)
    }

    /// Cell `i` of Lua closure `f` (GETUPVAL/SETUPVAL): one failure path for a stale closure,
    /// a native or a missing index.
    #[inline(always)]
    pub fn upval_cell(&self, f: FuncRef, i: usize) -> Result<CellRef, StaleHandle> {
        match self.funcs.get(f) {
            Some(Function::Lua(c)) => c.upvals.cell(i).ok_or(StaleHandle),
            _ => Err(StaleHandle),
        }
    }

    /// The value in cell `i` of Lua closure `f`, by reference (GETUPVAL): the failure test is
    /// on the reference, not on a copied value's tag (`Option<Value>`'s niche).
    #[inline(always)]
    pub fn upval_ref(&self, f: FuncRef, i: usize) -> Option<&Value> {
        match self.funcs.get(f) {
            Some(Function::Lua(c)) => self.cells.get(c.upvals.cell(i)?),
            _ => None,
        }
    }

    #[inline]
    pub fn cell(&self, r: CellRef) -> Result<Value, StaleHandle> {
        self.cells.get(r).copied().ok_or(StaleHandle)
    }

    /// Writes a cell. Forward barrier: storing into a black cell shades the value.
    #[inline]
    pub fn set_cell(&mut self, r: CellRef, v: Value) -> Result<(), StaleHandle> {
        let (c, black) = self.cells.get_marked(r).ok_or(StaleHandle)?;
        *c = v;
        if *black && self.gc.phase == gc::Phase::Propagate {
            self.gc.push(v);
        }
        Ok(())
    }

    // ---- coroutines ----

    pub fn new_thread(&mut self, co: M::Thread) -> ThreadRef {
        self.bytes += size::thread::<M::Thread>();
        self.threads.insert(co)
    }

    pub fn thread(&self, r: ThreadRef) -> Result<&M::Thread, StaleHandle> {
        self.threads.get(r).ok_or(StaleHandle)
    }

    /// Mutable access to a coroutine (stack swaps on resume/yield, status). Backward barrier:
    /// a black coroutine turns gray again, so the stack swapped into it is traversed.
    pub fn thread_mut(&mut self, r: ThreadRef) -> Result<&mut M::Thread, StaleHandle> {
        let (c, black) = self.threads.get_marked(r).ok_or(StaleHandle)?;
        regray(&mut self.gc, black, Value::Thread(r));
        Ok(c)
    }

    // ---- userdata ----

    pub fn new_userdata(&mut self, mut u: UserData) -> UserRef {
        self.bytes += size::USERDATA;
        self.gc.udata_seq += 1;
        u.seq = self.gc.udata_seq;
        self.userdata.insert(u)
    }

    pub fn userdata(&self, r: UserRef) -> Result<&UserData, StaleHandle> {
        self.userdata.get(r).ok_or(StaleHandle)
    }

    /// Mutable access to a userdata. Backward barrier, as `thread_mut`.
    pub fn userdata_mut(&mut self, r: UserRef) -> Result<&mut UserData, StaleHandle> {
        let (u, black) = self.userdata.get_marked(r).ok_or(StaleHandle)?;
        regray(&mut self.gc, black, Value::UserData(r));
        Ok(u)
    }

    /// Frees a table slot. Only the collector (and tests of stale handles) may call this.
    pub fn free_table(&mut self, r: TableRef) {
        if let Some(t) = self.tables.remove(r) {
            self.bytes = self.bytes.saturating_sub(t.size_bytes());
        }
    }

    /// Bytes the heap holds in its own structures: the arenas' slot and entry arrays (beyond
    /// the live objects' entries and slots) and the collector's lists (what objects own —
    /// table parts, string bytes —, the objects' own entries and slots and the intern table
    /// are in `bytes`).
    pub fn reserved_bytes(&self) -> usize {
        per_arena!(self, |a| a.reserved_bytes())
            .iter()
            .sum::<usize>()
            + self.gc.reserved_bytes()
            + self.pools.reserved_bytes()
    }

    /// Slots in the arenas' sparse arrays (live objects, vacant slots, vacant tails not yet
    /// cut off).
    pub fn slot_count(&self) -> usize {
        per_arena!(self, |a| a.slot_count()).iter().sum()
    }

    /// Objects per arena: strings, tables, functions, cells, threads, userdata.
    pub fn counts(&self) -> [usize; 6] {
        per_arena!(self, |a| a.len())
    }
}

/// Backward barrier for functions, threads and userdata: a black object written while marking
/// turns gray again (traversed again before the cycle ends).
#[inline]
fn regray(gc: &mut gc::Gc, black: &mut bool, v: Value) {
    if *black && gc.phase == gc::Phase::Propagate {
        *black = false;
        gc.again.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readonly_tables_refuse_table_mut_but_not_force() {
        let mut h = Heap::<mutator::Bare>::new();
        let t = h.new_table(0, 0);
        h.table_mut(t).unwrap().set_int(1, Value::Num(1.0)).unwrap();
        h.set_readonly(t, true).unwrap();
        assert!(h.is_readonly(t).unwrap());
        assert_eq!(h.table_mut(t).err(), Some(WriteError::ReadOnly));
        // Reads are unaffected; the host can still write.
        assert!(h.table(t).unwrap().get_int(1).raw_eq(Value::Num(1.0)));
        h.table_mut_force(t)
            .unwrap()
            .set_int(2, Value::Num(2.0))
            .unwrap();
        assert_eq!(h.table(t).unwrap().border(), 2);
        h.set_readonly(t, false).unwrap();
        assert!(h.table_mut(t).is_ok());
        h.free_table(t);
        assert_eq!(h.table_mut(t).err(), Some(WriteError::Stale));
        assert!(h.set_readonly(t, true).is_err());
    }

    #[test]
    fn readonly_recursive_follows_keys_values_and_metatables_without_recursion() {
        let mut h = Heap::<mutator::Bare>::new();
        let root = h.new_table(0, 0);
        let (kt, vt, mt, mmt, dead_key, other) = (
            h.new_table(0, 0),
            h.new_table(0, 0),
            h.new_table(0, 0),
            h.new_table(0, 0),
            h.new_table(0, 0),
            h.new_table(0, 0),
        );
        {
            let mut r = h.table_mut(root).unwrap();
            r.set(Value::Table(kt), Value::Bool(true)).unwrap();
            r.set_int(1, Value::Table(vt)).unwrap();
            r.set(Value::Table(root), Value::Table(root)).unwrap(); // a cycle, like _G._G
            r.set(Value::Table(dead_key), Value::Num(1.0)).unwrap();
            r.set(Value::Table(dead_key), Value::Nil).unwrap(); // a tombstone
            r.set_meta(Some(mt));
        }
        h.table_mut(mt).unwrap().set_meta(Some(mmt));
        // A chain 100000 tables deep: an explicit worklist, not recursion.
        let mut cur = vt;
        for _ in 0..100_000 {
            let n = h.new_table(0, 0);
            h.table_mut(cur)
                .unwrap()
                .set_int(1, Value::Table(n))
                .unwrap();
            cur = n;
        }
        let n = h.set_readonly_recursive(root).unwrap();
        assert_eq!(n, 5 + 100_000);
        for t in [root, kt, vt, mt, mmt, cur] {
            assert!(h.is_readonly(t).unwrap());
        }
        assert!(!h.is_readonly(dead_key).unwrap());
        assert!(!h.is_readonly(other).unwrap());
    }
}
