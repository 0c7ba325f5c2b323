//! Operations endpoints: heartbeat, Prometheus metrics and the OpenAPI document.

use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub async fn heartbeat(State(state): State<AppState>) -> Response {
    // The heartbeat also proves the database answers.
    let db_ok = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM shipgate_schema_migrations")
        .fetch_one(&state.db.pool)
        .await
        .is_ok();
    let status = if db_ok {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    crate::http::hal(status, json!({"ok": db_ok, "_links": {}}))
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let body = state.metrics.render(&state);
    let mut resp = body.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    resp
}

/// The broker's own API, as OpenAPI 3.1.
pub const OPENAPI: &str = include_str!("../../openapi.json");

pub async fn openapi() -> Response {
    let mut resp = OPENAPI.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}
