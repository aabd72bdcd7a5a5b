//! Integration tests: the real binary, the emulator, and the committed artefacts (help, completions).

mod support;

mod completions;
mod emulator_policy;
mod help;
mod make_policy;
