//! Debug check (`FERROUS_GC_VERIFY`): at the atomic step, a stop-the-world marking from the
//! same roots must find nothing the incremental marking left unmarked.

use super::{Gc, Phase};
use crate::heap::{Heap, Mutator};

/// Mark bits of every arena, in entry order (strings, tables, functions, cells, threads,
/// userdata).
pub(super) type Marks = [Vec<bool>; 6];

impl<M: Mutator> Heap<M> {
    fn all_marks(&self) -> Marks {
        crate::heap::per_arena!(self, |a| a.marks())
    }

    fn set_all_marks(&mut self, m: &Marks) {
        self.strings.set_marks(&m[0]);
        self.tables.set_marks(&m[1]);
        self.funcs.set_marks(&m[2]);
        self.cells.set_marks(&m[3]);
        self.threads.set_marks(&m[4]);
        self.userdata.set_marks(&m[5]);
    }

    /// Starts a verification marking: the collector state and the marks are set aside and a
    /// fresh state marks from white. The caller then shades the roots.
    pub(crate) fn gc_verify_begin(&mut self) -> (Gc, Box<Marks>) {
        let saved = Box::new(self.all_marks());
        self.clear_all_marks();
        let mut fresh = Gc {
            mode_key: self.gc.mode_key,
            phase: Phase::Propagate,
            ..Gc::default()
        };
        std::mem::swap(&mut fresh, &mut self.gc);
        (fresh, saved)
    }

    /// Ends a verification marking: the saved state and marks come back, with the fresh
    /// marks attached for `gc_verify`.
    pub(crate) fn gc_verify_end(&mut self, (mut saved, marks): (Gc, Box<Marks>)) {
        self.gc_propagate(usize::MAX);
        let full = Box::new(self.all_marks());
        self.set_all_marks(&marks);
        std::mem::swap(&mut saved, &mut self.gc);
        self.gc.verify = Some(full);
    }

    /// Panics if an object the stop-the-world marking `full` reached is unmarked (entries do
    /// not move between the two markings: nothing is freed or allocated meanwhile).
    pub(super) fn gc_verify(&self, full: &Marks) {
        let now = self.all_marks();
        let names = ["string", "table", "function", "cell", "thread", "userdata"];
        let mut bad = Vec::new();
        for (a, name) in names.iter().enumerate() {
            for (i, (&f, &m)) in full[a].iter().zip(&now[a]).enumerate() {
                if f && !m {
                    bad.push(format!("{name} #{i}"));
                }
            }
        }
        // (The library does not print: the objects are named in the panic message.)
        if !bad.is_empty() {
            panic!(
                "gc verify: {} reachable objects unmarked: {}",
                bad.len(),
                bad[..bad.len().min(32)].join(", ")
            );
        }
    }
}
