//! Webhooks: create (`POST /webhooks`, or for a consumer and/or provider),
//! read, create-or-update (`PUT /webhooks/{uuid}`), delete, test execution
//! (`POST /webhooks/{uuid}/execute` and `POST /webhooks/execute` for an
//! unsaved one), and the triggered executions with their logs.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{created, ok, seg, with_content_type, Base, JsonBody};
use crate::store;
use crate::webhooks::{self, worker, WebhookBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use sqlx::{AnyConnection, Row};

fn collection(base: &Base, self_path: &str, hooks: &[webhooks::Webhook]) -> Value {
    let links: Vec<Value> = hooks
        .iter()
        .map(|w| json!({"href": base.url(&format!("/webhooks/{}", w.uuid)), "title": w.description.clone().unwrap_or_else(|| "A webhook".into())}))
        .collect();
    json!({
        "_embedded": {"webhooks": hooks.iter().map(|w| webhooks::webhook_json(&base.0, w)).collect::<Vec<_>>()},
        "_links": {
            "self": link(base.url(self_path)),
            "pb:create": {"href": base.url(self_path), "title": "POST to create a webhook"},
            "pb:webhooks": links,
        }
    })
}

async fn create_with(
    state: &AppState,
    base: &Base,
    mut body: WebhookBody,
    consumer: Option<&str>,
    provider: Option<&str>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    // The pacticipants in the path must exist (404), and win over the body.
    if let Some(c) = consumer {
        store::require_pacticipant(&mut tx, c).await?;
        body.consumer = Some(webhooks::PacticipantRef {
            name: Some(c.to_string()),
            label: None,
        });
    }
    if let Some(p) = provider {
        store::require_pacticipant(&mut tx, p).await?;
        body.provider = Some(webhooks::PacticipantRef {
            name: Some(p.to_string()),
            label: None,
        });
    }
    let v = webhooks::validate(&mut tx, &state.webhooks.config, body).await?;
    let uuid = crate::db::new_uuid();
    webhooks::save(&mut tx, &uuid, &v).await?;
    let w = webhooks::find(&mut tx, &uuid)
        .await?
        .ok_or_else(|| ApiError::Internal("the new webhook could not be read".into()))?;
    tx.commit().await?;
    Ok(created(
        &base.url(&format!("/webhooks/{uuid}")),
        webhooks::webhook_json(&base.0, &w),
    ))
}

#[utoipa::path(get, path = "/webhooks", tag = "webhooks", summary = "Every webhook", responses((status = 200, description = "The webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let hooks = webhooks::list(&mut conn, None, None).await?;
    Ok(ok(collection(&base, "/webhooks", &hooks)))
}

#[utoipa::path(post, path = "/webhooks", tag = "webhooks", summary = "Create a webhook (consumer and provider by name or label, or neither for any)", request_body(content = WebhookBody, content_type = "application/json"), responses((status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create(
    State(state): State<AppState>,
    base: Base,
    JsonBody(body): JsonBody<WebhookBody>,
) -> Result<Response, ApiError> {
    create_with(&state, &base, body, None, None).await
}

#[utoipa::path(get, path = "/webhooks/provider/{provider}/consumer/{consumer}", tag = "webhooks", summary = "The webhooks for a consumer and provider", responses((status = 200, description = "The webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list_for_pair(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let c = store::require_pacticipant(&mut conn, &consumer).await?;
    let p = store::require_pacticipant(&mut conn, &provider).await?;
    let hooks = webhooks::list(&mut conn, Some(c.id), Some(p.id)).await?;
    Ok(ok(collection(
        &base,
        &format!(
            "/webhooks/provider/{}/consumer/{}",
            seg(&provider),
            seg(&consumer)
        ),
        &hooks,
    )))
}

#[utoipa::path(post, path = "/webhooks/provider/{provider}/consumer/{consumer}", tag = "webhooks", summary = "Create a webhook for a consumer and provider", request_body(content = WebhookBody, content_type = "application/json"), responses((status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create_for_pair(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
    JsonBody(body): JsonBody<WebhookBody>,
) -> Result<Response, ApiError> {
    create_with(&state, &base, body, Some(&consumer), Some(&provider)).await
}

#[utoipa::path(get, path = "/webhooks/provider/{provider}", tag = "webhooks", summary = "The webhooks for a provider", responses((status = 200, description = "The webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list_for_provider(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &provider).await?;
    let hooks = webhooks::list(&mut conn, None, Some(p.id)).await?;
    Ok(ok(collection(
        &base,
        &format!("/webhooks/provider/{}", seg(&provider)),
        &hooks,
    )))
}

#[utoipa::path(post, path = "/webhooks/provider/{provider}", tag = "webhooks", summary = "Create a webhook for a provider (any consumer)", request_body(content = WebhookBody, content_type = "application/json"), responses((status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create_for_provider(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    JsonBody(body): JsonBody<WebhookBody>,
) -> Result<Response, ApiError> {
    create_with(&state, &base, body, None, Some(&provider)).await
}

#[utoipa::path(get, path = "/webhooks/consumer/{consumer}", tag = "webhooks", summary = "The webhooks for a consumer", responses((status = 200, description = "The webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list_for_consumer(
    State(state): State<AppState>,
    base: Base,
    Path(consumer): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let c = store::require_pacticipant(&mut conn, &consumer).await?;
    let hooks = webhooks::list(&mut conn, Some(c.id), None).await?;
    Ok(ok(collection(
        &base,
        &format!("/webhooks/consumer/{}", seg(&consumer)),
        &hooks,
    )))
}

#[utoipa::path(post, path = "/webhooks/consumer/{consumer}", tag = "webhooks", summary = "Create a webhook for a consumer (any provider)", request_body(content = WebhookBody, content_type = "application/json"), responses((status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create_for_consumer(
    State(state): State<AppState>,
    base: Base,
    Path(consumer): Path<String>,
    JsonBody(body): JsonBody<WebhookBody>,
) -> Result<Response, ApiError> {
    create_with(&state, &base, body, Some(&consumer), None).await
}

#[utoipa::path(get, path = "/webhooks/{uuid}", tag = "webhooks", summary = "A webhook (its password and secret headers are never shown)", responses((status = 200, description = "The webhook", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let w = webhooks::find(&mut conn, &uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no webhook `{uuid}`")))?;
    Ok(ok(webhooks::webhook_json(&base.0, &w)))
}

#[utoipa::path(put, path = "/webhooks/{uuid}", tag = "webhooks", summary = "Create or replace the webhook with this UUID", request_body(content = WebhookBody, content_type = "application/json"), responses((status = 200, description = "Replaced", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Created", body = HalDocument, content_type = "application/hal+json")))]
pub async fn put_one(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    JsonBody(body): JsonBody<WebhookBody>,
) -> Result<Response, ApiError> {
    crate::http::validate_name("webhook uuid", &uuid)?;
    if uuid.contains('/') || uuid.len() < 8 {
        return Err(ApiError::invalid_field(
            "uuid",
            format!(
                "`{uuid}` is not a webhook UUID; generate one with `pact broker generate-uuid`"
            ),
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let v = webhooks::validate(&mut tx, &state.webhooks.config, body).await?;
    let new = webhooks::save(&mut tx, &uuid, &v).await?;
    let w = webhooks::find(&mut tx, &uuid)
        .await?
        .ok_or_else(|| ApiError::Internal("the webhook could not be read back".into()))?;
    tx.commit().await?;
    let doc = webhooks::webhook_json(&base.0, &w);
    Ok(if new {
        created(&base.url(&format!("/webhooks/{uuid}")), doc)
    } else {
        ok(doc)
    })
}

#[utoipa::path(delete, path = "/webhooks/{uuid}", tag = "webhooks", summary = "Delete a webhook with its triggered executions and logs", responses((status = 204, description = "Deleted")))]
pub async fn delete_one(
    State(state): State<AppState>,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let w = webhooks::find(&mut tx, &uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no webhook `{uuid}`")))?;
    crate::deletion::delete_webhooks(&mut tx, &[w.id]).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Template variables for a test execution: the latest pact (and its
/// latest verification) the webhook would fire for, else example values.
async fn test_context(
    conn: &mut AnyConnection,
    base: &Base,
    w: &webhooks::Validated,
) -> Result<Map<String, Value>, ApiError> {
    let mut sql = String::from("SELECT pp.id FROM pact_publications pp WHERE 1 = 1");
    let mut binds = Vec::new();
    if let Some(c) = w.consumer_id {
        binds.push(c);
        sql.push_str(&format!(" AND pp.consumer_id = ${}", binds.len()));
    }
    if let Some(p) = w.provider_id {
        binds.push(p);
        sql.push_str(&format!(" AND pp.provider_id = ${}", binds.len()));
    }
    sql.push_str(" ORDER BY pp.id DESC LIMIT 1");
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for b in binds {
        q = q.bind(b);
    }
    let publication = q.fetch_optional(&mut *conn).await?;
    let mut ctx = Map::new();
    for k in webhooks::template::VARIABLES {
        ctx.insert((*k).to_string(), json!(""));
    }
    if let Some(pid) = publication {
        // Reuse the trigger's context by queueing nothing: compute it directly.
        let r = sqlx::query(
            "SELECT c.name, p.name, v.number, pc.sha FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id \
             JOIN pacticipants p ON p.id = pp.provider_id JOIN versions v ON v.id = pp.consumer_version_id \
             JOIN pact_contents pc ON pc.id = pp.pact_content_id WHERE pp.id = $1",
        )
        .bind(pid)
        .fetch_one(&mut *conn)
        .await?;
        let (consumer, provider, number, sha): (String, String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
        let meta = super::encode_pact_metadata(&[("cvn", &number)]);
        ctx.insert(
            "pactUrl".into(),
            json!(base.url(&format!(
                "/pacts/provider/{}/consumer/{}/pact-version/{sha}/metadata/{meta}",
                seg(&provider),
                seg(&consumer)
            ))),
        );
        ctx.insert("consumerName".into(), json!(consumer));
        ctx.insert("providerName".into(), json!(provider));
        ctx.insert("consumerVersionNumber".into(), json!(number));
    } else {
        ctx.insert("consumerName".into(), json!("ExampleConsumer"));
        ctx.insert("providerName".into(), json!("ExampleProvider"));
        ctx.insert("consumerVersionNumber".into(), json!("1.0.0"));
        ctx.insert(
            "pactUrl".into(),
            json!(
                base.url("/pacts/provider/ExampleProvider/consumer/ExampleConsumer/version/1.0.0")
            ),
        );
    }
    ctx.insert("eventName".into(), json!("test"));
    ctx.insert("githubVerificationStatus".into(), json!("pending"));
    Ok(ctx)
}

async fn execute_validated(
    state: &AppState,
    base: &Base,
    v: &webhooks::Validated,
    self_url: String,
) -> Result<Response, ApiError> {
    let context = {
        let mut conn = state.db.pool.acquire().await?;
        test_context(&mut conn, base, v).await?
    };
    let outcome = worker::call(&state.webhooks, &v.request, &context).await;
    let doc = json!({
        "success": outcome.success,
        "request": outcome.request,
        "response": outcome.response,
        "error": outcome.error.as_ref().map(|m| json!({"message": m})),
        "logs": outcome.logs,
        "message": if outcome.success { "The webhook succeeded" } else { "The webhook failed" },
        "_links": {"self": link(self_url)},
    });
    // The Pact Broker answers 200 when the call succeeded and 400 when it did not.
    let status = if outcome.success {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(crate::http::hal(status, doc))
}

#[utoipa::path(post, path = "/webhooks/{uuid}/execute", tag = "webhooks", summary = "Test a webhook: execute it now with the latest matching pact (the answer has the request, the response and the log)", request_body(content = Option<crate::api_doc::EmptyObject>, content_type = "application/json"), responses((status = 200, description = "The call succeeded", body = HalDocument, content_type = "application/hal+json"), (status = 400, description = "The call failed or was refused", body = HalDocument, content_type = "application/hal+json")))]
pub async fn execute(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    JsonBody(_body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    let v = {
        let mut conn = state.db.pool.acquire().await?;
        let w = webhooks::find(&mut conn, &uuid)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no webhook `{uuid}`")))?;
        let consumer_id = match &w.consumer {
            Some(n) => store::find_pacticipant(&mut conn, n).await?.map(|p| p.id),
            None => None,
        };
        let provider_id = match &w.provider {
            Some(n) => store::find_pacticipant(&mut conn, n).await?.map(|p| p.id),
            None => None,
        };
        webhooks::Validated {
            description: w.description,
            consumer_id,
            consumer_label: w.consumer_label,
            provider_id,
            provider_label: w.provider_label,
            events: w.events,
            request: w.request,
            enabled: w.enabled,
        }
    };
    execute_validated(
        &state,
        &base,
        &v,
        base.url(&format!("/webhooks/{uuid}/execute")),
    )
    .await
}

#[utoipa::path(post, path = "/webhooks/execute", tag = "webhooks", summary = "Test an unsaved webhook: validate it and execute it now", request_body(content = WebhookBody, content_type = "application/json"), responses((status = 200, description = "The call succeeded", body = HalDocument, content_type = "application/hal+json"), (status = 400, description = "Invalid, failed or refused", body = HalDocument, content_type = "application/hal+json")))]
pub async fn execute_unsaved(
    State(state): State<AppState>,
    base: Base,
    JsonBody(body): JsonBody<WebhookBody>,
) -> Result<Response, ApiError> {
    let v = {
        let mut conn = state.db.pool.acquire().await?;
        webhooks::validate(&mut conn, &state.webhooks.config, body).await?
    };
    execute_validated(&state, &base, &v, base.url("/webhooks/execute")).await
}

#[utoipa::path(get, path = "/triggered-webhooks/{uuid}", tag = "webhooks", summary = "A triggered webhook: its event, status and attempts", responses((status = 200, description = "The triggered webhook", body = HalDocument, content_type = "application/hal+json")))]
pub async fn triggered(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let id: i64 = sqlx::query_scalar("SELECT id FROM triggered_webhooks WHERE uuid = $1")
        .bind(&uuid)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no triggered webhook `{uuid}`")))?;
    let list = webhooks::triggered_list(&mut conn, &base, "tw.id = $1", id).await?;
    Ok(ok(list.into_iter().next().unwrap_or(Value::Null)))
}

#[utoipa::path(get, path = "/triggered-webhooks/{uuid}/logs", tag = "webhooks", summary = "The logs of every execution attempt of a triggered webhook (secrets hidden)", responses((status = 200, description = "The logs", body = String, content_type = "text/plain")))]
pub async fn triggered_logs(
    State(state): State<AppState>,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let id: i64 = sqlx::query_scalar("SELECT id FROM triggered_webhooks WHERE uuid = $1")
        .bind(&uuid)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no triggered webhook `{uuid}`")))?;
    let rows = sqlx::query("SELECT success, logs, created_at FROM webhook_executions WHERE triggered_webhook_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let mut text = String::new();
    for (i, r) in rows.iter().enumerate() {
        let success = r.try_get::<i64, _>(0)? != 0;
        let logs: String = r.try_get(1)?;
        let at: String = r.try_get(2)?;
        text.push_str(&format!(
            "---- attempt {} at {at}: {} ----\n{logs}\n",
            i + 1,
            if success { "success" } else { "failure" }
        ));
    }
    if rows.is_empty() {
        text.push_str("not executed yet\n");
    }
    Ok(with_content_type(
        StatusCode::OK,
        text,
        "text/plain;charset=utf-8",
    ))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/triggered-webhooks", tag = "webhooks", summary = "The webhooks the publication of this pact triggered", responses((status = 200, description = "The triggered webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn pact_triggered(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let id: i64 = sqlx::query_scalar(
        "SELECT pp.id FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id \
         JOIN pacticipants p ON p.id = pp.provider_id WHERE c.name = $1 AND p.name = $2 AND v.number = $3",
    )
    .bind(&consumer)
    .bind(&provider)
    .bind(&version)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ApiError::not_found(format!("no pact between {consumer} version {version} and {provider}")))?;
    let list = webhooks::triggered_list(
        &mut conn,
        &base,
        "tw.pact_publication_id = $1 AND tw.verification_id IS NULL",
        id,
    )
    .await?;
    Ok(ok(json!({
        "_embedded": {"triggeredWebhooks": list},
        "_links": {"self": link(base.url(&format!("/pacts/provider/{}/consumer/{}/version/{}/triggered-webhooks", seg(&provider), seg(&consumer), seg(&version))))}
    })))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{id}/triggered-webhooks", tag = "webhooks", summary = "The webhooks a verification result triggered", responses((status = 200, description = "The triggered webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn verification_triggered(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha, id)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no verification result `{id}`")))?;
    let mut conn = state.db.pool.acquire().await?;
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT vr.id FROM verifications vr JOIN pact_contents pc ON pc.id = vr.pact_content_id WHERE vr.id = $1 AND pc.sha = $2",
    )
    .bind(id)
    .bind(&sha)
    .fetch_optional(&mut *conn)
    .await?;
    exists.ok_or_else(|| {
        ApiError::not_found(format!("no verification result {id} for pact {sha}"))
    })?;
    let list = webhooks::triggered_list(&mut conn, &base, "tw.verification_id = $1", id).await?;
    Ok(ok(json!({
        "_embedded": {"triggeredWebhooks": list},
        "_links": {"self": link(base.url(&format!("/pacts/provider/{}/consumer/{}/pact-version/{sha}/verification-results/{id}/triggered-webhooks", seg(&provider), seg(&consumer))))}
    })))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/webhooks", tag = "webhooks", summary = "The webhooks for this pact's consumer and provider", responses((status = 200, description = "The webhooks", body = HalDocument, content_type = "application/hal+json")))]
pub async fn pact_webhooks(
    state: State<AppState>,
    base: Base,
    path: Path<(String, String)>,
) -> Result<Response, ApiError> {
    list_for_pair(state, base, path).await
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/webhooks/status", tag = "webhooks", summary = "The status of the latest webhook executions for this consumer and provider", responses((status = 200, description = "The status", body = HalDocument, content_type = "application/hal+json")))]
pub async fn pact_webhooks_status(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let c = store::require_pacticipant(&mut conn, &consumer).await?;
    let p = store::require_pacticipant(&mut conn, &provider).await?;
    let filter = format!("tw.consumer_id = {} AND tw.provider_id = $1", c.id);
    let list = webhooks::triggered_list(&mut conn, &base, &filter, p.id).await?;
    let count = |s: &str| list.iter().filter(|t| t["status"] == s).count();
    let summary = json!({"successful": count("success"), "failed": count("failure"), "notRun": count("queued"), "retrying": count("retrying")});
    let status = if list.is_empty() {
        "none"
    } else if count("failure") > 0 {
        "failure"
    } else if count("retrying") > 0 || count("queued") > 0 {
        "retrying"
    } else {
        "success"
    };
    Ok(ok(json!({
        "summary": summary,
        "status": status,
        "_embedded": {"triggeredWebhooks": list},
        "_links": {"self": link(base.url(&format!("/pacts/provider/{}/consumer/{}/webhooks/status", seg(&provider), seg(&consumer))))}
    })))
}
