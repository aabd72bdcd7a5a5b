//! What every command runs with: the terminal, the AWS settings, who answers questions, and the
//! cancellation token. Built once in `lib.rs` from the global flags.

use crate::aws::{Aws, Identity, Settings};
use crate::cancel::Cancel;
use crate::console::Console;
use crate::error::Error;
use crate::prompt::Asker;

#[derive(Debug)]
pub struct Context {
    pub out: Console,
    pub settings: Settings,
    pub ask: Asker,
    pub cancel: Cancel,
    /// The account's label (profile or id) when this is one account's part of a run over several.
    pub account: Option<String>,
}

impl Context {
    /// The admin credentials, checked to yield credentials; no call is made yet.
    pub async fn connect(&self) -> Result<Aws, Error> {
        let aws = Aws::connect(&self.settings).await?;
        self.out.detail(format_args!(
            "region {}, endpoint {}",
            aws.region(),
            aws.endpoint_url().unwrap_or("(AWS default)")
        ));
        Ok(aws)
    }

    /// Connects and asks STS who the admin is, for commands that need nothing else first.
    pub async fn admin(&self) -> Result<(Aws, Identity), Error> {
        let aws = self.connect().await?;
        let identity = aws.identity().await?;
        self.show_account(&identity);
        Ok((aws, identity))
    }

    /// Whose credentials are about to be used, shown before anything changes.
    pub fn show_account(&self, identity: &Identity) {
        self.out.info(format_args!(
            "Using AWS account {} as {} (partition {}{})",
            identity.account_id,
            identity.arn,
            identity.partition,
            self.profile_named()
        ));
    }

    /// One account's context in a run over several: its own lines and no questions (accounts run
    /// side by side; the run asked once before they started, and `--yes` answers the rest).
    #[must_use]
    pub fn for_account(&self, account: &str, settings: Settings) -> Context {
        Context {
            out: self.out.for_account(account),
            settings,
            ask: Asker::new(self.ask.yes(), false, Box::new(crate::prompt::NoPrompter)),
            cancel: self.cancel.clone(),
            account: Some(account.to_owned()),
        }
    }

    /// The account's label in a run over several (its profile, or its id); empty otherwise.
    #[must_use]
    pub fn label(&self) -> &str {
        self.account.as_deref().unwrap_or_default()
    }

    /// `, profile NAME` when one was chosen, for the line that says whose account this is.
    #[must_use]
    pub fn profile_named(&self) -> String {
        self.settings.profile.as_deref().map(|p| format!(", profile {p}")).unwrap_or_default()
    }
}
