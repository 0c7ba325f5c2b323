//! The web view: server-rendered HTML pages for people, on the same URLs as
//! the API resources they show (`/`, `/pacticipants/{name}`, `/matrix`, the
//! pact and verification URLs), plus web-only pages under `/web/`.
//!
//! Architecture invariant: the web view changes no API response. [`app`]
//! wraps the API router in a content-negotiation step: a `GET` (or `HEAD`)
//! whose `Accept` header prefers `text/html` is offered to the web router
//! first, and anything the web router has no page for falls through to the
//! API untouched. Requests under `/web/` always go to the web router. API
//! clients (`Accept: application/hal+json`, `*/*` or none) never reach it.
//!
//! Pages are askama templates in `broker/templates/`, escaped by default;
//! no template marks user data as safe. Pages carry no JavaScript and load
//! nothing from other hosts, and every response says so in its
//! Content-Security-Policy.

mod assets;
mod board;
mod contract;
mod diff;
mod format;
mod index;
mod layout;
mod matrix;
mod network;
mod pact_view;
mod queries;
mod service;
mod status;
mod verification;

use crate::error::ApiError;
use crate::AppState;
use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Router};
use std::convert::Infallible;
use tower::ServiceExt as _;

/// The Content-Security-Policy of every web response: no scripts at all,
/// styles and images only from this broker, forms only to this broker.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The realm of the browser login prompt.
const CHALLENGE: &str = "Basic realm=\"shipgate\", charset=\"UTF-8\"";

/// Marks a response from the web router's fallback: "no page here", so the
/// request goes on to the API.
#[derive(Debug, Clone, Copy)]
struct NotAPage;

/// The broker's application: the API router behind content negotiation.
pub fn app(api: Router, state: AppState) -> Router {
    let web = router(state);
    let negotiate = tower::service_fn(move |req: Request| {
        let (api, web) = (api.clone(), web.clone());
        async move { Ok::<_, Infallible>(dispatch(api, web, req).await) }
    });
    Router::new().fallback_service(negotiate)
}

async fn dispatch(api: Router, web: Router, req: Request) -> Response {
    let path = req.uri().path();
    if path.starts_with("/web/") {
        return web.oneshot(req).await.always();
    }
    let safe = req.method() == Method::GET || req.method() == Method::HEAD;
    if !safe {
        return api.oneshot(req).await.always();
    }
    let mut resp = if wants_html(req.headers()) {
        // A GET has no body: keep what is needed to replay it to the API.
        let (parts, body) = req.into_parts();
        let mut again = Request::new(Body::empty());
        *again.method_mut() = parts.method.clone();
        *again.uri_mut() = parts.uri.clone();
        *again.version_mut() = parts.version;
        *again.headers_mut() = parts.headers.clone();
        *again.extensions_mut() = parts.extensions.clone();
        let resp = web.oneshot(Request::from_parts(parts, body)).await.always();
        if resp.extensions().get::<NotAPage>().is_some() {
            api.oneshot(again).await.always()
        } else {
            resp
        }
    } else {
        api.oneshot(req).await.always()
    };
    // The same URL answers HTML or JSON depending on Accept: tell caches.
    resp.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept"));
    resp
}

/// `Result<T, Infallible>` into `T`.
trait Always<T> {
    fn always(self) -> T;
}

impl<T> Always<T> for Result<T, Infallible> {
    fn always(self) -> T {
        match self {
            Ok(t) => t,
            Err(never) => match never {},
        }
    }
}

/// Whether an `Accept` header prefers HTML over JSON: `text/html` (or
/// XHTML) is listed with a quality above that of every JSON type, matched
/// exactly or by wildcard. Ties go to JSON, so API clients stay on the API.
pub fn wants_html(headers: &HeaderMap) -> bool {
    let accept = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let mut html: f32 = 0.0;
    let mut json: f32 = 0.0;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match media.as_str() {
            "text/html" | "application/xhtml+xml" => html = html.max(q),
            "application/json"
            | "application/hal+json"
            | "application/problem+json"
            | "application/*"
            | "*/*" => json = json.max(q),
            _ => {}
        }
    }
    html > 0.0 && html > json
}

/// Declares the page routes once: [`PAGES`] lists their templates (the
/// access test walks every one of them with every credential) and
/// `page_routes` registers them, so the two cannot drift apart.
macro_rules! pages {
    ($($path:literal => $handler:expr),* $(,)?) => {
        /// The route template of every page (all `GET`, all behind the auth
        /// middleware: the read role, or public read).
        pub const PAGES: &[&str] = &[$($path),*];

        fn page_routes() -> Router<AppState> {
            Router::new()$(.route($path, get($handler)))*
        }
    };
}

pages! {
    "/" => index::page,
    "/web/network" => network::page,
    "/pacticipants" => service::list,
    "/pacticipants/{pacticipant}" => service::page,
    "/environments" => board::list,
    "/environments/{environment}" => board::page,
    "/matrix" => matrix::page,
    "/can-i-deploy" => matrix::can_i_deploy,
    "/pacts/provider/{provider}/consumer/{consumer}/version/{version}" => contract::by_version,
    "/pacts/provider/{provider}/consumer/{consumer}/latest" => contract::latest,
    "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}" => contract::by_sha,
    "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{id}" => verification::page,
}

/// The static assets, served without credentials (the 401 page uses them):
/// the stylesheet and the icon.
pub const ASSETS: &[&str] = &["/web/style.css", "/web/favicon.svg"];

/// The web router: pages on the API's URLs and web-only pages under `/web/`.
fn router(state: AppState) -> Router {
    page_routes()
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_auth,
        ))
        // Static assets need no credentials (the login prompt page uses them).
        .route(ASSETS[0], get(assets::style))
        .route(ASSETS[1], get(assets::favicon))
        .fallback(fallback)
        .layer(middleware::map_response(web_headers))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ))
        .with_state(state)
}

/// No page at this path: under `/web/` that is a 404 page, elsewhere the
/// request belongs to the API.
async fn fallback(method: Method, uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/web/") {
        let detail = if method == Method::GET || method == Method::HEAD {
            format!("There is no page at {}.", uri.path())
        } else {
            format!("{method} is not supported on {}.", uri.path())
        };
        return ErrorPage::new(StatusCode::NOT_FOUND, detail).into_response();
    }
    let mut resp = StatusCode::NOT_FOUND.into_response();
    resp.extensions_mut().insert(NotAPage);
    resp
}

/// Security headers on every web response; the auth middleware's problem
/// documents (401, 403) become HTML pages, and the 401 challenge asks for
/// Basic credentials only, so browsers show their login prompt.
async fn web_headers(resp: Response) -> Response {
    if resp.extensions().get::<NotAPage>().is_some() {
        return resp;
    }
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/problem+json"));
    let mut resp = if is_problem {
        let (parts, body) = resp.into_parts();
        let bytes = axum::body::to_bytes(body, 64 * 1024)
            .await
            .unwrap_or_default();
        let detail = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("detail").and_then(|d| d.as_str()).map(str::to_string))
            .unwrap_or_default();
        let mut page = ErrorPage::new(status, detail).into_response();
        if status == StatusCode::UNAUTHORIZED {
            page.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(CHALLENGE),
            );
        }
        for (k, v) in parts.headers.iter() {
            if k == header::RETRY_AFTER {
                page.headers_mut().insert(k.clone(), v.clone());
            }
        }
        page
    } else {
        resp
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    resp
}

/// A rendered page.
#[derive(Debug)]
pub struct Html(pub String);

impl IntoResponse for Html {
    fn into_response(self) -> Response {
        let mut resp = self.0.into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp
    }
}

/// Render a template into a page (a template error is our bug: a 500 page).
pub fn render<T: Template>(t: &T) -> Result<Html, WebError> {
    t.render()
        .map(Html)
        .map_err(|e| WebError(ApiError::Internal(format!("rendering a page: {e}"))))
}

/// An error shown as an HTML page with the API error's status and detail.
#[derive(Debug)]
pub struct WebError(pub ApiError);

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> Self {
        WebError(e)
    }
}

impl From<sqlx::Error> for WebError {
    fn from(e: sqlx::Error) -> Self {
        WebError(ApiError::from(e))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let detail = match self.0 {
            ApiError::Client { detail, .. } => detail,
            other => {
                tracing::error!(error = %other, "page failed");
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    "The database is busy; reload the page shortly.".to_string()
                } else {
                    "The broker failed to render this page; the cause is in its log.".to_string()
                }
            }
        };
        ErrorPage::new(status, detail).into_response()
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Nav,
    status: u16,
    title: String,
    detail: String,
}

impl ErrorPage {
    fn new(status: StatusCode, detail: String) -> Self {
        ErrorPage {
            nav: Nav::none(),
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            detail,
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = self.render().unwrap_or_else(|_| self.detail.clone());
        let mut resp = (status, Html(body)).into_response();
        *resp.status_mut() = status;
        resp
    }
}

/// Which top-level section a page belongs to, for the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Integrations,
    Network,
    Services,
    Environments,
    Matrix,
    None,
}

impl Nav {
    fn none() -> Self {
        Nav::None
    }

    /// `aria-current="page"` for the current section's link.
    pub fn current(&self, section: &str) -> &'static str {
        let name = match self {
            Nav::Integrations => "integrations",
            Nav::Network => "network",
            Nav::Services => "services",
            Nav::Environments => "environments",
            Nav::Matrix => "matrix",
            Nav::None => "",
        };
        if name == section {
            "page"
        } else {
            "false"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn browsers_get_html_and_api_clients_json() {
        // Chromium and Firefox navigations.
        assert!(wants_html(&accept("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")));
        assert!(wants_html(&accept(
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        )));
        assert!(wants_html(&accept("text/html")));
        // The Pact CLI, curl, clients that send nothing, and ties.
        assert!(!wants_html(&accept("application/hal+json")));
        assert!(!wants_html(&accept(
            "application/hal+json, application/json, */*; q=0.01"
        )));
        assert!(!wants_html(&accept("*/*")));
        assert!(!wants_html(&HeaderMap::new()));
        assert!(!wants_html(&accept("application/json, text/html")));
        assert!(!wants_html(&accept("text/html;q=0")));
        assert!(!wants_html(&accept("text/css,*/*;q=0.1")));
    }

    #[test]
    fn the_policy_forbids_scripts_and_other_hosts() {
        assert!(CSP.starts_with("default-src 'none'"));
        assert!(!CSP.contains("script-src"));
        assert!(!CSP.contains("http"));
        assert!(!CSP.contains("unsafe"));
    }
}
