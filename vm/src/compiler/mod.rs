//! Front end: lexer, parser (with scope and capture analysis) and code generation.
pub mod ast;
