//! Mismatches as data: what did not match, where (`$.items[2].price`), what was
//! expected, what arrived, and a one-line explanation. Each kind has a stable
//! `PACT…` code that the CLI turns into a diagnostic.

use serde::Serialize;
use serde_json::Value;

/// Which part of an interaction did not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum MismatchKind {
    Method,
    Path,
    Query,
    Header,
    Status,
    Body,
    BodyType,
    Metadata,
}

impl MismatchKind {
    /// The stable code (`PACT001`…).
    pub fn code(self) -> &'static str {
        match self {
            Self::Method => "PACT001",
            Self::Path => "PACT002",
            Self::Query => "PACT003",
            Self::Header => "PACT004",
            Self::Status => "PACT005",
            Self::Body => "PACT006",
            Self::BodyType => "PACT007",
            Self::Metadata => "PACT008",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Method => "method",
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Status => "status",
            Self::Body => "body",
            Self::BodyType => "body content type",
            Self::Metadata => "metadata",
        }
    }
}

/// One mismatch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub kind: MismatchKind,
    /// Where: `$.items[2].price` for bodies, the header or parameter name otherwise.
    pub path: String,
    pub expected: Value,
    pub actual: Value,
    /// One line, human readable.
    pub explanation: String,
}

impl Mismatch {
    pub fn new(
        kind: MismatchKind,
        path: impl Into<String>,
        expected: impl Into<Value>,
        actual: impl Into<Value>,
        explanation: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            path: path.into(),
            expected: expected.into(),
            actual: actual.into(),
            explanation: explanation.into(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// Render a path of fragments (`["$", "items", "2", "price"]`) as `$.items[2].price`.
pub fn display_path(path: &[String]) -> String {
    let mut out = String::from("$");
    for frag in path.iter().skip(1) {
        if frag.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(frag);
            out.push(']');
        } else if frag
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && !frag.is_empty()
        {
            out.push('.');
            out.push_str(frag);
        } else {
            out.push_str("['");
            out.push_str(frag);
            out.push_str("']");
        }
    }
    out
}

/// Short rendering of a JSON value for explanations.
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_jsonpath() {
        let p: Vec<String> = ["$", "items", "2", "price", "a b"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(display_path(&p), "$.items[2].price['a b']");
    }
}
