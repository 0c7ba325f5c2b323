//! Operations endpoints: heartbeat, Prometheus metrics and the OpenAPI document.

use crate::api_doc::{AnyJson, HalDocument};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;

#[utoipa::path(get, path = "/diagnostic/status/heartbeat", tag = "operations", summary = "Liveness and database check (public)", responses((status = 200, description = "The broker and its database answer", body = HalDocument, content_type = "application/hal+json"), (status = 503, description = "The database does not answer", body = HalDocument, content_type = "application/hal+json")))]
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

#[utoipa::path(get, path = "/metrics", tag = "operations", summary = "Prometheus metrics (text exposition format)", responses((status = 200, description = "Metrics", body = String, content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let body = state.metrics.render(&state);
    let mut resp = body.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    resp
}

#[utoipa::path(get, path = "/openapi.json", tag = "operations", summary = "This API description, generated from the handlers (public)", responses((status = 200, description = "OpenAPI 3.1 document", body = AnyJson, content_type = "application/json")))]
pub async fn openapi(Extension(doc): Extension<super::ApiDescription>) -> Response {
    let mut resp = doc.0.as_str().to_owned().into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}
