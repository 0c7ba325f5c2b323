//! The stylesheet and icon, embedded in the binary and served under `/web/`.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The hand-written stylesheet.
pub const STYLE: &str = include_str!("../../templates/style.css");

/// The icon (a gate), so browsers do not ask for `/favicon.ico`.
pub const FAVICON: &str = include_str!("../../templates/favicon.svg");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    resp
}

pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

pub async fn favicon() -> Response {
    asset(FAVICON, "image/svg+xml")
}
