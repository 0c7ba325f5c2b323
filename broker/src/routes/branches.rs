//! Branches beyond create and read: deleting a branch (its versions stay),
//! removing a version from a branch, a branch's versions and its latest
//! version.

use super::link;
use super::pacticipants::version_json;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{ok, seg, Base};
use crate::pagination::{self, PageQuery};
use crate::store::{self, Version};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::AnyConnection;

async fn branch_id(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    name: &str,
    branch: &str,
) -> Result<i64, ApiError> {
    sqlx::query_scalar("SELECT id FROM branches WHERE pacticipant_id = $1 AND name = $2")
        .bind(pacticipant_id)
        .bind(branch)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{name} has no branch `{branch}`")))
}

/// `DELETE /pacticipants/{p}/branches/{b}`: the versions, pacts and
/// verifications stay; the branch no longer selects them.
#[utoipa::path(delete, path = "/pacticipants/{pacticipant}/branches/{branch}", tag = "branches", summary = "Delete a branch (its versions, pacts and verifications stay)", responses((status = 204, description = "Deleted")))]
pub async fn delete_branch(
    State(state): State<AppState>,
    Path((name, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let p = store::require_pacticipant(&mut tx, &name).await?;
    let id = branch_id(&mut tx, p.id, &name, &branch).await?;
    sqlx::query("DELETE FROM branch_versions WHERE branch_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM branches WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /pacticipants/{p}/branches/{b}/versions/{v}`: take a version off a branch.
#[utoipa::path(delete, path = "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", tag = "branches", summary = "Remove a version from a branch", responses((status = 204, description = "Removed")))]
pub async fn delete_branch_version(
    State(state): State<AppState>,
    Path((name, branch, number)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let p = store::require_pacticipant(&mut tx, &name).await?;
    let id = branch_id(&mut tx, p.id, &name, &branch).await?;
    let v = store::find_version(&mut tx, p.id, &number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{name} has no version `{number}`")))?;
    let n = sqlx::query("DELETE FROM branch_versions WHERE branch_id = $1 AND version_id = $2")
        .bind(id)
        .bind(v.id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::not_found(format!(
            "{name} version {number} is not on branch `{branch}`"
        )));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/branches/{branch}/versions", tag = "branches", summary = "The versions on a branch, newest first (complete unless pageNumber or pageSize is given)", params(("pageNumber" = Option<u32>, Query, description = "Page number, from 1"), ("pageSize" = Option<u32>, Query, description = "Page size (1 to 1000)")), responses((status = 200, description = "The versions", body = HalDocument, content_type = "application/hal+json")))]
pub async fn branch_versions(
    State(state): State<AppState>,
    base: Base,
    Path((name, branch)): Path<(String, String)>,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let id = branch_id(&mut conn, p.id, &name, &branch).await?;
    let (limit, offset) = page.limit_offset();
    let sql = format!(
        "SELECT {} FROM versions WHERE id IN (SELECT version_id FROM branch_versions WHERE branch_id = $1) ORDER BY id DESC LIMIT $2 OFFSET $3",
        Version::COLUMNS
    );
    let rows = sqlx::query(&sql)
        .bind(id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    let mut list = Vec::new();
    for r in &rows {
        let v = Version::from_row(r)?;
        list.push(version_json(&mut conn, &base, &p, &v).await?);
    }
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM branch_versions WHERE branch_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let self_url = base.url(&format!(
        "/pacticipants/{}/branches/{}/versions",
        seg(&name),
        seg(&branch)
    ));
    let mut doc = json!({
        "_embedded": {"versions": list},
        "_links": {
            "self": link(self_url.clone()),
            "pb:branch": link(base.url(&format!("/pacticipants/{}/branches/{}", seg(&name), seg(&branch)))),
        }
    });
    pagination::decorate(&mut doc, &self_url, page.page(), total as u64);
    Ok(ok(doc))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/branches/{branch}/latest-version", tag = "branches", summary = "The latest version on a branch (the branch head)", responses((status = 200, description = "The version", body = HalDocument, content_type = "application/hal+json")))]
pub async fn branch_latest_version(
    State(state): State<AppState>,
    base: Base,
    Path((name, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let id = branch_id(&mut conn, p.id, &name, &branch).await?;
    let vid: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version_id) FROM branch_versions WHERE branch_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let vid = vid.ok_or_else(|| {
        ApiError::not_found(format!("branch `{branch}` of {name} has no versions"))
    })?;
    let v = store::version_by_id(&mut conn, vid).await?;
    Ok(ok(version_json(&mut conn, &base, &p, &v).await?))
}
