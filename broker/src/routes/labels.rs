//! Pacticipant labels: `/labels`, `/pacticipants/label/{label}` and
//! `/pacticipants/{p}/labels/{label}` (GET, PUT, DELETE). Webhooks can name
//! their consumer or provider by label.

use super::link;
use super::pacticipants::{pacticipant_extras, pacticipant_json_with, PacticipantExtras};
use crate::api_doc::{EmptyObject, HalDocument};
use crate::db::now;
use crate::error::ApiError;
use crate::http::{created, ok, seg, validate_name, Base, JsonBody};
use crate::store::{self, Pacticipant};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

fn label_json(base: &Base, pacticipant: &str, label: &str) -> Value {
    json!({
        "name": label,
        "_links": {
            "self": {"href": base.url(&format!("/pacticipants/{}/labels/{}", seg(pacticipant), seg(label))), "title": "Label", "name": label},
            "pb:pacticipant": {"href": base.url(&format!("/pacticipants/{}", seg(pacticipant))), "title": "Pacticipant", "name": pacticipant},
        }
    })
}

#[utoipa::path(get, path = "/labels", tag = "labels", summary = "Every label used by a pacticipant", responses((status = 200, description = "The labels", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let names: Vec<String> = sqlx::query_scalar("SELECT DISTINCT name FROM labels ORDER BY name")
        .fetch_all(&state.db.pool)
        .await?;
    let labels: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "_links": {"pb:pacticipants": link(base.url(&format!("/pacticipants/label/{}", seg(n))))}}))
        .collect();
    Ok(ok(json!({
        "_embedded": {"labels": labels},
        "_links": {"self": link(base.url("/labels"))}
    })))
}

#[utoipa::path(get, path = "/pacticipants/label/{label}", tag = "labels", summary = "The pacticipants with a label", responses((status = 200, description = "The pacticipants", body = HalDocument, content_type = "application/hal+json")))]
pub async fn pacticipants_with_label(
    State(state): State<AppState>,
    base: Base,
    Path(label): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let sql = format!(
        "SELECT {} FROM pacticipants WHERE id IN (SELECT pacticipant_id FROM labels WHERE name = $1) ORDER BY name",
        Pacticipant::COLUMNS
    );
    let rows = sqlx::query(&sql).bind(&label).fetch_all(&mut *conn).await?;
    let list: Vec<Pacticipant> = rows
        .iter()
        .map(Pacticipant::from_row)
        .collect::<Result<_, _>>()?;
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    let extras = pacticipant_extras(&mut conn, &ids).await?;
    let none = PacticipantExtras::default();
    let docs: Vec<Value> = list
        .iter()
        .map(|p| pacticipant_json_with(&base, p, extras.get(&p.id).unwrap_or(&none)))
        .collect();
    Ok(ok(json!({
        "_embedded": {"pacticipants": docs},
        "_links": {"self": link(base.url(&format!("/pacticipants/label/{}", seg(&label))))}
    })))
}

#[utoipa::path(get, path = "/pacticipants/{pacticipant}/labels/{label}", tag = "labels", summary = "A label of a pacticipant", responses((status = 200, description = "The label", body = HalDocument, content_type = "application/hal+json")))]
pub async fn get_label(
    State(state): State<AppState>,
    base: Base,
    Path((name, label)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = store::require_pacticipant(&mut conn, &name).await?;
    let found: Option<String> =
        sqlx::query_scalar("SELECT name FROM labels WHERE pacticipant_id = $1 AND name = $2")
            .bind(p.id)
            .bind(&label)
            .fetch_optional(&mut *conn)
            .await?;
    found.ok_or_else(|| ApiError::not_found(format!("{name} has no label `{label}`")))?;
    Ok(ok(label_json(&base, &name, &label)))
}

#[utoipa::path(put, path = "/pacticipants/{pacticipant}/labels/{label}", tag = "labels", summary = "Label a pacticipant (creating it when missing)", request_body(content = Option<EmptyObject>, content_type = "application/json"), responses((status = 200, description = "Already labelled", body = HalDocument, content_type = "application/hal+json"), (status = 201, description = "Labelled", body = HalDocument, content_type = "application/hal+json")))]
pub async fn put_label(
    State(state): State<AppState>,
    base: Base,
    Path((name, label)): Path<(String, String)>,
    JsonBody(_body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    validate_name("pacticipant", &name)?;
    validate_name("label", &label)?;
    let mut tx = state.db.begin_write().await?;
    let id = store::upsert_pacticipant(&mut tx, &name).await?;
    let new = sqlx::query(
        "INSERT INTO labels (pacticipant_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (pacticipant_id, name) DO NOTHING",
    )
    .bind(id)
    .bind(&label)
    .bind(now())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0;
    tx.commit().await?;
    let body = label_json(&base, &name, &label);
    Ok(if new {
        created(
            &base.url(&format!(
                "/pacticipants/{}/labels/{}",
                seg(&name),
                seg(&label)
            )),
            body,
        )
    } else {
        ok(body)
    })
}

#[utoipa::path(delete, path = "/pacticipants/{pacticipant}/labels/{label}", tag = "labels", summary = "Remove a label from a pacticipant", responses((status = 204, description = "Removed")))]
pub async fn delete_label(
    State(state): State<AppState>,
    Path((name, label)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.db.begin_write().await?;
    let p = store::require_pacticipant(&mut tx, &name).await?;
    let n = sqlx::query("DELETE FROM labels WHERE pacticipant_id = $1 AND name = $2")
        .bind(p.id)
        .bind(&label)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::not_found(format!(
            "{name} has no label `{label}`"
        )));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
