//! Deleting a tag from a version (creating and reading tags is in
//! `pacticipants.rs`, with the version they hang off).

use crate::error::ApiError;
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[utoipa::path(delete, path = "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", tag = "tags", summary = "Remove a tag from a version", responses((status = 204, description = "Removed")))]
pub async fn delete_tag(
    State(state): State<AppState>,
    Path((name, number, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let p = store::require_pacticipant(&mut tx, &name).await?;
    let v = store::find_version(&mut tx, p.id, &number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{name} has no version `{number}`")))?;
    let n = sqlx::query("DELETE FROM tags WHERE version_id = $1 AND name = $2")
        .bind(v.id)
        .bind(&tag)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::not_found(format!(
            "{name} version {number} has no tag `{tag}`"
        )));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
