//! Contract-vs-OpenAPI checks: is every interaction in a pact valid against the
//! provider's API document? The path and method exist, required parameters are
//! sent, the status is declared, and JSON request/response bodies validate
//! against the operation's schemas (JSON Schema via `jsonschema`, with
//! `#/components/...` refs resolved inside the document).
//!
//! Also the registry entry point for contract verification codes (`PACT…`).

pub mod rules;

use serde_json::{json, Map, Value};
use shipgate_diagnostics::{Diagnostic, Location, RuleMeta};

use crate::pact::model::{header, Body, BodyValue, HttpRequest, HttpResponse};
use crate::pact::{InteractionKind, Pact};
use rules::{
    InteractionMethodUndocumented, InteractionPathUndocumented, InteractionRequestBodyInvalid,
    InteractionRequiredParameterMissing, InteractionResponseBodyInvalid,
    InteractionStatusUndocumented,
};

/// Every contract rule: verification codes (`PACT…`) and contract-vs-OpenAPI codes (`CON…`).
pub fn registry() -> Vec<RuleMeta> {
    let mut all = crate::pact::codes::registry();
    all.extend_from_slice(rules::ALL);
    all
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Check every HTTP interaction of `pact` against the OpenAPI document `api`
/// (a 3.x document as JSON; Swagger 2.0 must be converted first). `pact_name`
/// and `api_name` label the findings.
pub fn check(pact: &Pact, pact_name: &str, api: &Value, api_name: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let api = normalise_schema_dialect(api);
    let base_paths = server_base_paths(&api);
    let Some(paths) = api.get("paths").and_then(Value::as_object) else {
        out.push(Diagnostic::new(
            &InteractionPathUndocumented::META,
            format!("{api_name} has no `paths`; no interaction of {pact_name} can be documented"),
            Location::file(api_name).with_pointer("/paths"),
        ));
        return out;
    };
    for (index, interaction) in pact.interactions.iter().enumerate() {
        let InteractionKind::Http { request, response } = &interaction.kind else {
            continue;
        };
        let at = Location::file(pact_name).with_pointer(format!("/interactions/{index}"));
        let label = format!(
            "{:?} ({} {})",
            interaction.description,
            request.method.to_uppercase(),
            request.path
        );
        let Some((template, item)) = find_path(paths, &base_paths, &request.path) else {
            out.push(
                Diagnostic::new(
                    &InteractionPathUndocumented::META,
                    format!(
                        "interaction {label}: no path in {api_name} matches {}",
                        request.path
                    ),
                    at,
                )
                .with_help("add the path to the OpenAPI document or call a documented path")
                .with_related("paths", Location::file(api_name).with_pointer("/paths")),
            );
            continue;
        };
        let method = request.method.to_ascii_lowercase();
        let path_ptr = format!("/paths/{}", escape(template));
        let Some(op) = item
            .get(&method)
            .filter(|_| METHODS.contains(&method.as_str()))
        else {
            let declared: Vec<String> = METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(|m| m.to_uppercase())
                .collect();
            out.push(
                Diagnostic::new(
                    &InteractionMethodUndocumented::META,
                    format!(
                        "interaction {label}: {template} has no {} operation (declared: {})",
                        method.to_uppercase(),
                        if declared.is_empty() {
                            "none".to_owned()
                        } else {
                            declared.join(", ")
                        }
                    ),
                    at,
                )
                .with_related("path item", Location::file(api_name).with_pointer(path_ptr)),
            );
            continue;
        };
        let op_ptr = format!("{path_ptr}/{method}");
        check_parameters(
            &api, item, op, request, &label, &at, api_name, &op_ptr, &mut out,
        );
        check_request_body(&api, op, request, &label, &at, api_name, &op_ptr, &mut out);
        check_response(&api, op, response, &label, &at, api_name, &op_ptr, &mut out);
    }
    out
}

fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

/// Path prefixes from `servers[].url` (`https://x/api/v1` → `/api/v1`).
fn server_base_paths(api: &Value) -> Vec<String> {
    let mut out = vec![String::new()];
    for s in api
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(url) = s.get("url").and_then(Value::as_str) else {
            continue;
        };
        let path = match url.find("://") {
            Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
            None => url,
        };
        let path = path.trim_end_matches('/');
        if !path.is_empty() && !path.contains('{') {
            out.push(path.to_owned());
        }
    }
    out
}

/// The path template matching `path`; literal segments beat parameters.
fn find_path<'a>(
    paths: &'a Map<String, Value>,
    bases: &[String],
    path: &str,
) -> Option<(&'a str, &'a Value)> {
    let path = path.split('?').next().unwrap_or(path);
    let mut best: Option<(usize, &str, &Value)> = None;
    for base in bases {
        let Some(rest) = path.strip_prefix(base.as_str()) else {
            continue;
        };
        let segs: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        for (template, item) in paths {
            let tsegs: Vec<&str> = template.trim_end_matches('/').split('/').collect();
            if tsegs.len() != segs.len() {
                continue;
            }
            let mut literal = 0;
            let ok = tsegs.iter().zip(&segs).all(|(t, s)| {
                if t.starts_with('{') && t.ends_with('}') {
                    !s.is_empty()
                } else if t.contains('{') {
                    // `file.{ext}`-style partial templates.
                    let prefix = &t[..t.find('{').unwrap_or(0)];
                    s.starts_with(prefix)
                } else {
                    literal += 1;
                    t == s
                }
            });
            if ok && best.as_ref().is_none_or(|(l, _, _)| literal > *l) {
                best = Some((literal, template.as_str(), item));
            }
        }
    }
    best.map(|(_, t, i)| (t, i))
}

/// Follow a local `$ref` (`#/components/parameters/X`).
fn deref<'a>(api: &'a Value, v: &'a Value) -> &'a Value {
    let mut cur = v;
    for _ in 0..16 {
        match cur
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(ptr) => match api.pointer(ptr) {
                Some(next) => cur = next,
                None => return cur,
            },
            None => return cur,
        }
    }
    cur
}

#[allow(clippy::too_many_arguments)]
fn check_parameters(
    api: &Value,
    item: &Value,
    op: &Value,
    request: &HttpRequest,
    label: &str,
    at: &Location,
    api_name: &str,
    op_ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let query = request
        .query
        .as_ref()
        .map(|q| q.to_map())
        .unwrap_or_default();
    let params = item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    for p in params {
        let p = deref(api, p);
        let (Some(name), Some(location)) = (
            p.get("name").and_then(Value::as_str),
            p.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        if p.get("required").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let present = match location {
            "query" => query.contains_key(name),
            "header" => header(request.headers.as_ref(), name).is_some(),
            _ => true,
        };
        if !present {
            out.push(
                Diagnostic::new(
                    &InteractionRequiredParameterMissing::META,
                    format!("interaction {label}: the required {location} parameter {name:?} is not sent"),
                    at.clone(),
                )
                .with_related("operation", Location::file(api_name).with_pointer(op_ptr.to_owned())),
            );
        }
    }
}

fn json_body(body: &Body) -> Option<Value> {
    match body {
        Body::Present {
            value: BodyValue::Json(v),
            ..
        } => Some(v.clone()),
        Body::Present {
            value: BodyValue::Text(t),
            ..
        } => serde_json::from_str(t).ok(),
        Body::Present {
            value: BodyValue::Bytes(b),
            ..
        } => serde_json::from_slice(b).ok(),
        Body::Null => Some(Value::Null),
        Body::Missing => None,
    }
}

/// The JSON media type entry of a `content` map and its key.
fn json_media(content: &Value) -> Option<(&str, &Value)> {
    let map = content.as_object()?;
    map.iter()
        .find(|(k, _)| {
            let base = k.split(';').next().unwrap_or("").trim();
            base == "application/json"
                || base.ends_with("+json")
                || base == "*/*"
                || base == "application/*"
        })
        .map(|(k, v)| (k.as_str(), v))
}

#[allow(clippy::too_many_arguments)]
fn check_request_body(
    api: &Value,
    op: &Value,
    request: &HttpRequest,
    label: &str,
    at: &Location,
    api_name: &str,
    op_ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(body) = json_body(&request.body) else {
        return;
    };
    let Some(rb) = op.get("requestBody") else {
        return;
    };
    let rb_ptr = match rb
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(p) => p.to_owned(),
        None => format!("{op_ptr}/requestBody"),
    };
    let rb = deref(api, rb);
    let Some((media, entry)) = rb.get("content").and_then(json_media) else {
        return;
    };
    if entry.get("schema").is_none() {
        return;
    }
    let schema_ptr = format!("{rb_ptr}/content/{}/schema", escape(media));
    for (path, msg) in validate(api, &schema_ptr, &body) {
        out.push(
            Diagnostic::new(
                &InteractionRequestBodyInvalid::META,
                format!("interaction {label}: request body {path}: {msg}"),
                at.clone(),
            )
            .with_property("path", path)
            .with_related(
                "schema",
                Location::file(api_name).with_pointer(schema_ptr.clone()),
            ),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_response(
    api: &Value,
    op: &Value,
    response: &HttpResponse,
    label: &str,
    at: &Location,
    api_name: &str,
    op_ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return;
    };
    let status = response.status.to_string();
    let range = format!("{}XX", &status[..1]);
    let range_lower = range.to_lowercase();
    let key = [
        status.as_str(),
        range.as_str(),
        range_lower.as_str(),
        "default",
    ]
    .into_iter()
    .find(|k| responses.contains_key(*k));
    let Some(key) = key else {
        let declared: Vec<&str> = responses.keys().map(String::as_str).collect();
        out.push(
            Diagnostic::new(
                &InteractionStatusUndocumented::META,
                format!(
                    "interaction {label}: status {status} is not declared (declared: {})",
                    declared.join(", ")
                ),
                at.clone(),
            )
            .with_related(
                "responses",
                Location::file(api_name).with_pointer(format!("{op_ptr}/responses")),
            ),
        );
        return;
    };
    let Some(body) = json_body(&response.body) else {
        return;
    };
    let raw = &responses[key];
    let resp_ptr = match raw
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(p) => p.to_owned(),
        None => format!("{op_ptr}/responses/{}", escape(key)),
    };
    let resolved = deref(api, raw);
    let Some((media, entry)) = resolved.get("content").and_then(json_media) else {
        return;
    };
    if entry.get("schema").is_none() {
        return;
    }
    let schema_ptr = format!("{resp_ptr}/content/{}/schema", escape(media));
    for (path, msg) in validate(api, &schema_ptr, &body) {
        out.push(
            Diagnostic::new(
                &InteractionResponseBodyInvalid::META,
                format!("interaction {label}: response body {path}: {msg}"),
                at.clone(),
            )
            .with_property("path", path)
            .with_related(
                "schema",
                Location::file(api_name).with_pointer(schema_ptr.clone()),
            ),
        );
    }
}

/// Validate `instance` against the schema at `pointer` inside `api`. The whole
/// document is the root schema (with a `$ref` to the target), so `#/components/...`
/// refs resolve. Returns (JSON path, message) per error.
fn validate(api: &Value, pointer: &str, instance: &Value) -> Vec<(String, String)> {
    let mut root = api.clone();
    if let Value::Object(m) = &mut root {
        const FRAGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'/')
            .remove(b'~')
            .remove(b'-')
            .remove(b'_')
            .remove(b'.');
        let encoded = percent_encoding::utf8_percent_encode(pointer, FRAGMENT);
        m.insert("$ref".into(), json!(format!("#{encoded}")));
        m.remove("$schema");
        m.remove("$id");
    }
    let validator = match jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
    {
        Ok(v) => v,
        Err(e) => return vec![("$".into(), format!("the schema could not be compiled: {e}"))],
    };
    validator
        .iter_errors(instance)
        .map(|e| {
            (
                pointer_to_path(&e.instance_path().to_string()),
                e.to_string(),
            )
        })
        .collect()
}

fn pointer_to_path(ptr: &str) -> String {
    let mut out = String::from("$");
    for seg in ptr.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            out.push('.');
            out.push_str(&seg);
        }
    }
    out
}

/// OpenAPI 3.0 schema keywords → JSON Schema 2020-12: `nullable`, boolean
/// `exclusiveMinimum`/`exclusiveMaximum`.
fn normalise_schema_dialect(api: &Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.get("nullable").and_then(Value::as_bool) == Some(true) {
                    if let Some(Value::String(t)) = m.get("type").cloned() {
                        m.insert("type".into(), json!([t, "null"]));
                    } else if m.contains_key("$ref")
                        || m.contains_key("allOf")
                        || m.contains_key("oneOf")
                    {
                        let inner = Value::Object(std::mem::take(m));
                        m.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                    }
                    m.remove("nullable");
                }
                for (flag, bound) in [
                    ("exclusiveMinimum", "minimum"),
                    ("exclusiveMaximum", "maximum"),
                ] {
                    if let Some(Value::Bool(b)) = m.get(flag).cloned() {
                        m.remove(flag);
                        if b {
                            if let Some(n) = m.remove(bound) {
                                m.insert(flag.into(), n);
                            }
                        }
                    }
                }
                for child in m.values_mut() {
                    walk(child);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut out = api.clone();
    walk(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pact::parse_pact;

    const API: &str = r##"{
      "openapi": "3.0.3",
      "info": {"title": "users", "version": "1"},
      "servers": [{"url": "https://api.example.com/v1"}],
      "paths": {
        "/users/{id}": {
          "get": {
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {
              "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
              "404": {"description": "missing"}
            }
          }
        },
        "/users": {
          "post": {
            "parameters": [{"name": "X-Request-Id", "in": "header", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["name", "email"],
              "properties": {"name": {"type": "string"}, "email": {"type": "string"}}}}}},
            "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}
          }
        }
      },
      "components": {"schemas": {"User": {"type": "object", "required": ["userId", "name"],
        "properties": {"userId": {"type": "integer"}, "name": {"type": "string"}, "email": {"type": "string", "nullable": true}}}}}
    }"##;

    fn pact(interactions: &str) -> Pact {
        parse_pact(&format!(
            r#"{{"consumer": {{"name": "c"}}, "provider": {{"name": "p"}}, "interactions": [{interactions}],
                "metadata": {{"pactSpecification": {{"version": "3.0.0"}}}}}}"#
        ))
        .unwrap()
    }

    fn codes(interactions: &str) -> Vec<String> {
        let api: Value = serde_json::from_str(API).unwrap();
        check(&pact(interactions), "pact.json", &api, "api.json")
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn valid_interactions_pass() {
        let found = codes(
            r#"{"description": "get", "request": {"method": "GET", "path": "/v1/users/42"},
                "response": {"status": 200, "body": {"userId": 42, "name": "Alice", "email": null}}},
               {"description": "missing", "request": {"method": "GET", "path": "/users/7"}, "response": {"status": 404}}"#,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn each_rule_flags_its_case() {
        let found = codes(
            r#"{"description": "a", "request": {"method": "GET", "path": "/orders/1"}, "response": {"status": 200}},
               {"description": "b", "request": {"method": "DELETE", "path": "/users/1"}, "response": {"status": 204}},
               {"description": "c", "request": {"method": "GET", "path": "/users/1"}, "response": {"status": 500}},
               {"description": "d", "request": {"method": "POST", "path": "/users", "headers": {"X-Request-Id": "r"}, "body": {"name": "B"}},
                "response": {"status": 201, "body": {"userId": 1, "name": "B"}}},
               {"description": "e", "request": {"method": "GET", "path": "/users/1"}, "response": {"status": 200, "body": {"user_id": 1, "name": "A"}}},
               {"description": "f", "request": {"method": "POST", "path": "/users", "body": {"name": "B", "email": "b@x"}},
                "response": {"status": 201, "body": {"userId": 1, "name": "B"}}}"#,
        );
        let joined = found.join("\n");
        for expect in [
            "CON001 interaction \"a\"",
            "CON002 interaction \"b\"",
            "CON003 interaction \"c\"",
            "CON004 interaction \"d\"",
            "CON005 interaction \"e\"",
            "CON006 interaction \"f\"",
        ] {
            assert!(joined.contains(expect), "missing {expect}:\n{joined}");
        }
        assert_eq!(found.len(), 6, "{joined}");
        assert!(
            joined.contains("\"userId\" is a required property"),
            "{joined}"
        );
    }
}
