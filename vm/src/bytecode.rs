//! The instruction set and function prototypes.
//!
//! Instructions are packed `u32`s in PUC-Rio 5.1's layout: opcode in bits 0..6, A in 6..14,
//! C in 14..23, B in 23..32; Bx is B:C (18 bits) and sBx is Bx biased by `MAXARG_SBX`.
//! RK(x) is a register when x < 256 and constant `x - 256` otherwise. The opcode semantics are
//! 5.1's, except that upvalues are cells created at declaration (NEWCELL/GETCELL/SETCELL), the
//! generic `for` uses TFORCALL+TFORLOOP (5.2-style), and there is no CLOSE.

use crate::value::Value;

pub type Instr = u32;

pub const MAXARG_A: u32 = 255;
pub const MAXARG_B: u32 = 511;
pub const MAXARG_C: u32 = 511;
pub const MAXARG_BX: u32 = (1 << 18) - 1;
pub const MAXARG_SBX: i32 = (MAXARG_BX >> 1) as i32;
/// Bit that marks an RK operand as a constant index.
pub const BITRK: u32 = 256;
/// Fields per SETLIST flush, as lua5.1's LFIELDS_PER_FLUSH.
pub const FIELDS_PER_FLUSH: u32 = 50;

macro_rules! opcodes {
    (
        $($(#[$doc:meta])* $name:ident / $variant:ident = $val:expr,)*
        ; unused: $($unused:ident = $uval:expr,)*
    ) => {
        $( $(#[$doc])* pub const $name: u8 = $val; )*
        /// Mnemonic of an opcode, for listings and debugging.
        pub fn op_name(op: u8) -> &'static str {
            match op { $( $val => stringify!($name), )* _ => "?" }
        }
        /// The opcodes as the executor matches them (exhaustively). Every 6-bit value is a
        /// variant whose discriminant is that value (the unused ones name no instruction), so
        /// decoding is the field itself and the executor's `match` jumps on it directly.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Op {
            $( $(#[$doc])* $variant = $val, )*
            $( #[doc = "No instruction: a corrupt opcode field."] $unused = $uval, )*
        }
        impl Op {
            /// The opcode of `i`: the identity on the 6-bit field (LLVM folds the `match`).
            #[inline(always)]
            pub fn decode(i: Instr) -> Op {
                match (i & 0x3f) as u8 {
                    $( $val => Op::$variant, )*
                    $( $uval => Op::$unused, )*
                    // Only values above 63, which the mask rules out.
                    _ => Op::Unused63,
                }
            }
        }
    };
}

opcodes! {
    /// R(A) := R(B)
    OP_MOVE / Move = 0,
    /// R(A) := Kst(Bx)
    OP_LOADK / LoadK = 1,
    /// R(A) := (Bool)B; if (C) pc++
    OP_LOADBOOL / LoadBool = 2,
    /// R(A) := ... := R(B) := nil
    OP_LOADNIL / LoadNil = 3,
    /// R(A) := cell(UpValue[B]).value
    OP_GETUPVAL / GetUpval = 4,
    /// R(A) := Gbl[Kst(Bx)]
    OP_GETGLOBAL / GetGlobal = 5,
    /// R(A) := R(B)[RK(C)]
    OP_GETTABLE / GetTable = 6,
    /// Gbl[Kst(Bx)] := R(A)
    OP_SETGLOBAL / SetGlobal = 7,
    /// cell(UpValue[B]).value := R(A)
    OP_SETUPVAL / SetUpval = 8,
    /// R(A)[RK(B)] := RK(C)
    OP_SETTABLE / SetTable = 9,
    /// R(A) := {} (array size B, hash size C, in lua5.1's "floating point byte": `fb2int`)
    OP_NEWTABLE / NewTable = 10,
    /// R(A+1) := R(B); R(A) := R(B)[RK(C)]
    OP_SELF / SelfOp = 11,
    /// R(A) := RK(B) + RK(C)
    OP_ADD / Add = 12,
    /// R(A) := RK(B) - RK(C)
    OP_SUB / Sub = 13,
    /// R(A) := RK(B) * RK(C)
    OP_MUL / Mul = 14,
    /// R(A) := RK(B) / RK(C)
    OP_DIV / Div = 15,
    /// R(A) := RK(B) % RK(C)
    OP_MOD / Mod = 16,
    /// R(A) := RK(B) ^ RK(C)
    OP_POW / Pow = 17,
    /// R(A) := -R(B)
    OP_UNM / Unm = 18,
    /// R(A) := not R(B)
    OP_NOT / Not = 19,
    /// R(A) := length of R(B)
    OP_LEN / Len = 20,
    /// R(A) := R(B).. ... ..R(C)
    OP_CONCAT / Concat = 21,
    /// pc += sBx
    OP_JMP / Jmp = 22,
    /// if ((RK(B) == RK(C)) ~= A) then pc++
    OP_EQ / Eq = 23,
    /// if ((RK(B) < RK(C)) ~= A) then pc++
    OP_LT / Lt = 24,
    /// if ((RK(B) <= RK(C)) ~= A) then pc++
    OP_LE / Le = 25,
    /// if not (R(A) <=> C) then pc++
    OP_TEST / Test = 26,
    /// if (R(B) <=> C) then R(A) := R(B) else pc++
    OP_TESTSET / TestSet = 27,
    /// R(A), ... ,R(A+C-2) := R(A)(R(A+1), ... ,R(A+B-1))
    OP_CALL / Call = 28,
    /// return R(A)(R(A+1), ... ,R(A+B-1))
    OP_TAILCALL / TailCall = 29,
    /// return R(A), ... ,R(A+B-2)
    OP_RETURN / Return = 30,
    /// R(A) += R(A+2); if R(A) <?= R(A+1) then { pc += sBx; R(A+3) := R(A) }
    OP_FORLOOP / ForLoop = 31,
    /// R(A) -= R(A+2); pc += sBx (after checking the operands are numbers)
    OP_FORPREP / ForPrep = 32,
    /// R(A+3), ... ,R(A+2+C) := R(A)(R(A+1), R(A+2))
    OP_TFORCALL / TForCall = 33,
    /// if R(A+1) ~= nil then { R(A) := R(A+1); pc += sBx }
    OP_TFORLOOP / TForLoop = 34,
    /// R(A)[(C-1)*FPF+i] := R(A+i), 1 <= i <= B (B = 0: up to top; C = 0: next word is C)
    OP_SETLIST / SetList = 35,
    /// R(A) := closure(KPROTO[Bx]) capturing cells per the prototype's upvalue sources
    OP_CLOSURE / Closure = 36,
    /// R(A), R(A+1), ..., R(A+B-2) = vararg
    OP_VARARG / Vararg = 37,
    /// R(A) := new cell holding R(A)
    OP_NEWCELL / NewCell = 38,
    /// R(A) := cell(R(B)).value
    OP_GETCELL / GetCell = 39,
    /// cell(R(A)).value := RK(B)
    OP_SETCELL / SetCell = 40,
    /// R(A) := { vararg...; n = #vararg } (lua5.1's compatibility `arg` table)
    OP_VARARGTAB / VarargTab = 41,
    /// Debugger line stop (only in debug compiles, `compiler/traps.rs`): calls the host's
    /// `Vm::line_hook`, which may suspend the run here. A = 1 at a loop's jump target.
    OP_LINETRAP / LineTrap = 42,
    // Specialised forms (`compiler/specialize.rs`): the same fields as the generic opcode
    // named by `generic`, with the operand kinds fixed at compile time, so the executor's
    // fast path tests no RK bit (and no key type for a constant string key).
    /// ADD with B a register and C a constant
    OP_ADDK / AddK = 43,
    /// SUB with B a register and C a constant
    OP_SUBK / SubK = 44,
    /// MUL with B a register and C a constant
    OP_MULK / MulK = 45,
    /// DIV with B a register and C a constant
    OP_DIVK / DivK = 46,
    /// MOD with B a register and C a constant
    OP_MODK / ModK = 47,
    /// ADD with B and C registers
    OP_ADDRR / AddRR = 48,
    /// SUB with B and C registers
    OP_SUBRR / SubRR = 49,
    /// MUL with B and C registers
    OP_MULRR / MulRR = 50,
    /// DIV with B and C registers
    OP_DIVRR / DivRR = 51,
    /// EQ with B a register and C a constant
    OP_EQK / EqK = 52,
    /// LT with B a register and C a constant
    OP_LTK / LtK = 53,
    /// LE with B a register and C a constant
    OP_LEK / LeK = 54,
    /// GETTABLE with C a constant string
    OP_GETFIELD / GetField = 55,
    /// SELF with C a constant string
    OP_SELFK / SelfK = 56,
    /// SETTABLE with B a constant string
    OP_SETFIELD / SetField = 57,
    ; unused:
    Unused58 = 58,
    Unused59 = 59,
    Unused60 = 60,
    Unused61 = 61,
    Unused62 = 62,
    Unused63 = 63,
}

/// The generic opcode of each opcode (itself, except for the specialised forms): what every
/// reader of the bytecode other than the executor (`op`) sees.
const GENERIC: [u8; 64] = {
    let mut t = [0u8; 64];
    let mut o = 0;
    while o < 64 {
        t[o] = o as u8;
        o += 1;
    }
    let pairs = [
        (OP_ADDK, OP_ADD),
        (OP_SUBK, OP_SUB),
        (OP_MULK, OP_MUL),
        (OP_DIVK, OP_DIV),
        (OP_MODK, OP_MOD),
        (OP_ADDRR, OP_ADD),
        (OP_SUBRR, OP_SUB),
        (OP_MULRR, OP_MUL),
        (OP_DIVRR, OP_DIV),
        (OP_EQK, OP_EQ),
        (OP_LTK, OP_LT),
        (OP_LEK, OP_LE),
        (OP_GETFIELD, OP_GETTABLE),
        (OP_SELFK, OP_SELF),
        (OP_SETFIELD, OP_SETTABLE),
    ];
    let mut j = 0;
    while j < pairs.len() {
        t[pairs[j].0 as usize] = pairs[j].1;
        j += 1;
    }
    t
};

/// The generic opcode of `i` (a specialised form reads as the opcode it specialises).
#[inline(always)]
pub fn op(i: Instr) -> u8 {
    GENERIC[(i & 0x3f) as usize]
}

/// The opcode field of `i` as stored (specialised forms included).
#[inline(always)]
pub fn raw_op(i: Instr) -> u8 {
    (i & 0x3f) as u8
}
#[inline(always)]
pub fn arg_a(i: Instr) -> usize {
    ((i >> 6) & 0xff) as usize
}
#[inline(always)]
pub fn arg_b(i: Instr) -> usize {
    (i >> 23) as usize
}
#[inline(always)]
pub fn arg_c(i: Instr) -> usize {
    ((i >> 14) & 0x1ff) as usize
}
#[inline(always)]
pub fn arg_bx(i: Instr) -> usize {
    (i >> 14) as usize
}
#[inline(always)]
pub fn arg_sbx(i: Instr) -> isize {
    (i >> 14) as isize - MAXARG_SBX as isize
}

/// lua5.1's `luaO_int2fb`: `x` as a "floating point byte" (eeeeexxx), rounded up. NEWTABLE's
/// sizes use it, so a constructor presizes its table as lua5.1 does (which decides `next`
/// order).
pub fn int2fb(mut x: u32) -> u32 {
    let mut e = 0;
    while x >= 16 {
        x = (x + 1) >> 1;
        e += 1;
    }
    if x < 8 { x } else { ((e + 1) << 3) | (x - 8) }
}

/// lua5.1's `luaO_fb2int`.
pub fn fb2int(x: usize) -> usize {
    let e = (x >> 3) & 31;
    if e == 0 { x } else { ((x & 7) + 8) << (e - 1) }
}

pub fn abc(op: u8, a: u32, b: u32, c: u32) -> Instr {
    debug_assert!(a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C);
    op as u32 | (a << 6) | (c << 14) | (b << 23)
}

pub fn abx(op: u8, a: u32, bx: u32) -> Instr {
    debug_assert!(a <= MAXARG_A && bx <= MAXARG_BX);
    op as u32 | (a << 6) | (bx << 14)
}

pub fn asbx(op: u8, a: u32, sbx: i32) -> Instr {
    abx(op, a, (sbx + MAXARG_SBX) as u32)
}

/// Where a closure's upvalue comes from when CLOSURE runs.
#[derive(Debug, Clone, Copy)]
pub enum UpvalSrc {
    /// The enclosing frame's register, which holds a cell.
    Reg(u8),
    /// The enclosing closure's upvalue.
    Upval(u16),
}

/// Debug information for a local variable: live in `start_pc..end_pc` in register `reg`.
#[derive(Debug, Clone)]
pub struct LocVar {
    pub name: String,
    pub start_pc: u32,
    pub end_pc: u32,
    pub reg: u8,
}

#[derive(Debug, Default)]
pub struct Proto {
    pub code: Vec<Instr>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    /// The first `NUMK_SLOTS` of `consts` as numbers (NaN where a constant is not one or does
    /// not exist), built by `index_numbers` when the prototype is complete: the K forms of
    /// arithmetic and order comparisons, which the compiler emits only with a number constant
    /// among these, read their operand here with no tag test and, the index masked to the
    /// array's size, no bounds check.
    pub numk: [f64; NUMK_SLOTS],
    pub protos: Vec<std::rc::Rc<Proto>>,
    pub upvals: Vec<UpvalSrc>,
    pub upval_names: Vec<String>,
    pub locvars: Vec<LocVar>,
    pub num_params: u8,
    pub is_vararg: bool,
    pub max_stack: u8,
    /// Chunk name as given to `load` (e.g. `@file.lua`, `=stdin`, source text).
    pub source: std::rc::Rc<str>,
    pub line_defined: u32,
    pub last_line: u32,
    /// The first instruction lua5.1 also has: the ones before it (cells of captured
    /// parameters, `arg`) are run before lua5.1's function entry, untraced by line hooks.
    pub entry: u32,
    /// This prototype's share of the heap's byte count (`exec/load.rs`).
    pub charge: crate::heap::protos::ProtoCharge,
}

/// Constants the K forms of arithmetic and order comparisons can name (`Proto::numk`): a
/// power of two, so `index & (NUMK_SLOTS - 1)` is in range by construction. A number constant
/// past it keeps the generic opcode.
pub const NUMK_SLOTS: usize = 16;

/// Bytes counted for a prototype besides its vectors (lua5.1's `sizeof(Proto)` is 76 on
/// 64-bit; ours, with the `Rc` header, is about the same).
const PROTO_HEADER: usize = 200;
/// Bytes counted per local variable's debug entry and per upvalue (besides the name).
const DEBUG_ENTRY: usize = 40;

impl Proto {
    /// Bytes this prototype holds, nested prototypes not included (each counts itself):
    /// code and line info, constants (string constants are heap strings, counted there),
    /// the pointers to nested prototypes, and the debug names.
    pub fn size_bytes(&self) -> usize {
        let names: usize = self.locvars.iter().map(|l| l.name.len()).sum::<usize>()
            + self.upval_names.iter().map(|n| n.len()).sum::<usize>();
        PROTO_HEADER
            + self.code.capacity() * 4
            + self.lines.capacity() * 4
            + self.consts.capacity() * 16
            + std::mem::size_of::<[f64; NUMK_SLOTS]>()
            + self.protos.capacity() * 8
            + self.upvals.capacity() * 4
            + (self.locvars.capacity() + self.upval_names.capacity()) * DEBUG_ENTRY
            + names
    }

    /// Builds `numk` from `consts` (at the end of compilation and after an undump).
    pub fn index_numbers(&mut self) {
        self.numk = [f64::NAN; NUMK_SLOTS];
        for (slot, k) in self.numk.iter_mut().zip(&self.consts) {
            if let Value::Num(x) = k {
                *slot = *x;
            }
        }
    }

    /// Drops the vectors' spare capacity (lua5.1's close_func), once code generation ends.
    pub fn shrink_to_fit(&mut self) {
        self.code.shrink_to_fit();
        self.lines.shrink_to_fit();
        self.consts.shrink_to_fit();
        self.protos.shrink_to_fit();
        self.upvals.shrink_to_fit();
        self.upval_names.shrink_to_fit();
        self.locvars.shrink_to_fit();
    }

    /// The name of the local living in `reg` at `pc`, if any.
    pub fn local_name(&self, reg: usize, pc: usize) -> Option<&str> {
        self.locvars
            .iter()
            .filter(|l| {
                l.reg as usize == reg && (l.start_pc as usize) <= pc && pc < l.end_pc as usize
            })
            .last()
            .map(|l| l.name.as_str())
    }

    /// A `luac -l`-like listing, for debugging.
    pub fn listing(&self) -> String {
        let mut s = String::new();
        for (pc, &i) in self.code.iter().enumerate() {
            s.push_str(&format!(
                "{:4} [{}] {:10} A={} B={} C={} Bx={} sBx={}\n",
                pc + 1,
                self.lines.get(pc).copied().unwrap_or(0),
                op_name(raw_op(i)),
                arg_a(i),
                arg_b(i),
                arg_c(i),
                arg_bx(i),
                arg_sbx(i)
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_is_the_opcode_field() {
        // The executor's `match` jumps on the field itself only if this holds.
        for v in 0..64u32 {
            for high in [0, 0xffff_ffc0, 0x1234_5640] {
                assert_eq!(Op::decode(v | high) as u32, v);
            }
            assert_eq!(op_name(v as u8) == "?", v >= 58, "{v}");
        }
    }
}
