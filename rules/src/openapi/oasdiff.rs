//! The mapping from oasdiff's 509 checks to shipgate rule codes, and the generated
//! `docs/rules/oasdiff-mapping.md` page.
//!
//! The check list is vendored as `oasdiff-rules.tsv` (origin in
//! `oasdiff-rules.NOTICE.md`). Error and warning checks are mapped explicitly: each
//! rule file lists the ids it covers, and [`NOT_NEEDED`] gives the reason for the
//! few that need no rule. Info checks are mapped by their shape to the changelog rules.

use super::rules::ALL;
use shipgate_diagnostics::RuleMeta;
use std::fmt::Write as _;

/// The vendored oasdiff check list: `level, id, direction, area, kind, action`.
pub const TSV: &str = include_str!("oasdiff-rules.tsv");

/// oasdiff checks that need no shipgate rule, with the reason.
pub const NOT_NEEDED: &[(&str, &str)] = &[
    ("request-body-all-of-added", "shipgate flattens `allOf` before comparing: what a new member requires is reported by the specific rule (OAS026 new required property, OAS019 tighter bound, OAS014 type); an annotation-only member changes nothing"),
    ("request-property-all-of-added", "shipgate flattens `allOf` before comparing: what a new member requires is reported by the specific rule (OAS026, OAS019, OAS014); an annotation-only member changes nothing"),
    ("request-body-all-of-removed", "shipgate flattens `allOf` before comparing: properties that disappear with a member are reported by OAS028"),
    ("request-property-all-of-removed", "shipgate flattens `allOf` before comparing: properties that disappear with a member are reported by OAS028"),
    ("request-body-wrapped-in-one-of", "wrapping a request schema in `oneOf` with the old schema as a branch accepts everything it accepted before (OAS105, info); if the old schema is not one of the branches, the structural comparison reports the difference"),
    ("response-required-property-became-not-write-only", "shipgate leaves writeOnly properties out of responses, so this appears as a property added to the response, which clients can ignore (OAS106, info)"),
    ("request-read-only-property-enum-value-removed", "readOnly properties are left out of request comparisons: clients do not send them"),
    ("request-read-only-property-exclusive-max-decreased", "readOnly properties are left out of request comparisons: clients do not send them"),
    ("request-read-only-property-exclusive-min-increased", "readOnly properties are left out of request comparisons: clients do not send them"),
    ("request-read-only-property-max-decreased", "readOnly properties are left out of request comparisons: clients do not send them"),
    ("request-read-only-property-max-length-decreased", "readOnly properties are left out of request comparisons: clients do not send them"),
    ("request-read-only-property-min-increased", "readOnly properties are left out of request comparisons: clients do not send them"),
    ("response-optional-write-only-property-added", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("response-optional-write-only-property-removed", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("response-required-write-only-property-added", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("response-required-write-only-property-removed", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("response-write-only-property-became-optional", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("response-write-only-property-became-required", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("response-write-only-property-enum-value-added", "writeOnly properties are left out of response comparisons: servers do not return them"),
    ("request-body-all-of-added-annotation-only", "`allOf` is flattened before comparing; a member that only adds annotations changes nothing"),
    ("request-body-all-of-removed-annotation-only", "`allOf` is flattened before comparing; a member that only held annotations changes nothing"),
    ("request-property-all-of-added-annotation-only", "`allOf` is flattened before comparing; a member that only adds annotations changes nothing"),
    ("request-property-all-of-removed-annotation-only", "`allOf` is flattened before comparing; a member that only held annotations changes nothing"),
    ("response-body-all-of-added", "`allOf` is flattened before comparing; what the member adds is reported by the specific rule"),
    ("response-body-all-of-removed", "`allOf` is flattened before comparing; what the member took away is reported by the specific rule (for example OAS029)"),
    ("response-body-all-of-added-annotation-only", "`allOf` is flattened before comparing; a member that only adds annotations changes nothing"),
    ("response-body-all-of-removed-annotation-only", "`allOf` is flattened before comparing; a member that only held annotations changes nothing"),
    ("response-property-all-of-added", "`allOf` is flattened before comparing; what the member adds is reported by the specific rule"),
    ("response-property-all-of-removed", "`allOf` is flattened before comparing; what the member took away is reported by the specific rule (for example OAS029)"),
    ("response-property-all-of-added-annotation-only", "`allOf` is flattened before comparing; a member that only adds annotations changes nothing"),
    ("response-property-all-of-removed-annotation-only", "`allOf` is flattened before comparing; a member that only held annotations changes nothing"),
    ("api-schema-removed", "not reported: a component schema that no operation uses is not part of the contract; one that is used is compared through the operations (changelog gap)"),
    ("api-version-not-bumped", "not checked: shipgate reports `info.version` changes (OAS108) but has no version-bump policy (gap)"),
    ("api-major-version-not-bumped", "not checked: shipgate reports `info.version` changes (OAS108) but has no version-bump policy (gap)"),
    ("api-version-decreased", "partly: OAS108 reports every `info.version` change, without judging its direction (gap)"),
    ("response-mediatype-enum-value-removed", "not reported (changelog gap)"),
    ("response-media-type-name-changed", "media types are matched exactly: a rename is reported as OAS038 (removed) plus OAS106 (added)"),
    ("response-media-type-name-specialized", "media types are matched exactly: a rename is reported as OAS038 (removed) plus OAS106 (added)"),
];

/// What covers one oasdiff check.
#[derive(Debug, Clone, Copy)]
pub enum Coverage {
    Rule(&'static RuleMeta),
    NotNeeded(&'static str),
}

/// One row of the vendored list.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub level: &'static str,
    pub id: &'static str,
    pub direction: &'static str,
    pub area: &'static str,
    pub kind: &'static str,
    pub action: &'static str,
}

pub fn checks() -> Vec<Check> {
    TSV.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let mut next = || f.next().unwrap_or("");
            Check {
                level: next(),
                id: next(),
                direction: next(),
                area: next(),
                kind: next(),
                action: next(),
            }
        })
        .collect()
}

fn rule(code: &str) -> &'static RuleMeta {
    ALL.iter()
        .map(|(m, _)| m)
        .find(|m| m.code == code)
        .expect("mapping names a rule code that exists")
}

/// Checks where shipgate goes further than the mapped rule, with the note shown in
/// the mapping's last column.
const ALSO: &[(&str, &str)] = &[
    ("api-security-removed", SECURITY_NARROWED),
    ("api-security-scope-added", SECURITY_NARROWED),
    ("api-global-security-removed", SECURITY_NARROWED),
    ("api-global-security-scope-added", SECURITY_NARROWED),
    ("api-security-added", SECURITY_OPENED),
    ("api-global-security-added", SECURITY_OPENED),
];
const SECURITY_NARROWED: &str =
    "also [OAS050](OAS050.md) (warning) when an alternative clients used is no longer accepted";
const SECURITY_OPENED: &str =
    "also [OAS050](OAS050.md) (warning) when an open operation now requires credentials";

/// The shipgate coverage of one check, or `None` if it is unmapped (a test forbids that).
pub fn coverage(check: &Check) -> Option<Coverage> {
    let id = check.id;
    if let Some((meta, _)) = ALL.iter().find(|(_, ids)| ids.contains(&id)) {
        return Some(Coverage::Rule(meta));
    }
    if let Some((_, why)) = NOT_NEEDED.iter().find(|(i, _)| *i == id) {
        return Some(Coverage::NotNeeded(why));
    }
    if check.level != "INFO" {
        return None;
    }
    // Info checks: the changelog rules, by shape.
    let code = if id.contains("security") {
        "OAS104"
    } else if id.contains("removed-with-deprecation") {
        "OAS102"
    } else if id.contains("reactivated") {
        "OAS103"
    } else if id.contains("deprecated") {
        "OAS101"
    } else if id.starts_with("api-version")
        || id.starts_with("api-operation-id")
        || id.starts_with("api-major")
    {
        "OAS108"
    } else if id.contains("default-value")
        || id.contains("discriminator")
        || id.contains("read-only")
        || id.contains("write-only")
        || id.contains("stability-increased")
    {
        "OAS107"
    } else if id.starts_with("request") || id.starts_with("new-optional") {
        "OAS105"
    } else if id.starts_with("response") {
        "OAS106"
    } else {
        return None;
    };
    Some(Coverage::Rule(rule(code)))
}

/// The generated `docs/rules/oasdiff-mapping.md` (without the generated-file marker line).
pub fn mapping_page() -> String {
    let checks = checks();
    let mut out = String::new();
    let covered = checks
        .iter()
        .filter(|c| matches!(coverage(c), Some(Coverage::Rule(_))))
        .count();
    let breaking = checks.iter().filter(|c| c.level != "INFO").count();
    let breaking_covered = checks
        .iter()
        .filter(|c| c.level != "INFO" && matches!(coverage(c), Some(Coverage::Rule(_))))
        .count();
    let _ = writeln!(
        out,
        "# oasdiff checks and the shipgate rules that cover them\n"
    );
    let _ = writeln!(
        out,
        "oasdiff has {} checks. {} map to a shipgate rule; the others say why none is needed.",
        checks.len(),
        covered
    );
    let _ = writeln!(
        out,
        "Of the {breaking} error- and warning-level checks, {breaking_covered} map to a shipgate rule and {} are covered another way (see the reason).",
        breaking - breaking_covered
    );
    out.push_str("Info-level checks map to the changelog rules (`OAS1xx`), shown by `shipgate diff --changelog`.\n");
    out.push_str("Levels can differ: shipgate's level is the rule's, shown in its page.\n\n");
    out.push_str("| oasdiff check | oasdiff level | shipgate | shipgate level | note |\n| --- | --- | --- | --- | --- |\n");
    for c in &checks {
        match coverage(c) {
            Some(Coverage::Rule(m)) => {
                let note = ALSO
                    .iter()
                    .find(|(id, _)| *id == c.id)
                    .map_or("", |(_, n)| n);
                let _ = writeln!(
                    out,
                    "| `{}` | {} | [{}]({}.md) `{}` | {} | {note} |",
                    c.id, c.level, m.code, m.code, m.name, m.default_level
                );
            }
            Some(Coverage::NotNeeded(why)) => {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | none | | {} |",
                    c.id,
                    c.level,
                    why.replace('|', "\\|")
                );
            }
            None => {
                let _ = writeln!(out, "| `{}` | {} | **unmapped** | | |", c.id, c.level);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_is_mapped() {
        let checks = checks();
        assert_eq!(checks.len(), 509);
        assert_eq!(checks.iter().filter(|c| c.level == "ERR").count(), 213);
        assert_eq!(checks.iter().filter(|c| c.level == "WARN").count(), 30);
        let unmapped: Vec<&str> = checks
            .iter()
            .filter(|c| coverage(c).is_none())
            .map(|c| c.id)
            .collect();
        assert!(unmapped.is_empty(), "unmapped oasdiff checks: {unmapped:?}");
    }

    #[test]
    fn notes_name_real_checks() {
        let checks = checks();
        for (id, _) in ALSO {
            assert!(
                checks.iter().any(|c| c.id == *id),
                "note for unknown oasdiff id {id}"
            );
        }
    }

    #[test]
    fn rule_lists_name_real_checks_once() {
        let checks = checks();
        let mut seen = std::collections::BTreeMap::new();
        for (meta, ids) in ALL {
            for id in *ids {
                assert!(
                    checks.iter().any(|c| c.id == *id),
                    "{} lists unknown oasdiff id {id}",
                    meta.code
                );
                if let Some(other) = seen.insert(*id, meta.code) {
                    panic!("{id} is listed by both {other} and {}", meta.code);
                }
            }
        }
        for (id, _) in NOT_NEEDED {
            assert!(
                !seen.contains_key(id),
                "{id} is both covered and listed as not needed"
            );
        }
    }
}
