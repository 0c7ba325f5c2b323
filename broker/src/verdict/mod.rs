//! The joined can-i-deploy verdict: pure logic that turns evidence into a
//! decision and the list of reasons behind it. No sqlx, no axum: the store
//! loads evidence, and the API, the CLI and the web view all render the same
//! [`Verdict`].
//!
//! The evidence, one module each:
//! - contracts: the matrix rows ([`crate::matrix`]), where a provider version
//!   without a replayed verification is checked against its OpenAPI document
//!   ([`schema_check`], "schema-checked", `verificationType: "BDCT"`);
//! - [`api`]: breaking changes between the OpenAPI document of the version in
//!   the environment and the candidate's, weighed by which deployed consumers
//!   rely on them;
//! - [`migration`]: the expand/migrate/contract steps a deployment brings to
//!   the environment's database, against what runs there;
//! - [`overrides`]: recorded, expiring decisions to let a known break through.
//!
//! [`join`] turns them into one [`Verdict`]. It calls `shipgate-rules` and
//! `shipgate-migrations-lint` as pure libraries.

pub mod api;
pub mod migration;
pub mod overrides;
pub mod schema_check;

use serde::{Deserialize, Serialize};

/// Which kind of evidence a reason comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReasonKind {
    /// Pacts and their verification results (the Pact Broker's matrix).
    #[default]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Why the answer is yes.
    Success,
    /// Context that changes nothing.
    #[default]
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

/// One reason, as data. `text` is the sentence every renderer shows; the
/// other fields name what the sentence is about, for renderers that link or
/// group (they are omitted from JSON when empty). Fields are only ever added.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub kind: ReasonKind,
    pub level: Level,
    pub text: String,
    /// The rule code behind the reason (`OAS029`, `CON004`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The application the reason is about (the one being deployed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pacticipant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The consumer (or other service) affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
    /// The API operation (`GET /orders/{id}`) an api reason is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Migration files a migration reason names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// Statements (`file:line: text`) a migration reason names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<String>,
    /// The safe order of deployments, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_order: Option<String>,
    /// For overrides: who made it, and when it expires (RFC 3339 date or time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Reason {
    pub fn new(kind: ReasonKind, level: Level, text: impl Into<String>) -> Self {
        Reason {
            kind,
            level,
            text: text.into(),
            ..Reason::default()
        }
    }

    pub fn contract(level: Level, text: impl Into<String>) -> Self {
        Reason::new(ReasonKind::Contract, level, text)
    }

    /// Whether this reason blocks the deploy.
    pub fn blocks(&self) -> bool {
        self.level == Level::Error
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
    /// The Pact Broker's `summary.reason`: every reason but warnings (the
    /// matrix's `WARN:` advice, API changes nobody relies on), one per line.
    /// Overrides are always named.
    pub fn summary_reason(&self) -> String {
        self.reasons
            .iter()
            .filter(|r| r.level != Level::Warning || r.kind == ReasonKind::Override)
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Join the contract verdict with the reasons of the other evidence and the
/// overrides in force. An error-level api or migration reason blocks; an
/// active override lets the deployment through and says so.
pub fn join(contract: Verdict, mut other: Vec<Reason>, overrides: overrides::Applied) -> Verdict {
    let blocked_by_other = other.iter().any(Reason::blocks);
    let mut deployable = match contract.deployable {
        Some(false) => Some(false),
        _ if blocked_by_other => Some(false),
        d => d,
    };
    let mut reasons = contract.reasons;
    reasons.append(&mut other);
    if deployable != Some(true) {
        if let Some(active) = &overrides.active {
            for r in &mut reasons {
                if r.level == Level::Error {
                    r.level = Level::Warning;
                    r.text = format!("Overridden: {}", r.text);
                }
            }
            reasons.push(active.clone());
            deployable = Some(true);
        }
    } else if let Some(active) = &overrides.active {
        let mut r = active.clone();
        r.level = Level::Info;
        r.text = format!("{} (not needed: nothing blocks)", r.text);
        reasons.push(r);
    }
    reasons.extend(overrides.expired);
    Verdict {
        deployable,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(level: Level, text: &str) -> Reason {
        Reason::new(ReasonKind::Migration, level, text)
    }

    fn yes() -> Verdict {
        Verdict {
            deployable: Some(true),
            reasons: vec![Reason::contract(Level::Success, "All verified")],
        }
    }

    #[test]
    fn join_table() {
        let no = Verdict {
            deployable: Some(false),
            reasons: vec![Reason::contract(Level::Error, "failed")],
        };
        let unknown = Verdict {
            deployable: None,
            reasons: vec![Reason::contract(Level::Error, "no verified pact")],
        };
        let active = overrides::Applied {
            active: Some(Reason::new(
                ReasonKind::Override,
                Level::Warning,
                "Override by ci",
            )),
            expired: Vec::new(),
        };
        let none = overrides::Applied::default();
        // (contract, other reasons, overrides) → deployable
        let cases: Vec<(Verdict, Vec<Reason>, &overrides::Applied, Option<bool>)> = vec![
            (yes(), vec![], &none, Some(true)),
            (yes(), vec![other(Level::Warning, "w")], &none, Some(true)),
            (yes(), vec![other(Level::Error, "e")], &none, Some(false)),
            (unknown.clone(), vec![], &none, None),
            (
                unknown.clone(),
                vec![other(Level::Error, "e")],
                &none,
                Some(false),
            ),
            (no.clone(), vec![], &none, Some(false)),
            (no.clone(), vec![], &active, Some(true)),
            (unknown, vec![other(Level::Error, "e")], &active, Some(true)),
            (yes(), vec![], &active, Some(true)),
        ];
        for (i, (c, o, ov, want)) in cases.into_iter().enumerate() {
            let v = join(c, o, ov.clone());
            assert_eq!(v.deployable, want, "case {i}: {v:?}");
            if ov.active.is_some() {
                assert!(
                    v.reasons.iter().any(|r| r.kind == ReasonKind::Override),
                    "case {i}"
                );
                assert!(!v.reasons.iter().any(Reason::blocks), "case {i}: {v:?}");
            }
        }
    }

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
        let mut v = v;
        v.reasons.push(other(Level::Warning, "not relied on"));
        v.reasons.push(Reason::new(
            ReasonKind::Override,
            Level::Warning,
            "Override: …",
        ));
        assert!(v.summary_reason().ends_with("\nIgnoring: x\nOverride: …"));
        assert_eq!(
            serde_json::to_value(&v.reasons[0]).unwrap(),
            serde_json::json!({"kind": "contract", "level": "error", "text": "no verified pact"})
        );
    }
}
