//! Integrations (a consumer and a provider with at least one pact), the
//! dashboard (the latest pact and verification of each integration), and
//! deleting an integration with all its pacts.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, seg, Base};
use crate::pagination::{self, PageQuery};
use crate::store;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

/// One integration with what the dashboard shows about it.
#[derive(Debug, Clone)]
struct Integration {
    consumer: String,
    provider: String,
    created_at: String,
    consumer_version: Option<String>,
    sha: Option<String>,
    pact_created_at: Option<String>,
    verification: Option<(i64, bool, String, String)>,
}

const SELECT: &str = "SELECT c.name AS consumer, p.name AS provider, i.created_at, \
     (SELECT v.number FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id \
        WHERE pp.consumer_id = i.consumer_id AND pp.provider_id = i.provider_id ORDER BY pp.consumer_version_id DESC LIMIT 1) AS cv, \
     (SELECT pc.sha FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
        WHERE pp.consumer_id = i.consumer_id AND pp.provider_id = i.provider_id ORDER BY pp.consumer_version_id DESC LIMIT 1) AS sha, \
     (SELECT pp.created_at FROM pact_publications pp \
        WHERE pp.consumer_id = i.consumer_id AND pp.provider_id = i.provider_id ORDER BY pp.consumer_version_id DESC LIMIT 1) AS pact_at \
     FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id";

async fn load(
    conn: &mut AnyConnection,
    filter: Option<(&str, &str)>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Integration>, ApiError> {
    let rows = match filter {
        Some((provider, consumer)) => {
            sqlx::query(&format!("{SELECT} WHERE p.name = $1 AND c.name = $2"))
                .bind(provider)
                .bind(consumer)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query(&format!(
                "{SELECT} ORDER BY c.name, p.name LIMIT $1 OFFSET $2"
            ))
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    let mut out = Vec::new();
    for r in &rows {
        let sha: Option<String> = r.try_get("sha")?;
        let provider: String = r.try_get("provider")?;
        let verification = match &sha {
            Some(sha) => sqlx::query(
                "SELECT vr.id, vr.success, pv.number, vr.created_at FROM verifications vr JOIN pact_contents pc ON pc.id = vr.pact_content_id \
                 JOIN versions pv ON pv.id = vr.provider_version_id WHERE pc.sha = $1 ORDER BY vr.id DESC LIMIT 1",
            )
            .bind(sha)
            .fetch_optional(&mut *conn)
            .await?
            .map(|v| -> Result<_, sqlx::Error> {
                Ok((v.try_get(0)?, v.try_get::<i64, _>(1)? != 0, v.try_get(2)?, v.try_get(3)?))
            })
            .transpose()?,
            None => None,
        };
        out.push(Integration {
            consumer: r.try_get("consumer")?,
            provider,
            created_at: r.try_get("created_at")?,
            consumer_version: r.try_get("cv")?,
            sha,
            pact_created_at: r.try_get("pact_at")?,
            verification,
        });
    }
    Ok(out)
}

fn status(i: &Integration) -> &'static str {
    match (&i.sha, &i.verification) {
        (None, _) => "unknown",
        (Some(_), None) => "never verified",
        (Some(_), Some((_, true, _, _))) => "success",
        (Some(_), Some((_, false, _, _))) => "failed",
    }
}

fn integration_json(base: &Base, i: &Integration) -> Value {
    let pair = format!(
        "provider/{}/consumer/{}",
        seg(&i.provider),
        seg(&i.consumer)
    );
    json!({
        "consumer": {"name": i.consumer, "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&i.consumer))))}},
        "provider": {"name": i.provider, "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&i.provider))))}},
        "createdAt": i.created_at,
        "verificationStatus": status(i),
        "latestPactPublishedAt": i.pact_created_at,
        "_links": {
            "self": link(base.url(&format!("/integrations/{pair}"))),
            "pb:latest-pact": link(base.url(&format!("/pacts/{pair}/latest"))),
            "pb:dashboard": link(base.url(&format!("/dashboard/{pair}"))),
            "pb:matrix": link(base.url(&format!("/matrix/{pair}"))),
            "pb:badge": link(base.url(&format!("/pacts/{pair}/latest/badge"))),
        }
    })
}

fn dashboard_item(base: &Base, i: &Integration) -> Value {
    let version_url =
        |p: &str, v: &str| base.url(&format!("/pacticipants/{}/versions/{}", seg(p), seg(v)));
    json!({
        "consumer": {
            "name": i.consumer,
            "version": i.consumer_version.as_ref().map(|v| json!({"number": v, "_links": {"self": link(version_url(&i.consumer, v))}})),
            "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&i.consumer))))}
        },
        "provider": {
            "name": i.provider,
            "version": i.verification.as_ref().map(|(_, _, v, _)| json!({"number": v, "_links": {"self": link(version_url(&i.provider, v))}})),
            "_links": {"self": link(base.url(&format!("/pacticipants/{}", seg(&i.provider))))}
        },
        "pact": i.sha.as_ref().map(|sha| json!({
            "createdAt": i.pact_created_at,
            "_links": {"self": link(base.url(&format!("/pacts/provider/{}/consumer/{}/pact-version/{sha}", seg(&i.provider), seg(&i.consumer))))}
        })),
        "verificationResult": i.verification.as_ref().map(|(id, success, _, at)| json!({
            "success": success,
            "verifiedAt": at,
            "_links": {"self": link(base.url(&format!(
                "/pacts/provider/{}/consumer/{}/pact-version/{}/verification-results/{id}",
                seg(&i.provider), seg(&i.consumer), i.sha.clone().unwrap_or_default())))}
        })),
        "verificationStatus": status(i),
        "_links": {
            "self": link(base.url(&format!("/dashboard/provider/{}/consumer/{}", seg(&i.provider), seg(&i.consumer)))),
        }
    })
}

#[utoipa::path(get, path = "/integrations", tag = "integrations", summary = "Every integration (consumer and provider with a pact); complete unless pageNumber or pageSize is given", params(("pageNumber" = Option<u32>, Query, description = "Page number, from 1"), ("pageSize" = Option<u32>, Query, description = "Page size (1 to 1000)")), responses((status = 200, description = "The integrations", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(
    State(state): State<AppState>,
    base: Base,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (limit, offset) = page.limit_offset();
    let mut conn = state.db.pool.acquire().await?;
    let list = load(&mut conn, None, limit, offset).await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM integrations")
        .fetch_one(&mut *conn)
        .await?;
    let url = base.url("/integrations");
    let mut doc = json!({
        "_embedded": {"integrations": list.iter().map(|i| integration_json(&base, i)).collect::<Vec<_>>()},
        "_links": {"self": link(url.clone())}
    });
    pagination::decorate(&mut doc, &url, page.page(), total as u64);
    Ok(ok(doc))
}

#[utoipa::path(get, path = "/integrations/provider/{provider}/consumer/{consumer}", tag = "integrations", summary = "One integration", responses((status = 200, description = "The integration", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_one(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let i = load(&mut conn, Some((&provider, &consumer)), 1, 0)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ApiError::not_found(format!("no integration between {consumer} and {provider}"))
        })?;
    Ok(ok(integration_json(&base, &i)))
}

#[utoipa::path(delete, path = "/integrations/provider/{provider}/consumer/{consumer}", tag = "integrations", summary = "Delete an integration with all its pacts, their verification results and its webhooks", responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(state): State<AppState>,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let c = store::require_pacticipant(&mut tx, &consumer).await?;
    let p = store::require_pacticipant(&mut tx, &provider).await?;
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT consumer_id FROM integrations WHERE consumer_id = $1 AND provider_id = $2",
    )
    .bind(c.id)
    .bind(p.id)
    .fetch_optional(&mut **tx)
    .await?;
    exists.ok_or_else(|| {
        ApiError::not_found(format!("no integration between {consumer} and {provider}"))
    })?;
    let pubs: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM pact_publications WHERE consumer_id = $1 AND provider_id = $2",
    )
    .bind(c.id)
    .bind(p.id)
    .fetch_all(&mut **tx)
    .await?;
    crate::deletion::delete_publications(&mut tx, &pubs).await?;
    let hooks: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM webhooks WHERE consumer_id = $1 AND provider_id = $2")
            .bind(c.id)
            .bind(p.id)
            .fetch_all(&mut **tx)
            .await?;
    crate::deletion::delete_webhooks(&mut tx, &hooks).await?;
    sqlx::query("DELETE FROM integrations WHERE consumer_id = $1 AND provider_id = $2")
        .bind(c.id)
        .bind(p.id)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/dashboard", tag = "integrations", summary = "The latest pact and verification result of every integration", responses((status = 200, description = "The dashboard", body = HalDocument, content_type = "application/hal+json")))]
pub async fn dashboard(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let list = load(&mut conn, None, i64::MAX, 0).await?;
    Ok(ok(json!({
        "items": list.iter().map(|i| dashboard_item(&base, i)).collect::<Vec<_>>(),
        "_links": {"self": link(base.url("/dashboard"))}
    })))
}

#[utoipa::path(get, path = "/dashboard/provider/{provider}/consumer/{consumer}", tag = "integrations", summary = "The dashboard row of one integration", responses((status = 200, description = "The dashboard row", body = HalDocument, content_type = "application/hal+json")))]
pub async fn dashboard_one(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let list = load(&mut conn, Some((&provider, &consumer)), 1, 0).await?;
    if list.is_empty() {
        return Err(ApiError::not_found(format!(
            "no integration between {consumer} and {provider}"
        )));
    }
    Ok(ok(json!({
        "items": list.iter().map(|i| dashboard_item(&base, i)).collect::<Vec<_>>(),
        "_links": {"self": link(base.url(&format!("/dashboard/provider/{}/consumer/{}", seg(&provider), seg(&consumer))))}
    })))
}
