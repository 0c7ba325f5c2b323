//! Overrides: a recorded decision to let a known break through, for one
//! version of one application into one environment, made by someone, for a
//! reason, until a date. An active override makes the verdict deployable and
//! is shown as a reason of kind `override`; an expired one is shown too, so
//! that no override is ever silent.

use super::{Level, Reason, ReasonKind};
use serde::Serialize;

/// One stored override.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub uuid: String,
    pub pacticipant: String,
    pub version: String,
    pub environment: String,
    pub reason: String,
    pub created_by: String,
    pub created_at: String,
    /// RFC 3339 time after which the override no longer applies.
    pub expires_at: String,
}

impl Override {
    /// Whether it is still in force at `now` (RFC 3339 UTC text; compared as text,
    /// which orders correctly because both are written the same way).
    pub fn active_at(&self, now: &str) -> bool {
        self.expires_at.as_str() > now
    }
}

/// The overrides that bear on one verdict.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The override in force (the newest, when several are), as its reason.
    pub active: Option<Reason>,
    /// Overrides for the same deployment that have expired, as info reasons.
    pub expired: Vec<Reason>,
}

fn reason_for(o: &Override, level: Level, text: String) -> Reason {
    Reason {
        pacticipant: Some(o.pacticipant.clone()),
        version: Some(o.version.clone()),
        environment: Some(o.environment.clone()),
        by: Some(o.created_by.clone()),
        expires: Some(o.expires_at.clone()),
        ..Reason::new(ReasonKind::Override, level, text)
    }
}

/// Sort `overrides` (already restricted to the deployment's versions and
/// environment) into the one in force and the expired ones, at `now`.
pub fn apply(overrides: &[Override], now: &str) -> Applied {
    let mut out = Applied::default();
    let mut active: Vec<&Override> = overrides.iter().filter(|o| o.active_at(now)).collect();
    active.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    if let Some(o) = active.last() {
        out.active = Some(reason_for(
            o,
            Level::Warning,
            format!(
                "Override: {} ({}) may go to {} although the gate blocks, allowed by {} until {}: {}",
                o.pacticipant, o.version, o.environment, o.created_by, o.expires_at, o.reason
            ),
        ));
    }
    for o in overrides.iter().filter(|o| !o.active_at(now)) {
        out.expired.push(reason_for(
            o,
            Level::Info,
            format!(
                "An override for {} ({}) to {} by {} expired at {}; it no longer applies ({})",
                o.pacticipant, o.version, o.environment, o.created_by, o.expires_at, o.reason
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(created: &str, expires: &str) -> Override {
        Override {
            uuid: "u".into(),
            pacticipant: "orders".into(),
            version: "3.0.0".into(),
            environment: "production".into(),
            reason: "accepted".into(),
            created_by: "alice".into(),
            created_at: created.into(),
            expires_at: expires.into(),
        }
    }

    #[test]
    fn active_and_expired() {
        let now = "2026-06-01T00:00:00.000000Z";
        let cases = [
            (vec![], false, 0),
            (
                vec![o("2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z")],
                true,
                0,
            ),
            (
                vec![o("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z")],
                false,
                1,
            ),
            (
                vec![
                    o("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"),
                    o("2026-05-03T00:00:00Z", "2026-08-01T00:00:00Z"),
                ],
                true,
                1,
            ),
        ];
        for (i, (list, active, expired)) in cases.into_iter().enumerate() {
            let a = apply(&list, now);
            assert_eq!(a.active.is_some(), active, "case {i}");
            assert_eq!(a.expired.len(), expired, "case {i}");
        }
        let a = apply(&[o("2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z")], now);
        let r = a.active.unwrap();
        assert_eq!(r.kind, ReasonKind::Override);
        assert_eq!(r.by.as_deref(), Some("alice"));
        assert!(
            r.text.contains("allowed by alice until 2026-07-01"),
            "{}",
            r.text
        );
    }
}
