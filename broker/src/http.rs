//! HTTP plumbing shared by the routes: the application state, the base URL
//! used in HAL links, a JSON body extractor whose rejections are problem
//! documents, HAL responses, and name validation.

use crate::error::ApiError;
use crate::{AppState, BrokerConfig};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The characters escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encode one path segment.
pub fn seg(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// The externally visible base URL (`http://host:port`), no trailing slash.
#[derive(Debug, Clone)]
pub struct Base(pub String);

impl Base {
    /// `base + path`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

impl FromRequestParts<AppState> for Base {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(url) = &state.config.public_url {
            return Ok(Base(url.trim_end_matches('/').to_string()));
        }
        let proto = if state.config.trust_forwarded_headers {
            forwarded(&parts.headers, "x-forwarded-proto")
                .filter(|p| p == "http" || p == "https")
                .unwrap_or_else(|| "http".into())
        } else {
            "http".into()
        };
        let host = request_host(&parts.headers, &state.config)
            .or_else(|| parts.uri.authority().map(|a| a.to_string()))
            .unwrap_or_else(|| state.config.listen.clone());
        // A Host header is user input: keep only characters a host:port may hold.
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]_".contains(c))
        {
            return Err(ApiError::bad_request(format!(
                "invalid Host header `{}`",
                host.escape_debug()
            )));
        }
        Ok(Base(format!("{proto}://{host}")))
    }
}

/// The first value of a proxy header such as `X-Forwarded-Host`.
fn forwarded(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.split(',').next().unwrap_or("").trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The host (and port) the client addressed: `X-Forwarded-Host` when the
/// configuration trusts proxy headers, else `Host`.
pub fn request_host(headers: &HeaderMap, config: &BrokerConfig) -> Option<String> {
    let from_proxy = if config.trust_forwarded_headers {
        forwarded(headers, "x-forwarded-host")
    } else {
        None
    };
    from_proxy.or_else(|| forwarded(headers, "host"))
}

/// How long a request body may take to arrive (the guard attaches it to
/// every request from [`crate::serve::Limits::body_timeout`]).
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub std::time::Duration);

/// A JSON request body. An empty body reads as `{}` (the Pact clients send
/// `{}` or nothing for "no attributes") unless the route's description
/// requires a body ([`crate::guard::BodyRule`]): then it is a 400. Errors
/// name line and column.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let required = req
            .extensions()
            .get::<crate::guard::BodyRule>()
            .is_some_and(|r| r.required);
        let what = format!("{} {}", req.method(), req.uri().path());
        let timeout = req
            .extensions()
            .get::<BodyTimeout>()
            .map_or(std::time::Duration::from_secs(30), |t| t.0);
        let read = tokio::time::timeout(timeout, Bytes::from_request(req, state))
            .await
            .map_err(|_| {
                ApiError::client(
                    StatusCode::REQUEST_TIMEOUT,
                    "Request timeout",
                    format!(
                        "the request body did not arrive within {} s",
                        timeout.as_secs()
                    ),
                )
            })?;
        let bytes = read.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::client(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Payload too large",
                    "the request body is larger than the broker's body limit (--body-limit)",
                )
            } else {
                ApiError::bad_request(format!("cannot read the request body: {e}"))
            }
        })?;
        if required && bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request(format!(
                "{what} needs a JSON request body, and this request has none"
            )));
        }
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parse a JSON body with a precise error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ApiError::bad_request(format!("the request body is not UTF-8: {e}")))?;
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_json::from_str(text).map_err(|e| {
        ApiError::bad_request(format!(
            "the request body is not valid: {} (line {}, column {})",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        ))
    })
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

/// A HAL JSON response.
pub fn hal(status: StatusCode, body: Value) -> Response {
    hal_text(status, body.to_string())
}

/// A HAL JSON response from JSON text.
pub fn hal_text(status: StatusCode, body: String) -> Response {
    with_content_type(status, body, "application/hal+json;charset=utf-8")
}

/// A response with a body and a content type.
pub fn with_content_type(status: StatusCode, body: String, content_type: &'static str) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// A 200 HAL response.
pub fn ok(body: Value) -> Response {
    hal(StatusCode::OK, body)
}

/// A 201 HAL response with a `Location` header.
pub fn created(location: &str, body: Value) -> Response {
    created_text(location, body.to_string())
}

/// A 201 HAL response with a `Location` header, from JSON text.
pub fn created_text(location: &str, body: String) -> Response {
    let mut resp = hal_text(StatusCode::CREATED, body);
    if let Ok(v) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// Check a pacticipant, branch, tag, version or environment name.
pub fn validate_name(kind: &str, name: &str) -> Result<(), ApiError> {
    let field = kind;
    if name.trim().is_empty() {
        return Err(ApiError::invalid_field(
            field,
            format!("{kind} name must not be empty"),
        ));
    }
    if name.len() > 255 {
        return Err(ApiError::invalid_field(
            field,
            format!("{kind} name is {} bytes long; the limit is 255", name.len()),
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(ApiError::invalid_field(
            field,
            format!(
                "{kind} name `{}` contains the control character U+{:04X}",
                name.escape_debug(),
                c as u32
            ),
        ));
    }
    if kind != "version" && kind != "branch" && kind != "tag" && name.contains('/') {
        return Err(ApiError::invalid_field(
            field,
            format!(
                "{kind} name `{name}` contains a slash, which cannot appear in a URL path segment"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(validate_name("pacticipant", "orders").is_ok());
        assert!(validate_name("pacticipant", "a/b").is_err());
        assert!(validate_name("pacticipant", "a\u{7}b").is_err());
        assert!(validate_name("pacticipant", " ").is_err());
        assert!(validate_name("branch", "feat/x").is_ok());
    }

    #[test]
    fn json_errors_have_positions() {
        let err = parse_json::<Value>(b"{\n  \"a\": }").unwrap_err();
        assert!(err.to_string().contains("line 2, column 8"), "{err}");
        assert!(parse_json::<Value>(b"").is_ok());
    }

    #[test]
    fn segments_are_escaped() {
        assert_eq!(seg("a b/c"), "a%20b%2Fc");
        assert_eq!(seg("1.0.0-rc_1"), "1.0.0-rc_1");
    }
}
