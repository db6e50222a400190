//! `COMMAND DOCS` of the module's commands (what redis-cli's hints and client code generators
//! read) against the built-in commands' docs in the same server: summary, since, complexity
//! and arguments the same; the group is `module` with the module's name, as Redis reports
//! every module command; SCRIPT and FUNCTION are one module command each, so they list no
//! subcommands.

use ferrous_redis_tests::fcases::{Resp, parse_resp};
use ferrous_redis_tests::{Server, ServerOpts, ferrous_is_real, skip_note};

/// The docs entry of one command: (field, value) pairs of its map.
fn docs(c: &mut ferrous_redis_tests::Conn, name: &str) -> Vec<(Vec<u8>, Resp)> {
    let r = c.cmd(&["COMMAND", "DOCS", name]);
    let Some(Resp::Agg(_, top)) = parse_resp(&r) else {
        panic!("COMMAND DOCS {name}: {}", String::from_utf8_lossy(&r));
    };
    assert_eq!(top.len(), 2, "COMMAND DOCS {name}: one entry");
    let Resp::Agg(_, fields) = &top[1] else {
        panic!("COMMAND DOCS {name}: not a map");
    };
    fields
        .chunks(2)
        .map(|kv| match &kv[0] {
            Resp::Leaf(_, k) => (k.clone(), kv[1].clone()),
            other => panic!("COMMAND DOCS {name}: key {other:?}"),
        })
        .collect()
}

fn field<'a>(d: &'a [(Vec<u8>, Resp)], k: &str) -> Option<&'a Resp> {
    d.iter().find(|(f, _)| f == k.as_bytes()).map(|(_, v)| v)
}

#[test]
fn module_commands_document_themselves_as_the_builtins() {
    if !ferrous_is_real() {
        skip_note("COMMAND DOCS of the module's commands");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    let pairs = [
        ("eval", "ferrous.eval"),
        ("evalsha", "ferrous.evalsha"),
        ("eval_ro", "ferrous.eval_ro"),
        ("evalsha_ro", "ferrous.evalsha_ro"),
        ("fcall", "ferrous.fcall"),
        ("fcall_ro", "ferrous.fcall_ro"),
        ("script", "ferrous.script"),
        ("function", "ferrous.function"),
        // A flag variant documents its base command.
        ("eval", "ferrous.eval.no-writes"),
        ("fcall", "ferrous.fcall.write"),
    ];
    for (builtin, ours) in pairs {
        let want = docs(&mut c, builtin);
        let got = docs(&mut c, ours);
        for k in ["summary", "since", "complexity", "arguments"] {
            assert_eq!(field(&got, k), field(&want, k), "{ours} vs {builtin}: {k}");
        }
        assert!(field(&want, "summary").is_some(), "{builtin} has a summary");
        assert_eq!(
            field(&got, "group"),
            Some(&Resp::Leaf(b'$', b"module".to_vec())),
            "{ours}: group"
        );
        assert_eq!(
            field(&got, "module"),
            Some(&Resp::Leaf(b'$', b"ferrous".to_vec())),
            "{ours}: module"
        );
    }
}
