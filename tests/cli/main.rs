//! Integration tests: the real binary, the emulator, and the committed artefacts (help, completions).

mod support;

mod accounts;
mod accounts_setup;
mod attach_policy;
mod blocking_io;
mod bucket_facts;
mod clipboard;
mod completions;
mod create_user;
mod demo;
mod emulator_policy;
mod faults;
mod help;
mod hostile_input;
mod keyring;
mod keys;
mod lifecycle;
mod make_policy;
mod man;
mod managed;
mod ownership;
mod plan;
mod setup;
mod templates;
mod tls;
mod verify;
mod verify_faults;
mod wizard;
