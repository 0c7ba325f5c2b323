//! API tokens, managed by the admin role: create (the secret is shown once),
//! list (names, roles, dates; never secrets) and revoke.

use super::link;
use crate::api_doc::HalDocument;
use crate::auth::{self, Role, TokenInfo};
use crate::error::ApiError;
use crate::http::{created, ok, seg, Base, JsonBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

/// The body of `POST /tokens`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenBody {
    /// A unique name, such as `ci`.
    name: String,
    /// `read`, `write` or `admin` (default `write`).
    #[serde(default)]
    role: Option<String>,
}

fn token_json(base: &Base, t: &TokenInfo) -> Value {
    json!({
        "name": t.name,
        "role": t.role,
        "createdAt": t.created_at,
        "_links": {"self": link(base.url(&format!("/tokens/{}", seg(&t.name))))}
    })
}

#[utoipa::path(get, path = "/tokens", tag = "tokens", summary = "The API tokens: names, roles and creation times, never secrets (admin)", responses((status = 200, description = "The tokens", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let tokens: Vec<Value> = auth::list_tokens(&state.db)
        .await?
        .iter()
        .map(|t| token_json(&base, t))
        .collect();
    Ok(ok(json!({
        "_embedded": {"tokens": tokens},
        "_links": {"self": link(base.url("/tokens"))}
    })))
}

#[utoipa::path(post, path = "/tokens", tag = "tokens", summary = "Create a token; the answer carries its secret, shown only this once (admin)", request_body(content = TokenBody, content_type = "application/json"), responses((status = 201, description = "Created; `token` is the secret", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create(
    State(state): State<AppState>,
    base: Base,
    JsonBody(body): JsonBody<TokenBody>,
) -> Result<Response, ApiError> {
    let role: Role = match body.role.as_deref() {
        None => Role::Write,
        Some(r) => r
            .parse()
            .map_err(|e: String| ApiError::invalid_field("role", e))?,
    };
    let secret = auth::create_token(&state.db, &body.name, role).await?;
    state.tokens_seen();
    let info = auth::list_tokens(&state.db)
        .await?
        .into_iter()
        .find(|t| t.name == body.name)
        .ok_or_else(|| ApiError::Internal("the new token is not listed".into()))?;
    let mut doc = token_json(&base, &info);
    doc["token"] = json!(secret);
    Ok(created(
        &base.url(&format!("/tokens/{}", seg(&info.name))),
        doc,
    ))
}

#[utoipa::path(delete, path = "/tokens/{name}", tag = "tokens", summary = "Revoke a token: it stops working at once (admin)", responses((status = 204, description = "Revoked")))]
pub async fn revoke(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    if auth::revoke_token(&state.db, &name).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no token named `{name}`")))
    }
}
