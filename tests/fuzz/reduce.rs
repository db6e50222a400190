//! A greedy delta-debugging reducer over a program's statement tree: drop runs of top-level
//! statements (halves, quarters, ... single ones), then drop or unwrap single nodes at any
//! depth, repeating until nothing more can go while the program still mismatches.

use super::program::{Node, size};

/// `still_fails(candidate)` says whether the candidate still shows the mismatch.
pub fn reduce(mut prog: Vec<Node>, still_fails: &mut dyn FnMut(&[Node]) -> bool) -> Vec<Node> {
    loop {
        let before = size(&prog);
        // Runs of top-level statements, largest first.
        let mut chunk = prog.len().div_ceil(2).max(1);
        loop {
            let mut i = 0;
            while i < prog.len() {
                let mut cand = prog.clone();
                cand.drain(i..(i + chunk).min(prog.len()));
                if !cand.is_empty() && still_fails(&cand) {
                    prog = cand;
                } else {
                    i += chunk;
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
        // Single nodes at any depth: remove, or replace a block by its body.
        let mut path_index = 0;
        while path_index < size(&prog) {
            let mut changed = false;
            for edit in [Edit::Remove, Edit::Unwrap] {
                if let Some(cand) = edited(&prog, path_index, edit)
                    && !cand.is_empty()
                    && still_fails(&cand)
                {
                    prog = cand;
                    changed = true;
                    break;
                }
            }
            if !changed {
                path_index += 1;
            }
        }
        if size(&prog) == before {
            return prog;
        }
    }
}

#[derive(Clone, Copy)]
enum Edit {
    Remove,
    Unwrap,
}

/// The program with the node at pre-order position `target` edited, if the edit applies.
fn edited(prog: &[Node], target: usize, edit: Edit) -> Option<Vec<Node>> {
    let mut counter = 0;
    let mut applied = false;
    let out = walk(prog, target, edit, &mut counter, &mut applied);
    applied.then_some(out)
}

fn walk(
    nodes: &[Node],
    target: usize,
    edit: Edit,
    counter: &mut usize,
    applied: &mut bool,
) -> Vec<Node> {
    let mut out = Vec::new();
    for n in nodes {
        let here = *counter;
        *counter += 1;
        if here == target {
            match (edit, n) {
                (Edit::Remove, _) => {
                    *applied = true;
                    *counter += match n {
                        Node::Block { body, .. } => size(body),
                        Node::Line(_) => 0,
                    };
                    continue;
                }
                (Edit::Unwrap, Node::Block { body, .. }) => {
                    *applied = true;
                    *counter += size(body);
                    out.extend(body.iter().cloned());
                    continue;
                }
                (Edit::Unwrap, Node::Line(_)) => {}
            }
        }
        match n {
            Node::Line(s) => out.push(Node::Line(s.clone())),
            Node::Block { head, body, tail } => out.push(Node::Block {
                head: head.clone(),
                body: walk(body, target, edit, counter, applied),
                tail: tail.clone(),
            }),
        }
    }
    out
}
