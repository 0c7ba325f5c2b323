//! Findings grouped by cause: one [`Diagnostic`] standing for several
//! [`Occurrence`]s of the same change (one change to a shared OpenAPI
//! component reaches every operation that uses it).
//!
//! A group is a diagnostic whose `message` names the cause once and whose
//! `occurrences` list every place it reaches, each with the message and
//! properties the finding would have had on its own. [`Diagnostic::ungroup`]
//! gives those findings back (JSON output version 1, filters).

use crate::{Diagnostic, Properties};
use serde::{Deserialize, Serialize};

/// One place a grouped finding reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The finding's message at this place, as it reads on its own.
    pub message: String,
    /// The finding's properties at this place (for a diff: `method`, `path`).
    #[serde(default, skip_serializing_if = "Properties::is_empty")]
    pub properties: Properties,
}

impl Diagnostic {
    /// The places this finding reaches; empty for an ungrouped finding.
    pub fn occurrences(&self) -> &[Occurrence] {
        self.occurrences.as_deref().unwrap_or(&[])
    }

    /// How many findings this one stands for (1 unless grouped).
    pub fn weight(&self) -> usize {
        self.occurrences().len().max(1)
    }

    /// Group `parts` (the same cause, at least two) into one finding with
    /// `message`: the first part gives the code, level, location, help and
    /// notes; the properties all parts share stay on the group.
    pub fn group(parts: Vec<Diagnostic>, message: impl Into<String>) -> Diagnostic {
        let mut parts = parts.into_iter();
        let Some(mut first) = parts.next() else {
            panic!("Diagnostic::group needs at least one part");
        };
        let mut occurrences = vec![Occurrence {
            message: std::mem::take(&mut first.message),
            properties: std::mem::take(&mut first.properties),
        }];
        occurrences.extend(parts.map(|d| Occurrence {
            message: d.message,
            properties: d.properties,
        }));
        let mut shared = Properties::new();
        for (k, v) in &occurrences[0].properties {
            if occurrences[1..]
                .iter()
                .all(|o| o.properties.get(k) == Some(v))
            {
                shared.insert(k.to_owned(), v.to_owned());
            }
        }
        first.message = message.into();
        first.properties = shared;
        first.occurrences = Some(occurrences.into_boxed_slice());
        first
    }

    /// The findings a group stands for, each as it reads on its own (the group's
    /// shared properties added to each occurrence's); an ungrouped finding as is.
    pub fn ungroup(mut self) -> Vec<Diagnostic> {
        let Some(occurrences) = self.occurrences.take() else {
            return vec![self];
        };
        let shared = std::mem::take(&mut self.properties);
        occurrences
            .into_vec()
            .into_iter()
            .map(|o| {
                let mut d = self.clone();
                d.message = o.message;
                d.properties = o.properties;
                for (k, v) in &shared {
                    d.properties.insert_if_absent(k.to_owned(), v.to_owned());
                }
                d
            })
            .collect()
    }

    /// Keep the occurrences for which `keep(properties)` holds (the group's
    /// shared properties included). A group left with one occurrence becomes
    /// that finding; with none, `false` is returned and the finding should be
    /// dropped. An ungrouped finding is tested on its own properties.
    pub fn retain_occurrences(&mut self, mut keep: impl FnMut(&Properties) -> bool) -> bool {
        let Some(boxed) = self.occurrences.take() else {
            return keep(&self.properties);
        };
        let mut occurrences = boxed.into_vec();
        let shared = self.properties.clone();
        occurrences.retain(|o| {
            let mut all = o.properties.clone();
            for (k, v) in &shared {
                all.insert_if_absent(k.to_owned(), v.to_owned());
            }
            keep(&all)
        });
        let left = occurrences.len();
        self.occurrences = Some(occurrences.into_boxed_slice());
        match left {
            0 => false,
            1 => {
                if let Some(single) = self.clone().ungroup().pop() {
                    *self = single;
                }
                true
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Level, Location, RuleMeta};

    const RULE: RuleMeta = RuleMeta {
        code: "OAS014",
        name: "request-type-changed",
        default_level: Level::Error,
        summary: "",
        doc: "",
        opt_in: false,
    };

    fn at(path: &str) -> Diagnostic {
        Diagnostic::new(
            &RULE,
            format!("`GET {path}`: request property `x` type changed"),
            Location::file("api.yaml").with_pointer("/components/schemas/X"),
        )
        .with_property("method", "GET")
        .with_property("path", path.to_owned())
        .with_property("service", "users")
    }

    #[test]
    fn group_and_ungroup_round_trip() {
        let parts = vec![at("/a"), at("/b"), at("/c")];
        let g = Diagnostic::group(parts.clone(), "`X.x` type changed");
        assert_eq!(g.weight(), 3);
        assert_eq!(g.message, "`X.x` type changed");
        assert_eq!(g.properties.get("method"), Some("GET"));
        assert_eq!(g.properties.get("path"), None);
        assert_eq!(g.occurrences()[1].message, parts[1].message);
        assert_eq!(g.clone().ungroup(), parts);
        let json = serde_json::to_value(&g).unwrap();
        assert_eq!(json["occurrences"][2]["properties"]["path"], "/c");
        assert!(serde_json::to_value(&parts[0])
            .unwrap()
            .get("occurrences")
            .is_none());
    }

    #[test]
    fn retaining_occurrences_narrows_and_collapses() {
        let mut g = Diagnostic::group(vec![at("/a"), at("/b"), at("/c")], "cause");
        assert!(g.retain_occurrences(|p| p.get("path") != Some("/b")));
        assert_eq!(g.weight(), 2);
        assert!(
            g.retain_occurrences(|p| p.get("path") == Some("/c") && p.get("method") == Some("GET"))
        );
        assert!(g.occurrences().is_empty());
        assert_eq!(g, at("/c"));
        assert!(!g.retain_occurrences(|_| false));
    }
}
