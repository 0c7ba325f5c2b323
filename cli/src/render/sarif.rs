//! SARIF 2.1.0 output, accepted by GitHub code scanning. Rules that appear in
//! findings are listed in `tool.driver.rules` with their docs.
//!
//! The document is serialised straight from borrowed, typed structs (no
//! intermediate `serde_json::Value` tree), so 50,000 results stream quickly.

use super::Report;
use serde::Serialize;
use shipgate_diagnostics::{Diagnostic, Level, Location, RuleMeta};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [SarifLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
    physical_location: Physical<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[Logical<'a>; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Artifact<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region<'a>>,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    // Rules in first-seen order, so ruleIndex is stable for a given input.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut rules: Vec<Rule<'_>> = Vec::new();
    for d in report.diagnostics {
        index.entry(d.code.as_ref()).or_insert_with(|| {
            let meta = report.rules.iter().find(|r| r.code == d.code);
            rules.push(rule_descriptor(d, meta));
            rules.len() - 1
        });
    }
    let results = Results {
        diagnostics: report.diagnostics,
        index: &index,
    };
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "shipgate",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            automation_details: AutomationDetails {
                id: format!("shipgate/{}/", report.command),
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer(&mut *out, &log).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// The results, built one at a time while they are written, so the whole
/// SARIF log is never in memory at once.
struct Results<'a> {
    diagnostics: &'a [Diagnostic],
    index: &'a HashMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| result(d, self.index[d.code.as_ref()])),
        )
    }
}

fn rule_descriptor<'a>(d: &'a Diagnostic, meta: Option<&RuleMeta>) -> Rule<'a> {
    let short: Cow<'a, str> =
        meta.map_or(Cow::Borrowed(d.name.as_ref()), |m| Cow::Borrowed(m.summary));
    Rule {
        id: &d.code,
        name: pascal(&d.name),
        full_description: meta.map(|_| Text {
            text: short.clone(),
        }),
        short_description: Text { text: short },
        help: meta.map(|m| {
            let doc = m.doc_markdown();
            Help {
                text: doc.clone(),
                markdown: doc,
            }
        }),
        default_configuration: meta.map(|m| Configuration {
            level: sarif_level(m.default_level),
        }),
    }
}

fn result(d: &Diagnostic, rule_index: usize) -> SarifResult<'_> {
    // A grouped finding is one result; its text lists the places it reaches.
    let message: Cow<'_, str> = if d.occurrences().is_empty() {
        Cow::Borrowed(d.message.as_str())
    } else {
        Cow::Owned(super::message_with_places(d, 50))
    };
    let text = match &d.help {
        Some(help) => Cow::Owned(format!("{message}\nhelp: {help}")),
        None => message,
    };
    let mut properties: BTreeMap<&str, &str> = d.properties.iter().collect();
    if let Some(fix) = &d.fix {
        // SARIF fixes need byte-accurate artifact changes; we describe the fix in text only.
        properties.insert("fix", &fix.title);
    }
    SarifResult {
        rule_id: &d.code,
        rule_index,
        level: sarif_level(d.level),
        message: Text { text },
        locations: [location(&d.location, true, None, None)],
        related_locations: d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| location(&r.location, false, Some(i), Some(&r.label)))
            .collect(),
        properties,
    }
}

fn location<'a>(
    loc: &'a Location,
    full: bool,
    id: Option<usize>,
    label: Option<&'a str>,
) -> SarifLocation<'a> {
    let region = loc.span.map(|span| Region {
        start_line: span.start.line,
        start_column: span.start.column,
        end_line: full.then_some(span.end.line.max(span.start.line)),
        end_column: (full && span.end.column >= 1 && span.end.line >= span.start.line)
            .then_some(span.end.column.max(1)),
        snippet: if full {
            loc.snippet.as_ref().map(|s| Text {
                text: Cow::Borrowed(s.text.as_str()),
            })
        } else {
            None
        },
    });
    SarifLocation {
        id,
        message: label.map(|l| Text {
            text: Cow::Borrowed(l),
        }),
        physical_location: Physical {
            artifact_location: Artifact {
                uri: uri(&loc.file),
            },
            region,
        },
        logical_locations: loc.pointer.as_deref().map(|ptr| {
            [Logical {
                fully_qualified_name: ptr,
                kind: "element",
            }]
        }),
    }
}

/// A relative URI for a path: forward slashes, spaces and other unsafe bytes percent-encoded.
fn uri(path: &str) -> Cow<'_, str> {
    let safe =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':');
    if path.bytes().all(safe) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        match b {
            b'\\' => out.push('/'),
            b if safe(b) => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Cow::Owned(out)
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
        validate(&sample::render_grouped(Format::Sarif));
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
