//! Pacing and the step loop (lua5.1's `luaC_step`, `luaC_fullgc`, `setthreshold`): when the
//! collector runs, how much work a step does, and the phases a step goes through. The roots
//! the executor owns (stacks, frames, continuations, VM fields) come in through `Roots`; the
//! work done is charged to the caller's instruction budget, so the budget hook (BUSY, SCRIPT
//! KILL) keeps its pace when a script makes the collector do most of the work (`setstepmul
//! 0` runs a whole cycle per step; `collectgarbage()` in a loop).

use super::{Gc, GcStats, Phase};
use crate::heap::{Heap, Mutator};
use crate::value::Value;

/// lua5.1's `GCSTEPSIZE`: a step runs per this many bytes allocated.
pub const GC_STEP_SIZE: usize = 1024;
/// Collector work units (about bytes examined) per instruction-budget unit.
const WORK_PER_BUDGET_UNIT: usize = 16;
/// At most this many remark rounds before the atomic step (see `Heap::single_step`).
const REMARK_ROUNDS: u32 = 16;
/// A remark round that found less work than this ends marking (the atomic step follows).
const REMARK_CONVERGED: usize = 8 * 1024;
/// Most work done at a safe point in `GcStress::Step` mode.
const STRESS_STEP: usize = 1000;
use super::work::ROOTS as ROOTS_WORK;

/// GC stress modes (a host sets them, e.g. from `FERROUS_GC_STRESS`): `Full` runs a full
/// collection at every safe point (finds missing roots), `Step` a small incremental step at
/// every safe point (interleaves the mutator with every phase of the cycle: finds missing
/// barriers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcStress {
    Off,
    Full,
    Step,
}

impl GcStress {
    /// The mode a `FERROUS_GC_STRESS` value names.
    pub fn parse(v: &str) -> GcStress {
        match v {
            "" | "0" => GcStress::Off,
            "step" => GcStress::Step,
            _ => GcStress::Full,
        }
    }
}

/// The roots the mutator owns, shaded when a cycle starts, in each remark round and at the
/// atomic step. Suspended coroutines are reached through their handles.
pub trait Roots {
    /// Pushes every root onto the gray list.
    fn shade(&self, gc: &mut Gc);
    /// Slots shaded (the value stack's length): the work counted for a shading.
    fn len(&self) -> usize;
}

/// The collector's parameters and counters.
pub struct Pacer {
    /// A step runs when `Heap::bytes` reaches this (lua5.1's `GCthreshold`: `usize::MAX`
    /// after `collectgarbage("stop")`).
    pub(crate) threshold: usize,
    /// Allocation debt not yet paid by collection work (lua5.1's `gcdept`).
    debt: usize,
    /// lua5.1's `setpause` (percent): the next cycle starts at live * pause / 100.
    pub(crate) pause: usize,
    /// lua5.1's `setstepmul` (percent): work done per step relative to the allocation.
    pub(crate) stepmul: usize,
    pub(crate) stress: GcStress,
    stress_seed: u64,
    /// Debug check at every atomic step: a stop-the-world marking from the same roots must
    /// find nothing the incremental marking missed (panics otherwise).
    pub(crate) verify: bool,
    pub(crate) cycles: u64,
    /// Incremental steps run, and the most work one of them did.
    pub(crate) steps: u64,
    pub(crate) max_step_work: usize,
    /// Longest and total time spent in collector steps and full collections.
    pub(crate) max_pause: std::time::Duration,
    pub(crate) total_time: std::time::Duration,
}

impl Default for Pacer {
    fn default() -> Pacer {
        Pacer {
            threshold: 4 << 20,
            debt: 0,
            pause: 200,
            stepmul: 200,
            stress: GcStress::Off,
            stress_seed: 0x2545_f491_4f6c_dd1d,
            verify: false,
            cycles: 0,
            steps: 0,
            max_step_work: 0,
            max_pause: std::time::Duration::ZERO,
            total_time: std::time::Duration::ZERO,
        }
    }
}

/// Charges collector work to the instruction budget.
#[inline]
fn charge(budget: &mut i64, work: usize) {
    *budget = budget.saturating_sub((work / WORK_PER_BUDGET_UNIT) as i64);
}

impl<M: Mutator> Heap<M> {
    /// Whether the next safe point has collector work to do.
    #[inline]
    pub(crate) fn gc_due(&self) -> bool {
        self.bytes >= self.gc.pace.threshold || self.gc.pace.stress != GcStress::Off
    }

    /// Runs a full collection (lua5.1's `luaC_fullgc`): a cycle in progress is abandoned and
    /// a complete one runs.
    pub(crate) fn collect_full(&mut self, roots: &impl Roots, budget: &mut i64) -> GcStats {
        let started = std::time::Instant::now();
        let before: usize = self.counts().iter().sum();
        self.gc_begin();
        self.shade_roots(roots);
        let mut work = self.gc_propagate(usize::MAX);
        work += self.gc_atomic();
        work += self.gc_sweep(usize::MAX);
        self.settle_protos();
        work += self.shrink(true);
        self.gc.work_total += work as u64;
        charge(budget, work);
        let after: usize = self.counts().iter().sum();
        self.end_cycle();
        self.gc.pace.debt = 0;
        self.note_pause(started);
        GcStats {
            freed_objects: before - after,
            live_bytes: self.bytes,
        }
    }

    /// An incremental step paid by the allocation debt (lua5.1's `luaC_step`).
    pub(crate) fn collect_step(&mut self, roots: &impl Roots, budget: &mut i64) {
        let started = std::time::Instant::now();
        self.settle_protos();
        let mut lim = (GC_STEP_SIZE / 100).saturating_mul(self.gc.pace.stepmul);
        if lim == 0 {
            lim = usize::MAX / 2;
        }
        let over = self.bytes.saturating_sub(self.gc.pace.threshold);
        self.gc.pace.debt = self.gc.pace.debt.saturating_add(over);
        let mut work = 0usize;
        loop {
            work += self.single_step(roots, lim - work.min(lim), budget);
            // A step without a work limit (stepmul 0) still stops when the budget is spent:
            // the cycle goes on at the next steps, and the hook runs in between.
            if self.gc.phase == Phase::Pause || work >= lim || *budget <= 0 {
                break;
            }
        }
        let p = &mut self.gc.pace;
        if self.gc.phase != Phase::Pause {
            if p.debt < GC_STEP_SIZE {
                p.threshold = self.bytes + GC_STEP_SIZE;
            } else {
                p.debt -= GC_STEP_SIZE;
                p.threshold = self.bytes;
            }
        } else {
            p.debt = 0;
        }
        p.steps += 1;
        p.max_step_work = p.max_step_work.max(work);
        self.note_pause(started);
    }

    /// `collectgarbage("step", kb)` (lua5.1's `LUA_GCSTEP`): steps as if `kb` KiB had been
    /// allocated; true when a cycle finished.
    pub(crate) fn collect_step_kb(
        &mut self,
        kb: i64,
        roots: &impl Roots,
        budget: &mut i64,
    ) -> bool {
        let a = if kb < 0 {
            usize::MAX
        } else {
            (kb as usize).saturating_mul(1024)
        };
        self.gc.pace.threshold = self.bytes.saturating_sub(a);
        while self.gc.pace.threshold <= self.bytes {
            self.collect_step(roots, budget);
            if self.gc.phase == Phase::Pause {
                return true;
            }
        }
        false
    }

    /// The collector's share of a safe point: a step when the allocation debt says so, or
    /// the stress mode's work. Returns whether a full collection ran.
    pub(crate) fn collect_if_due(&mut self, roots: &impl Roots, budget: &mut i64) -> bool {
        match self.gc.pace.stress {
            GcStress::Off => {
                if self.bytes >= self.gc.pace.threshold {
                    self.collect_step(roots, budget);
                }
            }
            // Stress modes respect collectgarbage("stop").
            GcStress::Full if self.gc.pace.threshold != usize::MAX => {
                self.collect_full(roots, budget);
                return true;
            }
            GcStress::Step if self.gc.pace.threshold != usize::MAX => {
                // A pseudo-random budget per safe point varies where the steps fall.
                let p = &mut self.gc.pace;
                p.stress_seed ^= p.stress_seed << 13;
                p.stress_seed ^= p.stress_seed >> 7;
                p.stress_seed ^= p.stress_seed << 17;
                let units = (p.stress_seed % STRESS_STEP as u64) as usize + 1;
                let w = self.single_step(roots, units, budget);
                self.gc.pace.max_step_work = self.gc.pace.max_step_work.max(w);
            }
            _ => {}
        }
        false
    }

    /// Restores the parameters to their defaults (pause 200, step multiplier 200) and
    /// restarts a stopped collector.
    pub(crate) fn gc_reset_params(&mut self) {
        self.gc.pace.pause = 200;
        self.gc.pace.stepmul = 200;
        if self.gc.phase == Phase::Pause {
            self.end_threshold();
        } else if self.gc.pace.threshold == usize::MAX {
            self.gc.pace.threshold = self.bytes;
        }
    }

    /// `collectgarbage("stop")` / `("restart")`.
    pub(crate) fn gc_stop(&mut self) {
        self.gc.pace.threshold = usize::MAX;
    }

    pub(crate) fn gc_restart(&mut self) {
        self.gc.pace.threshold = self.bytes;
    }

    fn note_pause(&mut self, started: std::time::Instant) {
        let took = started.elapsed();
        let p = &mut self.gc.pace;
        p.max_pause = p.max_pause.max(took);
        p.total_time += took;
    }

    /// Shades the roots: the mutator's and the userdata waiting for their finalizers.
    fn shade_roots(&mut self, roots: &impl Roots) {
        roots.shade(&mut self.gc);
        let g = &mut self.gc;
        for i in 0..g.tobefnz.len() {
            let u = g.tobefnz[i];
            g.push(Value::UserData(u));
        }
    }

    fn end_cycle(&mut self) {
        self.gc.pace.cycles += 1;
        self.end_threshold();
    }

    fn end_threshold(&mut self) {
        // lua5.1's setthreshold, with the live estimate counted as at least 512 KiB (so that
        // small programs do not run cycles back to back at the default pause).
        let est = self.gc.estimate.max(512 << 10);
        self.gc.pace.threshold = (est / 100).saturating_mul(self.gc.pace.pause);
    }

    /// One unit of collector work (lua5.1's `singlestep`), doing about `units` work units.
    /// Returns the work done.
    fn single_step(&mut self, roots: &impl Roots, units: usize, budget: &mut i64) -> usize {
        let w = self.single_step_work(roots, units);
        self.gc.work_total += w as u64;
        charge(budget, w);
        w
    }

    fn single_step_work(&mut self, roots: &impl Roots, units: usize) -> usize {
        let shading = roots.len() + ROOTS_WORK;
        match self.gc.phase {
            Phase::Pause => {
                self.gc_begin();
                self.shade_roots(roots);
                shading
            }
            Phase::Propagate => {
                if !self.gc.gray_empty() {
                    return self.gc_propagate(units).max(1);
                }
                let g = &mut self.gc;
                if g.rounds < REMARK_ROUNDS && (g.rounds == 0 || g.round_work >= REMARK_CONVERGED) {
                    // Remark round: re-scan the roots and traverse the regrayed objects
                    // incrementally, until a round finds little new (what the mutator made
                    // reachable meanwhile), so that the atomic step has little left to do.
                    g.rounds += 1;
                    g.round_work = 0;
                    let again = std::mem::take(&mut g.again);
                    g.gray.extend(again);
                    self.shade_roots(roots);
                    return shading;
                }
                self.shade_roots(roots);
                if self.gc.pace.verify {
                    let saved = self.gc_verify_begin();
                    self.shade_roots(roots);
                    self.gc_verify_end(saved);
                }
                self.gc_atomic() + shading
            }
            Phase::Sweep => {
                let w = self.gc_sweep(units);
                if self.gc.phase == Phase::Pause {
                    self.end_cycle();
                }
                w.max(1)
            }
        }
    }
}
