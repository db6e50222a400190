//! The REPL in a real terminal: `ferrous` and `lua5.1` each run in a tmux pane, get the same
//! keystrokes (a function typed over three lines, a call, the call recalled from history with
//! the up arrow and edited with the left arrow), and their screens must match after the banner.
//! tmux is part of the suite's packages (.ci/run): a missing tmux fails the test.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Pane {
    socket: String,
}

impl Pane {
    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux must be installed (apt-get install tmux)")
    }

    /// Starts `program` in a detached 100x30 pane with an empty environment for the line editor.
    fn start(name: &str, program: &str) -> Pane {
        let pane = Pane {
            socket: format!("ferrous-repl-{name}-{}", std::process::id()),
        };
        let home = std::env::temp_dir().join(&pane.socket);
        std::fs::create_dir_all(&home).unwrap();
        let cmd = format!("env -i HOME={} TERM=xterm {program}", home.display());
        let out = pane.tmux(&["new-session", "-d", "-x", "100", "-y", "30", &cmd]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        pane
    }

    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `n` first-level prompts (`> `), the last one empty (the
    /// REPL is idle again); a generous bound, not a timing assertion.
    fn wait_prompts(&self, n: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.screen();
            let lines: Vec<&str> = s
                .lines()
                .map(str::trim_end)
                .filter(|l| !l.is_empty())
                .collect();
            let prompts = lines
                .iter()
                .filter(|l| **l == ">" || l.starts_with("> "))
                .count();
            if prompts >= n && lines.last() == Some(&">") {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "REPL never showed prompt {n}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends key names (`Enter`, `Up`, …) and, prefixed with `:`, literal text (tmux would
    /// read a bare `end` as the End key).
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = match k.strip_prefix(':') {
                Some(text) => self.tmux(&["send-keys", "-l", text]),
                None => self.tmux(&["send-keys", k]),
            };
            assert!(out.status.success(), "send-keys {k}: {out:?}");
        }
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// Types the session and returns the screen without the banner line.
fn session(name: &str, program: &str) -> Vec<String> {
    let p = Pane::start(name, program);
    p.wait_prompts(1);
    // A function over three lines: the continuation prompt is `>> `.
    p.keys(&[
        ":function twice(n)",
        "Enter",
        ":  return n * 2",
        "Enter",
        ":end",
        "Enter",
    ]);
    p.wait_prompts(2);
    p.keys(&[":print(twice(21))", "Enter"]);
    p.wait_prompts(3);
    // History: the last line back, the cursor moved before `))`, a digit inserted.
    p.keys(&["Up", "Left", "Left", ":0", "Enter"]);
    p.wait_prompts(4);
    // History twice back: `print(twice(21))` again.
    p.keys(&["Up", "Up", "Enter"]);
    let s = p.wait_prompts(5);
    s.lines()
        .skip(1)
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn repl_in_a_terminal_matches_lua51() {
    let ferrous = session("ferrous", env!("CARGO_BIN_EXE_ferrous"));
    let expected = [
        "> function twice(n)",
        ">>   return n * 2",
        ">> end",
        "> print(twice(21))",
        "42",
        "> print(twice(210))",
        "420",
        "> print(twice(21))",
        "42",
        ">",
    ];
    assert_eq!(ferrous, expected, "ferrous's screen");
    let lua = session("lua51", "/usr/bin/lua5.1");
    assert_eq!(ferrous, lua, "ferrous's screen vs lua5.1's");
}
