//! A pact read for people: its interactions (HTTP and message, pact
//! specification v1 to v4) with provider states, request, response and
//! matching rules; and the per-interaction results a verifier published,
//! in the shapes the Pact verifiers send them.
//!
//! The broker stores pacts as JSON and depends on no other shipgate crate,
//! so this reads the JSON directly and is lenient: a field it does not
//! understand is shown as JSON, never an error.

use serde_json::{Map, Value};

/// One interaction as a page shows it.
#[derive(Debug, Clone, Default)]
pub struct InteractionView {
    /// Identifiers a verifier may use for it: `_id`, `key`, the description.
    pub ids: Vec<String>,
    pub description: String,
    /// "HTTP", "message" or "synchronous message".
    pub kind: &'static str,
    /// Provider states, with their parameters as JSON when they have any.
    pub states: Vec<String>,
    pub pending: bool,
    /// `GET /orders?status=open`, or the message's description of itself.
    pub request_line: Option<String>,
    pub request_headers: Option<String>,
    pub request_body: Option<String>,
    pub response_status: Option<String>,
    pub response_headers: Option<String>,
    pub response_body: Option<String>,
    /// Message contents and metadata (messages only).
    pub contents: Option<String>,
    pub metadata: Option<String>,
    /// Matching rules and generators, as JSON.
    pub matching_rules: Option<String>,
    pub generators: Option<String>,
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// A non-empty object or a non-null value, pretty-printed.
fn shown(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::Object(m) if m.is_empty() => None,
        other => Some(pretty(other)),
    }
}

/// A body: v4 wraps it as `{content, contentType, encoded}`.
fn body(v: Option<&Value>) -> Option<String> {
    let v = v?;
    if let Some(obj) = v.as_object() {
        if obj.contains_key("content")
            && (obj.contains_key("contentType") || obj.contains_key("encoded"))
        {
            return match obj.get("content") {
                Some(Value::String(s)) => Some(s.clone()),
                other => shown(other),
            };
        }
    }
    match v {
        Value::String(s) => Some(s.clone()),
        other => shown(Some(other)),
    }
}

/// A query: a v2 string, or a v3/v4 map of lists.
fn query_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) if !s.is_empty() => format!("?{s}"),
        Some(Value::Object(m)) if !m.is_empty() => {
            let mut parts = Vec::new();
            for (k, vals) in m {
                match vals {
                    Value::Array(list) => {
                        for item in list {
                            parts.push(format!(
                                "{k}={}",
                                item.as_str()
                                    .map_or_else(|| item.to_string(), str::to_string)
                            ));
                        }
                    }
                    Value::String(s) => parts.push(format!("{k}={s}")),
                    other => parts.push(format!("{k}={other}")),
                }
            }
            format!("?{}", parts.join("&"))
        }
        _ => String::new(),
    }
}

fn states(i: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Value::String(s)) = i.get("providerState") {
        out.push(s.clone());
    }
    for st in i
        .get("providerStates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = st
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match st.get("params") {
            Some(Value::Object(p)) if !p.is_empty() => {
                out.push(format!("{name} {}", Value::Object(p.clone())))
            }
            _ => out.push(name),
        }
    }
    out
}

fn interaction(i: &Value, message: bool) -> InteractionView {
    let Some(obj) = i.as_object() else {
        return InteractionView {
            description: "(not an object)".into(),
            kind: "unknown",
            contents: Some(pretty(i)),
            ..InteractionView::default()
        };
    };
    let description = obj
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut ids: Vec<String> = ["_id", "key", "id"]
        .iter()
        .filter_map(|k| obj.get(*k).and_then(Value::as_str).map(str::to_string))
        .collect();
    ids.push(description.clone());
    let kind_text = obj.get("type").and_then(Value::as_str).unwrap_or("");
    let kind = match kind_text {
        "Asynchronous/Messages" => "message",
        "Synchronous/Messages" => "synchronous message",
        "Synchronous/HTTP" => "HTTP",
        _ if message || obj.contains_key("contents") => "message",
        _ => "HTTP",
    };
    let mut view = InteractionView {
        ids,
        description,
        kind,
        states: states(obj),
        pending: obj.get("pending").and_then(Value::as_bool).unwrap_or(false),
        matching_rules: shown(obj.get("matchingRules")),
        generators: shown(obj.get("generators")),
        ..InteractionView::default()
    };
    match kind {
        "HTTP" => {
            let req = obj.get("request");
            let res = obj.get("response");
            let method = req
                .and_then(|r| r.get("method"))
                .and_then(Value::as_str)
                .unwrap_or("GET")
                .to_ascii_uppercase();
            let path = req
                .and_then(|r| r.get("path"))
                .and_then(Value::as_str)
                .unwrap_or("/");
            view.request_line = Some(format!(
                "{method} {path}{}",
                query_text(req.and_then(|r| r.get("query")))
            ));
            view.request_headers = shown(req.and_then(|r| r.get("headers")));
            view.request_body = body(req.and_then(|r| r.get("body")));
            view.response_status = res
                .and_then(|r| r.get("status"))
                .map(|s| s.as_u64().map_or_else(|| s.to_string(), |n| n.to_string()));
            view.response_headers = shown(res.and_then(|r| r.get("headers")));
            view.response_body = body(res.and_then(|r| r.get("body")));
            // v2/v3 keep matching rules inside request and response.
            let nested: Map<String, Value> = [("request", req), ("response", res)]
                .into_iter()
                .filter_map(|(k, part)| {
                    part.and_then(|p| p.get("matchingRules"))
                        .filter(|m| !m.is_null())
                        .map(|m| (k.to_string(), m.clone()))
                })
                .collect();
            if !nested.is_empty() {
                view.matching_rules = Some(pretty(&Value::Object(nested)));
            }
            let gens: Map<String, Value> = [("request", req), ("response", res)]
                .into_iter()
                .filter_map(|(k, part)| {
                    part.and_then(|p| p.get("generators"))
                        .filter(|m| !m.is_null())
                        .map(|m| (k.to_string(), m.clone()))
                })
                .collect();
            if !gens.is_empty() {
                view.generators = Some(pretty(&Value::Object(gens)));
            }
        }
        "synchronous message" => {
            view.contents = body(obj.get("request").and_then(|r| r.get("contents")));
            view.response_body = obj
                .get("response")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|m| body(m.get("contents")))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .filter(|s| !s.is_empty());
            view.metadata = shown(obj.get("request").and_then(|r| r.get("metadata")));
        }
        _ => {
            view.contents = body(obj.get("contents"));
            view.metadata = shown(obj.get("metadata").or_else(|| obj.get("metaData")));
        }
    }
    view
}

/// Every interaction of a pact, HTTP ones and messages, in file order.
pub fn interactions(pact: &Value) -> Vec<InteractionView> {
    let mut out: Vec<InteractionView> = pact
        .get("interactions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|i| interaction(i, false))
        .collect();
    out.extend(
        pact.get("messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|i| interaction(i, true)),
    );
    out
}

/// The pact specification version a pact declares.
pub fn specification(pact: &Value) -> Option<String> {
    let meta = pact.get("metadata")?;
    meta.get("pactSpecification")
        .or_else(|| meta.get("pact-specification"))
        .and_then(|s| s.get("version"))
        .and_then(Value::as_str)
        .or_else(|| meta.get("pactSpecificationVersion").and_then(Value::as_str))
        .map(str::to_string)
}

/// One mismatch a verifier reported.
#[derive(Debug, Clone, Default)]
pub struct MismatchView {
    /// What mismatched: body, header, status, query, error…
    pub attribute: String,
    /// Where: a JSON path, a header name.
    pub path: Option<String>,
    pub description: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// One interaction's result in a verification.
#[derive(Debug, Clone, Default)]
pub struct TestResult {
    pub id: Option<String>,
    pub description: Option<String>,
    /// `None` when the verifier did not say.
    pub success: Option<bool>,
    pub mismatches: Vec<MismatchView>,
}

impl TestResult {
    /// Whether this result is for `i`.
    pub fn is_for(&self, i: &InteractionView) -> bool {
        self.id
            .as_ref()
            .is_some_and(|id| i.ids.iter().any(|x| x == id))
            || self
                .description
                .as_ref()
                .is_some_and(|d| *d == i.description)
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(pretty(other)),
    }
}

fn mismatch(m: &Value) -> MismatchView {
    MismatchView {
        attribute: text(m.get("attribute").or_else(|| m.get("type"))).unwrap_or_default(),
        path: text(
            m.get("identifier")
                .or_else(|| m.get("path"))
                .or_else(|| m.get("key")),
        ),
        description: text(
            m.get("description")
                .or_else(|| m.get("mismatch"))
                .or_else(|| m.get("message")),
        )
        .unwrap_or_default(),
        expected: text(m.get("expected")),
        actual: text(m.get("actual")),
    }
}

/// Per-interaction results from a verification's `testResults`: the list
/// the Rust verifiers send (`[{interactionId, success, mismatches}]`) or the
/// Ruby verifier's `{tests: [{interactionDescription, status, exception}]}`.
pub fn test_results(v: &Value) -> Vec<TestResult> {
    if let Some(list) = v.as_array() {
        return list
            .iter()
            .map(|t| TestResult {
                id: text(t.get("interactionId")),
                description: text(
                    t.get("interactionDescription")
                        .or_else(|| t.get("description")),
                ),
                success: t.get("success").and_then(Value::as_bool),
                mismatches: t
                    .get("mismatches")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(mismatch)
                    .chain(
                        t.get("exceptions")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .map(|e| MismatchView {
                                attribute: "error".into(),
                                description: text(e.get("message"))
                                    .unwrap_or_else(|| e.to_string()),
                                ..MismatchView::default()
                            }),
                    )
                    .collect(),
            })
            .collect();
    }
    v.get("tests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| {
            let status = t.get("status").and_then(Value::as_str);
            let mut mismatches: Vec<MismatchView> = t
                .get("mismatches")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(mismatch)
                .collect();
            if let Some(e) = t.get("exception") {
                mismatches.push(MismatchView {
                    attribute: "error".into(),
                    description: text(e.get("message")).unwrap_or_else(|| e.to_string()),
                    ..MismatchView::default()
                });
            }
            TestResult {
                id: text(t.get("interactionId")),
                description: text(t.get("interactionDescription"))
                    .or_else(|| text(t.get("testDescription"))),
                success: status.map(|s| s == "passed"),
                mismatches,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v2_v3_and_v4_interactions_read_alike() {
        let v2 = json!({"interactions": [{
            "description": "get order", "providerState": "an order",
            "request": {"method": "get", "path": "/orders", "query": "id=1",
                        "matchingRules": {"$.body.id": {"match": "type"}}},
            "response": {"status": 200, "body": {"id": 1}}
        }]});
        let i = &interactions(&v2)[0];
        assert_eq!(i.request_line.as_deref(), Some("GET /orders?id=1"));
        assert_eq!(i.states, vec!["an order"]);
        assert_eq!(i.response_status.as_deref(), Some("200"));
        assert!(i.matching_rules.as_deref().unwrap().contains("$.body.id"));
        let v4 = json!({"interactions": [{
            "type": "Synchronous/HTTP", "key": "k1", "description": "d", "pending": true,
            "providerStates": [{"name": "s", "params": {"id": 1}}],
            "request": {"method": "POST", "path": "/x", "query": {"a": ["1", "2"]},
                        "body": {"content": {"x": 1}, "contentType": "application/json", "encoded": false}},
            "response": {"status": 201},
            "matchingRules": {"body": {"$.x": {"combine": "AND", "matchers": [{"match": "type"}]}}}
        }, {"type": "Asynchronous/Messages", "description": "m", "contents": {"content": "hi", "contentType": "text/plain"}}]});
        let list = interactions(&v4);
        assert_eq!(list[0].request_line.as_deref(), Some("POST /x?a=1&a=2"));
        assert_eq!(list[0].states, vec![r#"s {"id":1}"#]);
        assert!(list[0].pending && list[0].ids.contains(&"k1".to_string()));
        assert!(list[0]
            .request_body
            .as_deref()
            .unwrap()
            .contains("\"x\": 1"));
        assert_eq!(
            (list[1].kind, list[1].contents.as_deref()),
            ("message", Some("hi"))
        );
        let v3msg = json!({"messages": [{"description": "ev", "contents": {"a": 1}, "metaData": {"t": "x"}}]});
        assert_eq!(interactions(&v3msg)[0].kind, "message");
        assert_eq!(
            interactions(&json!({"interactions": [7]}))[0].kind,
            "unknown"
        );
    }

    #[test]
    fn results_come_from_both_verifier_shapes() {
        let rust = json!([{"interactionId": "get order", "success": false,
            "mismatches": [{"attribute": "body", "identifier": "$.id", "description": "wrong", "expected": 1, "actual": "1"}]}]);
        let r = &test_results(&rust)[0];
        assert_eq!(r.success, Some(false));
        let m = &r.mismatches[0];
        assert_eq!(
            (
                m.path.as_deref(),
                m.expected.as_deref(),
                m.actual.as_deref()
            ),
            (Some("$.id"), Some("1"), Some("1"))
        );
        let i = InteractionView {
            ids: vec!["get order".into()],
            description: "get order".into(),
            ..Default::default()
        };
        assert!(r.is_for(&i));
        let ruby = json!({"tests": [{"interactionDescription": "get order", "status": "failed",
            "exception": {"message": "expected 200, got 500"}}]});
        let r = &test_results(&ruby)[0];
        assert_eq!(r.success, Some(false));
        assert!(r.is_for(&i));
        assert_eq!(r.mismatches[0].description, "expected 200, got 500");
        assert!(test_results(&json!(null)).is_empty());
    }
}
