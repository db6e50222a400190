//! unit/introspection "CONFIG sanity": CONFIG SET of every CONFIG GET * pair succeeds and
//! changes nothing, with the module's configs among them (tools re-apply a whole config).

use ferrous_redis_tests::{Server, ServerOpts, escape};

/// Redis's own skip list (immutable or special server configs), as in introspection.tcl.
const SKIP: &[&str] = &[
    "rdbchecksum",
    "daemonize",
    "io-threads-do-reads",
    "tcp-backlog",
    "always-show-logo",
    "syslog-enabled",
    "cluster-enabled",
    "disable-thp",
    "aclfile",
    "unixsocket",
    "pidfile",
    "syslog-ident",
    "appendfilename",
    "appenddirname",
    "supervised",
    "syslog-facility",
    "databases",
    "io-threads",
    "logfile",
    "unixsocketperm",
    "replicaof",
    "slaveof",
    "requirepass",
    "server_cpulist",
    "bio_cpulist",
    "aof_rewrite_cpulist",
    "bgsave_cpulist",
    "set-proc-title",
    "cluster-config-file",
    "cluster-port",
    "oom-score-adj",
    "oom-score-adj-values",
    "enable-protected-configs",
    "enable-debug-command",
    "enable-module-command",
    "dbfilename",
    "dir",
    "socket-mark-id",
    "tls-prefer-server-ciphers",
    "tls-session-cache-timeout",
    "tls-session-cache-size",
    "tls-session-caching",
    "tls-cert-file",
    "tls-key-file",
    "tls-client-cert-file",
    "tls-client-key-file",
    "tls-dh-params-file",
    "tls-ca-cert-dir",
    "tls-ca-cert-file",
    "tls-protocols",
    "tls-ciphers",
    "tls-ciphersuites",
    "tls-port",
];

/// A flat RESP2 array of bulk strings.
fn bulks(r: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(r).into_owned();
    let mut lines = text.split("\r\n");
    let n: usize = lines.next().unwrap()[1..].parse().unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        let _len = lines.next().unwrap();
        out.push(lines.next().unwrap().to_string());
    }
    out
}

fn sorted_pairs(r: &[u8]) -> Vec<(String, String)> {
    let b = bulks(r);
    let mut v: Vec<(String, String)> = b.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect();
    v.sort();
    v
}

#[test]
fn config_set_of_every_config_get_pair_round_trips() {
    for (what, opts) in [
        ("with the module", ServerOpts::with_module()),
        (
            "drop-in, persist-functions no",
            ServerOpts::with_module()
                .module_arg("drop-in")
                .module_arg("yes")
                .module_arg("persist-functions")
                .module_arg("no"),
        ),
    ] {
        let s = Server::start(opts);
        let mut c = s.conn();
        let before = sorted_pairs(&c.cmd(&["CONFIG", "GET", "*"]));
        assert!(
            before.iter().any(|(k, _)| k == "ferrous.persist-functions"),
            "{what}: the module's configs are listed"
        );
        for (k, v) in &before {
            if SKIP.contains(&k.as_str()) {
                continue;
            }
            let r = c.cmd(&["CONFIG", "SET", k, v]);
            assert_eq!(
                escape(&r),
                escape(b"+OK\r\n"),
                "{what}: CONFIG SET {k} {v:?}"
            );
        }
        let after = sorted_pairs(&c.cmd(&["CONFIG", "GET", "*"]));
        assert_eq!(
            after, before,
            "{what}: CONFIG GET * after setting every value back"
        );
    }
}
