//! The pure core: validated names, user attributes and the policy model. No I/O, no async, no terminal.

pub mod names;
pub mod plan;
pub mod policy;
pub mod user;
pub mod verify;

/// An input value the core refuses, with the fix. Commands report it as a usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub message: String,
    pub hint: String,
}

impl Invalid {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hint: hint.into() }
    }
}
