//! The `os` library (CLI only: Redis has none). Dates use the local time zone (chrono reads
//! TZ and /etc/localtime as the C library does); only the C locale exists.

use crate::io_file::strerror;
use chrono::{Datelike, Local, LocalResult, NaiveDate, TimeZone, Timelike, Utc};
use ferrous_vm::api::Args;
use ferrous_vm::{Ret, Throw, Value, Vm};

pub fn open_os(vm: &mut Vm) {
    // loslib's list and order, presized as luaL_register does.
    let os = vm.new_library(&[
        ("clock", os_clock),
        ("date", os_date),
        ("difftime", os_difftime),
        ("execute", os_execute),
        ("exit", os_exit),
        ("getenv", os_getenv),
        ("remove", os_remove),
        ("rename", os_rename),
        ("setlocale", os_setlocale),
        ("time", os_time),
        ("tmpname", os_tmpname),
    ]);
    vm.set_global("os", Value::Table(os));
}

/// A new empty file named like mkstemp's `/tmp/lua_XXXXXX`, opened for reading and writing.
pub fn temp_file() -> std::io::Result<(String, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let dir = std::env::temp_dir();
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let mut x = nanos
            ^ (std::process::id() as u64) << 32
            ^ COUNTER
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut name = String::from("lua_");
        for _ in 0..6 {
            name.push(CHARS[(x % CHARS.len() as u64) as usize] as char);
            x /= CHARS.len() as u64;
        }
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => return Ok((path.to_string_lossy().into_owned(), f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::from_raw_os_error(17))
}

/// `os_pushresult`: true, or nil, "name: message", errno.
fn push_result(vm: &mut Vm, r: std::io::Result<()>, name: &[u8]) -> Result<Ret, Throw> {
    match r {
        Ok(()) => {
            vm.push(Value::Bool(true));
            Ok(Ret::Values(1))
        }
        Err(e) => {
            vm.push(Value::Nil);
            let mut msg = name.to_vec();
            msg.extend_from_slice(b": ");
            msg.extend_from_slice(strerror(&e).as_bytes());
            vm.push_vec(msg);
            vm.push(Value::Num(e.raw_os_error().unwrap_or(0) as f64));
            Ok(Ret::Values(3))
        }
    }
}

fn os_remove(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let name = Args::new(base, n).check_bytes(vm, 0)?;
    let p = String::from_utf8_lossy(&name).into_owned();
    // C's remove() deletes files and empty directories.
    let r = match std::fs::symlink_metadata(&p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir(&p),
        _ => std::fs::remove_file(&p),
    };
    push_result(vm, r, &name)
}

fn os_rename(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let from = a.check_bytes(vm, 0)?;
    let to = a.check_bytes(vm, 1)?;
    let r = std::fs::rename(
        String::from_utf8_lossy(&from).as_ref(),
        String::from_utf8_lossy(&to).as_ref(),
    );
    push_result(vm, r, &from)
}

fn os_tmpname(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    match temp_file() {
        Ok((name, _)) => {
            vm.push_str(name.as_bytes());
            Ok(Ret::Values(1))
        }
        Err(_) => Err(Throw::msg("unable to generate a unique filename")),
    }
}

/// `system()`'s result: the raw wait status (exit code × 256), or 1 ("a shell exists")
/// without a command.
fn os_execute(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    use std::os::unix::process::ExitStatusExt;
    let a = Args::new(base, n);
    if a.is_none(vm, 0) {
        vm.push(Value::Num(1.0));
        return Ok(Ret::Values(1));
    }
    let cmd = a.check_bytes(vm, 0)?;
    crate::os_io::flush_output(vm);
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(String::from_utf8_lossy(&cmd).into_owned())
        .status()
        .map_or(-1, |s| s.into_raw());
    vm.push(Value::Num(status as f64));
    Ok(Ret::Values(1))
}

fn os_exit(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let code = Args::new(base, n).opt_int(vm, 0, 0)?;
    crate::os_io::flush_output(vm);
    std::process::exit(code as i32)
}

fn os_getenv(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let name = Args::new(base, n).check_bytes(vm, 0)?;
    let v = match std::env::var_os(String::from_utf8_lossy(&name).as_ref()) {
        Some(s) => vm.bytes_value(s.to_string_lossy().as_bytes()),
        None => Value::Nil,
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

/// Only the C locale exists: `setlocale("C")`/`("")`/query answer "C", others nil.
fn os_setlocale(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let v = if a.is_none(vm, 0) {
        vm.str("C")
    } else {
        match &a.check_bytes(vm, 0)?[..] {
            b"C" | b"" | b"POSIX" => vm.str("C"),
            _ => Value::Nil,
        }
    };
    vm.push(v);
    Ok(Ret::Values(1))
}

/// C's `clock()`: processor time used, here the process's run time from Linux's
/// `/proc/self/schedstat` (nanoseconds); elsewhere the time since the first call.
fn os_clock(vm: &mut Vm, _base: usize, _n: usize) -> Result<Ret, Throw> {
    let cpu = std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        // (zero where the kernel keeps no scheduler statistics)
        .filter(|&ns| ns > 0);
    let secs = match cpu {
        Some(ns) => ns as f64 / 1e9,
        None => {
            let start = *vm.ext_or_insert_with("os.clock", || std::time::Instant::now());
            start.elapsed().as_secs_f64()
        }
    };
    vm.push(Value::Num(secs));
    Ok(Ret::Values(1))
}

fn os_difftime(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    // loslib.c: `difftime((time_t)(luaL_checknumber(L, 1)), (time_t)(luaL_optnumber(L, 2, 0)))`
    // — arguments checked right to left (gcc, x86-64), each cut to an integer time_t.
    let t1 = ferrous_vm::api::f64_to_i64(a.opt_number(vm, 1, 0.0)?);
    let t2 = ferrous_vm::api::f64_to_i64(a.check_number(vm, 0)?);
    vm.push(Value::Num(t2 as f64 - t1 as f64));
    Ok(Ret::Values(1))
}

/// A field of `os.time`'s table (`getfield`): an integer, or `d` when absent (an error when
/// there is no default).
fn date_field(
    vm: &mut Vm,
    t: ferrous_vm::value::TableRef,
    key: &str,
    d: Option<i64>,
) -> Result<i64, Throw> {
    match vm.get_field(t, key) {
        Value::Num(x) => Ok(ferrous_vm::api::f64_to_i32(x) as i64),
        v => match (vm.to_number(v), d) {
            (Some(x), _) => Ok(ferrous_vm::api::f64_to_i32(x) as i64),
            (None, Some(d)) => Ok(d),
            (None, None) => Err(Throw::msg(format!("field '{}' missing in date table", key))),
        },
    }
}

fn os_time(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    if a.is_none(vm, 0) {
        vm.push(Value::Num(Utc::now().timestamp() as f64));
        return Ok(Ret::Values(1));
    }
    let t = a.check_table(vm, 0)?;
    let sec = date_field(vm, t, "sec", Some(0))?;
    let min = date_field(vm, t, "min", Some(0))?;
    let hour = date_field(vm, t, "hour", Some(12))?;
    let day = date_field(vm, t, "day", None)?;
    let month = date_field(vm, t, "month", None)?;
    let year = date_field(vm, t, "year", None)?;
    // mktime normalises out-of-range fields: months carry into years, the rest into seconds.
    let months = year * 12 + month - 1;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
    let local = i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, 1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|dt| {
            let secs = (day - 1) * 86400 + hour * 3600 + min * 60 + sec;
            dt.checked_add_signed(chrono::TimeDelta::try_seconds(secs)?)
        })
        .and_then(|dt| match Local.from_local_datetime(&dt) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => Some(x.timestamp()),
            LocalResult::None => None,
        });
    vm.push(local.map_or(Value::Nil, |s| Value::Num(s as f64)));
    Ok(Ret::Values(1))
}

/// The fields `os.date("*t")` fills.
struct Broken {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    wday: u32,
    yday: u32,
}

fn broken<T: Datelike + Timelike>(d: &T) -> Broken {
    Broken {
        year: d.year(),
        month: d.month(),
        day: d.day(),
        hour: d.hour(),
        min: d.minute(),
        sec: d.second(),
        wday: d.weekday().num_days_from_sunday() + 1,
        yday: d.ordinal(),
    }
}

fn os_date(vm: &mut Vm, base: usize, n: usize) -> Result<Ret, Throw> {
    let a = Args::new(base, n);
    let fmt = a.opt_bytes(vm, 0, b"%c")?;
    let t = if a.is_none(vm, 1) {
        Utc::now().timestamp()
    } else {
        ferrous_vm::api::f64_to_i64(a.check_number(vm, 1)?)
    };
    let (utc, fmt) = match fmt.strip_prefix(b"!") {
        Some(rest) => (true, rest.to_vec()),
        None => (false, fmt),
    };
    let Some(at) = Utc.timestamp_opt(t, 0).single() else {
        vm.push(Value::Nil);
        return Ok(Ret::Values(1));
    };
    if fmt.starts_with(b"*t") {
        let b = if utc {
            broken(&at)
        } else {
            broken(&at.with_timezone(&Local))
        };
        let tbl = vm.new_table();
        vm.push(Value::Table(tbl));
        for (k, v) in [
            ("sec", b.sec as f64),
            ("min", b.min as f64),
            ("hour", b.hour as f64),
            ("day", b.day as f64),
            ("month", b.month as f64),
            ("year", b.year as f64),
            ("wday", b.wday as f64),
            ("yday", b.yday as f64),
        ] {
            vm.set_field(tbl, k, Value::Num(v));
        }
        vm.set_field(tbl, "isdst", Value::Bool(false));
        return Ok(Ret::Values(1));
    }
    // As lua5.1's os_date: each `%x` pair goes to strftime alone, other bytes are copied.
    let mut out = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' || i + 1 == fmt.len() {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let conv = format!("%{}", fmt[i + 1] as char);
        i += 2;
        let mut piece = String::new();
        let ok = if utc {
            write_conv(&mut piece, &at, &conv)
        } else {
            write_conv(&mut piece, &at.with_timezone(&Local), &conv)
        };
        if ok {
            out.extend_from_slice(piece.as_bytes());
        } else {
            // glibc's strftime copies an unknown conversion as it is.
            out.extend_from_slice(conv.as_bytes());
        }
        vm.charge_bytes(piece.len())?;
    }
    vm.push_vec(out);
    Ok(Ret::Values(1))
}

/// One strftime conversion in the C locale; false for one chrono does not know.
fn write_conv<Tz: TimeZone>(out: &mut String, d: &chrono::DateTime<Tz>, conv: &str) -> bool
where
    Tz::Offset: std::fmt::Display,
{
    use std::fmt::Write;
    let items: Vec<_> = chrono::format::StrftimeItems::new(conv).collect();
    if items
        .iter()
        .any(|i| matches!(i, chrono::format::Item::Error))
    {
        return false;
    }
    write!(out, "{}", d.format_with_items(items.into_iter())).is_ok()
}
