//! The comparison-case file format (`cases/*.txt`).
//!
//! ```text
//! # a comment (outside a multi-line script)
//! == name of the case
//! script: return 1                  one-line script, taken verbatim
//! scriptx: return '\x00'            one-line script with escapes (\n \r \t \0 \\ \" \' \xHH)
//! script:                           multi-line script: the lines up to a line holding only "."
//! local x = 1
//! return x
//! .
//! keys: k1 "k 2"                    KEYS (redis-cli style quoting); numkeys defaults to their count
//! args: a1 a2                       ARGV
//! numkeys: -1                       numkeys token sent as is (overrides the count)
//! cmd: eval | eval_ro | evalsha | evalsha_ro   (default eval; evalsha* SCRIPT LOADs the script first)
//! sha: upper | <literal>            evalsha: the loaded sha in upper case, or a literal sha
//! setup: SET k v                    plain command run after FLUSHALL + SCRIPT FLUSH (repeatable)
//! raw: $EVAL "return 1" 0           instead of the script: a command whose $EVAL $EVALSHA $EVAL_RO
//!                                   $EVALSHA_RO $SCRIPT tokens become the side's command name and
//!                                   $SHA / $SHAUP (in any token) the script's sha (repeatable)
//! after: GET k                      plain command whose reply is compared too (repeatable)
//! resp: 2 | 3                       run in one protocol only (default both)
//! ferrous-only: <reason>            run on the Ferrous side only, asserting an error reply and a
//!                                   live server afterwards (e.g. `error({})` crashes the built-in)
//! skip: <reason>                    written reason why the case must not be compared
//! ```

/// Which scripting command a case runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmdKind {
    Eval,
    EvalRo,
    EvalSha,
    EvalShaRo,
}

/// One comparison case.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// `file:line` of the `==` header.
    pub origin: String,
    pub script: Option<Vec<u8>>,
    pub keys: Vec<Vec<u8>>,
    pub args: Vec<Vec<u8>>,
    pub numkeys: Option<Vec<u8>>,
    pub cmd: CmdKind,
    pub sha: Option<String>,
    pub setup: Vec<Vec<Vec<u8>>>,
    pub raw: Vec<Vec<Vec<u8>>>,
    pub after: Vec<Vec<Vec<u8>>>,
    pub resp: Vec<u8>,
    pub ferrous_only: Option<String>,
    pub skip: Option<String>,
}

impl Case {
    fn new(name: &str, origin: String) -> Case {
        Case {
            name: name.to_string(),
            origin,
            script: None,
            keys: vec![],
            args: vec![],
            numkeys: None,
            cmd: CmdKind::Eval,
            sha: None,
            setup: vec![],
            raw: vec![],
            after: vec![],
            resp: vec![2, 3],
            ferrous_only: None,
            skip: None,
        }
    }
}

impl crate::casefile::Named for Case {
    fn name(&self) -> &str {
        &self.name
    }
    fn origin(&self) -> &str {
        &self.origin
    }
}

/// Every EVAL case: `cases/*.txt`, or the folder `FERROUS_CASES_DIR` names.
pub fn load_all() -> Vec<Case> {
    let dir = match std::env::var_os("FERROUS_CASES_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => crate::workspace_root().join("redis-tests").join("cases"),
    };
    crate::casefile::load_dir(&dir, parse_cases)
}

/// Parses a case file. `file` is only used in messages.
pub fn parse_cases(file: &str, text: &str) -> Result<Vec<Case>, String> {
    let mut cases: Vec<Case> = Vec::new();
    let items = crate::casefile::read(file, text, |k, v| k == "script" && v.trim().is_empty())?;
    for item in items {
        let (at, key, value, block) = match item {
            crate::casefile::Item::Case { name, at } => {
                cases.push(Case::new(name, at));
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
        let split = |v: &str| crate::split_args(v).map_err(|e| format!("{at}: {e}"));
        match key {
            "script" => case.script = Some(block.unwrap_or_else(|| value.as_bytes().to_vec())),
            "scriptx" => {
                case.script = Some(crate::unescape(value).map_err(|e| format!("{at}: {e}"))?)
            }
            "keys" => case.keys = split(value)?,
            "args" => case.args = split(value)?,
            "numkeys" => case.numkeys = Some(value.trim().as_bytes().to_vec()),
            "cmd" => {
                case.cmd = match value.trim() {
                    "eval" => CmdKind::Eval,
                    "eval_ro" => CmdKind::EvalRo,
                    "evalsha" => CmdKind::EvalSha,
                    "evalsha_ro" => CmdKind::EvalShaRo,
                    other => return Err(format!("{at}: unknown cmd {other:?}")),
                }
            }
            "sha" => case.sha = Some(value.trim().to_string()),
            "setup" => case.setup.push(split(value)?),
            "raw" => case.raw.push(split(value)?),
            "after" => case.after.push(split(value)?),
            "resp" => case.resp = crate::casefile::resp(&at, value)?,
            "ferrous-only" => case.ferrous_only = Some(value.trim().to_string()),
            "skip" => case.skip = Some(value.trim().to_string()),
            other => return Err(format!("{at}: unknown field {other:?}")),
        }
    }
    for c in &cases {
        if c.script.is_none() && c.raw.is_empty() {
            return Err(format!(
                "{}: case {:?} has neither a script nor raw commands",
                c.origin, c.name
            ));
        }
        if c.skip.as_deref() == Some("") || c.ferrous_only.as_deref() == Some("") {
            return Err(format!(
                "{}: case {:?}: skip/ferrous-only need a written reason",
                c.origin, c.name
            ));
        }
    }
    crate::casefile::unique(cases.iter().map(|c| (c.name.as_str(), c.origin.as_str())))?;
    Ok(cases)
}
