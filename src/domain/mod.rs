//! The pure core: validated names and the policy model. No I/O, no async, no terminal.

pub mod names;
pub mod policy;
