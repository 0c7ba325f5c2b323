//! Webhooks as the Pact Broker has them: a webhook names a consumer and a
//! provider (by name or label, or neither for "any"), the events it fires on,
//! and an HTTP request whose URL, headers and body may use the
//! `${pactbroker.*}` variables ([`template`]).
//!
//! Publishing a pact or a verification result *triggers* the matching
//! webhooks inside the publishing transaction: one `triggered_webhooks` row
//! each, with the template variables of that moment. A worker
//! ([`worker::spawn`]) executes them asynchronously, retries failures on a
//! back-off schedule, and records every attempt's log in
//! `webhook_executions`. The table is the queue, so several replicas share
//! it (a row is claimed with a lease before it runs). Every call goes
//! through the SSRF [`guard`].

pub mod guard;
pub mod template;
pub mod worker;

use crate::error::ApiError;
use crate::http::seg;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use sqlx::{AnyConnection, Row};
use std::time::Duration;

pub use worker::{spawn, Runtime};

/// The events a webhook can fire on.
pub const EVENTS: &[&str] = &[
    "contract_published",
    "contract_content_changed",
    "contract_requiring_verification_published",
    "provider_verification_published",
    "provider_verification_succeeded",
    "provider_verification_failed",
];

/// What webhooks may do, from `[broker.webhooks]`.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// URL schemes a webhook may use (the Pact Broker's `webhook_scheme_whitelist`).
    pub schemes: Vec<String>,
    /// HTTP methods a webhook may use (`webhook_http_method_whitelist`).
    pub methods: Vec<String>,
    /// Hosts and CIDRs in private ranges that webhooks may call.
    pub allow: Vec<guard::AllowEntry>,
    /// Let webhooks call loopback addresses: for tests and local development only.
    pub allow_loopback: bool,
    /// Waits before each retry; a failed call is retried once per entry.
    pub retry_schedule: Vec<Duration>,
    /// Timeout of one call.
    pub timeout: Duration,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            schemes: vec!["https".into()],
            methods: vec!["POST".into()],
            allow: Vec::new(),
            allow_loopback: false,
            retry_schedule: [10, 60, 120, 300, 600, 1200]
                .iter()
                .map(|s| Duration::from_secs(*s))
                .collect(),
            timeout: Duration::from_secs(10),
        }
    }
}

/// `{"name": …}` or `{"label": …}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PacticipantRef {
    pub name: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventRef {
    pub name: Option<String>,
}

/// The request a webhook sends.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct RequestSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub headers: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// A webhook as clients send it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookBody {
    pub description: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub consumer: Option<PacticipantRef>,
    #[schema(value_type = Option<Object>)]
    pub provider: Option<PacticipantRef>,
    #[schema(value_type = Option<Vec<Object>>)]
    pub events: Option<Vec<EventRef>>,
    #[schema(value_type = Option<Object>)]
    pub request: Option<RequestSpec>,
    pub enabled: Option<bool>,
}

/// A stored webhook.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub id: i64,
    pub uuid: String,
    pub description: Option<String>,
    pub consumer: Option<String>,
    pub consumer_label: Option<String>,
    pub provider: Option<String>,
    pub provider_label: Option<String>,
    pub events: Vec<String>,
    pub request: RequestSpec,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

const WEBHOOK_SELECT: &str = "SELECT w.id, w.uuid, w.description, c.name AS consumer, w.consumer_label, p.name AS provider, \
     w.provider_label, w.events, w.request, w.enabled, w.created_at, w.updated_at FROM webhooks w \
     LEFT JOIN pacticipants c ON c.id = w.consumer_id LEFT JOIN pacticipants p ON p.id = w.provider_id";

fn webhook_from_row(r: &sqlx::any::AnyRow) -> Result<Webhook, ApiError> {
    let events: String = r.try_get("events")?;
    let request: String = r.try_get("request")?;
    Ok(Webhook {
        id: r.try_get("id")?,
        uuid: r.try_get("uuid")?,
        description: r.try_get("description")?,
        consumer: r.try_get("consumer")?,
        consumer_label: r.try_get("consumer_label")?,
        provider: r.try_get("provider")?,
        provider_label: r.try_get("provider_label")?,
        events: serde_json::from_str(&events).unwrap_or_default(),
        request: serde_json::from_str(&request).unwrap_or_default(),
        enabled: r.try_get::<i64, _>("enabled")? != 0,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn find(conn: &mut AnyConnection, uuid: &str) -> Result<Option<Webhook>, ApiError> {
    let row = sqlx::query(&format!("{WEBHOOK_SELECT} WHERE w.uuid = $1"))
        .bind(uuid)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(webhook_from_row).transpose()
}

/// Webhooks matching a filter (`None`: all), oldest first.
pub async fn list(
    conn: &mut AnyConnection,
    consumer: Option<i64>,
    provider: Option<i64>,
) -> Result<Vec<Webhook>, ApiError> {
    let mut sql = format!("{WEBHOOK_SELECT} WHERE 1 = 1");
    let mut binds = Vec::new();
    if let Some(c) = consumer {
        binds.push(c);
        sql.push_str(&format!(" AND w.consumer_id = ${}", binds.len()));
    }
    if let Some(p) = provider {
        binds.push(p);
        sql.push_str(&format!(" AND w.provider_id = ${}", binds.len()));
    }
    sql.push_str(" ORDER BY w.id");
    let mut q = sqlx::query(&sql);
    for b in binds {
        q = q.bind(b);
    }
    q.fetch_all(conn)
        .await?
        .iter()
        .map(webhook_from_row)
        .collect()
}

/// `**********` in place of secrets.
pub const REDACTED: &str = "**********";

/// Is this header's value a secret (hidden in answers and logs)?
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("authorization")
        || n.contains("token")
        || n.contains("secret")
        || n.contains("api-key")
}

/// The request with its secrets hidden.
pub fn redacted_request(r: &RequestSpec) -> Value {
    let mut v = serde_json::to_value(r).unwrap_or_else(|_| json!({}));
    if r.password.is_some() {
        v["password"] = json!(REDACTED);
    }
    if let Some(h) = v.get_mut("headers").and_then(Value::as_object_mut) {
        for (k, val) in h.iter_mut() {
            if is_secret_header(k) {
                *val = json!(REDACTED);
            }
        }
    }
    if let Some(url) = r.url.as_deref() {
        v["url"] = json!(redact_url(url));
    }
    v
}

/// A URL without the password of its user-info part.
pub fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some(REDACTED));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// The webhook document (never with its secrets).
pub fn webhook_json(base: &str, w: &Webhook) -> Value {
    let me = format!("{base}/webhooks/{}", w.uuid);
    let side = |name: &Option<String>, label: &Option<String>| match (name, label) {
        (Some(n), _) => json!({"name": n}),
        (None, Some(l)) => json!({"label": l}),
        _ => Value::Null,
    };
    let title = w.description.clone().unwrap_or_else(|| "A webhook".into());
    let mut links = json!({
        "self": {"href": me, "title": title},
        "pb:execute": {"href": format!("{me}/execute"), "title": "Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL"},
        "pb:webhooks": {"href": format!("{base}/webhooks"), "title": "All webhooks"},
    });
    if let Some(c) = &w.consumer {
        links["pb:consumer"] = json!({"href": format!("{base}/pacticipants/{}", seg(c)), "title": "Consumer", "name": c});
    }
    if let Some(p) = &w.provider {
        links["pb:provider"] = json!({"href": format!("{base}/pacticipants/{}", seg(p)), "title": "Provider", "name": p});
    }
    if let (Some(c), Some(p)) = (&w.consumer, &w.provider) {
        links["pb:pact-webhooks"] = json!({"href": format!("{base}/webhooks/provider/{}/consumer/{}", seg(p), seg(c)), "title": "All webhooks for this consumer and provider"});
    }
    let mut doc = json!({
        "uuid": w.uuid,
        "description": w.description,
        "enabled": w.enabled,
        "events": w.events.iter().map(|e| json!({"name": e})).collect::<Vec<_>>(),
        "request": redacted_request(&w.request),
        "createdAt": w.created_at,
        "updatedAt": w.updated_at,
        "_links": links,
    });
    let consumer = side(&w.consumer, &w.consumer_label);
    if !consumer.is_null() {
        doc["consumer"] = consumer;
    }
    let provider = side(&w.provider, &w.provider_label);
    if !provider.is_null() {
        doc["provider"] = provider;
    }
    doc
}

/// A validated webhook, ready to store.
#[derive(Debug, Clone)]
pub struct Validated {
    pub description: Option<String>,
    pub consumer_id: Option<i64>,
    pub consumer_label: Option<String>,
    pub provider_id: Option<i64>,
    pub provider_label: Option<String>,
    pub events: Vec<String>,
    pub request: RequestSpec,
    pub enabled: bool,
}

fn add(errors: &mut Map<String, Value>, field: &str, msg: String) {
    if let Some(a) = errors
        .entry(field.to_string())
        .or_insert_with(|| json!([]))
        .as_array_mut()
    {
        a.push(Value::String(msg));
    }
}

/// Check a webhook body: the scheme and method against the configuration,
/// events, and that named pacticipants exist. The URL's host is not
/// resolved here (it may not exist yet); the guard acts at execution.
pub async fn validate(
    conn: &mut AnyConnection,
    config: &WebhookConfig,
    body: WebhookBody,
) -> Result<Validated, ApiError> {
    let mut errors = Map::new();
    let request = body.request.clone().unwrap_or_default();
    if body.request.is_none() {
        add(&mut errors, "request", "a webhook needs a request".into());
    }
    match request.method.as_deref().map(str::trim) {
        None | Some("") => add(&mut errors, "request.method", "can't be blank".into()),
        Some(m) if !config.methods.iter().any(|a| a.eq_ignore_ascii_case(m)) => add(
            &mut errors,
            "request.method",
            format!(
                "HTTP method {m} is not allowed; allowed methods are {} ([broker.webhooks] methods)",
                config.methods.join(", ")
            ),
        ),
        Some(_) => {}
    }
    match request.url.as_deref().map(str::trim) {
        None | Some("") => add(&mut errors, "request.url", "can't be blank".into()),
        Some(u) => {
            // Template variables may stand anywhere; check the URL with them filled in.
            let probe = u.replace("${pactbroker.", "x").replace('}', "");
            match reqwest::Url::parse(&probe) {
                Err(_) => add(
                    &mut errors,
                    "request.url",
                    format!("`{}` is not a valid URL, such as https://ci.example/hook", redact_url(u)),
                ),
                Ok(url) if !config.schemes.iter().any(|s| s.eq_ignore_ascii_case(url.scheme())) => add(
                    &mut errors,
                    "request.url",
                    format!(
                        "scheme {} is not allowed; allowed schemes are {} ([broker.webhooks] schemes)",
                        url.scheme(),
                        config.schemes.join(", ")
                    ),
                ),
                Ok(url) if url.host_str().is_none() => {
                    add(&mut errors, "request.url", "the URL has no host".into())
                }
                Ok(_) => {}
            }
        }
    }
    let mut events = Vec::new();
    for (i, e) in body.events.clone().unwrap_or_default().iter().enumerate() {
        match e.name.as_deref() {
            Some(n) if EVENTS.contains(&n) => {
                if !events.iter().any(|x: &String| x == n) {
                    events.push(n.to_string());
                }
            }
            other => add(
                &mut errors,
                &format!("events[{i}].name"),
                format!(
                    "`{}` is not an event; use one of {}",
                    other.unwrap_or(""),
                    EVENTS.join(", ")
                ),
            ),
        }
    }
    if events.is_empty() && body.events.as_ref().is_none_or(Vec::is_empty) {
        events.push("contract_content_changed".into());
    }
    let mut resolve =
        |side: &str, r: &Option<PacticipantRef>| -> (Option<String>, Option<String>) {
            match r {
                None => (None, None),
                Some(PacticipantRef {
                    name: Some(_),
                    label: Some(_),
                }) => {
                    add(&mut errors, side, "give a name or a label, not both".into());
                    (None, None)
                }
                Some(PacticipantRef { name: Some(n), .. }) => (Some(n.clone()), None),
                Some(PacticipantRef { label: Some(l), .. }) => (None, Some(l.clone())),
                Some(_) => (None, None),
            }
        };
    let (consumer_name, consumer_label) = resolve("consumer", &body.consumer);
    let (provider_name, provider_label) = resolve("provider", &body.provider);
    let mut consumer_id = None;
    if let Some(n) = &consumer_name {
        consumer_id = crate::store::find_pacticipant(conn, n).await?.map(|p| p.id);
        if consumer_id.is_none() {
            add(
                &mut errors,
                "consumer.name",
                format!("No consumer with name '{n}' found"),
            );
        }
    }
    let mut provider_id = None;
    if let Some(n) = &provider_name {
        provider_id = crate::store::find_pacticipant(conn, n).await?.map(|p| p.id);
        if provider_id.is_none() {
            add(
                &mut errors,
                "provider.name",
                format!("No provider with name '{n}' found"),
            );
        }
    }
    if !errors.is_empty() {
        let detail = errors
            .iter()
            .flat_map(|(k, v)| {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .map(move |m| format!("{k}: {}", m.as_str().unwrap_or_default()))
            })
            .collect::<Vec<_>>()
            .join("; ");
        return Err(
            ApiError::bad_request(format!("the webhook is not valid: {detail}"))
                .with("errors", Value::Object(errors)),
        );
    }
    Ok(Validated {
        description: body.description,
        consumer_id,
        consumer_label,
        provider_id,
        provider_label,
        events,
        request,
        enabled: body.enabled.unwrap_or(true),
    })
}

/// Insert or replace the webhook `uuid`; true when it was created.
pub async fn save(conn: &mut AnyConnection, uuid: &str, v: &Validated) -> Result<bool, ApiError> {
    let ts = crate::db::now();
    let events = serde_json::to_string(&v.events).unwrap_or_else(|_| "[]".into());
    let request = serde_json::to_string(&v.request).unwrap_or_else(|_| "{}".into());
    let updated = sqlx::query(
        "UPDATE webhooks SET description = $1, consumer_id = $2, consumer_label = $3, provider_id = $4, provider_label = $5, \
         events = $6, request = $7, enabled = $8, updated_at = $9 WHERE uuid = $10",
    )
    .bind(v.description.clone())
    .bind(v.consumer_id)
    .bind(v.consumer_label.clone())
    .bind(v.provider_id)
    .bind(v.provider_label.clone())
    .bind(&events)
    .bind(&request)
    .bind(i64::from(v.enabled))
    .bind(&ts)
    .bind(uuid)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO webhooks (uuid, description, consumer_id, consumer_label, provider_id, provider_label, events, request, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(uuid)
    .bind(v.description.clone())
    .bind(v.consumer_id)
    .bind(v.consumer_label.clone())
    .bind(v.provider_id)
    .bind(v.provider_label.clone())
    .bind(&events)
    .bind(&request)
    .bind(i64::from(v.enabled))
    .bind(&ts)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Enabled webhooks for a consumer and provider (by name, label or "any").
async fn matching(
    conn: &mut AnyConnection,
    consumer_id: i64,
    provider_id: i64,
) -> Result<Vec<(i64, Vec<String>)>, ApiError> {
    let rows = sqlx::query(
        "SELECT w.id, w.events FROM webhooks w WHERE w.enabled = 1 \
         AND ((w.consumer_id IS NULL AND w.consumer_label IS NULL) OR w.consumer_id = $1 \
              OR w.consumer_label IN (SELECT name FROM labels WHERE pacticipant_id = $1)) \
         AND ((w.provider_id IS NULL AND w.provider_label IS NULL) OR w.provider_id = $2 \
              OR w.provider_label IN (SELECT name FROM labels WHERE pacticipant_id = $2)) ORDER BY w.id",
    )
    .bind(consumer_id)
    .bind(provider_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let events: String = r.try_get(1)?;
            Ok((
                r.try_get(0)?,
                serde_json::from_str(&events).unwrap_or_default(),
            ))
        })
        .collect()
}

/// Versions' branch (first), tags and labels, for the template variables.
async fn version_facts(
    conn: &mut AnyConnection,
    version_id: i64,
) -> Result<(String, String, Option<String>), ApiError> {
    let branches = crate::store::version_branches(conn, version_id).await?;
    let tags = crate::store::version_tags(conn, version_id).await?;
    let build_url: Option<String> =
        sqlx::query_scalar("SELECT build_url FROM versions WHERE id = $1")
            .bind(version_id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    Ok((
        branches.last().cloned().unwrap_or_default(),
        tags.join(", "),
        build_url,
    ))
}

async fn labels_of(conn: &mut AnyConnection, pacticipant_id: i64) -> Result<String, ApiError> {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM labels WHERE pacticipant_id = $1 ORDER BY name")
            .bind(pacticipant_id)
            .fetch_all(conn)
            .await?;
    Ok(names.join(", "))
}

fn statuses(success: Option<bool>) -> [(&'static str, &'static str); 4] {
    match success {
        None => [
            ("githubVerificationStatus", "pending"),
            ("bitbucketVerificationStatus", "INPROGRESS"),
            ("gitlabVerificationStatus", "running"),
            ("azureDevOpsVerificationStatus", "pending"),
        ],
        Some(true) => [
            ("githubVerificationStatus", "success"),
            ("bitbucketVerificationStatus", "SUCCESSFUL"),
            ("gitlabVerificationStatus", "success"),
            ("azureDevOpsVerificationStatus", "succeeded"),
        ],
        Some(false) => [
            ("githubVerificationStatus", "failure"),
            ("bitbucketVerificationStatus", "FAILED"),
            ("gitlabVerificationStatus", "failed"),
            ("azureDevOpsVerificationStatus", "failed"),
        ],
    }
}

/// What a pact publication knows, as template variables.
async fn publication_context(
    conn: &mut AnyConnection,
    base: &str,
    publication_id: i64,
) -> Result<(Map<String, Value>, i64, i64), ApiError> {
    let r = sqlx::query(
        "SELECT c.name, p.name, v.number, pc.sha, pp.consumer_id, pp.provider_id, pp.consumer_version_id, pp.pact_content_id \
         FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_contents pc ON pc.id = pp.pact_content_id WHERE pp.id = $1",
    )
    .bind(publication_id)
    .fetch_one(&mut *conn)
    .await?;
    let consumer: String = r.try_get(0)?;
    let provider: String = r.try_get(1)?;
    let number: String = r.try_get(2)?;
    let sha: String = r.try_get(3)?;
    let consumer_id: i64 = r.try_get(4)?;
    let provider_id: i64 = r.try_get(5)?;
    let version_id: i64 = r.try_get(6)?;
    let content_id: i64 = r.try_get(7)?;
    let (branch, tags, build_url) = version_facts(conn, version_id).await?;
    let latest: Option<i64> = sqlx::query_scalar(
        "SELECT success FROM verifications WHERE pact_content_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(content_id)
    .fetch_optional(&mut *conn)
    .await?;
    let meta = crate::routes::encode_pact_metadata(&[("cvn", &number)]);
    let mut ctx = Map::new();
    ctx.insert(
        "pactUrl".into(),
        json!(format!(
            "{base}/pacts/provider/{}/consumer/{}/pact-version/{sha}/metadata/{meta}",
            seg(&provider),
            seg(&consumer)
        )),
    );
    ctx.insert("consumerName".into(), json!(consumer));
    ctx.insert("providerName".into(), json!(provider));
    ctx.insert("consumerVersionNumber".into(), json!(number));
    ctx.insert("consumerVersionBranch".into(), json!(branch));
    ctx.insert("consumerVersionTags".into(), json!(tags));
    ctx.insert(
        "consumerLabels".into(),
        json!(labels_of(conn, consumer_id).await?),
    );
    ctx.insert(
        "providerLabels".into(),
        json!(labels_of(conn, provider_id).await?),
    );
    ctx.insert("buildUrl".into(), json!(build_url.unwrap_or_default()));
    ctx.insert(
        "consumerVersionDescriptions".into(),
        json!(format!("version {number} of {consumer}")),
    );
    for (k, v) in statuses(latest.map(|s| s != 0)) {
        ctx.insert(k.into(), json!(v));
    }
    for k in [
        "providerVersionNumber",
        "providerVersionBranch",
        "providerVersionTags",
        "providerVersionDescriptions",
        "verificationResultUrl",
    ] {
        ctx.insert(k.into(), json!(""));
    }
    Ok((ctx, consumer_id, provider_id))
}

/// Queue one execution of webhook `webhook_id`.
#[allow(clippy::too_many_arguments)]
async fn enqueue(
    conn: &mut AnyConnection,
    webhook_id: i64,
    event: &str,
    trigger: &str,
    mut context: Map<String, Value>,
    consumer_id: Option<i64>,
    provider_id: Option<i64>,
    publication_id: Option<i64>,
    verification_id: Option<i64>,
) -> Result<(), ApiError> {
    context.insert("eventName".into(), json!(event));
    let ts = crate::db::now();
    sqlx::query(
        "INSERT INTO triggered_webhooks (uuid, webhook_id, event_name, trigger_type, context, consumer_id, provider_id, \
         pact_publication_id, verification_id, status, attempts, next_attempt_at, claimed_until, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, NULL, $10, $10)",
    )
    .bind(crate::db::new_uuid())
    .bind(webhook_id)
    .bind(event)
    .bind(trigger)
    .bind(Value::Object(context).to_string())
    .bind(consumer_id)
    .bind(provider_id)
    .bind(publication_id)
    .bind(verification_id)
    .bind(&ts)
    .execute(conn)
    .await?;
    Ok(())
}

/// A pact was published (inside the publishing transaction): queue the
/// `contract_published`, `contract_content_changed` and
/// `contract_requiring_verification_published` webhooks that match.
/// `changed` is whether this publication stored new content for the
/// integration. Returns how many executions were queued.
pub async fn on_pact_published(
    conn: &mut AnyConnection,
    base: &str,
    publication_id: i64,
    changed: bool,
) -> Result<usize, ApiError> {
    let ids: (i64, i64, i64, i64) = {
        let r = sqlx::query("SELECT consumer_id, provider_id, consumer_version_id, pact_content_id FROM pact_publications WHERE id = $1")
            .bind(publication_id)
            .fetch_one(&mut *conn)
            .await?;
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)
    };
    let hooks = matching(conn, ids.0, ids.1).await?;
    if hooks.is_empty() {
        return Ok(0);
    }
    // Content changed = differs from the previous version's pact for this integration.
    let previous: Option<String> = sqlx::query_scalar(
        "SELECT pc.sha FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         WHERE pp.consumer_id = $1 AND pp.provider_id = $2 AND pp.consumer_version_id < $3 ORDER BY pp.consumer_version_id DESC LIMIT 1",
    )
    .bind(ids.0)
    .bind(ids.1)
    .bind(ids.2)
    .fetch_optional(&mut *conn)
    .await?;
    let sha: String = sqlx::query_scalar("SELECT sha FROM pact_contents WHERE id = $1")
        .bind(ids.3)
        .fetch_one(&mut *conn)
        .await?;
    let content_changed = changed && previous.as_deref() != Some(sha.as_str());
    let (ctx, consumer_id, provider_id) = publication_context(conn, base, publication_id).await?;
    let required = if hooks.iter().any(|(_, e)| {
        e.iter()
            .any(|x| x == "contract_requiring_verification_published")
    }) {
        versions_requiring_verification(conn, provider_id, ids.3).await?
    } else {
        Vec::new()
    };
    let mut n = 0;
    for (id, events) in &hooks {
        for event in events {
            let fire = match event.as_str() {
                "contract_published" => vec![ctx.clone()],
                "contract_content_changed" if content_changed => vec![ctx.clone()],
                "contract_requiring_verification_published" => required
                    .iter()
                    .map(|(number, branch)| {
                        let mut c = ctx.clone();
                        c.insert("providerVersionNumber".into(), json!(number));
                        c.insert("providerVersionBranch".into(), json!(branch));
                        c
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for c in fire {
                enqueue(
                    conn,
                    *id,
                    event,
                    "publication",
                    c,
                    Some(consumer_id),
                    Some(provider_id),
                    Some(publication_id),
                    None,
                )
                .await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// [`on_pact_published`] for the publication of a consumer version's pact
/// with a provider.
pub async fn on_published(
    conn: &mut AnyConnection,
    base: &str,
    consumer_version_id: i64,
    provider_id: i64,
    changed: bool,
) -> Result<usize, ApiError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM pact_publications WHERE consumer_version_id = $1 AND provider_id = $2",
    )
    .bind(consumer_version_id)
    .bind(provider_id)
    .fetch_optional(&mut *conn)
    .await?;
    match id {
        Some(id) => on_pact_published(conn, base, id, changed).await,
        None => Ok(0),
    }
}

/// Provider versions that should verify a content and have not verified it
/// successfully: the head of the provider's main branch and every version
/// currently deployed or released. `(number, branch)`.
async fn versions_requiring_verification(
    conn: &mut AnyConnection,
    provider_id: i64,
    content_id: i64,
) -> Result<Vec<(String, String)>, ApiError> {
    let rows = sqlx::query(
        "SELECT v.id, v.number FROM versions v WHERE v.pacticipant_id = $1 AND (\
           v.id = (SELECT MAX(bv.version_id) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
                   JOIN pacticipants p ON p.id = b.pacticipant_id WHERE b.pacticipant_id = $1 AND b.name = p.main_branch) \
           OR v.id IN (SELECT version_id FROM deployed_versions WHERE pacticipant_id = $1 AND currently_deployed = 1) \
           OR v.id IN (SELECT version_id FROM released_versions WHERE pacticipant_id = $1 AND currently_supported = 1)) \
         AND NOT EXISTS (SELECT 1 FROM verifications vr WHERE vr.provider_version_id = v.id AND vr.pact_content_id = $2 AND vr.success = 1) \
         ORDER BY v.id",
    )
    .bind(provider_id)
    .bind(content_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let number: String = r.try_get(1)?;
        let branch = crate::store::version_branches(conn, id)
            .await?
            .last()
            .cloned()
            .unwrap_or_default();
        out.push((number, branch));
    }
    Ok(out)
}

/// A verification result was published (inside its transaction): queue the
/// `provider_verification_*` webhooks that match.
pub async fn on_verification_published(
    conn: &mut AnyConnection,
    base: &str,
    verification_id: i64,
) -> Result<usize, ApiError> {
    let r = sqlx::query(
        "SELECT vr.success, vr.provider_version_id, vr.pact_content_id, vr.build_url, pc.consumer_id, pc.provider_id, pc.sha, c.name, p.name \
         FROM verifications vr JOIN pact_contents pc ON pc.id = vr.pact_content_id JOIN pacticipants c ON c.id = pc.consumer_id \
         JOIN pacticipants p ON p.id = pc.provider_id WHERE vr.id = $1",
    )
    .bind(verification_id)
    .fetch_one(&mut *conn)
    .await?;
    let success = r.try_get::<i64, _>(0)? != 0;
    let provider_version_id: i64 = r.try_get(1)?;
    let content_id: i64 = r.try_get(2)?;
    let build_url: Option<String> = r.try_get(3)?;
    let consumer_id: i64 = r.try_get(4)?;
    let provider_id: i64 = r.try_get(5)?;
    let sha: String = r.try_get(6)?;
    let consumer: String = r.try_get(7)?;
    let provider: String = r.try_get(8)?;
    let hooks = matching(conn, consumer_id, provider_id).await?;
    if hooks.is_empty() {
        return Ok(0);
    }
    // The newest publication with this content stands for the pact.
    let publication_id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM pact_publications WHERE pact_content_id = $1 ORDER BY consumer_version_id DESC LIMIT 1",
    )
    .bind(content_id)
    .fetch_optional(&mut *conn)
    .await?;
    let mut ctx = match publication_id {
        Some(pid) => publication_context(conn, base, pid).await?.0,
        None => Map::new(),
    };
    let number: String = sqlx::query_scalar("SELECT number FROM versions WHERE id = $1")
        .bind(provider_version_id)
        .fetch_one(&mut *conn)
        .await?;
    let (branch, tags, _) = version_facts(conn, provider_version_id).await?;
    ctx.insert("providerVersionNumber".into(), json!(number));
    ctx.insert("providerVersionBranch".into(), json!(branch));
    ctx.insert("providerVersionTags".into(), json!(tags));
    ctx.insert(
        "providerVersionDescriptions".into(),
        json!(format!("version {number} of {provider}")),
    );
    ctx.insert(
        "verificationResultUrl".into(),
        json!(format!(
            "{base}/pacts/provider/{}/consumer/{}/pact-version/{sha}/verification-results/{verification_id}",
            seg(&provider),
            seg(&consumer)
        )),
    );
    ctx.insert("buildUrl".into(), json!(build_url.unwrap_or_default()));
    for (k, v) in statuses(Some(success)) {
        ctx.insert(k.into(), json!(v));
    }
    let mut n = 0;
    for (id, events) in &hooks {
        for event in events {
            let fire = match event.as_str() {
                "provider_verification_published" => true,
                "provider_verification_succeeded" => success,
                "provider_verification_failed" => !success,
                _ => false,
            };
            if fire {
                enqueue(
                    conn,
                    *id,
                    event,
                    "verification",
                    ctx.clone(),
                    Some(consumer_id),
                    Some(provider_id),
                    publication_id,
                    Some(verification_id),
                )
                .await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Triggered webhooks (`filter` on alias `tw`, one bind), as documents.
pub async fn triggered_list(
    conn: &mut AnyConnection,
    base: &crate::http::Base,
    filter: &str,
    arg: i64,
) -> Result<Vec<Value>, ApiError> {
    let sql = format!(
        "SELECT tw.uuid, tw.event_name, tw.trigger_type, tw.status, tw.attempts, tw.next_attempt_at, tw.created_at, tw.updated_at, w.uuid AS webhook_uuid, w.description \
         FROM triggered_webhooks tw JOIN webhooks w ON w.id = tw.webhook_id WHERE {filter} ORDER BY tw.id"
    );
    let rows = sqlx::query(&sql).bind(arg).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            let uuid: String = r.try_get(0)?;
            let webhook: String = r.try_get("webhook_uuid")?;
            Ok(json!({
                "uuid": uuid,
                "eventName": r.try_get::<String, _>(1)?,
                "triggerType": r.try_get::<String, _>(2)?,
                "status": r.try_get::<String, _>(3)?,
                "numberOfAttemptsMade": r.try_get::<i64, _>(4)?,
                "nextAttemptAt": r.try_get::<Option<String>, _>(5)?,
                "createdAt": r.try_get::<String, _>(6)?,
                "updatedAt": r.try_get::<String, _>(7)?,
                "webhookDescription": r.try_get::<Option<String>, _>("description")?,
                "_links": {
                    "self": {"href": base.url(&format!("/triggered-webhooks/{uuid}")), "title": "Triggered webhook"},
                    "pb:logs": {"href": base.url(&format!("/triggered-webhooks/{uuid}/logs")), "title": "Webhook execution logs"},
                    "pb:webhook": {"href": base.url(&format!("/webhooks/{webhook}")), "title": "Webhook"},
                }
            }))
        })
        .collect()
}
