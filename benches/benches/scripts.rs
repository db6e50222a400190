//! Criterion benches over the shared benchmark scripts (`../shared/bench/*.lua`), run
//! in-process with output discarded. The ferrous-vs-lua5.1 comparison is `benches/compare.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::PathBuf;

fn bench_dir() -> PathBuf {
    std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench"))
}

fn run_script(src: &[u8], name: &str) {
    let mut vm = ferrous_vm::Vm::new();
    ferrous_stdlib::open_cli(&mut vm);
    ferrous_stdlib::os_io::set_output(&mut vm, Box::new(std::io::sink()));
    let f = vm.load(src, name).expect("compiles");
    vm.call(f, &[]).expect("runs");
}

fn scripts(c: &mut Criterion) {
    let mut g = c.benchmark_group("scripts");
    g.sample_size(10);
    for name in [
        "fib",
        "loop",
        "closures",
        "oop",
        "binarytrees",
        "nbody",
        "coroutines",
        "table",
        "strcat",
        "strlib",
    ] {
        let path = bench_dir().join(format!("{}.lua", name));
        let Ok(src) = std::fs::read(&path) else {
            continue;
        };
        g.bench_function(name, |b| {
            b.iter(|| run_script(&src, &format!("@{}.lua", name)))
        });
    }
    g.finish();
}

criterion_group!(benches, scripts);
criterion_main!(benches);
