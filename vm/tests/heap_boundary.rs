//! P3: objects are reached only through `Heap`'s methods. The compiler enforces it while the
//! arenas are private fields of `Heap` and `heap::arena` a private module; this test fails if
//! either is opened up, or if code outside `vm/src/heap/` names an arena. (That `heap`
//! depends on neither the executor nor its frame types is `module_deps.rs`.)

mod vm_sources;

use std::path::Path;
use vm_sources::{rust_files, src};

/// Lines of code (comments dropped).
fn code(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap().trim().to_string())
        .collect()
}

#[test]
fn arenas_are_private_to_heap() {
    let heap = code(&src().join("heap/mod.rs"));
    assert!(
        heap.iter().any(|l| l == "mod arena;"),
        "heap::arena must stay a private module"
    );
    let start = heap
        .iter()
        .position(|l| l.starts_with("pub struct Heap<") && l.ends_with('{'))
        .expect("struct Heap");
    let end = start + heap[start..].iter().position(|l| l == "}").unwrap();
    let arenas: Vec<&String> = heap[start..end]
        .iter()
        .filter(|l| l.contains("Arena<") || l.contains("HashTable<"))
        .collect();
    assert!(arenas.len() >= 6, "arena fields found: {arenas:?}");
    for f in arenas {
        assert!(
            !f.starts_with("pub"),
            "arena field is visible outside heap: {f}"
        );
    }
}

#[test]
fn nothing_outside_heap_names_an_arena() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let heap_dir = src().join("heap");
    for f in files.iter().filter(|f| !f.starts_with(&heap_dir)) {
        for (i, l) in code(f).iter().enumerate() {
            assert!(
                !l.contains("arena::") && !l.contains("Arena<"),
                "{}:{}: {l}",
                f.display(),
                i + 1
            );
        }
    }
}
