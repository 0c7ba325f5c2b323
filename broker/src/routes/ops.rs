//! Operations endpoints: heartbeat (liveness), dependencies (readiness),
//! Prometheus metrics and the OpenAPI document.

use crate::api_doc::{AnyJson, HalDocument};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::json;

#[utoipa::path(get, path = "/diagnostic/status/heartbeat", tag = "operations", summary = "Liveness: the broker process answers (public; does not touch the database, so it answers during a database outage)", responses((status = 200, description = "The broker answers", body = HalDocument, content_type = "application/hal+json")))]
pub async fn heartbeat() -> Response {
    crate::http::hal(StatusCode::OK, json!({"ok": true, "_links": {}}))
}

#[utoipa::path(get, path = "/diagnostic/status/dependencies", tag = "operations", summary = "Readiness: whether the database answers, and how fast", responses((status = 200, description = "The database answers", body = HalDocument, content_type = "application/hal+json"), (status = 503, description = "The database does not answer within 1.5 seconds", body = HalDocument, content_type = "application/hal+json")))]
pub async fn dependencies(State(state): State<AppState>) -> Response {
    let started = std::time::Instant::now();
    let probe = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM shipgate_schema_migrations")
        .fetch_one(&state.db.pool);
    let error = match tokio::time::timeout(std::time::Duration::from_millis(1500), probe).await {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(_) => Some("no answer within 1.5 s".to_string()),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let ok = error.is_none();
    let mut database = json!({
        "ok": ok,
        "backend": state.db.backend.as_str(),
        "latencyMs": (ms * 100.0).round() / 100.0,
        "pool": {"size": state.db.pool.size(), "idle": state.db.pool.num_idle()},
    });
    if let Some(e) = error {
        database["error"] = json!(e);
    }
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut resp = crate::http::hal(
        status,
        json!({"ok": ok, "dependencies": {"database": database}, "_links": {}}),
    );
    if !ok {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    resp
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
