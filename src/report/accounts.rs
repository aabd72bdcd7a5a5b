//! One answer per account (#20): each account's own report, or why it failed, and a table of them
//! all. JSON: an array, one object per account.

use std::fmt::Write as _;

use serde::Serialize;

use crate::console::Report;
use crate::error::Error;

/// How one account's part of the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Ok,
    /// Done, and it found something to do (status), or access is missing (verify).
    NeedsAction,
    Failed,
}

/// One account: how it was chosen, and its report or its failure.
#[derive(Debug, Serialize)]
pub struct AccountResult<T: Serialize> {
    /// The profile, or the account id (`--org`).
    pub account: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    pub result: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<T>,
}

impl<T: Serialize> AccountResult<T> {
    /// The account's report, `needs_action` saying how it ended.
    #[must_use]
    pub fn done(account: String, account_name: Option<String>, report: T, needs_action: bool) -> Self {
        let result = if needs_action { Outcome::NeedsAction } else { Outcome::Ok };
        AccountResult { account, account_name, result, error: None, hint: None, report: Some(report) }
    }

    #[must_use]
    pub fn failed(account: String, account_name: Option<String>, error: &Error) -> Self {
        AccountResult {
            account,
            account_name,
            result: Outcome::Failed,
            error: Some(error.to_string()),
            hint: error.hint(),
            report: None,
        }
    }
}

/// Every account's result, in the order the accounts were chosen.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct AccountsReport<T: Serialize>(pub Vec<AccountResult<T>>);

impl<T: Serialize> AccountsReport<T> {
    /// The accounts that ended `outcome`.
    #[must_use]
    pub fn with(&self, outcome: Outcome) -> Vec<String> {
        self.0.iter().filter(|r| r.result == outcome).map(|r| r.account.clone()).collect()
    }
}

impl<T: Report> Report for AccountsReport<T> {
    fn text(&self) -> String {
        let mut text = String::new();
        for row in &self.0 {
            let name = row.account_name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            let _ = writeln!(text, "== {}{name} ==", row.account);
            match (&row.report, &row.error) {
                (Some(report), _) => text.push_str(&report.text()),
                (None, Some(error)) => {
                    let _ = writeln!(text, "failed: {error}");
                    if let Some(hint) = &row.hint {
                        let _ = writeln!(text, "hint: {hint}");
                    }
                }
                (None, None) => {}
            }
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push('\n');
        }
        text.push_str(&self.table());
        text
    }
}

impl<T: Report> AccountsReport<T> {
    /// One line per account: its result, then the columns its report shows (`-` where it failed).
    fn table(&self) -> String {
        let names: Vec<&'static str> = self
            .0
            .iter()
            .find_map(|r| r.report.as_ref())
            .map(|r| r.columns().into_iter().map(|(name, _)| name).collect())
            .unwrap_or_default();
        let mut rows = vec![
            ["account", "alias", "result"]
                .map(str::to_owned)
                .into_iter()
                .chain(names.iter().map(|n| (*n).to_owned()))
                .collect::<Vec<_>>(),
        ];
        for row in &self.0 {
            let result = match row.result {
                Outcome::Ok => "ok",
                Outcome::NeedsAction => "needs action",
                Outcome::Failed => "failed",
            };
            let mut cells =
                vec![row.account.clone(), row.account_name.clone().unwrap_or_else(|| "-".into()), result.into()];
            let columns = row.report.as_ref().map(Report::columns).unwrap_or_default();
            cells.extend(names.iter().map(|name| {
                columns.iter().find(|(n, _)| n == name).map_or_else(|| "-".to_owned(), |(_, v)| v.clone())
            }));
            rows.push(cells);
        }
        // The alias column only when some account has one (--org gives each its name).
        let alias = self.0.iter().any(|r| r.account_name.is_some());
        let widths: Vec<usize> =
            (0..rows[0].len()).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
        let mut text = String::new();
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(i, _)| alias || *i != 1)
                .map(|(i, cell)| format!("{cell:<width$}", width = widths[i]))
                .collect();
            let _ = writeln!(text, "{}", cells.join("  ").trim_end());
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize)]
    struct Users(usize);

    impl Report for Users {
        fn text(&self) -> String {
            format!("{} user(s)\n", self.0)
        }

        fn columns(&self) -> Vec<(&'static str, String)> {
            vec![("users", self.0.to_string())]
        }
    }

    #[test]
    fn each_account_then_a_table_and_json_is_one_array() {
        let refused = Error::Refused { message: "role refused".into(), hint: Some("make the role".into()) };
        let report = AccountsReport(vec![
            AccountResult::done("111111111111".into(), Some("prod".into()), Users(2), false),
            AccountResult::done("222222222222".into(), None, Users(1), true),
            AccountResult::failed("333333333333".into(), Some("legacy".into()), &refused),
        ]);
        assert_eq!(
            report.text(),
            "== 111111111111 (prod) ==\n2 user(s)\n\n== 222222222222 ==\n1 user(s)\n\n== 333333333333 (legacy) ==\n\
             failed: role refused\nhint: make the role\n\naccount       alias   result        users\n\
             111111111111  prod    ok            2\n222222222222  -       needs action  1\n\
             333333333333  legacy  failed        -\n"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json[2]["result"], "failed");
        assert_eq!(json[2]["hint"], "make the role");
        assert_eq!(json[1]["result"], "needs-action");
        assert_eq!(report.with(Outcome::Failed), ["333333333333"]);
    }
}
