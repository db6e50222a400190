//! The stream behind an `io` file handle (a C `FILE*` in lua5.1): a file, a pipe or a
//! standard stream, with a small read buffer. Writes go straight to the OS (no write buffer
//! to lose at `os.exit` or when the handle is collected), so `setvbuf` and `flush` have
//! nothing to do for files; standard output goes through the host's sink (`os_io::Output`).

use std::io::{Read, Seek, SeekFrom, Write};
use std::process::Child;

/// Bytes read from the OS at a time (the buffer is not charged to the heap: at most one per
/// open file, and the OS bounds open files).
const READ_CHUNK: usize = 8 * 1024;

pub enum Stream {
    File(std::fs::File),
    Stdin,
    /// Writes go to the VM's output sink (the caller handles them: see `io::write_to`).
    Stdout,
    Stderr,
    /// `io.popen(cmd, "r")`: the command's standard output.
    PipeRead(Child),
    /// `io.popen(cmd, "w")`: the command's standard input.
    PipeWrite(Child),
}

pub struct LuaFile {
    /// `None` once closed.
    pub stream: Option<Stream>,
    rbuf: Vec<u8>,
    rpos: usize,
    eof: bool,
}

impl LuaFile {
    pub fn new(s: Stream) -> LuaFile {
        LuaFile {
            stream: Some(s),
            rbuf: Vec::new(),
            rpos: 0,
            eof: false,
        }
    }

    pub fn is_std(&self) -> bool {
        matches!(
            self.stream,
            Some(Stream::Stdin | Stream::Stdout | Stream::Stderr)
        )
    }

    /// Refills the read buffer when it is empty; false at end of file (or on an error).
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.rpos < self.rbuf.len() {
            return Ok(true);
        }
        self.rbuf.clear();
        self.rpos = 0;
        self.rbuf.resize(READ_CHUNK, 0);
        let n = match self.stream.as_mut() {
            Some(Stream::File(f)) => f.read(&mut self.rbuf),
            Some(Stream::Stdin) => std::io::stdin().lock().read(&mut self.rbuf),
            Some(Stream::PipeRead(c)) => match c.stdout.as_mut() {
                Some(o) => o.read(&mut self.rbuf),
                None => Ok(0),
            },
            _ => Err(std::io::Error::from_raw_os_error(9)),
        };
        let n = match n {
            Ok(n) => n,
            Err(e) => {
                self.rbuf.clear();
                return Err(e);
            }
        };
        self.rbuf.truncate(n);
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// The next byte without consuming it.
    pub fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(if self.fill()? {
            Some(self.rbuf[self.rpos])
        } else {
            None
        })
    }

    pub fn next_byte(&mut self) -> std::io::Result<Option<u8>> {
        let b = self.peek()?;
        if b.is_some() {
            self.rpos += 1;
        }
        Ok(b)
    }

    /// Appends up to `max` buffered-or-read bytes to `out`, stopping after `stop` if given;
    /// returns (bytes appended, whether `stop` was found). Zero bytes: end of file.
    pub fn read_some(
        &mut self,
        out: &mut Vec<u8>,
        max: usize,
        stop: Option<u8>,
    ) -> std::io::Result<(usize, bool)> {
        if !self.fill()? {
            return Ok((0, false));
        }
        let avail = &self.rbuf[self.rpos..];
        let mut take = avail.len().min(max);
        let mut found = false;
        if let Some(s) = stop
            && let Some(i) = avail[..take].iter().position(|&c| c == s)
        {
            take = i + 1;
            found = true;
        }
        out.extend_from_slice(&avail[..take]);
        self.rpos += take;
        Ok((take, found))
    }

    /// Gives back the unread part of the read buffer to the OS position (before a write or
    /// a seek, as C stdio does on a stream used both ways).
    fn drop_read_buffer(&mut self) -> std::io::Result<()> {
        let unread = (self.rbuf.len() - self.rpos) as i64;
        self.rbuf.clear();
        self.rpos = 0;
        if unread > 0
            && let Some(Stream::File(f)) = self.stream.as_mut()
        {
            f.seek(SeekFrom::Current(-unread))?;
        }
        Ok(())
    }

    /// Writes to a file, a pipe or standard error (standard output is the caller's).
    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.drop_read_buffer()?;
        match self.stream.as_mut() {
            Some(Stream::File(f)) => f.write_all(bytes),
            Some(Stream::Stderr) => std::io::stderr().write_all(bytes),
            Some(Stream::PipeWrite(c)) => match c.stdin.as_mut() {
                Some(i) => i.write_all(bytes),
                None => Err(std::io::Error::from_raw_os_error(9)),
            },
            _ => Err(std::io::Error::from_raw_os_error(9)),
        }
    }

    pub fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.drop_read_buffer()?;
        self.eof = false;
        match self.stream.as_mut() {
            Some(Stream::File(f)) => f.seek(to),
            // Pipes and terminals: ESPIPE, as fseek reports.
            _ => Err(std::io::Error::from_raw_os_error(29)),
        }
    }

    /// Closes the stream (waiting for a pipe's command, as pclose).
    pub fn close(&mut self) -> std::io::Result<()> {
        match self.stream.take() {
            Some(Stream::PipeRead(mut c)) => {
                drop(c.stdout.take());
                c.wait().map(|_| ())
            }
            Some(Stream::PipeWrite(mut c)) => {
                drop(c.stdin.take());
                c.wait().map(|_| ())
            }
            Some(Stream::File(f)) => f.sync_data().or(Ok(())),
            _ => Ok(()),
        }
    }
}

impl Drop for LuaFile {
    /// A collected pipe handle still waits for its command (no zombie left behind).
    fn drop(&mut self) {
        let _ = self.close();
    }
}

/// C's `strerror` text of an I/O error (Rust's message without its ` (os error N)` tail).
pub fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
