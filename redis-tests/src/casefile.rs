//! The line syntax both case formats share (`cases/*.txt` and `cases/functions/*.txt`):
//! `# comments`, `== name` headers, `field: value` lines, and fields whose value is a block
//! of lines closed by a line holding only `.`. Each format gives the fields their meaning.

/// One line (or block) of a case file.
pub enum Item<'a> {
    /// `== name`: a new case starts.
    Case { name: &'a str, at: String },
    /// `key: value`, or a block when `is_block(key, value)` said so.
    Field {
        at: String,
        key: &'a str,
        value: &'a str,
        block: Option<Vec<u8>>,
    },
}

/// Splits `text` into items. `file` names the file in messages (`file:line`); `is_block`
/// decides which fields take the following lines as their value.
pub fn read<'a>(
    file: &str,
    text: &'a str,
    is_block: impl Fn(&str, &str) -> bool,
) -> Result<Vec<Item<'a>>, String> {
    let mut items = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((ln, line)) = lines.next() {
        let at = format!("{file}:{}", ln + 1);
        let t = line.trim_end();
        if t.trim_start().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        if let Some(name) = t.strip_prefix("==") {
            items.push(Item::Case {
                name: name.trim(),
                at,
            });
            continue;
        }
        if items.is_empty() {
            return Err(format!("{at}: a field before the first `== name` line"));
        }
        let (key, value) = match t.split_once(':') {
            Some((k, v)) => (k.trim(), v.strip_prefix(' ').unwrap_or(v)),
            None => return Err(format!("{at}: expected `field: value`, got {t:?}")),
        };
        let block = if is_block(key, value) {
            let mut body = Vec::new();
            let mut closed = false;
            for (_, l) in lines.by_ref() {
                if l.trim_end() == "." {
                    closed = true;
                    break;
                }
                body.push(l);
            }
            if !closed {
                return Err(format!("{at}: block not closed by a `.` line"));
            }
            Some(body.join("\n").into_bytes())
        } else {
            None
        };
        items.push(Item::Field {
            at,
            key,
            value,
            block,
        });
    }
    Ok(items)
}

/// `resp: 2 | 3`.
pub fn resp(at: &str, value: &str) -> Result<Vec<u8>, String> {
    match value.trim() {
        "2" => Ok(vec![2]),
        "3" => Ok(vec![3]),
        other => Err(format!("{at}: resp must be 2 or 3, got {other:?}")),
    }
}

/// Case names are unique within a run (they name failures).
pub fn unique<'a>(cases: impl Iterator<Item = (&'a str, &'a str)>) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for (name, origin) in cases {
        if !seen.insert(name) {
            return Err(format!("{origin}: duplicate case name {name:?}"));
        }
    }
    Ok(())
}

/// What a loaded case needs for messages and the uniqueness check.
pub trait Named {
    fn name(&self) -> &str;
    fn origin(&self) -> &str;
}

/// Every `*.txt` of `dir` in name order, parsed by `parse`; names unique across the files.
/// Panics with the file and line of the first error (a bad case file fails its test).
pub fn load_dir<C: Named>(
    dir: &std::path::Path,
    parse: fn(&str, &str) -> Result<Vec<C>, String>,
) -> Vec<C> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        all.extend(parse(&name, &text).unwrap_or_else(|e| panic!("bad case file: {e}")));
    }
    if let Err(e) = unique(all.iter().map(|c| (c.name(), c.origin()))) {
        panic!("{e} (across files)");
    }
    all
}

/// One side of a differential run in one server: the built-in engine or Ferrous's commands.
#[derive(Clone)]
pub struct Side {
    pub label: &'static str,
    pub prefix: String,
}

impl Side {
    /// The built-in side and the Ferrous side (`crate::side_prefix`).
    pub fn pair() -> [Side; 2] {
        [
            Side {
                label: "built-in",
                prefix: String::new(),
            },
            Side {
                label: "ferrous",
                prefix: crate::side_prefix(),
            },
        ]
    }

    /// The side's name of a scripting command (`EVAL` or `FERROUS.EVAL`).
    pub fn name(&self, base: &str) -> Vec<u8> {
        format!("{}{}", self.prefix, base).into_bytes()
    }
}

/// A command as a short one-line label for messages (newlines shown as `\n`, 60 characters).
pub fn label(args: &[Vec<u8>]) -> String {
    let s: Vec<String> = args
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let s = s.join(" ").replace('\n', "\\n");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}
