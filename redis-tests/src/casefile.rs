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
