//! Script VM memory in the server (issue 10): script heaps are outside `used_memory` (as the
//! built-in engine's Lua heap), so a script's temporary tables never make `maxmemory` evict
//! keys; a heap spike goes back once the script ends; collector settings do not carry over.

use ferrous_redis_tests::{
    Conn, Server, ServerOpts, assert_reply, ferrous_cmd, ferrous_is_real, info_field, skip_note,
};
use std::time::{Duration, Instant};

fn eval(c: &mut Conn, script: &str) -> Vec<u8> {
    c.cmd(&[ferrous_cmd("EVAL").as_str(), script, "0"])
}

fn info_num(c: &mut Conn, section: &str, field: &str) -> i64 {
    let info = String::from_utf8_lossy(&c.cmd(&["INFO", section])).into_owned();
    info_field(&info, field)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("INFO {section} has no numeric {field}"))
}

/// The server's resident set in bytes (`/proc/<pid>/status`).
fn rss(s: &Server) -> i64 {
    let pid = s.pid().expect("server pid");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
        .expect("VmRSS")
        * 1024
}

fn int_reply(r: &[u8]) -> i64 {
    let t = String::from_utf8_lossy(r);
    t.trim()
        .strip_prefix(':')
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("expected an integer reply, got {t:?}"))
}

#[test]
fn script_heaps_are_not_in_used_memory() {
    if !ferrous_is_real() {
        skip_note("used_memory");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    let before = info_num(&mut c, "memory", "used_memory");
    // 1,000,000 live tables (about 100 MB of VM heap), and Redis's used_memory read while the
    // script holds them.
    let r = eval(
        &mut c,
        "local t = {} for i = 1, 1000000 do t[i] = {i} end \
         local info = redis.call('INFO', 'memory') \
         return {math.floor(collectgarbage('count') * 1024), string.match(info, 'used_memory:(%d+)'), #t}",
    );
    let text = String::from_utf8_lossy(&r).into_owned();
    let nums: Vec<i64> = text
        .split("\r\n")
        .filter_map(|l| l.trim_start_matches([':', '$']).parse().ok())
        .collect();
    // `:heap`, `$len`, `used_memory`, `:1000000`.
    assert_eq!(nums.len(), 4, "reply {text:?}");
    let (vm, during) = (nums[0], nums[2]);
    assert!(vm > 50_000_000, "the script's heap: {vm}");
    assert!(
        during - before < 8_000_000,
        "used_memory grew by {} bytes with a {vm}-byte script heap",
        during - before
    );
    let reported = info_num(&mut c, "ferrous", "ferrous_used_memory_vm_eval");
    assert!(reported > 0, "INFO ferrous reports the VM heap: {reported}");
}

#[test]
fn a_heap_spike_goes_back_after_the_script() {
    if !ferrous_is_real() {
        skip_note("heap spike");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    assert_reply(&eval(&mut c, "return 1"), b":1\r\n", "warm-up");
    let base = rss(&s);
    let heap = int_reply(&eval(
        &mut c,
        "local t = {} for i = 1, 1000000 do t[i] = {i} end return collectgarbage('count') * 1024",
    ));
    assert!(heap > 50_000_000, "the spike's heap: {heap}");
    // Garbage once the script ended: the module collects it and gives back the arenas, from
    // a timer once the reply has gone out.
    let t0 = Instant::now();
    loop {
        let vm = info_num(&mut c, "ferrous", "ferrous_used_memory_vm_eval");
        let reserved = info_num(&mut c, "ferrous", "ferrous_reserved_memory_vm_eval");
        if vm < 1_000_000 && reserved < 1_000_000 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "VM heap {vm} and reserved memory {reserved} after the spike"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // And the process returns it to the system (the C allocator's trim, or its decay).
    let t0 = Instant::now();
    loop {
        let now = rss(&s);
        if now < base + 40_000_000 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "RSS stays at {now} bytes after the spike (base {base})"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The hostile harness's `collector/stop-then-allocate` sequence: a spike made with the
/// collector stopped, then at once (pipelined, before the module's settle timer fires) a
/// script that collects it. That script's KEYS/ARGV are made while the spike fills the
/// arenas, so they take the highest slots; the arenas' vacant tail must still be given back
/// (it stayed 32 MiB of table slots until SCRIPT FLUSH).
#[test]
fn a_spike_collected_by_the_next_script_gives_its_slots_back() {
    if !ferrous_is_real() {
        skip_note("blocked tail");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    assert_reply(&eval(&mut c, "return 1"), b":1\r\n", "warm-up");
    let ev = ferrous_cmd("EVAL");
    let spike =
        "collectgarbage('stop') local t = {} for i = 1, 3e6 do t[i % 100 + 1] = {i} end return 1";
    let mut both = ferrous_redis_tests::encode_command(&[ev.as_str(), spike, "0"]);
    both.extend(ferrous_redis_tests::encode_command(&[
        ev.as_str(),
        "collectgarbage() return 1",
        "0",
    ]));
    c.send_raw(&both).expect("send");
    for what in ["spike", "collect"] {
        assert_reply(&c.read_reply().expect("reply"), b":1\r\n", what);
    }
    let t0 = Instant::now();
    loop {
        let reserved = info_num(&mut c, "ferrous", "ferrous_reserved_memory_vm_eval");
        if reserved < 8_000_000 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "reserved memory {reserved} after the spike was collected"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn collector_settings_do_not_carry_over() {
    if !ferrous_is_real() {
        skip_note("collector reset");
        return;
    }
    let s = Server::start(ServerOpts::with_module());
    let mut c = s.conn();
    for setting in [
        "collectgarbage('stop') return 1",
        "collectgarbage('setpause', 100000) return 1",
        "collectgarbage('setstepmul', 0) collectgarbage('setpause', 1000) return 1",
    ] {
        assert_reply(&eval(&mut c, setting), b":1\r\n", setting);
        // 40 MB of short-lived garbage: with the default pacing the heap stays small.
        let peak = int_reply(&eval(
            &mut c,
            "local peak = 0 for i = 1, 400000 do local x = {i, i, i} \
             if i % 1000 == 0 then peak = math.max(peak, collectgarbage('count')) end end \
             return peak * 1024",
        ));
        assert!(
            peak < 16_000_000,
            "after `{setting}` the next script's heap reached {peak} bytes"
        );
    }
}
