//! The pure core: validated names, user attributes and the policy model. No I/O, no async, no terminal.

pub mod accounts;
pub mod denial;
pub mod iam;
pub mod lifecycle;
pub mod names;
pub mod plan;
pub mod policy;
pub mod status;
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

/// `2048` → `2,048`: sizes people compare at a glance.
#[must_use]
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The first `max` names and a count of the rest: "a, b, c and 24 more" — a line stays a line
/// when a customer has thirty buckets.
#[must_use]
pub fn some_of<S: AsRef<str>>(names: &[S], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).map(AsRef::as_ref).collect();
    match names.len().saturating_sub(max) {
        0 => shown.join(", "),
        rest => format!("{} and {rest} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        for (n, s) in [(0, "0"), (999, "999"), (1_000, "1,000"), (2_048, "2,048"), (1_234_567, "1,234,567")] {
            assert_eq!(thousands(n), s);
        }
    }
}
