//! Compile errors and chunk names, in lua5.1's exact forms.

/// A compile error; `message` is the complete lua5.1 text (`chunk:line: msg near 'tok'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    pub line: u32,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileError {}

/// MAXSRC of llex.c: the buffer for chunk names in compile errors (`=name` keeps 79 bytes).
const MAXSRC: usize = 80;
/// LUA_IDSIZE: the buffer for chunk names in runtime messages and tracebacks (`short_src`;
/// `=name` keeps 59 bytes, a source string 43).
const IDSIZE: usize = 60;

/// `luaO_chunkid` as the lexer calls it (compile errors).
pub fn chunk_id(source: &str) -> String {
    chunk_id_sized(source, MAXSRC)
}

/// `luaO_chunkid` as luaG_runerror, luaL_where and tracebacks call it (LUA_IDSIZE).
pub fn runtime_chunk_id(source: &str) -> String {
    chunk_id_sized(source, IDSIZE)
}

/// `luaO_chunkid` with a `bufflen`-byte buffer: `=name` → name, `@file` → file (long names
/// keep their end, prefixed with "..."), anything else → `[string "first line..."]`.
fn chunk_id_sized(source: &str, bufflen: usize) -> String {
    // luaO_chunkid works on a C string: the name ends at its first NUL.
    let source = source.split('\0').next().unwrap_or("");
    let b = source.as_bytes();
    if let Some(rest) = source.strip_prefix('=') {
        let r = rest.as_bytes();
        return String::from_utf8_lossy(&r[..r.len().min(bufflen - 1)]).into_owned();
    }
    if let Some(rest) = source.strip_prefix('@') {
        let r = rest.as_bytes();
        let max = bufflen - " '...' ".len() - 1;
        if r.len() > max {
            return format!("...{}", String::from_utf8_lossy(&r[r.len() - max..]));
        }
        return rest.to_string();
    }
    let max = bufflen - " [string \"...\"] ".len() - 1;
    let mut len = b.len().min(max);
    if let Some(nl) = b.iter().position(|&c| c == b'\n' || c == b'\r') {
        len = len.min(nl);
    }
    let first = String::from_utf8_lossy(&b[..len]);
    if len < b.len() {
        format!("[string \"{}...\"]", first)
    } else {
        format!("[string \"{}\"]", first)
    }
}

#[cfg(test)]
mod tests {
    use super::{chunk_id, runtime_chunk_id};

    // Expected values checked against lua5.1 5.1.5 (`loadstring("x=", name)` messages).
    #[test]
    fn chunk_ids() {
        assert_eq!(chunk_id("=stdin"), "stdin");
        assert_eq!(chunk_id("@t.lua"), "t.lua");
        assert_eq!(chunk_id("x = 1"), "[string \"x = 1\"]");
        assert_eq!(chunk_id("x = 1\ny = 2"), "[string \"x = 1...\"]");
        assert_eq!(
            chunk_id("local aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1"),
            "[string \"local aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"]"
        );
        let long_file = format!("@{}.lua", "d".repeat(70));
        assert_eq!(chunk_id(&long_file), format!("...{}.lua", "d".repeat(68)));
        assert_eq!(chunk_id(&format!("={}", "e".repeat(80))), "e".repeat(79));
    }

    // Expected values checked against lua5.1 5.1.5 (runtime `error('x')` messages).
    #[test]
    fn runtime_chunk_ids() {
        assert_eq!(
            runtime_chunk_id("local long = 1; local chunk = 2; local here = 3; error('x')"),
            "[string \"local long = 1; local chunk = 2; local here...\"]"
        );
        assert_eq!(
            runtime_chunk_id(&"s".repeat(43)),
            format!("[string \"{}\"]", "s".repeat(43))
        );
        assert_eq!(
            runtime_chunk_id(&format!("={}", "n".repeat(90))),
            "n".repeat(59)
        );
        assert_eq!(
            runtime_chunk_id(&format!("@{}", "f".repeat(52))),
            "f".repeat(52)
        );
        assert_eq!(
            runtime_chunk_id(&format!("@{}", "f".repeat(53))),
            format!("...{}", "f".repeat(52))
        );
    }
}
