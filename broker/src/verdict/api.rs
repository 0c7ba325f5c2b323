//! API evidence: the breaking changes between the OpenAPI document of the
//! provider version deployed in an environment and the candidate's, weighed
//! by which consumers deployed there rely on them.
//!
//! "Relies on" means the consumer's pact touches the changed operation (same
//! method, path matching the template) and, where the change names one, the
//! parameter it sends, the response status it expects, the response header it
//! reads or the response property it reads (the property or something below
//! it). An error-level change a deployed consumer relies on blocks; one that
//! no known consumer touches is a warning, unless the gate is strict.

use super::{Level, Reason, ReasonKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shipgate_rules::openapi::{DiffOptions, Spec};
use shipgate_rules::pact::model::{Body, BodyValue, Query};

/// One difference found by the OpenAPI diff, as stored in the diff cache.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiChange {
    pub code: String,
    pub level: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Where the change sits: request-body, response-body, response-status,
    /// response-header, parameter, … (see the diff's finding properties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

/// Diff two provider contracts; only error and warning findings are kept.
/// `today` is passed in (sunset dates): this module reads no clock.
pub fn changes(base: &Spec, rev: &Spec, today: chrono::NaiveDate) -> Vec<ApiChange> {
    let opts = DiffOptions::new(today);
    shipgate_rules::openapi::diff(base, rev, &opts)
        .into_iter()
        .filter(|d| d.level >= shipgate_rules::diagnostics::Level::Warning)
        // A change to a shared schema comes as one group; each place it reaches
        // (operation, property) is weighed on its own.
        .flat_map(shipgate_rules::diagnostics::Diagnostic::ungroup)
        .map(|d| {
            let p = |k: &str| d.properties.get(k).map(str::to_owned);
            ApiChange {
                code: d.code.to_string(),
                level: d.level.to_string(),
                method: p("method"),
                path: p("path"),
                part: p("part"),
                status: p("status"),
                property: p("property"),
                parameter: p("parameter"),
                parameter_in: p("parameter_in"),
                header: p("header"),
                message: d.message,
            }
        })
        .collect()
}

/// What one HTTP interaction of a consumer's pact uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Call {
    pub method: String,
    pub path: String,
    /// Query parameter names sent.
    pub query: Vec<String>,
    /// Request header names sent (lower case).
    pub headers: Vec<String>,
    /// Request body property paths sent, like `response_props`.
    pub request_props: Vec<String>,
    pub status: u16,
    /// Response header names expected (lower case).
    pub response_headers: Vec<String>,
    /// Response body property paths read (`user`, `user.id`, `items.sku`), array indexes dropped.
    pub response_props: Vec<String>,
}

/// The HTTP calls of a pact (its text as stored). A pact that cannot be read
/// uses nothing we can see.
pub fn calls(pact: &str) -> Vec<Call> {
    let Ok(parsed) = shipgate_rules::pact::parse_pact(pact) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in &parsed.interactions {
        let shipgate_rules::pact::InteractionKind::Http { request, response } = &i.kind else {
            continue;
        };
        let query = match &request.query {
            Some(Query::Map(m)) => m.keys().cloned().collect(),
            Some(Query::Raw(s)) => s
                .split('&')
                .filter_map(|kv| kv.split('=').next())
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect(),
            None => Vec::new(),
        };
        let names = |h: &Option<shipgate_rules::pact::model::Headers>| -> Vec<String> {
            h.iter()
                .flat_map(|m| m.keys().map(|k| k.to_ascii_lowercase()))
                .collect()
        };
        let mut props = Vec::new();
        if let Body::Present {
            value: BodyValue::Json(v),
            ..
        } = &response.body
        {
            flatten(v, "", &mut props);
        }
        let mut sent = Vec::new();
        if let Body::Present {
            value: BodyValue::Json(v),
            ..
        } = &request.body
        {
            flatten(v, "", &mut sent);
        }
        out.push(Call {
            method: request.method.to_ascii_uppercase(),
            path: request.path.split('?').next().unwrap_or("").to_owned(),
            query,
            headers: names(&request.headers),
            request_props: sent,
            status: response.status,
            response_headers: names(&response.headers),
            response_props: props,
        });
    }
    out
}

fn flatten(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(path.clone());
                flatten(child, &path, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                flatten(child, prefix, out);
            }
        }
        _ => {}
    }
}

/// `items[].sku` / `items[0].sku` → `items.sku`.
fn normalise_prop(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut depth = 0;
    for c in p.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out.trim_matches('.').replace("..", ".")
}

/// Whether the concrete `path` matches the OpenAPI path `template`.
pub fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| {
            if t.starts_with('{') && t.ends_with('}') {
                !p.is_empty()
            } else if let Some(i) = t.find('{') {
                p.starts_with(&t[..i])
            } else {
                t == p
            }
        })
}

fn status_matches(change: &str, actual: u16) -> bool {
    let a = actual.to_string();
    let c = change.to_ascii_uppercase();
    c == a || (c.len() == 3 && c.ends_with("XX") && a.starts_with(&c[..1]))
}

/// Whether `call` relies on `change` (see the module docs).
pub fn relies(call: &Call, change: &ApiChange) -> bool {
    let (Some(method), Some(path)) = (&change.method, &change.path) else {
        // A document-level change (security schemes, …) concerns every caller.
        return true;
    };
    if !method.eq_ignore_ascii_case(&call.method) || !path_matches(path, &call.path) {
        return false;
    }
    let status_ok = change
        .status
        .as_deref()
        .is_none_or(|s| s == "default" || status_matches(s, call.status));
    match change.part.as_deref() {
        Some("response-status") => status_ok,
        Some("response-header") => {
            status_ok
                && change
                    .header
                    .as_deref()
                    .is_none_or(|h| call.response_headers.contains(&h.to_ascii_lowercase()))
        }
        Some("response-body") => {
            status_ok
                && change.property.as_deref().is_none_or(|p| {
                    let p = normalise_prop(p);
                    call.response_props
                        .iter()
                        .any(|c| *c == p || c.starts_with(&format!("{p}.")))
                })
        }
        Some("parameter") => {
            let name = change.parameter.as_deref().unwrap_or("");
            // A parameter that is now required concerns every caller (OAS010, OAS012).
            let required_now = change.code == "OAS010" || change.code == "OAS012";
            match change.parameter_in.as_deref() {
                Some("path") => true,
                _ if required_now => true,
                Some("query") => call.query.iter().any(|q| q == name),
                Some("header") => call.headers.contains(&name.to_ascii_lowercase()),
                _ => true,
            }
        }
        Some("request-body") => match change.property.as_deref() {
            // A property that is now required concerns every caller (OAS026, OAS027).
            Some(_) if change.code == "OAS026" || change.code == "OAS027" => true,
            // Other property changes concern the callers that send it.
            Some(p) => {
                let p = normalise_prop(p);
                call.request_props
                    .iter()
                    .any(|c| *c == p || c.starts_with(&format!("{p}.")))
            }
            None => true,
        },
        // Anything else about the operation: every caller.
        _ => true,
    }
}

/// A consumer deployed in the environment, with the calls of its pact with the provider.
#[derive(Debug, Clone, Default)]
pub struct Consumer {
    pub name: String,
    pub version: String,
    pub calls: Vec<Call>,
}

/// What the API evidence of one provider version is judged on.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    pub provider: &'a str,
    /// The version being deployed.
    pub version: &'a str,
    /// The version it replaces in the environment.
    pub deployed: &'a str,
    pub environment: &'a str,
    pub changes: &'a [ApiChange],
    pub consumers: &'a [Consumer],
    /// `[gate] api = "strict"` or `--strict-api`: unrelied-on errors block too.
    pub strict: bool,
}

/// The api reasons for one provider version.
pub fn reasons(e: &Evidence<'_>) -> Vec<Reason> {
    let base = |level, text: String, change: &ApiChange| Reason {
        code: Some(change.code.clone()),
        pacticipant: Some(e.provider.to_owned()),
        version: Some(e.version.to_owned()),
        environment: Some(e.environment.to_owned()),
        operation: change
            .method
            .as_ref()
            .zip(change.path.as_ref())
            .map(|(m, p)| format!("{m} {p}")),
        ..Reason::new(ReasonKind::Api, level, text)
    };
    let mut out = Vec::new();
    let (mut errors, mut relied) = (0, 0);
    for change in e.changes {
        let error = change.level == "error";
        errors += usize::from(error);
        let users: Vec<&Consumer> = e
            .consumers
            .iter()
            .filter(|c| c.calls.iter().any(|call| relies(call, change)))
            .collect();
        if users.is_empty() {
            if error {
                let (level, tail) = if e.strict {
                    (Level::Error, "the gate is strict about API changes (`[gate] api = \"strict\"` or --strict-api), so it blocks")
                } else {
                    (Level::Warning, "it does not block")
                };
                out.push(base(
                    level,
                    format!(
                        "API: {} {} {} → {}: {}; no consumer deployed in {} relies on it, {tail}",
                        change.code,
                        e.provider,
                        e.deployed,
                        e.version,
                        change.message,
                        e.environment
                    ),
                    change,
                ));
            }
            continue;
        }
        relied += usize::from(error);
        for u in users {
            let level = if error { Level::Error } else { Level::Warning };
            out.push(Reason {
                consumer: Some(u.name.clone()),
                ..base(
                    level,
                    format!(
                        "API: {} {} {} → {}: {}; {} ({}) in {} relies on it",
                        change.code,
                        e.provider,
                        e.deployed,
                        e.version,
                        change.message,
                        u.name,
                        u.version,
                        e.environment
                    ),
                    change,
                )
            });
        }
    }
    out.insert(
        0,
        Reason {
            pacticipant: Some(e.provider.to_owned()),
            version: Some(e.version.to_owned()),
            environment: Some(e.environment.to_owned()),
            ..Reason::new(
                ReasonKind::Api,
                Level::Info,
                format!(
                    "API: {} {} compared with {} in {}: {errors} breaking change{}, {relied} relied on by consumers deployed there",
                    e.provider,
                    e.version,
                    e.deployed,
                    e.environment,
                    if errors == 1 { "" } else { "s" }
                ),
            )
        },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(method: &str, path: &str, status: u16, props: &[&str]) -> Call {
        Call {
            method: method.into(),
            path: path.into(),
            status,
            response_props: props.iter().map(|s| (*s).to_owned()).collect(),
            ..Call::default()
        }
    }

    fn change(code: &str, part: &str, extra: &[(&str, &str)]) -> ApiChange {
        let mut c = ApiChange {
            code: code.into(),
            level: "error".into(),
            message: format!("`GET /orders/{{id}}`: {code}"),
            method: Some("GET".into()),
            path: Some("/orders/{id}".into()),
            part: Some(part.into()),
            ..ApiChange::default()
        };
        for (k, v) in extra {
            let v = Some((*v).to_owned());
            match *k {
                "status" => c.status = v,
                "property" => c.property = v,
                "parameter" => c.parameter = v,
                "parameter_in" => c.parameter_in = v,
                "header" => c.header = v,
                "path" => c.path = v,
                _ => unreachable!(),
            }
        }
        c
    }

    /// A change to a shared schema is one grouped finding in the diff; the gate
    /// still sees each operation it reaches, with its own path and property.
    #[test]
    fn grouped_findings_are_weighed_per_operation() {
        let doc = |t: &str| {
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/X'}}\n  /b:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{x: {{$ref: '#/components/schemas/X'}}}}}}\ncomponents:\n  schemas:\n    X: {{type: object, properties: {{n: {{type: {t}}}}}}}\n")
        };
        let load = |t: &str| shipgate_rules::openapi::load_str("api.yaml", &doc(t)).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let found = changes(&load("string"), &load("integer"), today);
        let seen: Vec<(Option<&str>, Option<&str>)> = found
            .iter()
            .map(|c| (c.path.as_deref(), c.property.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [(Some("/a"), Some("n")), (Some("/b"), Some("x.n"))],
            "{found:?}"
        );
    }

    #[test]
    fn reliance_table() {
        let reads_user = call("GET", "/orders/42", 200, &["id", "userId"]);
        let mut with_query = reads_user.clone();
        with_query.query = vec!["expand".into()];
        let nested = call("GET", "/orders/42", 200, &["user", "user.id"]);
        let mut sends_coupon = reads_user.clone();
        sends_coupon.request_props = vec!["coupon".into()];
        let cases = [
            // property removed that the consumer reads
            (
                &reads_user,
                change(
                    "OAS029",
                    "response-body",
                    &[("status", "200"), ("property", "userId")],
                ),
                true,
            ),
            // a property it does not read
            (
                &reads_user,
                change(
                    "OAS029",
                    "response-body",
                    &[("status", "200"), ("property", "total")],
                ),
                false,
            ),
            // another status
            (
                &reads_user,
                change(
                    "OAS029",
                    "response-body",
                    &[("status", "404"), ("property", "userId")],
                ),
                false,
            ),
            // a removed parent whose child the consumer reads
            (
                &nested,
                change(
                    "OAS029",
                    "response-body",
                    &[("status", "200"), ("property", "user")],
                ),
                true,
            ),
            (
                &nested,
                change(
                    "OAS029",
                    "response-body",
                    &[("status", "2XX"), ("property", "user.id")],
                ),
                true,
            ),
            // another operation
            (
                &reads_user,
                change("OAS029", "response-body", &[("path", "/carts/{id}")]),
                false,
            ),
            // status removed
            (
                &reads_user,
                change("OAS040", "response-status", &[("status", "200")]),
                true,
            ),
            // parameters
            (
                &reads_user,
                change(
                    "OAS010",
                    "parameter",
                    &[("parameter", "expand"), ("parameter_in", "query")],
                ),
                true,
            ),
            (
                &reads_user,
                change(
                    "OAS011",
                    "parameter",
                    &[("parameter", "expand"), ("parameter_in", "query")],
                ),
                false,
            ),
            (
                &with_query,
                change(
                    "OAS011",
                    "parameter",
                    &[("parameter", "expand"), ("parameter_in", "query")],
                ),
                true,
            ),
            (
                &reads_user,
                change(
                    "OAS014",
                    "parameter",
                    &[("parameter", "id"), ("parameter_in", "path")],
                ),
                true,
            ),
            // request properties: sent or not; newly required concerns everyone
            (
                &reads_user,
                change("OAS028", "request-body", &[("property", "coupon")]),
                false,
            ),
            (
                &sends_coupon,
                change("OAS028", "request-body", &[("property", "coupon")]),
                true,
            ),
            (
                &reads_user,
                change("OAS026", "request-body", &[("property", "coupon")]),
                true,
            ),
            (&reads_user, change("OAS035", "request-body", &[]), true),
            // operation-level
            (&reads_user, change("OAS001", "", &[]), true),
        ];
        for (i, (c, ch, want)) in cases.iter().enumerate() {
            assert_eq!(relies(c, ch), *want, "case {i}: {ch:?}");
        }
    }

    #[test]
    fn calls_read_a_pact() {
        let pact = json!({
            "consumer": {"name": "c"}, "provider": {"name": "p"},
            "interactions": [{"description": "d",
                "request": {"method": "get", "path": "/orders/1", "query": "expand=user&x=1", "headers": {"Accept": "application/json"}},
                "response": {"status": 200, "body": {"id": "1", "items": [{"sku": "a"}]}}}],
            "metadata": {"pactSpecification": {"version": "2.0.0"}}
        })
        .to_string();
        let c = &calls(&pact)[0];
        assert_eq!(
            (c.method.as_str(), c.path.as_str(), c.status),
            ("GET", "/orders/1", 200)
        );
        assert_eq!(c.query, vec!["expand", "x"]);
        assert_eq!(c.headers, vec!["accept"]);
        assert_eq!(c.response_props, vec!["id", "items", "items.sku"]);
        assert!(calls("not json").is_empty());
    }

    #[test]
    fn reasons_block_only_what_is_relied_on_unless_strict() {
        let changes = vec![
            change(
                "OAS029",
                "response-body",
                &[("status", "200"), ("property", "userId")],
            ),
            change(
                "OAS029",
                "response-body",
                &[("status", "200"), ("property", "total")],
            ),
        ];
        let consumers = vec![Consumer {
            name: "checkout-ui".into(),
            version: "1.0.0".into(),
            calls: vec![call("GET", "/orders/42", 200, &["userId"])],
        }];
        let mut e = Evidence {
            provider: "orders",
            version: "2.0.0",
            deployed: "1.0.0",
            environment: "production",
            changes: &changes,
            consumers: &consumers,
            strict: false,
        };
        let levels = |rs: &[Reason]| rs.iter().map(|r| r.level).collect::<Vec<_>>();
        let rs = reasons(&e);
        assert_eq!(levels(&rs), vec![Level::Info, Level::Error, Level::Warning]);
        assert_eq!(rs[1].consumer.as_deref(), Some("checkout-ui"));
        assert_eq!(rs[1].code.as_deref(), Some("OAS029"));
        assert!(
            rs[1]
                .text
                .contains("checkout-ui (1.0.0) in production relies on it"),
            "{}",
            rs[1].text
        );
        e.strict = true;
        assert_eq!(
            levels(&reasons(&e)),
            vec![Level::Info, Level::Error, Level::Error]
        );
    }

    #[test]
    fn props_normalise() {
        assert_eq!(normalise_prop("items[].sku"), "items.sku");
        assert_eq!(normalise_prop("a"), "a");
    }
}
