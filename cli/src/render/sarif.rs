//! SARIF 2.1.0 output, accepted by GitHub code scanning. Rules that appear in
//! findings are listed in `tool.driver.rules` with their docs.

use super::Report;
use serde_json::{json, Map, Value};
use shipgate_diagnostics::{Diagnostic, Level, RuleMeta};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    // Rules in first-seen order, so ruleIndex is stable for a given input.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules: Vec<Value> = Vec::new();
    for d in report.diagnostics {
        if !index.contains_key(d.code.as_str()) {
            index.insert(&d.code, rules.len());
            let meta = report.rules.iter().find(|r| r.code == d.code);
            rules.push(rule_descriptor(d, meta));
        }
    }
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| result(d, index[d.code.as_str()]))
        .collect();
    let doc = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "shipgate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/shipgate",
                "rules": rules,
            }},
            "automationDetails": {"id": format!("shipgate/{}/", report.command)},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer(&mut *out, &doc).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

fn rule_descriptor(d: &Diagnostic, meta: Option<&RuleMeta>) -> Value {
    let mut rule = Map::new();
    rule.insert("id".into(), json!(d.code));
    rule.insert("name".into(), json!(pascal(&d.name)));
    let short = meta.map_or(d.name.as_str(), |m| m.summary);
    rule.insert("shortDescription".into(), json!({ "text": short }));
    if let Some(m) = meta {
        let doc = m.doc_markdown();
        rule.insert("fullDescription".into(), json!({ "text": short }));
        rule.insert("help".into(), json!({ "text": doc, "markdown": doc }));
        rule.insert(
            "defaultConfiguration".into(),
            json!({ "level": sarif_level(m.default_level) }),
        );
    }
    rule.insert(
        "helpUri".into(),
        json!(format!(
            "https://example.invalid/shipgate/docs/rules/{}.md",
            d.code
        )),
    );
    Value::Object(rule)
}

fn result(d: &Diagnostic, rule_index: usize) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({ "uri": uri(&d.location.file) }),
    );
    if let Some(span) = d.location.span {
        let mut region = json!({
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line.max(span.start.line),
        });
        if span.end.column >= 1 && span.end.line >= span.start.line {
            region["endColumn"] = json!(span.end.column.max(1));
        }
        if let Some(snippet) = &d.location.snippet {
            region["snippet"] = json!({ "text": snippet.text });
        }
        physical.insert("region".into(), region);
    }
    let mut location = json!({ "physicalLocation": physical });
    if let Some(ptr) = &d.location.pointer {
        location["logicalLocations"] = json!([{ "fullyQualifiedName": ptr, "kind": "element" }]);
    }
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": sarif_level(d.level),
        "message": { "text": text },
        "locations": [location],
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut loc = json!({
                    "id": i,
                    "message": { "text": r.label },
                    "physicalLocation": { "artifactLocation": { "uri": uri(&r.location.file) } },
                });
                if let Some(span) = r.location.span {
                    loc["physicalLocation"]["region"] =
                        json!({ "startLine": span.start.line, "startColumn": span.start.column });
                }
                if let Some(ptr) = &r.location.pointer {
                    loc["logicalLocations"] =
                        json!([{ "fullyQualifiedName": ptr, "kind": "element" }]);
                }
                loc
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        // SARIF fixes need byte-accurate regions; we describe the fix in text only.
        result["properties"] = json!({ "fix": fix.title });
    }
    if !d.properties.is_empty() {
        let props = result.as_object_mut().and_then(|r| {
            r.entry("properties")
                .or_insert_with(|| json!({}))
                .as_object_mut()
        });
        if let Some(props) = props {
            for (k, v) in &d.properties {
                props.insert(k.clone(), json!(v));
            }
        }
    }
    result
}

/// A relative URI for a path: forward slashes, spaces and other unsafe bytes percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn pascal(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::args::Format;
    use crate::render::sample;

    /// The official SARIF 2.1.0 schema (OASIS), vendored under `cli/tests/fixtures`.
    const SCHEMA: &str = include_str!("../../tests/fixtures/sarif-schema-2.1.0.json");

    fn validator() -> jsonschema::Validator {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    }

    fn validate(out: &str) {
        let instance: serde_json::Value = serde_json::from_str(out).unwrap();
        let validator = validator();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
    }

    #[test]
    fn validates_against_sarif_schema() {
        validate(&sample::render(Format::Sarif, false));
    }

    #[test]
    fn invalid_sarif_is_rejected_by_the_schema_check() {
        // Guard against a validator that accepts anything.
        let bad = r#"{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"level":"fatal","message":{}}]}]}"#;
        assert!(!validator().is_valid(&serde_json::from_str(bad).unwrap()));
    }

    #[test]
    fn snapshot() {
        let out = sample::render(Format::Sarif, false);
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&out).unwrap())
                .unwrap();
        insta::assert_snapshot!(pretty.replace(env!("CARGO_PKG_VERSION"), "[VERSION]"));
    }
}
