//! Executing webhooks: the background worker that claims due triggered
//! webhooks (with a lease, so replicas sharing a database never run one
//! twice at once), sends the request through the SSRF guard, records the
//! attempt's log, and schedules a retry on the back-off schedule; and the
//! synchronous test execution behind `POST /webhooks/{uuid}/execute`.

use super::guard::{Guard, GuardedResolver};
use super::template::{render, render_json};
use super::{is_secret_header, redact_url, RequestSpec, WebhookConfig, REDACTED};
use crate::db::{now, Db};
use crate::error::ApiError;
use serde_json::{json, Map, Value};
use sqlx::Row;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long a claimed execution is reserved for the replica that claimed it.
const LEASE: Duration = Duration::from_secs(120);
/// How much of a response body an execution log keeps.
const MAX_LOGGED_BODY: usize = 10 * 1024;

/// The webhook machinery of one broker process.
#[derive(Debug)]
pub struct Runtime {
    pub config: WebhookConfig,
    guard: Arc<Guard>,
    client: reqwest::Client,
    notify: tokio::sync::Notify,
}

impl Runtime {
    pub fn new(config: WebhookConfig) -> Runtime {
        let guard = Arc::new(Guard {
            allow: config.allow.clone(),
            allow_loopback: config.allow_loopback,
        });
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver {
                guard: guard.clone(),
            }))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .user_agent(concat!(
                "shipgate-broker-webhooks/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .unwrap_or_default();
        Runtime {
            config,
            guard,
            client,
            notify: tokio::sync::Notify::new(),
        }
    }

    /// Tell the worker that executions were queued.
    pub fn wake(&self) {
        self.notify.notify_one();
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::new(WebhookConfig::default())
    }
}

/// The result of one call.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub success: bool,
    pub logs: String,
    pub request: Value,
    pub response: Option<Value>,
    pub error: Option<String>,
}

fn stamp(logs: &mut String, level: &str, line: &str) {
    let _ = writeln!(logs, "[{}] {level} -- : {line}", now());
}

/// Hide secrets the server may have echoed back.
fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s.as_str(), REDACTED);
    }
    out
}

/// Send a webhook's request, rendered with `context`, through the guard.
pub async fn call(rt: &Runtime, request: &RequestSpec, context: &Map<String, Value>) -> Outcome {
    let mut logs = String::new();
    let method = request
        .method
        .clone()
        .unwrap_or_else(|| "POST".into())
        .to_ascii_uppercase();
    let url = render(request.url.as_deref().unwrap_or(""), context, true);
    let shown_url = redact_url(&url);
    let mut secrets: Vec<String> = request.password.iter().cloned().collect();
    let mut headers: Vec<(String, String)> = Vec::new();
    for (k, v) in &request.headers {
        let value = render(
            v.as_str().map_or(v.to_string(), str::to_string).as_str(),
            context,
            false,
        );
        if is_secret_header(k) {
            secrets.push(value.clone());
            if let Some((_, token)) = value.split_once(' ') {
                secrets.push(token.to_string());
            }
        }
        headers.push((k.clone(), value));
    }
    let body: Option<String> = request.body.as_ref().map(|b| match b {
        Value::String(s) => render(s, context, false),
        other => render_json(other, context).to_string(),
    });
    let shown_headers: Map<String, Value> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                json!(if is_secret_header(k) {
                    REDACTED
                } else {
                    v.as_str()
                }),
            )
        })
        .collect();
    let shown_request =
        json!({"method": method, "url": shown_url, "headers": shown_headers, "body": body});
    let fail = |mut logs: String, error: String| {
        stamp(&mut logs, "ERROR", &error);
        Outcome {
            success: false,
            logs,
            request: shown_request.clone(),
            response: None,
            error: Some(error),
        }
    };
    stamp(&mut logs, "INFO", &format!("HTTP/1.1 {method} {shown_url}"));
    for (k, v) in &shown_headers {
        stamp(
            &mut logs,
            "INFO",
            &format!("{k}: {}", v.as_str().unwrap_or_default()),
        );
    }
    if request.username.is_some() {
        stamp(&mut logs, "INFO", &format!("Authorization: {REDACTED}"));
    }
    if let Some(b) = &body {
        stamp(&mut logs, "INFO", &scrub(b, &secrets));
    }
    let parsed = match reqwest::Url::parse(&url) {
        Ok(u) => u,
        Err(e) => return fail(logs, format!("the URL `{shown_url}` is not valid: {e}")),
    };
    // Configuration may have changed since the webhook was saved.
    if !rt
        .config
        .schemes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(parsed.scheme()))
    {
        return fail(
            logs,
            format!(
                "refused: scheme {} is not allowed ([broker.webhooks] schemes allows {})",
                parsed.scheme(),
                rt.config.schemes.join(", ")
            ),
        );
    }
    if !rt
        .config
        .methods
        .iter()
        .any(|m| m.eq_ignore_ascii_case(&method))
    {
        return fail(
            logs,
            format!(
                "refused: method {method} is not allowed ([broker.webhooks] methods allows {})",
                rt.config.methods.join(", ")
            ),
        );
    }
    // IP literals never reach the resolver: check them here.
    let host = parsed.host_str().unwrap_or_default().to_string();
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        if let Err(why) = rt.guard.check(&host, ip) {
            return fail(logs, why);
        }
    }
    let Ok(m) = reqwest::Method::from_bytes(method.as_bytes()) else {
        return fail(logs, format!("`{method}` is not an HTTP method"));
    };
    let mut req = rt.client.request(m, parsed);
    for (k, v) in &headers {
        req = req.header(k, v);
    }
    if let Some(user) = &request.username {
        req = req.basic_auth(user, request.password.as_ref());
    }
    if let Some(b) = body {
        req = req.body(b);
    }
    match req.send().await {
        Err(e) => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            fail(
                logs,
                format!("the request failed: {}", scrub(&msg, &secrets)),
            )
        }
        Ok(resp) => {
            let status = resp.status();
            let resp_headers: Map<String, Value> = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    let v = v.to_str().unwrap_or("<binary>");
                    let v = if is_secret_header(k.as_str()) {
                        REDACTED.to_string()
                    } else {
                        scrub(v, &secrets)
                    };
                    (k.to_string(), json!(v))
                })
                .collect();
            let bytes = resp.bytes().await.unwrap_or_default();
            let mut text =
                String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_LOGGED_BODY)]).into_owned();
            if bytes.len() > MAX_LOGGED_BODY {
                text.push_str(&format!("… ({} bytes in all)", bytes.len()));
            }
            let text = scrub(&text, &secrets);
            stamp(&mut logs, "INFO", &format!("HTTP/1.1 {status}"));
            for (k, v) in &resp_headers {
                stamp(
                    &mut logs,
                    "INFO",
                    &format!("{k}: {}", v.as_str().unwrap_or_default()),
                );
            }
            if !text.is_empty() {
                stamp(&mut logs, "INFO", &text);
            }
            let success = status.is_success();
            if !success {
                stamp(
                    &mut logs,
                    "ERROR",
                    &format!("the webhook failed: the server answered {status}"),
                );
            }
            Outcome {
                success,
                logs,
                request: shown_request,
                response: Some(
                    json!({"status": status.as_u16(), "headers": resp_headers, "body": text}),
                ),
                error: (!success).then(|| format!("the server answered {status}")),
            }
        }
    }
}

/// Claim the next due execution; `None` when nothing is due.
async fn claim(db: &Db) -> Result<Option<i64>, ApiError> {
    let ts = now();
    let candidates: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM triggered_webhooks WHERE status IN ('queued', 'retrying') AND next_attempt_at <= $1 \
         AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY next_attempt_at, id LIMIT 5",
    )
    .bind(&ts)
    .fetch_all(&db.pool)
    .await?;
    let until = (chrono::Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default())
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    for id in candidates {
        let mut tx = db.begin_write().await?;
        let won = sqlx::query(
            "UPDATE triggered_webhooks SET claimed_until = $1 WHERE id = $2 AND status IN ('queued', 'retrying') \
             AND (claimed_until IS NULL OR claimed_until < $3)",
        )
        .bind(&until)
        .bind(id)
        .bind(&ts)
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        tx.commit().await?;
        if won {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Run one claimed execution and record it.
async fn run_one(db: &Db, rt: &Runtime, id: i64) -> Result<(), ApiError> {
    let row = sqlx::query(
        "SELECT tw.context, tw.attempts, w.request, w.uuid, tw.event_name FROM triggered_webhooks tw \
         JOIN webhooks w ON w.id = tw.webhook_id WHERE tw.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(()); // deleted meanwhile
    };
    let context: Map<String, Value> =
        serde_json::from_str(&row.try_get::<String, _>(0)?).unwrap_or_default();
    let attempts: i64 = row.try_get::<i64, _>(1)? + 1;
    let request: RequestSpec =
        serde_json::from_str(&row.try_get::<String, _>(2)?).unwrap_or_default();
    let webhook: String = row.try_get(3)?;
    let event: String = row.try_get(4)?;
    let mut outcome = call(rt, &request, &context).await;
    let max = rt.config.retry_schedule.len() as i64 + 1;
    let (status, next) = if outcome.success {
        ("success", None)
    } else if attempts < max {
        let wait = rt.config.retry_schedule[(attempts - 1) as usize];
        let at = chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
        stamp(
            &mut outcome.logs,
            "INFO",
            &format!("attempt {attempts} of {max} failed; retrying in {wait:?}"),
        );
        (
            "retrying",
            Some(at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()),
        )
    } else {
        stamp(
            &mut outcome.logs,
            "ERROR",
            &format!("attempt {attempts} of {max} failed; giving up"),
        );
        ("failure", None)
    };
    tracing::info!(webhook = %webhook, event = %event, attempt = attempts, status, "webhook executed");
    let mut tx = db.begin_write().await?;
    let ts = now();
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM triggered_webhooks WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_none() {
        return Ok(());
    }
    sqlx::query("INSERT INTO webhook_executions (triggered_webhook_id, success, logs, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(i64::from(outcome.success))
        .bind(&outcome.logs)
        .bind(&ts)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE triggered_webhooks SET status = $1, attempts = $2, next_attempt_at = $3, claimed_until = NULL, updated_at = $4 WHERE id = $5",
    )
    .bind(status)
    .bind(attempts)
    .bind(next)
    .bind(&ts)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    tx.commit().await
}

/// Start the worker: it runs due executions, then sleeps until woken or
/// for a short while (retries and other replicas' work become due by time).
pub fn spawn(db: Db, rt: Arc<Runtime>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            loop {
                match claim(&db).await {
                    Ok(Some(id)) => {
                        if let Err(e) = run_one(&db, &rt, id).await {
                            tracing::warn!(error = %e, "recording a webhook execution failed");
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "claiming webhook executions failed");
                        break;
                    }
                }
            }
            let _ = tokio::time::timeout(Duration::from_millis(500), rt.notify.notified()).await;
        }
    })
}
