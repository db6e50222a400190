//! A real 3-master Redis Cluster on 127.0.0.1 with Ferrous on every node (src/cluster.rs):
//! scripts and functions driven through `redis-cli -c`, each case run with the built-in
//! (`EVAL`, `FCALL`) and with Ferrous (`FERROUS.EVAL`, `FERROUS.FCALL`) on the same cluster;
//! the outputs must be the same: keys routed to their node, cross-slot keys, a key of
//! another node, `no-cluster`, `allow-cross-slot-keys`. The servers are stopped by PID when
//! the test ends.

use ferrous_redis_tests::{Server, ServerOpts, bulk_text, info_field, no_module, redis_cli};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn node() -> Server {
    Server::start(
        ServerOpts::with_module()
            .arg("--cluster-enabled")
            .arg("yes")
            .arg("--cluster-config-file")
            .arg("nodes.conf")
            .arg("--cluster-node-timeout")
            .arg("5000"),
    )
}

fn keyslot(port: u16, key: &str) -> u16 {
    redis_cli(port, &["CLUSTER", "KEYSLOT", key])
        .trim()
        .parse()
        .expect("CLUSTER KEYSLOT")
}

/// `redis-cli -c -p <port> args...` (follows MOVED), its output trimmed.
fn cli(port: u16, args: &[&str]) -> String {
    let mut a = vec!["-c"];
    a.extend_from_slice(args);
    redis_cli(port, &a).trim().to_string()
}

const LIB: &str = "#!lua name=clib
redis.register_function('cset', function(keys, args) return redis.call('set', keys[1], args[1]) end)
redis.register_function('cget2', function(keys, args) redis.call('get', keys[1]); return redis.call('get', args[1]) end)
redis.register_function('cfree', function(keys, args) redis.call('get', args[1]); return redis.call('get', args[2]) end)
redis.register_function{function_name='ccross', callback=function(keys, args) redis.call('get', args[1]); return redis.call('get', args[2]) end, flags={'allow-cross-slot-keys'}}
redis.register_function{function_name='cnocluster', callback=function(keys, args) return 1 end, flags={'no-cluster'}}
";

#[test]
fn cluster_checks_match_the_builtin() {
    if no_module() {
        return;
    }
    let t0 = Instant::now();
    let nodes = [node(), node(), node()];
    let ports: Vec<u16> = nodes.iter().map(|n| n.port()).collect();
    let addrs: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let out = Command::new("timeout")
        .arg("30")
        .arg(std::env::var("REDIS_CLI").unwrap_or_else(|_| "redis-cli".into()))
        .arg("--cluster")
        .arg("create")
        .args(&addrs)
        .args(["--cluster-replicas", "0", "--cluster-yes"])
        .stdin(Stdio::null())
        .output()
        .expect("redis-cli --cluster create");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("All 16384 slots covered"),
        "cluster create:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for n in &nodes {
        let mut c = n.conn();
        loop {
            let info = bulk_text(&c.cmd(&["CLUSTER", "INFO"]));
            if info_field(&info, "cluster_state").as_deref() == Some("ok") {
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "cluster_state never ok:\n{info}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    // The slot ranges `--cluster create` gave: the node that serves each key.
    let owner = |key: &str| -> usize {
        let s = keyslot(ports[0], key);
        for (i, n) in nodes.iter().enumerate() {
            let slots = n.conn().cmd(&["CLUSTER", "NODES"]);
            let t = String::from_utf8_lossy(&slots).into_owned();
            let me = t
                .lines()
                .find(|l| l.contains("myself"))
                .unwrap_or("")
                .to_string();
            if me.split(' ').skip(8).any(|r| {
                let mut it = r.splitn(2, '-');
                let a: u16 = it.next().and_then(|x| x.parse().ok()).unwrap_or(u16::MAX);
                let b: u16 = it.next().and_then(|x| x.parse().ok()).unwrap_or(a);
                a <= s && s <= b
            }) {
                return i;
            }
        }
        panic!("no node serves {key}");
    };
    // Two keys of node 0 in different slots, and a key of node 1.
    let mut local = Vec::new();
    let mut remote = None;
    for i in 0..200 {
        let k = format!("key{i}");
        match owner(&k) {
            0 if local.len() < 2
                && local
                    .iter()
                    .all(|l: &String| keyslot(ports[0], l) != keyslot(ports[0], &k)) =>
            {
                local.push(k)
            }
            1 if remote.is_none() => remote = Some(k),
            _ => {}
        }
        if local.len() == 2 && remote.is_some() {
            break;
        }
    }
    let (a, b, far) = (
        local[0].as_str(),
        local[1].as_str(),
        remote.expect("a key of node 1"),
    );
    let far = far.as_str();
    for p in &ports {
        assert_eq!(cli(*p, &["FUNCTION", "LOAD", LIB]), "clib");
        assert_eq!(cli(*p, &["FERROUS.FUNCTION", "LOAD", LIB]), "clib");
    }
    let p0 = ports[0];
    let cross = "#!lua\nredis.call('get', ARGV[1]); return redis.call('get', ARGV[2])";
    let cross_ok = "#!lua flags=allow-cross-slot-keys\nredis.call('get', ARGV[1]); return redis.call('get', ARGV[2])";
    let compat = "redis.call('get', ARGV[1]); return redis.call('get', ARGV[2])";
    let declared = "#!lua\nredis.call('get', KEYS[1]); return redis.call('get', ARGV[1])";
    let declared_late = "#!lua\nredis.call('get', ARGV[1]); return redis.call('get', KEYS[1])";
    let one = "#!lua\nreturn redis.call('get', ARGV[1])";
    let one_compat = "return redis.call('get', ARGV[1])";
    let multi = "#!lua\nreturn redis.call('mget', ARGV[1], ARGV[2])";
    let nocluster = "#!lua flags=no-cluster\nreturn 1";
    let set = "#!lua\nreturn redis.call('set', KEYS[1], ARGV[1])";
    // (port, args after the command name); each runs as EVAL/FCALL and FERROUS.EVAL/FCALL.
    let evals: Vec<(u16, Vec<&str>, &str)> = vec![
        (
            p0,
            vec![set, "1", far, "v"],
            "declared key of node 1: redirected",
        ),
        (p0, vec![one, "0", far], "a key of node 1"),
        (
            p0,
            vec![one_compat, "0", far],
            "a key of node 1 (no shebang)",
        ),
        (p0, vec![cross, "0", a, b], "two slots"),
        (
            p0,
            vec![cross_ok, "0", a, b],
            "two slots, allow-cross-slot-keys",
        ),
        (
            p0,
            vec![compat, "0", a, b],
            "two slots, no shebang (allowed)",
        ),
        (
            p0,
            vec![declared, "1", a, b],
            "declared key then another slot",
        ),
        (
            p0,
            vec![declared_late, "1", a, b],
            "another slot then the declared key",
        ),
        (p0, vec![cross, "0", a, far], "local then node 1"),
        (p0, vec![multi, "0", a, b], "one command, two slots"),
        (p0, vec![nocluster, "0"], "no-cluster"),
        (p0, vec![one, "0", a], "one local key"),
    ];
    let fcalls: Vec<(u16, Vec<&str>, &str)> = vec![
        (p0, vec!["cset", "1", far, "w"], "FCALL routed to node 1"),
        (
            p0,
            vec!["cget2", "1", a, b],
            "FCALL declared then another slot",
        ),
        (p0, vec!["cfree", "0", a, b], "FCALL two slots"),
        (p0, vec!["cfree", "0", a, far], "FCALL a key of node 1"),
        (p0, vec!["ccross", "0", a, b], "FCALL allow-cross-slot-keys"),
        (p0, vec!["cnocluster", "0"], "FCALL no-cluster"),
    ];
    let mut checked = 0;
    for (cmds, cases) in [
        (("EVAL", "FERROUS.EVAL"), &evals),
        (("FCALL", "FERROUS.FCALL"), &fcalls),
    ] {
        for (port, args, what) in cases.iter() {
            let mut b = vec![cmds.0];
            b.extend_from_slice(args);
            let mut f = vec![cmds.1];
            f.extend_from_slice(args);
            let builtin = cli(*port, &b);
            let ferrous = cli(*port, &f);
            assert_eq!(ferrous, builtin, "{what}: Ferrous vs built-in");
            checked += 1;
        }
    }
    // The texts the brief names, as the built-in gives them.
    assert!(
        cli(p0, &["EVAL", cross, "0", a, b])
            .contains("Script attempted to access keys that do not hash to the same slot")
    );
    assert!(
        cli(p0, &["EVAL", one, "0", far])
            .contains("Script attempted to access a non local key in a cluster node")
    );
    assert_eq!(
        cli(p0, &["FERROUS.EVAL", nocluster, "0"]),
        "ERR Can not run script on cluster, 'no-cluster' flag is set."
    );
    assert_eq!(cli(ports[1], &["GET", far]), "w");
    assert_eq!(checked, evals.len() + fcalls.len());
    assert!(
        t0.elapsed() < Duration::from_secs(30),
        "the cluster test took {:?}",
        t0.elapsed()
    );
}
