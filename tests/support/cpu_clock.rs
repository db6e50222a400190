//! The calling thread's CPU time (Linux `/proc/thread-self/schedstat`, nanoseconds on CPU), for
//! the tests that bound how quickly a hostile input is stopped: wall time would also count the
//! time other processes took the machine (the suite runs beside other builds), CPU time only
//! counts the work done. Included with `#[path]`.

use std::time::Duration;

fn on_cpu() -> Duration {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (Linux) is needed to time the work");
    let ns = s
        .split_whitespace()
        .next()
        .and_then(|f| f.parse().ok())
        .expect("schedstat's first field is the time on CPU in ns");
    Duration::from_nanos(ns)
}

pub struct CpuClock(Duration);

impl CpuClock {
    pub fn start() -> CpuClock {
        CpuClock(on_cpu())
    }

    pub fn elapsed(&self) -> Duration {
        on_cpu().saturating_sub(self.0)
    }
}
