//! Write guard against cross-site request forgery (issue 10, hole 4).
//!
//! A web page can make a browser send a write to a broker on localhost or an
//! intranet. Three rules stop it, checked before authentication and before
//! the handler runs, so a refused request changes nothing:
//!
//! - a write (any method but GET, HEAD, OPTIONS) sent by a browser from
//!   another site is refused with 403: `Sec-Fetch-Site` other than
//!   `same-origin` or `none`, or an `Origin` that is not the broker's own;
//! - a write that carries a body, or declares a content type on a route that
//!   takes one, must declare a JSON media type (`application/json`,
//!   `application/hal+json`, `application/merge-patch+json`), else 415, as
//!   the Pact Broker answers. Browsers send those types cross-origin only
//!   after a CORS preflight, which this broker never grants (it sends no
//!   `Access-Control-Allow-*` header);
//! - a write with no body on a route whose `/openapi.json` description marks
//!   the request body as required gets 400 (checked by
//!   [`crate::http::JsonBody`], which sees the body's length, through the
//!   [`BodyRule`] this guard attaches to the request).
//!
//! Which routes take a body, and which require one, is read from the
//! generated API description ([`BodyRules::from_description`]), so there is
//! no second hand-kept list.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The media types a write body may be sent as.
pub const JSON_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/hal+json",
    "application/merge-patch+json",
];

/// What an operation's description says about its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BodyRule {
    /// The operation describes a request body.
    pub described: bool,
    /// The body is required (`requestBody.required: true`).
    pub required: bool,
}

/// The body rule of every (method, route template), from `/openapi.json`.
#[derive(Debug, Clone, Default)]
pub struct BodyRules(Arc<HashMap<(Method, String), BodyRule>>);

impl BodyRules {
    /// Read the rules from a generated API description.
    pub fn from_description(doc: &Value) -> BodyRules {
        let mut map = HashMap::new();
        for (template, item) in doc["paths"].as_object().into_iter().flatten() {
            for (name, op) in item.as_object().into_iter().flatten() {
                let Ok(method) = Method::from_bytes(name.to_ascii_uppercase().as_bytes()) else {
                    continue;
                };
                let body = op.get("requestBody");
                let rule = BodyRule {
                    described: body.is_some(),
                    required: body.is_some_and(|b| b["required"] == Value::Bool(true)),
                };
                map.insert((method, template.clone()), rule);
            }
        }
        BodyRules(Arc::new(map))
    }

    /// The rule for a method on a route template (HEAD is GET).
    pub fn get(&self, method: &Method, template: &str) -> BodyRule {
        self.0
            .get(&(method.clone(), template.to_string()))
            .copied()
            .unwrap_or_default()
    }
}

/// Whether `method` can change data.
pub fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The media type of a `Content-Type` value, lower case, without parameters.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether the request carries a body, from its framing headers.
fn has_body(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return true;
    }
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|n| n > 0)
}

/// `host[:port]` of a URL or of a Host header, lower case, with the
/// scheme's default port made explicit.
fn authority(host_port: &str, scheme: &str) -> String {
    let host_port = host_port.trim().to_ascii_lowercase();
    let default = if scheme == "https" { "443" } else { "80" };
    // An IPv6 literal keeps its brackets: `[::1]:9292`.
    let has_port = match host_port.rfind(']') {
        Some(end) => host_port[end..].contains(':'),
        None => host_port.contains(':'),
    };
    if has_port {
        host_port
    } else {
        format!("{host_port}:{default}")
    }
}

/// Split `scheme://authority/...` into scheme and authority.
fn split_url(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let auth = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!auth.is_empty()).then(|| (scheme.to_ascii_lowercase(), auth))
}

/// Refuse a browser write from another origin; `None` when it may pass.
fn cross_origin(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        let site = site.trim().to_ascii_lowercase();
        if site != "same-origin" && site != "none" {
            return Some(format!(
                "the browser says this write comes from another site (Sec-Fetch-Site: {site}); the broker accepts writes from its own pages and from API clients only"
            ));
        }
    }
    let origin = text("origin")?.trim();
    let refuse = |why: &str| {
        Some(format!(
            "cross-origin write refused: Origin `{}` {why}; the broker accepts writes from its own pages and from API clients only",
            origin.escape_debug()
        ))
    };
    let Some((scheme, origin_auth)) = split_url(origin) else {
        return refuse("is not this broker");
    };
    let origin_auth = authority(origin_auth, &scheme);
    let own = match &state.config.public_url {
        Some(url) => split_url(url).map(|(s, a)| {
            let a = authority(a, &s);
            (Some(s), a)
        }),
        None => crate::http::request_host(headers, &state.config)
            .map(|h| (None, authority(&h, &scheme))),
    };
    match own {
        Some((own_scheme, own_auth)) => {
            let same_scheme = own_scheme.is_none_or(|s| s == scheme);
            if same_scheme && own_auth == origin_auth {
                None
            } else {
                refuse("is not this broker")
            }
        }
        None => refuse("cannot be compared with this broker's address"),
    }
}

/// What the middleware needs: the application state and the body rules.
#[derive(Debug, Clone)]
pub struct GuardState {
    pub app: AppState,
    pub rules: BodyRules,
}

/// The middleware; it runs after routing, so the matched route is known.
pub async fn guard_writes(
    State(GuardState { app: state, rules }): State<GuardState>,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut()
        .insert(crate::http::BodyTimeout(state.config.limits.body_timeout));
    if !is_write(req.method()) {
        return next.run(req).await;
    }
    if let Some(detail) = cross_origin(&state, req.headers()) {
        return ApiError::forbidden(detail).into_response();
    }
    let rule = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| rules.get(req.method(), p.as_str()))
        .unwrap_or_default();
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().map(media_type).unwrap_or_default());
    let body = has_body(req.headers());
    if body || (declared.is_some() && rule.described) {
        let ok = declared
            .as_deref()
            .is_some_and(|t| JSON_MEDIA_TYPES.contains(&t));
        if !ok {
            let sent = match &declared {
                Some(t) if !t.is_empty() => format!("`{}`", t.escape_debug()),
                Some(_) => "an unreadable content type".to_string(),
                None => "no Content-Type".to_string(),
            };
            return ApiError::client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                format!(
                    "{} {} was sent with {sent}; send the body as {}",
                    req.method(),
                    req.uri().path(),
                    JSON_MEDIA_TYPES.join(", ")
                ),
            )
            .into_response();
        }
    }
    req.extensions_mut().insert(rule);
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_come_from_the_description() {
        let doc = json!({"paths": {
            "/a": {"post": {"requestBody": {"required": true}}, "delete": {}},
            "/b/{x}": {"put": {"requestBody": {}}}
        }});
        let rules = BodyRules::from_description(&doc);
        assert_eq!(
            rules.get(&Method::POST, "/a"),
            BodyRule {
                described: true,
                required: true
            }
        );
        assert_eq!(rules.get(&Method::DELETE, "/a"), BodyRule::default());
        assert_eq!(
            rules.get(&Method::PUT, "/b/{x}"),
            BodyRule {
                described: true,
                required: false
            }
        );
        assert_eq!(rules.get(&Method::PATCH, "/c"), BodyRule::default());
    }

    #[test]
    fn media_types_and_authorities_normalise() {
        assert_eq!(
            media_type("Application/JSON; charset=utf-8"),
            "application/json"
        );
        assert_eq!(authority("Example.com", "https"), "example.com:443");
        assert_eq!(authority("127.0.0.1:9292", "http"), "127.0.0.1:9292");
        assert_eq!(authority("[::1]", "http"), "[::1]:80");
        assert_eq!(authority("[::1]:9292", "http"), "[::1]:9292");
        assert_eq!(
            split_url("https://broker.example:8443/x"),
            Some(("https".into(), "broker.example:8443"))
        );
        assert_eq!(split_url("null"), None);
    }
}
