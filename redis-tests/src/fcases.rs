//! The function comparison-case format (`cases/functions/*.txt`), run by `tests/functions.rs`
//! on both sides of one server: built-in `FUNCTION`/`FCALL`/`FCALL_RO` and Ferrous's
//! `FERROUS.FUNCTION`/`FERROUS.FCALL`/`FERROUS.FCALL_RO`. Every case starts from FLUSHALL and
//! the side's own `FUNCTION FLUSH`; then its steps run in order and every reply is compared.
//!
//! ```text
//! # comment
//! == name of the case
//! lib:                       FUNCTION LOAD of the lines up to a line holding only "."
//! #!lua name=mylib
//! redis.register_function('f', function(keys, args) return 1 end)
//! .
//! libr:                      the same with FUNCTION LOAD REPLACE
//! libx: #!lua name=x\nredis.register_function('f', function() return 1 end)
//!                            one-line library code with escapes (\n \r \t \0 \\ \" \' \xHH)
//! code:                      multi-line block that becomes the token $CODE (no step)
//! cmd: $FCALL f 1 k a        a command (redis-cli quoting); $FUNCTION $FCALL $FCALL_RO
//!                            $SCRIPT $EVAL become the side's names, $CODE the last code
//!                            block, $DUMP the side's last `$FUNCTION DUMP` reply body
//! setup: SET k v             plain command before the steps, reply not compared
//! sort: yes                  compare replies with every aggregate's elements sorted
//!                            (FUNCTION LIST order is a hash order in Redis)
//! resp: 2 | 3                one protocol only (default both)
//! ```

/// One step of a function case.
#[derive(Clone, Debug)]
pub enum Step {
    /// FUNCTION LOAD [REPLACE] code.
    Load { code: Vec<u8>, replace: bool },
    /// A command with substitution tokens.
    Cmd(Vec<Vec<u8>>),
}

#[derive(Clone, Debug)]
pub struct FCase {
    pub name: String,
    pub origin: String,
    pub setup: Vec<Vec<Vec<u8>>>,
    /// (step, the `$CODE` value in force for it)
    pub steps: Vec<(Step, Option<Vec<u8>>)>,
    pub sort: bool,
    pub resp: Vec<u8>,
}

impl crate::casefile::Named for FCase {
    fn name(&self) -> &str {
        &self.name
    }
    fn origin(&self) -> &str {
        &self.origin
    }
}

/// Every function case: `cases/functions/*.txt`.
pub fn load_all() -> Vec<FCase> {
    let dir = crate::workspace_root()
        .join("redis-tests")
        .join("cases")
        .join("functions");
    crate::casefile::load_dir(&dir, parse_fcases)
}

pub fn parse_fcases(file: &str, text: &str) -> Result<Vec<FCase>, String> {
    let mut cases: Vec<FCase> = Vec::new();
    let mut code: Option<Vec<u8>> = None;
    let blocks = |k: &str, _: &str| matches!(k, "lib" | "libr" | "code");
    for item in crate::casefile::read(file, text, blocks)? {
        let (at, key, value, block) = match item {
            crate::casefile::Item::Case { name, at } => {
                code = None;
                cases.push(FCase {
                    name: name.to_string(),
                    origin: at,
                    setup: vec![],
                    steps: vec![],
                    sort: false,
                    resp: vec![2, 3],
                });
                continue;
            }
            crate::casefile::Item::Field {
                at,
                key,
                value,
                block,
            } => (at, key, value, block),
        };
        let case = cases.last_mut().expect("casefile::read starts with a case");
        let unescape = |v: &str| crate::unescape(v).map_err(|e| format!("{at}: {e}"));
        match key {
            "lib" | "libr" | "libx" | "librx" => {
                let code_now = match block {
                    Some(b) => b,
                    None => unescape(value)?,
                };
                let replace = key.starts_with("libr");
                case.steps.push((
                    Step::Load {
                        code: code_now,
                        replace,
                    },
                    code.clone(),
                ));
            }
            "code" => code = block,
            "codex" => code = Some(unescape(value)?),
            "cmd" => {
                let a = crate::split_args(value).map_err(|e| format!("{at}: {e}"))?;
                case.steps.push((Step::Cmd(a), code.clone()));
            }
            "setup" => case
                .setup
                .push(crate::split_args(value).map_err(|e| format!("{at}: {e}"))?),
            "sort" => case.sort = value.trim() == "yes",
            "resp" => case.resp = crate::casefile::resp(&at, value)?,
            o => return Err(format!("{at}: unknown field {o:?}")),
        }
    }
    for c in &cases {
        if c.steps.is_empty() {
            return Err(format!("{}: case {:?} has no steps", c.origin, c.name));
        }
    }
    crate::casefile::unique(cases.iter().map(|c| (c.name.as_str(), c.origin.as_str())))?;
    Ok(cases)
}

/// A parsed RESP reply (for normalising replies whose order is a hash order).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resp {
    /// Type byte and the line or bulk body.
    Leaf(u8, Vec<u8>),
    /// Type byte and elements (maps and attributes: keys and values alternate).
    Agg(u8, Vec<Resp>),
}

/// Parses one complete reply (as `Conn::read_reply` returns it).
pub fn parse_resp(b: &[u8]) -> Option<Resp> {
    fn one(b: &[u8], i: &mut usize) -> Option<Resp> {
        let t = *b.get(*i)?;
        let nl = *i + b[*i..].iter().position(|&c| c == b'\n')?;
        let line = b.get(*i + 1..nl - 1)?.to_vec();
        *i = nl + 1;
        let num = || std::str::from_utf8(&line).ok()?.parse::<i64>().ok();
        match t {
            b'$' | b'=' | b'!' => {
                let n = num()?;
                if n < 0 {
                    return Some(Resp::Leaf(t, b"-1".to_vec()));
                }
                let body = b.get(*i..*i + n as usize)?.to_vec();
                *i += n as usize + 2;
                Some(Resp::Leaf(t, body))
            }
            b'*' | b'~' | b'>' | b'%' | b'|' => {
                let n = num()?;
                if n < 0 {
                    return Some(Resp::Leaf(t, b"-1".to_vec()));
                }
                let k = if t == b'%' || t == b'|' { 2 } else { 1 } * n as usize;
                let mut v = Vec::with_capacity(k);
                for _ in 0..k {
                    v.push(one(b, i)?);
                }
                Some(Resp::Agg(t, v))
            }
            _ => Some(Resp::Leaf(t, line)),
        }
    }
    let mut i = 0;
    one(b, &mut i)
}

/// Sorts every aggregate's elements (map entries as pairs), recursively.
pub fn sorted(r: Resp) -> Resp {
    match r {
        Resp::Agg(t, v) => {
            let v: Vec<Resp> = v.into_iter().map(sorted).collect();
            if t == b'%' || t == b'|' {
                let mut pairs: Vec<(Resp, Resp)> = Vec::new();
                let mut it = v.into_iter();
                while let (Some(k), Some(val)) = (it.next(), it.next()) {
                    pairs.push((k, val));
                }
                pairs.sort();
                Resp::Agg(t, pairs.into_iter().flat_map(|(k, v)| [k, v]).collect())
            } else {
                let mut v = v;
                v.sort();
                Resp::Agg(t, v)
            }
        }
        l => l,
    }
}
