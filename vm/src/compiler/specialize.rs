//! The last step of compiling a function: arithmetic, comparisons and table reads whose
//! operand kinds are known at compile time are rewritten in place to their specialised
//! opcodes (`bytecode.rs`, `OP_ADDK` …). Fields stay as they are, so every reader other
//! than the executor sees the generic opcode (`bytecode::op`), and jumps, lines and debug
//! information are unchanged. Which form an instruction gets is only a matter of speed: both
//! forms of an opcode have the same semantics.

use crate::bytecode::*;
use crate::value::Value;

/// Rewrites the instructions of `p` (not its nested prototypes: each is specialised when
/// it is compiled).
pub(super) fn specialize(p: &mut Proto) {
    let is_k = |x: usize| x & BITRK as usize != 0;
    // The K forms of arithmetic and order comparisons read `numk`: a number constant only,
    // among its first `NUMK_SLOTS`.
    let num_k = |p: &Proto, x: usize| {
        is_k(x) && x & 0xff < NUMK_SLOTS && matches!(p.consts.get(x & 0xff), Some(Value::Num(_)))
    };
    let mut pc = 0;
    let mut ctor = None;
    while pc < p.code.len() {
        let i = p.code[pc];
        pc += 1;
        let (b, c) = (arg_b(i), arg_c(i));
        // The register of the table a constructor is filling: from its NEWTABLE until
        // another instruction (other than its stores) writes that register.
        match raw_op(i) {
            OP_NEWTABLE => ctor = Some(arg_a(i)),
            OP_SETTABLE | OP_SETLIST => {}
            _ if ctor == Some(arg_a(i)) => ctor = None,
            _ => {}
        }
        let to = match raw_op(i) {
            // SETLIST's C in the next word is data, not an instruction.
            OP_SETLIST if c == 0 => {
                pc += 1;
                continue;
            }
            o @ (OP_ADD | OP_SUB | OP_MUL | OP_DIV | OP_MOD) if !is_k(b) && num_k(p, c) => {
                match o {
                    OP_ADD => OP_ADDK,
                    OP_SUB => OP_SUBK,
                    OP_MUL => OP_MULK,
                    OP_DIV => OP_DIVK,
                    _ => OP_MODK,
                }
            }
            o @ (OP_ADD | OP_SUB | OP_MUL | OP_DIV) if !is_k(b) && !is_k(c) => match o {
                OP_ADD => OP_ADDRR,
                OP_SUB => OP_SUBRR,
                OP_MUL => OP_MULRR,
                _ => OP_DIVRR,
            },
            OP_EQ if !is_k(b) && is_k(c) => OP_EQK,
            OP_LT if !is_k(b) && num_k(p, c) => OP_LTK,
            OP_LE if !is_k(b) && num_k(p, c) => OP_LEK,
            o @ (OP_GETTABLE | OP_SELF)
                if is_k(c) && matches!(p.consts.get(c & 0xff), Some(Value::Str(_))) =>
            {
                if o == OP_GETTABLE {
                    OP_GETFIELD
                } else {
                    OP_SELFK
                }
            }
            // A constructor's fields are new keys: SETFIELD's in-place store would only miss.
            OP_SETTABLE
                if is_k(b)
                    && ctor != Some(arg_a(i))
                    && matches!(p.consts.get(b & 0xff), Some(Value::Str(_))) =>
            {
                OP_SETFIELD
            }
            _ => continue,
        };
        p.code[pc - 1] = (i & !0x3f) | to as Instr;
    }
}

#[cfg(test)]
mod tests {
    use crate::bytecode::*;
    use crate::compiler::{codegen, parse};
    use crate::heap::Heap;

    fn raw_ops(src: &str) -> (Vec<u8>, Vec<u8>) {
        let mut heap = Heap::new();
        let body = parse(src.as_bytes(), "=t").expect("parses");
        let p = codegen::compile(&mut heap, &body, "=t").expect("compiles");
        let raw = p.code.iter().map(|&i| raw_op(i)).collect();
        let generic = p.code.iter().map(|&i| op(i)).collect();
        (raw, generic)
    }

    #[test]
    fn operand_kinds_known_at_compile_time_get_specialised_opcodes() {
        let (raw, generic) = raw_ops(
            "local a, b, t = ...; local x = a + 1; local y = a * b; local z = t.f; \
             local w = t:m(); t.g = 1; if a < 2 then end; if a == 'k' then end; local u = 1 - a",
        );
        for o in [
            OP_ADDK,
            OP_MULRR,
            OP_GETFIELD,
            OP_SELFK,
            OP_SETFIELD,
            OP_LTK,
            OP_EQK,
        ] {
            assert!(raw.contains(&o), "{} missing: {raw:?}", op_name(o));
        }
        // A constant on the left stays generic; readers other than the executor see only
        // generic opcodes.
        assert!(raw.contains(&OP_SUB));
        // A constructor's fields are new keys: they keep the generic store.
        let (raw, _) = raw_ops("local c = {k = 1}");
        assert!(raw.contains(&OP_SETTABLE) && !raw.contains(&OP_SETFIELD));
        assert!(generic.iter().all(|&o| o <= OP_LINETRAP));
    }

    #[test]
    fn string_constants_keep_the_generic_arithmetic_and_order_opcodes() {
        // The K forms read their constant from `numk`, which holds numbers only.
        let (raw, _) = raw_ops(
            "local a = ...; local x = a + '1'; local y = a % '2'; if a < 'm' then end; \
             if a <= 'n' then end; if a == 'k' then end",
        );
        for o in [OP_ADDK, OP_MODK, OP_LTK, OP_LEK] {
            assert!(!raw.contains(&o), "{}: {raw:?}", op_name(o));
        }
        for o in [OP_ADD, OP_MOD, OP_LT, OP_LE, OP_EQK] {
            assert!(raw.contains(&o), "{} missing: {raw:?}", op_name(o));
        }
    }

    #[test]
    fn numk_mirrors_the_number_constants() {
        let mut heap = Heap::new();
        let body = parse(b"local a = ...; return a + 1.5, a .. 'k', a < 2", "=t").expect("parses");
        let p = codegen::compile(&mut heap, &body, "=t").expect("compiles");
        assert!(p.consts.len() < NUMK_SLOTS);
        assert!(p.numk[p.consts.len()..].iter().all(|x| x.is_nan()));
        for (k, &x) in p.consts.iter().zip(p.numk.iter()) {
            match k {
                crate::value::Value::Num(n) => assert_eq!(n.to_bits(), x.to_bits()),
                _ => assert!(x.is_nan()),
            }
        }
        assert!(p.numk.contains(&1.5) && p.numk.contains(&2.0));
    }

    #[test]
    fn number_constants_past_numk_keep_the_generic_opcodes() {
        // Constants 0..NUMK_SLOTS-1 are the fields' names; the numbers come after them.
        let fields: String = (0..NUMK_SLOTS).map(|n| format!("t.f{n} = t; ")).collect();
        let src = format!("local t, a = ...; {fields} return a + 1.5, a % 7, a < 2");
        let (raw, _) = raw_ops(&src);
        for o in [OP_ADDK, OP_MODK, OP_LTK] {
            assert!(!raw.contains(&o), "{}: {raw:?}", op_name(o));
        }
        for o in [OP_ADD, OP_MOD, OP_LT] {
            assert!(raw.contains(&o), "{} missing: {raw:?}", op_name(o));
        }
        // Below the limit the same expressions are specialised.
        let (raw, _) = raw_ops("local t, a = ...; return a + 1.5, a % 7, a < 2");
        for o in [OP_ADDK, OP_MODK, OP_LTK] {
            assert!(raw.contains(&o), "{} missing: {raw:?}", op_name(o));
        }
    }

    #[test]
    fn setlist_block_number_in_the_next_word_is_left_alone() {
        // 50 * 525 items: the last SETLIST's block number (525) sits in the next word; as an
        // instruction it would read as SUB of two registers.
        let src = format!("local t = {{{}}}", "1,".repeat(50 * 525));
        let mut heap = Heap::new();
        let body = parse(src.as_bytes(), "=t").expect("parses");
        let p = codegen::compile(&mut heap, &body, "=t").expect("compiles");
        let at = p
            .code
            .iter()
            .rposition(|&i| raw_op(i) == OP_SETLIST && arg_c(i) == 0)
            .expect("a SETLIST with C = 0");
        assert_eq!(p.code[at + 1], 525);
    }
}
