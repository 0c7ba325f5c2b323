//! Versions beyond create and read: deleting a version (with its pacts,
//! verifications, tags, branch memberships, deployments and releases), and
//! the latest version with a tag.

use super::pacticipants::version_json;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, Base};
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[utoipa::path(delete, path = "/pacticipants/{pacticipant}/versions/{version}", tag = "versions", summary = "Delete a version with its pacts, verification results, tags, branch memberships, deployments and releases", responses((status = 204, description = "Deleted")))]
pub async fn delete_version(
    State(state): State<AppState>,
    Path((name, number)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let p = store::require_pacticipant(&mut tx, &name).await?;
    let v = store::find_version(&mut tx, p.id, &number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{name} has no version `{number}`")))?;
    let deleted = crate::deletion::delete_versions(&mut tx, &[v.id]).await?;
    tx.commit().await?;
    tracing::info!(pacticipant = %name, version = %number, pacts = deleted.pact_publications, verifications = deleted.verifications, "version deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/latest-version/{tag}", tag = "versions", summary = "The latest version with a tag", responses((status = 200, description = "The version", body = HalDocument, content_type = "application/hal+json")))]
pub async fn latest_tagged_version(
    State(state): State<AppState>,
    base: Base,
    Path((name, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version_id) FROM tags WHERE pacticipant_id = $1 AND name = $2",
    )
    .bind(p.id)
    .bind(&tag)
    .fetch_one(&mut *conn)
    .await?;
    let id =
        id.ok_or_else(|| ApiError::not_found(format!("{name} has no version with tag `{tag}`")))?;
    let v = store::version_by_id(&mut conn, id).await?;
    Ok(ok(version_json(&mut conn, &base, &p, &v).await?))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/environments/{environment}/versions", tag = "versions", summary = "The versions of a pacticipant currently deployed or released to an environment", responses((status = 200, description = "The versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn in_environment(
    State(state): State<AppState>,
    base: Base,
    Path((name, environment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let env = store::require_environment(&mut conn, &environment).await?;
    let sql = format!(
        "SELECT {} FROM versions WHERE pacticipant_id = $1 AND (id IN (SELECT version_id FROM deployed_versions WHERE environment_id = $2 AND currently_deployed = 1) \
         OR id IN (SELECT version_id FROM released_versions WHERE environment_id = $2 AND currently_supported = 1)) ORDER BY id DESC",
        store::Version::COLUMNS
    );
    let rows = sqlx::query(&sql)
        .bind(p.id)
        .bind(env.id)
        .fetch_all(&mut *conn)
        .await?;
    let mut list = Vec::new();
    for r in &rows {
        let v = store::Version::from_row(r)?;
        list.push(version_json(&mut conn, &base, &p, &v).await?);
    }
    Ok(ok(serde_json::json!({
        "_embedded": {"versions": list},
        "_links": {"self": super::link(base.url(&format!(
            "/pacticipants/{}/environments/{}/versions",
            crate::http::seg(&name),
            crate::http::seg(&environment)
        )))}
    })))
}
