//! The broker's one error type: every failure becomes an RFC 9457
//! `application/problem+json` document with the right status.
//!
//! Client errors are not logged; internal errors get a generic body and are
//! logged with their cause.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// An API error, rendered as problem+json.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A 4xx with a title and a precise detail; `extra` members are merged
    /// into the document (such as `errors` or `notices`).
    #[error("{status}: {detail}")]
    Client {
        status: StatusCode,
        title: &'static str,
        detail: String,
        extra: Map<String, Value>,
    },
    /// A database failure.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn client(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Client {
            status,
            title,
            detail: detail.into(),
            extra: Map::new(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::client(StatusCode::BAD_REQUEST, "Bad request", detail)
    }

    /// A 400 naming the offending field, in the Pact Broker's `errors` shape too.
    pub fn invalid_field(field: &str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Self::bad_request(detail.clone()).with("errors", json!({ field: [detail] }))
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::client(StatusCode::NOT_FOUND, "Not found", detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::client(StatusCode::CONFLICT, "Conflict", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::client(StatusCode::UNAUTHORIZED, "Unauthorized", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::client(StatusCode::FORBIDDEN, "Forbidden", detail)
    }

    /// Add a member to the problem document.
    pub fn with(mut self, key: &str, value: Value) -> Self {
        if let ApiError::Client { extra, .. } = &mut self {
            extra.insert(key.to_string(), value);
        }
        self
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Client { status, .. } => *status,
            ApiError::Db(e) if is_busy(e) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Db(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Whether a database error means "unavailable for now" (answered 503 with
/// `Retry-After`) rather than a fault of this request or of the broker: no
/// connection free in time, the connection lost (PostgreSQL stopped or
/// restarted), PostgreSQL refusing connections, SQLite busy.
pub fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => {
            let code = d.code();
            let code = code.as_deref().unwrap_or("");
            if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // 5 SQLITE_BUSY, 6 SQLITE_LOCKED, and their extended codes.
                return code
                    .parse::<i64>()
                    .is_ok_and(|c| c & 0xff == 5 || c & 0xff == 6);
            }
            // PostgreSQL: class 08 connection exception, 57P01-57P03
            // shutdown and cannot connect now, 53300 too many connections,
            // 40001/40P01 serialization failure and deadlock (retryable).
            code.starts_with("08")
                || code.starts_with("57P0")
                || code == "53300"
                || code == "40001"
                || code == "40P01"
        }
        _ => false,
    }
}

/// Build a problem+json response.
pub fn problem(
    status: StatusCode,
    title: &str,
    detail: &str,
    extra: Map<String, Value>,
) -> Response {
    let mut body = Map::new();
    body.insert(
        "type".into(),
        Value::String(format!(
            "https://shipgate.dev/problems/{}",
            title.to_ascii_lowercase().replace(' ', "-")
        )),
    );
    body.insert("title".into(), Value::String(title.into()));
    body.insert("status".into(), Value::from(status.as_u16()));
    body.insert("detail".into(), Value::String(detail.into()));
    body.extend(extra);
    let mut resp = (status, Value::Object(body).to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/problem+json"),
    );
    resp
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            ApiError::Client {
                status,
                title,
                detail,
                extra,
            } => problem(status, title, &detail, extra),
            other => {
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    tracing::warn!(error = %other, "database unavailable");
                } else {
                    tracing::error!(error = %other, "request failed");
                }
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    let mut r = problem(
                        status,
                        "Service unavailable",
                        "the database is busy or unavailable; retry shortly",
                        Map::new(),
                    );
                    r.headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
                    r
                } else {
                    problem(
                        status,
                        "Internal server error",
                        "the broker failed to handle this request; the cause is in its log",
                        Map::new(),
                    )
                }
            }
        }
    }
}
