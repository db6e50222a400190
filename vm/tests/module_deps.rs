//! The dependency edges between vm/src's top-level modules (module → modules its code
//! names), read from the sources: `crate::m` paths (also in `use crate::{…}` groups), `super::`
//! paths that climb to the crate root, and the crate root's re-exports (`crate::Vm` is
//! `exec`). The heap must name neither the executor (`exec`) nor its frame types (`frame`),
//! directly or through any module it depends on: it stores natives and coroutines as its
//! mutator's types (`heap::Mutator`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

mod vm_sources;
use vm_sources::{rust_files, src};

/// A file's code as one line (comments, doc comments and doc tests dropped), with no white
/// space around `::`.
fn code(text: &str) -> String {
    let line = text
        .lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let pieces: Vec<&str> = line.split("::").collect();
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| match (i == 0, i == last) {
            (true, true) => *p,
            (true, false) => p.trim_end(),
            (false, true) => p.trim_start(),
            (false, false) => p.trim(),
        })
        .collect::<Vec<_>>()
        .join("::")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier at the start of `s` (after white space).
fn ident(s: &str) -> &str {
    let s = s.trim_start();
    &s[..s.find(|c| !is_ident(c)).unwrap_or(s.len())]
}

/// The first segment of each path in what follows `crate::`: one identifier, or each item of
/// a `{…}` group.
fn first_segments(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest).to_string()];
    };
    let (mut depth, mut items, mut start) = (0, Vec::new(), 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .map(|s| ident(s).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Names of the crate root that `code` refers to. `module` is the file's module path (for
/// `heap/gc/mark.rs`, `["heap", "gc", "mark"]`; for a `mod.rs`, its folder's).
fn root_names(code: &str, module: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut at = 0;
    while let Some(i) = code[at..].find("crate::").map(|i| at + i) {
        at = i + "crate::".len();
        if code[..i].ends_with(|c: char| is_ident(c) || c == '$') {
            continue; // `$crate::` (macros expand in their own module's context) or `xcrate::`
        }
        out.extend(first_segments(&code[at..]));
    }
    at = 0;
    while let Some(i) = code[at..].find("super::").map(|i| at + i) {
        at = i;
        if code[..i].ends_with(|c: char| is_ident(c) || c == ':') {
            at += "super::".len(); // inside a chain already counted
            continue;
        }
        let mut ups = 0;
        while code[at..].starts_with("super::") {
            ups += 1;
            at += "super::".len();
        }
        if ups >= module.len() {
            out.extend(first_segments(&code[at..]));
        }
    }
    out
}

/// The top-level modules (`mod m;` in lib.rs) and the crate root's re-exports (`pub use
/// m::…` names → m).
fn crate_root() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let lib = code(&std::fs::read_to_string(src().join("lib.rs")).unwrap());
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for stmt in lib.split(';') {
        let stmt = stmt.trim();
        let words: Vec<&str> = stmt.split_whitespace().collect();
        if let Some(pos) = words.iter().position(|w| *w == "mod") {
            modules.insert(words[pos + 1].to_string());
        }
        if let Some(rest) = stmt.strip_prefix("pub use ") {
            let m = ident(rest).to_string();
            let after = rest.trim_start()[m.len()..].trim_start_matches("::");
            for name in first_segments(after) {
                reexports.insert(name, m.clone());
            }
        }
    }
    (modules, reexports)
}

/// Module → top-level modules its files name (itself left out), each with the first file
/// (relative to vm/src) that names it.
type Edges = BTreeMap<String, BTreeMap<String, PathBuf>>;

fn edges() -> Edges {
    let (modules, reexports) = crate_root();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut out = Edges::new();
    for f in files {
        let file = f.strip_prefix(src()).unwrap().to_path_buf();
        let rel = file.with_extension("");
        let mut module: Vec<&str> = rel.iter().map(|c| c.to_str().unwrap()).collect();
        if module == ["lib"] {
            continue;
        }
        if module.last() == Some(&"mod") {
            module.pop();
        }
        let text = code(&std::fs::read_to_string(&f).unwrap());
        let deps = out.entry(module[0].to_string()).or_default();
        for name in root_names(&text, &module) {
            let target = reexports.get(&name).unwrap_or(&name);
            if modules.contains(target) && target != module[0] {
                deps.entry(target.clone()).or_insert_with(|| file.clone());
            }
        }
    }
    out
}

/// Every module `from` depends on, transitively, with the chain that leads to it (`from`'s
/// own entry is empty).
fn reach(edges: &Edges, from: &str) -> BTreeMap<String, Vec<String>> {
    let mut seen = BTreeMap::from([(from.to_string(), Vec::new())]);
    let mut work = std::collections::VecDeque::from([from.to_string()]);
    while let Some(m) = work.pop_front() {
        for (d, file) in edges.get(&m).into_iter().flatten() {
            if !seen.contains_key(d) {
                let mut chain = seen[&m].clone();
                chain.push(format!("{m} → {d} ({})", file.display()));
                seen.insert(d.clone(), chain);
                work.push_back(d.clone());
            }
        }
    }
    seen
}

#[test]
fn heap_does_not_depend_on_exec_or_frame() {
    let edges = edges();
    for (m, deps) in &edges {
        println!(
            "{m} → {}",
            deps.keys().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    let reach = reach(&edges, "heap");
    // The check sees the heap's real imports (so it is not vacuous).
    assert!(
        reach.contains_key("value") && reach.contains_key("bytecode"),
        "{reach:?}"
    );
    for bad in ["exec", "frame"] {
        if let Some(chain) = reach.get(bad) {
            panic!("heap depends on {bad}: {}", chain.join(", "));
        }
    }
    // The executor is the heap's mutator: it names both.
    assert!(edges["exec"].contains_key("heap") && edges["exec"].contains_key("frame"));
}

#[test]
fn every_path_form_is_seen() {
    let names = |c: &str, m: &[&str]| root_names(&code(c), m).into_iter().collect::<Vec<_>>();
    assert_eq!(names("use crate::exec::Vm;", &["heap"]), ["exec"]);
    assert_eq!(
        names(
            "use crate::{\n    frame::{Coroutine, Frame},\n    value::Value, // exec\n};",
            &["heap", "gc"]
        ),
        ["frame", "value"]
    );
    assert_eq!(names("fn f(v: &crate :: Vm) {}", &["heap"]), ["Vm"]);
    assert_eq!(names("use super::exec::Vm;", &["heap"]), ["exec"]);
    assert_eq!(
        names("use super::super::frame::Frame;", &["heap", "gc"]),
        ["frame"]
    );
    assert_eq!(
        names("use super::size;", &["heap", "gc"]),
        Vec::<String>::new()
    );
    assert_eq!(
        names("use super::super::size;", &["heap", "gc", "mark"]),
        Vec::<String>::new()
    );
    assert_eq!(
        names("// crate::exec\n/// crate::frame", &["heap"]),
        Vec::<String>::new()
    );
    assert_eq!(names("$crate::heap::x!()", &["exec"]), Vec::<String>::new());
    let (modules, reexports) = crate_root();
    assert!(modules.contains("heap") && modules.contains("frame"));
    assert_eq!(reexports.get("Vm").map(String::as_str), Some("exec"));
}
