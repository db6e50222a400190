//! A generated program as a tree of statements, so the reducer can drop statements at any depth
//! and unwrap blocks while the text stays valid Lua.

/// One statement: a single line, or a block whose body is itself statements.
#[derive(Clone, Debug)]
pub enum Node {
    Line(String),
    Block {
        head: String,
        body: Vec<Node>,
        tail: String,
    },
}

/// The prelude every program starts with: `P` writes values without anything unspecified
/// (no addresses: tables, functions and threads are shown as their type), `W` writes its
/// argument and returns it (to observe evaluation order).
pub const PRELUDE: &str = r##"local function show(v)
  local t = type(v)
  if t == "string" or t == "number" or t == "boolean" or t == "nil" then return tostring(v) end
  return t
end
function P(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = show((select(i, ...))) end
  io.write(table.concat(parts, " "), "\n")
end
function W(x) io.write("<", show(x), ">") return x end
"##;

pub fn render(nodes: &[Node]) -> String {
    let mut out = String::new();
    render_into(nodes, 0, &mut out);
    out
}

fn render_into(nodes: &[Node], indent: usize, out: &mut String) {
    for n in nodes {
        match n {
            Node::Line(s) => {
                push_indent(out, indent);
                out.push_str(s);
                out.push('\n');
            }
            Node::Block { head, body, tail } => {
                push_indent(out, indent);
                out.push_str(head);
                out.push('\n');
                render_into(body, indent + 1, out);
                push_indent(out, indent);
                out.push_str(tail);
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// Number of statements, counting nested ones (the reducer's progress measure).
pub fn size(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Line(_) => 1,
            Node::Block { body, .. } => 1 + size(body),
        })
        .sum()
}
