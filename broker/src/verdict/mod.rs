//! The joined can-i-deploy verdict: pure logic that turns evidence into a
//! decision and the list of reasons behind it. No sqlx, no axum: the store
//! loads evidence, and the API, the CLI and the web view all render the same
//! [`Verdict`].
//!
//! Today the only evidence is the contract matrix ([`crate::matrix`]); API
//! diffs, migrations and overrides join here as further [`ReasonKind`]s.

use serde::Serialize;

/// Which kind of evidence a reason comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReasonKind {
    /// Pacts and their verification results (the Pact Broker's matrix).
    Contract,
    /// A breaking change in the provider's OpenAPI document.
    Api,
    /// A migration step the target environment is not ready for.
    Migration,
    /// A recorded, expiring decision to let a known break through.
    Override,
}

impl ReasonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Contract => "contract",
            ReasonKind::Api => "api",
            ReasonKind::Migration => "migration",
            ReasonKind::Override => "override",
        }
    }
}

/// How a reason weighs on the decision; also the Pact Broker's notice `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Why the answer is yes.
    Success,
    /// Context that changes nothing.
    Info,
    /// Worth reading; does not block.
    Warning,
    /// Blocks the deploy (or makes the answer unknown).
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Success => "success",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One reason, as data. `text` is the sentence every renderer shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub kind: ReasonKind,
    pub level: Level,
    pub text: String,
}

impl Reason {
    pub fn contract(level: Level, text: impl Into<String>) -> Self {
        Reason {
            kind: ReasonKind::Contract,
            level,
            text: text.into(),
        }
    }
}

/// The decision: `Some(true)` deployable, `Some(false)` blocked, `None`
/// unknown (evidence missing), with every reason in display order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub deployable: Option<bool>,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// The Pact Broker's `summary.reason`: every non-warning reason, one per line.
    pub fn summary_reason(&self) -> String {
        self.reasons
            .iter()
            .filter(|r| r.level != Level::Warning)
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reason_skips_warnings() {
        let v = Verdict {
            deployable: Some(false),
            reasons: vec![
                Reason::contract(Level::Error, "no verified pact"),
                Reason::contract(Level::Warning, "WARN: specify the version"),
                Reason::contract(Level::Info, "Ignoring: x"),
            ],
        };
        assert_eq!(v.summary_reason(), "no verified pact\nIgnoring: x");
        assert_eq!(
            serde_json::to_value(&v.reasons[0]).unwrap(),
            serde_json::json!({"kind": "contract", "level": "error", "text": "no verified pact"})
        );
    }
}
