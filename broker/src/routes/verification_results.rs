//! Reading verification results: the latest result for a pact content, for
//! a consumer version's pact, for the latest (tagged) pact, every latest
//! result for a consumer version, and the webhooks a result triggered.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, seg, Base};
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

/// One verification result with the names around it.
#[derive(Debug, Clone)]
pub struct VerificationRow {
    pub id: i64,
    pub provider: String,
    pub consumer: String,
    pub sha: String,
    pub success: bool,
    pub provider_version: String,
    pub build_url: Option<String>,
    pub test_results: String,
    pub verified_by: Option<String>,
    pub created_at: String,
}

const SELECT: &str = "SELECT vr.id, p.name AS provider, c.name AS consumer, pc.sha, vr.success, pv.number, vr.build_url, \
     vr.test_results, vr.verified_by, vr.created_at FROM verifications vr JOIN pact_contents pc ON pc.id = vr.pact_content_id \
     JOIN pacticipants p ON p.id = pc.provider_id JOIN pacticipants c ON c.id = pc.consumer_id \
     JOIN versions pv ON pv.id = vr.provider_version_id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<VerificationRow, sqlx::Error> {
    Ok(VerificationRow {
        id: r.try_get(0)?,
        provider: r.try_get(1)?,
        consumer: r.try_get(2)?,
        sha: r.try_get(3)?,
        success: r.try_get::<i64, _>(4)? != 0,
        provider_version: r.try_get(5)?,
        build_url: r.try_get(6)?,
        test_results: r.try_get(7)?,
        verified_by: r.try_get(8)?,
        created_at: r.try_get(9)?,
    })
}

/// The result's own URL.
pub fn verification_url(base: &Base, provider: &str, consumer: &str, sha: &str, id: i64) -> String {
    base.url(&format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{sha}/verification-results/{id}",
        seg(provider),
        seg(consumer)
    ))
}

/// The verification result document, as the Pact Broker shows it.
pub fn verification_json(base: &Base, v: &VerificationRow) -> Value {
    let url = verification_url(base, &v.provider, &v.consumer, &v.sha, v.id);
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    json!({
        "providerName": v.provider,
        "providerApplicationVersion": v.provider_version,
        "success": v.success,
        "verificationDate": v.created_at,
        "buildUrl": v.build_url,
        "testResults": parse(&v.test_results),
        "verifiedBy": v.verified_by.as_deref().map(parse).unwrap_or(Value::Null),
        "_links": {
            "self": {"href": url.clone(), "title": "Verification result", "name": format!("Verification #{}", v.id)},
            "pb:pact-version": {"href": base.url(&format!("/pacts/provider/{}/consumer/{}/pact-version/{}", seg(&v.provider), seg(&v.consumer), v.sha)), "title": "Pact"},
            "pb:provider-version": {"href": base.url(&format!("/pacticipants/{}/versions/{}", seg(&v.provider), seg(&v.provider_version))), "title": "Provider version", "name": v.provider_version},
            "pb:triggered-webhooks": {"href": format!("{url}/triggered-webhooks"), "title": "Webhooks triggered by the publication of this verification result"},
        }
    })
}

/// The newest verification of a content hash.
async fn latest_for_sha(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
    sha: &str,
) -> Result<Option<VerificationRow>, ApiError> {
    let sql = format!(
        "{SELECT} WHERE pc.sha = $1 AND p.name = $2 AND c.name = $3 ORDER BY vr.id DESC LIMIT 1"
    );
    let row = sqlx::query(&sql)
        .bind(sha)
        .bind(provider)
        .bind(consumer)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

fn none_yet(provider: &str, consumer: &str, what: &str) -> ApiError {
    ApiError::not_found(format!(
        "no verification result for the pact between {consumer} and {provider}{what}"
    ))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/latest", tag = "verifications", summary = "The latest verification result for a pact content", responses((status = 200, description = "The verification result", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_for_content(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let v = latest_for_sha(&mut conn, &provider, &consumer, &sha)
        .await?
        .ok_or_else(|| none_yet(&provider, &consumer, &format!(" with content {sha}")))?;
    Ok(ok(verification_json(&base, &v)))
}

/// The content hash of the pact a consumer version published, or of the
/// latest (tagged) pact.
async fn sha_of(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
    version: Option<&str>,
    tag: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let mut sql = String::from(
        "SELECT pc.sha FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id \
         JOIN pacticipants p ON p.id = pp.provider_id WHERE p.name = $1 AND c.name = $2",
    );
    if version.is_some() {
        sql.push_str(" AND v.number = $3");
    } else if tag.is_some() {
        sql.push_str(
            " AND pp.consumer_version_id IN (SELECT version_id FROM tags WHERE name = $3)",
        );
    }
    sql.push_str(" ORDER BY pp.consumer_version_id DESC LIMIT 1");
    let mut q = sqlx::query_scalar::<_, String>(&sql)
        .bind(provider)
        .bind(consumer);
    if let Some(x) = version.or(tag) {
        q = q.bind(x.to_string());
    }
    Ok(q.fetch_optional(conn).await?)
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}/verification-results/latest", tag = "verifications", summary = "The latest verification result for the pact of a consumer version", responses((status = 200, description = "The verification result", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_for_consumer_version(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let what = format!(" for consumer version {version}");
    let sha = sha_of(&mut conn, &provider, &consumer, Some(&version), None)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no pact between {consumer} version {version} and {provider}"
            ))
        })?;
    let v = latest_for_sha(&mut conn, &provider, &consumer, &sha)
        .await?
        .ok_or_else(|| none_yet(&provider, &consumer, &what))?;
    Ok(ok(verification_json(&base, &v)))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/latest/verification-results/latest", tag = "verifications", summary = "The latest verification result for the latest pact", responses((status = 200, description = "The verification result", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_for_latest_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let sha = sha_of(&mut conn, &provider, &consumer, None, None)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no pact between {consumer} and {provider}")))?;
    let v = latest_for_sha(&mut conn, &provider, &consumer, &sha)
        .await?
        .ok_or_else(|| none_yet(&provider, &consumer, " (latest pact)"))?;
    Ok(ok(verification_json(&base, &v)))
}

#[utoipa::path(get, path = "/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}/verification-results/latest", tag = "verifications", summary = "The latest verification result for the latest pact with a consumer version tag", responses((status = 200, description = "The verification result", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_for_latest_tagged_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let sha = sha_of(&mut conn, &provider, &consumer, None, Some(&tag))
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no pact between {consumer} and {provider} with consumer version tag `{tag}`"
            ))
        })?;
    let v = latest_for_sha(&mut conn, &provider, &consumer, &sha)
        .await?
        .ok_or_else(|| {
            none_yet(
                &provider,
                &consumer,
                &format!(" with consumer version tag `{tag}`"),
            )
        })?;
    Ok(ok(verification_json(&base, &v)))
}

#[utoipa::path(get, path = "/verification-results/consumer/{consumer}/version/{version}/latest", tag = "verifications", summary = "The latest verification result for each pact of a consumer version, and whether all succeeded", responses((status = 200, description = "The verification results", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_for_consumer_version_all(
    State(state): State<AppState>,
    base: Base,
    Path((consumer, version)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &consumer).await?;
    let v = store::find_version(&mut conn, p.id, &version)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{consumer} has no version `{version}`")))?;
    let sql = format!(
        "{SELECT} WHERE vr.id IN (SELECT MAX(v2.id) FROM verifications v2 JOIN pact_publications pp ON pp.pact_content_id = v2.pact_content_id \
         WHERE pp.consumer_version_id = $1 GROUP BY v2.pact_content_id) ORDER BY p.name"
    );
    let rows = sqlx::query(&sql).bind(v.id).fetch_all(&mut *conn).await?;
    let results: Vec<VerificationRow> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    let pacts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pact_publications WHERE consumer_version_id = $1")
            .bind(v.id)
            .fetch_one(&mut *conn)
            .await?;
    let success =
        !results.is_empty() && results.len() as i64 == pacts && results.iter().all(|r| r.success);
    Ok(ok(json!({
        "success": success,
        "_embedded": {"verificationResults": results.iter().map(|r| verification_json(&base, r)).collect::<Vec<_>>()},
        "_links": {"self": link(base.url(&format!("/verification-results/consumer/{}/version/{}/latest", seg(&consumer), seg(&version))))}
    })))
}
