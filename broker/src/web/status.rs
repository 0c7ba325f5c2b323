//! The status of an integration, as a word and a colour: the word carries
//! the meaning on its own (for colour-blind readers and screen readers).

/// The state of the latest pact of an integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The latest verification succeeded, and the provider's main branch
    /// has verified this pact successfully.
    Verified,
    /// The latest verification failed.
    Failed,
    /// Verified successfully, but not yet by the provider's main branch
    /// (only by other branches), so a failure would not block the provider.
    Pending,
    /// No verification result for the latest pact.
    Unverified,
}

impl Status {
    /// From the latest verification's result and whether the provider's
    /// main branch has verified this pact content successfully.
    pub fn of(latest_success: Option<bool>, verified_by_main: bool) -> Status {
        match latest_success {
            None => Status::Unverified,
            Some(false) => Status::Failed,
            Some(true) if verified_by_main => Status::Verified,
            Some(true) => Status::Pending,
        }
    }

    /// The word shown on the page (and the CSS class).
    pub fn word(&self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Failed => "failed",
            Status::Pending => "pending",
            Status::Unverified => "unverified",
        }
    }

    /// What the word means, for the hover text.
    pub fn meaning(&self) -> &'static str {
        match self {
            Status::Verified => "the latest pact is verified, also by the provider's main branch",
            Status::Failed => "the latest verification of the latest pact failed",
            Status::Pending => {
                "verified, but not yet by the provider's main branch: a failure would not block the provider"
            }
            Status::Unverified => "no verification result has been published for the latest pact",
        }
    }
}

/// A can-i-deploy answer as a word and a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

impl Answer {
    pub fn of(deployable: Option<bool>) -> Answer {
        match deployable {
            Some(true) => Answer::Yes,
            Some(false) => Answer::No,
            None => Answer::Unknown,
        }
    }

    pub fn word(&self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_latest_result_and_the_main_branch() {
        assert_eq!(Status::of(None, false), Status::Unverified);
        assert_eq!(Status::of(Some(false), true), Status::Failed);
        assert_eq!(Status::of(Some(true), true), Status::Verified);
        assert_eq!(Status::of(Some(true), false), Status::Pending);
        assert_eq!(Answer::of(None).word(), "unknown");
    }
}
