//! Exit statuses: the numbers scripts branch on (DESIGN §5). One enum, so no command invents its own.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done.
    Success,
    /// AWS, keyring or I/O failure.
    Failure,
    /// Bad usage or invalid input; nothing was changed.
    Usage,
    /// verify ran and some access is missing, or status found something that needs action.
    AccessMissing,
    /// Interrupted (Ctrl-C), as shells report SIGINT.
    Interrupted,
}

impl ExitStatus {
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::AccessMissing => 3,
            ExitStatus::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_match_the_contract() {
        let table = [
            (ExitStatus::Success, 0),
            (ExitStatus::Failure, 1),
            (ExitStatus::Usage, 2),
            (ExitStatus::AccessMissing, 3),
            (ExitStatus::Interrupted, 130),
        ];
        for (status, code) in table {
            assert_eq!(status.code(), code, "{status:?}");
        }
    }
}
