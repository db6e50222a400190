//! The script the last EVAL and the last EVALSHA ran, remembered by their argument as given:
//! a client repeating its script (the usual case) is answered by one comparison instead of
//! hashing the body or the sha and probing the script cache (~170 instructions and ~12
//! code lines per run, each a likely instruction-cache miss: one request runs more code
//! than the cache holds). Held by the `Engine`, so SCRIPT FLUSH (a new engine) forgets them
//! with the cache; the cache only grows otherwise, and a sha or a body always names the same
//! script, so a remembered entry never goes stale.

use crate::engine::ArgUse;
use ferrous_stdlib::redis::flags::Flags;
use ferrous_vm::Value;
use std::rc::Rc;

/// A cached script as a run needs it.
#[derive(Clone)]
pub struct Found {
    pub sha: Rc<str>,
    pub func: Value,
    pub flags: Flags,
    pub args: ArgUse,
}

/// EVALSHA's last argument (40 bytes, as the client spelled it) and its script.
#[derive(Default)]
pub struct LastSha(Option<([u8; 40], Found)>);

impl LastSha {
    #[inline]
    pub fn get(&self, arg: &[u8]) -> Option<Found> {
        // Compared by five 8-byte words inline: a slice `==` (even of arrays of a known
        // length) is a call to `bcmp`.
        match (&self.0, <&[u8; 40]>::try_from(arg)) {
            (Some((k, f)), Ok(a)) if same_40(k, a) => Some(f.clone()),
            _ => None,
        }
    }

    /// `arg` is 40 bytes (EVALSHA refuses other lengths before looking).
    pub fn set(&mut self, arg: &[u8], f: Found) {
        let mut k = [0u8; 40];
        k.copy_from_slice(arg);
        self.0 = Some((k, f));
    }
}

#[inline(always)]
fn same_40(k: &[u8; 40], a: &[u8; 40]) -> bool {
    let (k, a) = (k.as_chunks::<8>().0, a.as_chunks::<8>().0);
    (0..5).fold(0, |d, i| {
        d | (u64::from_ne_bytes(k[i]) ^ u64::from_ne_bytes(a[i]))
    }) == 0
}

/// EVAL's last body (the script cache's own key, shared: nothing is copied) and its script.
#[derive(Default)]
pub struct LastBody(Option<(Rc<[u8]>, Found)>);

impl LastBody {
    #[inline]
    pub fn get(&self, body: &[u8]) -> Option<Found> {
        match &self.0 {
            Some((k, f)) if **k == *body => Some(f.clone()),
            _ => None,
        }
    }

    pub fn set(&mut self, body: Rc<[u8]>, f: Found) {
        self.0 = Some((body, f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(n: f64) -> Found {
        Found {
            sha: "s".into(),
            func: Value::Num(n),
            flags: Flags::default(),
            args: ArgUse::BOTH,
        }
    }

    #[test]
    fn only_the_same_argument_is_remembered() {
        let mut s = LastSha::default();
        let a = [b'a'; 40];
        assert!(s.get(&a).is_none());
        s.set(&a, found(1.0));
        assert!(matches!(s.get(&a), Some(f) if matches!(f.func, Value::Num(n) if n == 1.0)));
        let mut b = a;
        b[39] = b'b';
        assert!(s.get(&b).is_none());
        assert!(s.get(&a[..39]).is_none());
        // A difference in any of the five words.
        for i in 0..40 {
            let mut c = a;
            c[i] = b'c';
            assert!(s.get(&c).is_none(), "byte {i}");
        }
        assert!(s.get(&a).is_some());

        let mut l = LastBody::default();
        assert!(l.get(b"return 1").is_none());
        l.set(b"return 1"[..].into(), found(2.0));
        assert!(
            matches!(l.get(b"return 1"), Some(f) if matches!(f.func, Value::Num(n) if n == 2.0))
        );
        assert!(l.get(b"return 2").is_none());
        assert!(l.get(b"return 1 ").is_none());
        assert!(l.get(b"").is_none());
    }
}
