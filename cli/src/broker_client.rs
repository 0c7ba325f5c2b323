//! A client for the Pact Broker HTTP protocol, used by every command that
//! talks to a broker (shipgate's own or any Pact Broker / PactFlow):
//! configuration from flags and the usual CI variables, bearer or basic auth,
//! HAL link following with URI templates, retries on 5xx/429, a timeout per
//! request and a connect timeout (`--timeout`, `--connect-timeout`), and
//! broker errors (problem+json or the Pact Broker's `errors`/`notices`)
//! surfaced as one readable message.
//!
//! ```no_run
//! # async fn demo() -> Result<(), shipgate_cli::broker_client::BrokerError> {
//! use shipgate_cli::broker_client::{BrokerClient, BrokerArgs};
//! let client = BrokerClient::from_args(&BrokerArgs::default())?;
//! let index = client.index().await?;
//! let href = BrokerClient::link(&index, "pb:provider-pacts-for-verification", &[("provider", "users")])?;
//! let pacts = client.post(&href, &serde_json::json!({"consumerVersionSelectors": [{"mainBranch": true}]})).await?;
//! # let _ = pacts; Ok(()) }
//! ```

use clap::Args;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::Duration;

/// Characters escaped in a path segment or query value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encode a path segment or query value.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// Broker connection flags shared by the client commands. Each also reads a
/// `SHIPGATE_*` variable and then the Pact CLI's `PACT_BROKER_*` variable,
/// so existing CI settings work unchanged.
#[derive(Debug, Clone, Default, Args)]
pub struct BrokerArgs {
    /// Broker base URL [env: SHIPGATE_BROKER_URL, then PACT_BROKER_BASE_URL]
    #[arg(long = "broker-url", short = 'b', value_name = "URL")]
    pub url: Option<String>,
    /// Bearer token [env: SHIPGATE_BROKER_TOKEN, then PACT_BROKER_TOKEN]
    #[arg(long = "broker-token", short = 'k', value_name = "TOKEN")]
    pub token: Option<String>,
    /// Basic auth user [env: SHIPGATE_BROKER_USERNAME, then PACT_BROKER_USERNAME]
    #[arg(long = "broker-username", short = 'u', value_name = "USER")]
    pub username: Option<String>,
    /// Basic auth password [env: SHIPGATE_BROKER_PASSWORD, then PACT_BROKER_PASSWORD]
    #[arg(long = "broker-password", short = 'p', value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Give up on an HTTP request that has not been answered after this many seconds
    /// (decimals and `ms`/`s`/`m` suffixes work) [default: 30]
    #[arg(
        long,
        env = "SHIPGATE_TIMEOUT",
        value_name = "SECONDS",
        value_parser = parse_seconds
    )]
    pub timeout: Option<Duration>,
    /// Give up connecting to a server after this many seconds [default: 10, at most --timeout]
    #[arg(
        long,
        env = "SHIPGATE_CONNECT_TIMEOUT",
        value_name = "SECONDS",
        value_parser = parse_seconds
    )]
    pub connect_timeout: Option<Duration>,
}

/// The default of `--timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default of `--connect-timeout`.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl BrokerArgs {
    /// The per-request timeout and the connect timeout (never above the first).
    pub fn timeouts(&self) -> Timeouts {
        Timeouts::new(self.timeout, self.connect_timeout)
    }
}

/// How long to wait for an answer, and for a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub request: Duration,
    pub connect: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts::new(None, None)
    }
}

impl Timeouts {
    /// Defaults filled in; the connect timeout never exceeds the request timeout.
    pub fn new(request: Option<Duration>, connect: Option<Duration>) -> Self {
        let request = request.unwrap_or(DEFAULT_TIMEOUT);
        let connect = connect.unwrap_or(DEFAULT_CONNECT_TIMEOUT).min(request);
        Timeouts { request, connect }
    }

    /// A reqwest client builder with both timeouts set.
    pub fn client_builder(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .timeout(self.request)
            .connect_timeout(self.connect)
    }
}

/// Parse a positive duration in seconds: `30`, `2.5`, `500ms`, `30s`, `2m`.
/// Zero is refused (it used to be read as one second).
pub fn parse_seconds(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds (such as 30, 2.5 or 500ms)"))?;
    let secs = value * scale;
    if !secs.is_finite() || secs <= 0.0 {
        return Err(format!("`{text}` must be more than zero seconds"));
    }
    if secs > 86_400.0 {
        return Err(format!("`{text}` is more than a day"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `1.5 s`, `30 s`, `500 ms`: a duration as people write it in messages.
pub fn human_duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// How to authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokerAuth {
    None,
    Token(String),
    Basic { username: String, password: String },
}

/// Errors talking to a broker.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error("no broker URL: pass --broker-url or set SHIPGATE_BROKER_URL or PACT_BROKER_BASE_URL")]
    NoUrl,
    #[error("invalid broker URL `{0}`: it must start with http:// or https://")]
    BadUrl(String),
    #[error(
        "the broker at {url} did not answer within {} (raise --timeout to wait longer)",
        human_duration(*after)
    )]
    Timeout { url: String, after: Duration },
    #[error(
        "could not connect to the broker at {url} within {} (raise --connect-timeout to wait longer)",
        human_duration(*after)
    )]
    ConnectTimeout { url: String, after: Duration },
    #[error("cannot reach the broker at {url}: {source}")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    /// The broker answered with an error status.
    #[error("{method} {url} failed with {status}: {message}")]
    Status {
        method: String,
        url: String,
        status: StatusCode,
        message: String,
        /// The error document (boxed: errors stay small).
        body: Box<Value>,
    },
    #[error("the broker's answer to {url} is not JSON: {detail}")]
    NotJson { url: String, detail: String },
    #[error("the broker resource {url} has no `{rel}` link{hint}")]
    MissingLink {
        url: String,
        rel: String,
        hint: String,
    },
}

impl BrokerError {
    /// The HTTP status, when the broker answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            BrokerError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

fn env_first(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
}

/// A broker client.
#[derive(Debug, Clone)]
pub struct BrokerClient {
    base: String,
    auth: BrokerAuth,
    http: reqwest::Client,
    retries: u32,
    timeouts: Timeouts,
}

impl BrokerClient {
    /// A client for `base` (such as `http://127.0.0.1:9292`) with the default timeouts.
    pub fn new(base: &str, auth: BrokerAuth) -> Result<Self, BrokerError> {
        Self::with_timeouts(base, auth, Timeouts::default())
    }

    /// A client for `base` that gives up on a request after `timeouts.request`
    /// and on a connection after `timeouts.connect`.
    pub fn with_timeouts(
        base: &str,
        auth: BrokerAuth,
        timeouts: Timeouts,
    ) -> Result<Self, BrokerError> {
        let base = base.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(BrokerError::BadUrl(base));
        }
        let http = timeouts
            .client_builder()
            .user_agent(concat!("shipgate/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|source| BrokerError::Transport {
                url: base.clone(),
                source,
            })?;
        Ok(BrokerClient {
            base,
            auth,
            http,
            retries: 3,
            timeouts,
        })
    }

    /// Resolve flags, then `SHIPGATE_BROKER_*`, then `PACT_BROKER_*`.
    pub fn from_args(args: &BrokerArgs) -> Result<Self, BrokerError> {
        let url = args
            .url
            .clone()
            .or_else(|| env_first(&["SHIPGATE_BROKER_URL", "PACT_BROKER_BASE_URL"]))
            .ok_or(BrokerError::NoUrl)?;
        let token = args
            .token
            .clone()
            .or_else(|| env_first(&["SHIPGATE_BROKER_TOKEN", "PACT_BROKER_TOKEN"]));
        let username = args
            .username
            .clone()
            .or_else(|| env_first(&["SHIPGATE_BROKER_USERNAME", "PACT_BROKER_USERNAME"]));
        let password = args
            .password
            .clone()
            .or_else(|| env_first(&["SHIPGATE_BROKER_PASSWORD", "PACT_BROKER_PASSWORD"]));
        let auth = match (token, username) {
            (Some(t), _) => BrokerAuth::Token(t),
            (None, Some(u)) => BrokerAuth::Basic {
                username: u,
                password: password.unwrap_or_default(),
            },
            (None, None) => BrokerAuth::None,
        };
        BrokerClient::with_timeouts(&url, auth, args.timeouts())
    }

    /// The timeouts this client uses.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// An absolute URL for `path_or_url`.
    pub fn url(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            path_or_url.to_string()
        } else {
            format!("{}/{}", self.base, path_or_url.trim_start_matches('/'))
        }
    }

    /// Send a request; retries on 502/503/504/429/408 and refused connections.
    /// A request that timed out is not retried: a broker that does not answer
    /// within `--timeout` fails the command then, not several timeouts later.
    pub async fn request(
        &self,
        method: Method,
        path_or_url: &str,
        body: Option<&Value>,
        content_type: &str,
    ) -> Result<(StatusCode, Value), BrokerError> {
        let url = self.url(path_or_url);
        let mut attempt = 0;
        loop {
            let mut req = self
                .http
                .request(method.clone(), &url)
                .header("Accept", "application/hal+json, application/json");
            req = match &self.auth {
                BrokerAuth::None => req,
                BrokerAuth::Token(t) => req.bearer_auth(t),
                BrokerAuth::Basic { username, password } => {
                    req.basic_auth(username, Some(password))
                }
            };
            if let Some(body) = body {
                req = req
                    .header("Content-Type", content_type)
                    .body(body.to_string());
            }
            let result = req.send().await;
            let retryable = match &result {
                Ok(resp) => matches!(resp.status().as_u16(), 408 | 429 | 502 | 503 | 504),
                Err(e) => e.is_connect() && !e.is_timeout(),
            };
            if retryable && attempt < self.retries {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempt))).await;
                continue;
            }
            let resp = result.map_err(|source| self.transport_error(&url, source))?;
            let status = resp.status();
            let text = resp
                .text()
                .await
                .map_err(|source| self.transport_error(&url, source))?;
            let json: Value = if text.trim().is_empty() {
                Value::Null
            } else {
                match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) if status.is_success() => {
                        return Err(BrokerError::NotJson {
                            url,
                            detail: e.to_string(),
                        })
                    }
                    Err(_) => Value::String(text.chars().take(500).collect()),
                }
            };
            if !status.is_success() {
                return Err(BrokerError::Status {
                    method: method.to_string(),
                    url,
                    status,
                    message: error_message(&json),
                    body: Box::new(json),
                });
            }
            return Ok((status, json));
        }
    }

    /// A transport error, naming the timeout that ran out when one did.
    fn transport_error(&self, url: &str, source: reqwest::Error) -> BrokerError {
        if source.is_timeout() && source.is_connect() {
            BrokerError::ConnectTimeout {
                url: url.to_string(),
                after: self.timeouts.connect,
            }
        } else if source.is_timeout() {
            BrokerError::Timeout {
                url: url.to_string(),
                after: self.timeouts.request,
            }
        } else {
            BrokerError::Transport {
                url: url.to_string(),
                source,
            }
        }
    }

    pub async fn get(&self, path_or_url: &str) -> Result<Value, BrokerError> {
        Ok(self
            .request(Method::GET, path_or_url, None, "application/json")
            .await?
            .1)
    }

    pub async fn post(&self, path_or_url: &str, body: &Value) -> Result<Value, BrokerError> {
        Ok(self
            .request(Method::POST, path_or_url, Some(body), "application/json")
            .await?
            .1)
    }

    pub async fn put(&self, path_or_url: &str, body: &Value) -> Result<Value, BrokerError> {
        Ok(self
            .request(Method::PUT, path_or_url, Some(body), "application/json")
            .await?
            .1)
    }

    /// PATCH with `application/merge-patch+json`.
    pub async fn patch(&self, path_or_url: &str, body: &Value) -> Result<Value, BrokerError> {
        Ok(self
            .request(
                Method::PATCH,
                path_or_url,
                Some(body),
                "application/merge-patch+json",
            )
            .await?
            .1)
    }

    /// The broker's index resource (`GET /`).
    pub async fn index(&self) -> Result<Value, BrokerError> {
        self.get("/").await
    }

    /// The href of `rel` in `doc`, with `{name}` template variables expanded
    /// (values percent-encoded).
    pub fn link(doc: &Value, rel: &str, params: &[(&str, &str)]) -> Result<String, BrokerError> {
        let href = doc
            .get("_links")
            .and_then(|l| l.get(rel))
            .and_then(|l| l.get("href"))
            .and_then(Value::as_str)
            .ok_or_else(|| BrokerError::MissingLink {
                url: self_href(doc),
                rel: rel.to_string(),
                hint: if rel == "pb:branch-version" || rel == "pb:publish-contracts" {
                    "; is this a Pact Broker older than 2.86?".into()
                } else {
                    String::new()
                },
            })?;
        Ok(expand(href, params))
    }

    /// The entries of a link array (such as `pb:record-deployment`).
    pub fn links<'a>(doc: &'a Value, rel: &str) -> Vec<&'a Value> {
        match doc.get("_links").and_then(|l| l.get(rel)) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        }
    }

    /// Follow an index relation: `GET /`, expand `rel`, return the URL.
    pub async fn index_link(
        &self,
        rel: &str,
        params: &[(&str, &str)],
    ) -> Result<String, BrokerError> {
        let index = self.index().await?;
        BrokerClient::link(&index, rel, params)
    }

    /// `POST /contracts/publish` (found through the index).
    pub async fn publish_contracts(&self, body: &Value) -> Result<Value, BrokerError> {
        let href = self.index_link("pb:publish-contracts", &[]).await?;
        self.post(&href, body).await
    }

    /// The pacts a provider must verify (the verifier's flow: GET the
    /// for-verification link, then POST the selectors to its `self`).
    pub async fn pacts_for_verification(
        &self,
        provider: &str,
        body: &Value,
    ) -> Result<Value, BrokerError> {
        let href = self
            .index_link(
                "pb:provider-pacts-for-verification",
                &[("provider", provider)],
            )
            .await?;
        let doc = self.get(&href).await?;
        let post_to = BrokerClient::link(&doc, "self", &[]).unwrap_or(href);
        self.post(&post_to, body).await
    }

    /// Publish a verification result for a fetched pact document (uses its
    /// `pb:publish-verification-results` link); also records the provider
    /// version's branch and tags first, as the Pact verifier does.
    pub async fn publish_verification_results(
        &self,
        pact: &Value,
        provider_version: &str,
        branch: Option<&str>,
        tags: &[String],
        result: &Value,
    ) -> Result<Value, BrokerError> {
        let provider_href = BrokerClient::link(pact, "pb:provider", &[])?;
        let provider = self.get(&provider_href).await?;
        if let Some(branch) = branch {
            let href = BrokerClient::link(
                &provider,
                "pb:branch-version",
                &[("branch", branch), ("version", provider_version)],
            )?;
            self.put(&href, &serde_json::json!({})).await?;
        }
        for tag in tags {
            let href = BrokerClient::link(
                &provider,
                "pb:version-tag",
                &[("version", provider_version), ("tag", tag)],
            )?;
            self.put(&href, &serde_json::json!({})).await?;
        }
        let href = BrokerClient::link(pact, "pb:publish-verification-results", &[])?;
        self.post(&href, result).await
    }

    /// `GET /matrix?…` with a prepared query string.
    pub async fn matrix(&self, query: &str) -> Result<Value, BrokerError> {
        self.get(&format!("/matrix?{query}")).await
    }

    /// All environments.
    pub async fn environments(&self) -> Result<Vec<Value>, BrokerError> {
        let href = self.index_link("pb:environments", &[]).await?;
        let doc = self.get(&href).await?;
        Ok(doc
            .pointer("/_embedded/environments")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// A pacticipant version resource.
    pub async fn version(&self, pacticipant: &str, version: &str) -> Result<Value, BrokerError> {
        self.get(&format!(
            "/pacticipants/{}/versions/{}",
            encode(pacticipant),
            encode(version)
        ))
        .await
    }
}

/// An error and its causes on one line (`error sending request: connection refused`).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let text = c.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        cur = c.source();
    }
    s
}

fn self_href(doc: &Value) -> String {
    doc.pointer("/_links/self/href")
        .and_then(Value::as_str)
        .unwrap_or("the document")
        .to_string()
}

/// Expand `{name}` variables of a URI template.
pub fn expand(href: &str, params: &[(&str, &str)]) -> String {
    let mut out = href.to_string();
    for (k, v) in params {
        out = out.replace(&format!("{{{k}}}"), &encode(v));
    }
    out
}

/// One line from an error body: problem+json `detail`, Pact Broker
/// `errors`, error notices, or the raw text.
pub fn error_message(body: &Value) -> String {
    if let Some(detail) = body.get("detail").and_then(Value::as_str) {
        return detail.to_string();
    }
    if let Some(errors) = body.get("errors") {
        let mut parts = Vec::new();
        match errors {
            Value::Object(map) => {
                for (field, msgs) in map {
                    match msgs {
                        Value::Array(list) => {
                            for m in list {
                                parts.push(format!(
                                    "{field}: {}",
                                    m.as_str().unwrap_or(&m.to_string())
                                ));
                            }
                        }
                        other => parts.push(format!("{field}: {other}")),
                    }
                }
            }
            Value::Array(list) => parts.extend(
                list.iter()
                    .map(|m| m.as_str().map_or(m.to_string(), str::to_string)),
            ),
            other => parts.push(other.to_string()),
        }
        if !parts.is_empty() {
            return parts.join("; ");
        }
    }
    if let Some(notices) = body.get("notices").and_then(Value::as_array) {
        let errs: Vec<&str> = notices
            .iter()
            .filter(|n| n.get("type").and_then(Value::as_str) == Some("error"))
            .filter_map(|n| n.get("text").and_then(Value::as_str))
            .collect();
        if !errs.is_empty() {
            return errs.join("; ");
        }
    }
    match body {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Null => "no response body".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_expand_with_encoding() {
        assert_eq!(
            expand(
                "http://b/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
                &[
                    ("pacticipant", "my app"),
                    ("branch", "feat/x"),
                    ("version", "1.0")
                ]
            ),
            "http://b/pacticipants/my%20app/branches/feat%2Fx/versions/1.0"
        );
    }

    #[test]
    fn links_are_found_or_named_in_the_error() {
        let doc =
            json!({"_links": {"self": {"href": "http://b/"}, "pb:x": {"href": "http://b/x/{p}"}}});
        assert_eq!(
            BrokerClient::link(&doc, "pb:x", &[("p", "a")]).unwrap(),
            "http://b/x/a"
        );
        let err = BrokerClient::link(&doc, "pb:branch-version", &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("pb:branch-version") && err.contains("http://b/"),
            "{err}"
        );
    }

    #[test]
    fn error_messages_come_from_problem_or_pact_broker_shapes() {
        assert_eq!(
            error_message(&json!({"title": "Bad", "detail": "no pacticipant named `x`"})),
            "no pacticipant named `x`"
        );
        assert_eq!(
            error_message(&json!({"errors": {"name": ["is missing"]}})),
            "name: is missing"
        );
        assert_eq!(
            error_message(&json!({"notices": [{"type": "error", "text": "boom"}]})),
            "boom"
        );
    }

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(parse_seconds("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_seconds("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_seconds("2m"), Ok(Duration::from_secs(120)));
        for bad in ["0", "0s", "-1", "abc", "", "NaN", "inf", "1e9"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
        let t = Timeouts::new(Some(Duration::from_secs(2)), None);
        assert_eq!(
            t.connect,
            Duration::from_secs(2),
            "connect never exceeds the request"
        );
        assert_eq!(Timeouts::default().request, DEFAULT_TIMEOUT);
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(human_duration(Duration::from_secs(30)), "30 s");
    }

    #[test]
    fn urls_must_be_http() {
        assert!(BrokerClient::new("ftp://x", BrokerAuth::None).is_err());
        let c = BrokerClient::new("http://127.0.0.1:9292/", BrokerAuth::None).unwrap();
        assert_eq!(c.url("/matrix"), "http://127.0.0.1:9292/matrix");
        assert_eq!(c.url("http://other/x"), "http://other/x");
    }
}
