//! A global allocator for the test binaries that measure memory (alloc_limits, growth_limits,
//! compile_budget, gc_spike): it counts the live bytes of the whole process and their peak.
//! Included with `#[path]`; each binary installs it with `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Counting;
pub static LIVE: AtomicUsize = AtomicUsize::new(0);
pub static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Count a growing `realloc` as holding both blocks for a moment (a moving realloc does):
/// the strict peak, for tests of growth.
pub static STRICT_REALLOC: AtomicBool = AtomicBool::new(false);

// The only unsafe here is the allocator shim the test binaries need to count bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let grown = new - l.size();
                let now = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
                let held = if STRICT_REALLOC.load(Ordering::Relaxed) {
                    now + l.size()
                } else {
                    now
                };
                PEAK.fetch_max(held, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}
