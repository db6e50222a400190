//! Front end: lexer, parser (with scope and capture analysis) and code generation.
pub mod ast;
pub mod codegen;
pub mod error;
pub mod lexer;
pub mod meter;
pub mod parser;
pub mod scope;
pub mod token;
mod traps;

pub use error::{CompileError, chunk_id};
pub use parser::{parse, parse_with};
