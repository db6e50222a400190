//! Ferrous as a Redis module. The Redis glue (commands, configs, the command filter) lands with the
//! Redis module issue; until then this crate only links the VM so the workspace layout is final.
pub use ferrous_vm as vm;
