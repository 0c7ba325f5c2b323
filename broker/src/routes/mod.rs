//! The HTTP routes: the Pact Broker HAL API, can-i-deploy, and operations
//! endpoints, assembled into one `Router` with auth, metrics and limits.

mod branches;
mod docs;
mod environments;
mod gates;
mod integrations;
mod labels;
pub(crate) mod matrix;
mod migrations;
mod ops;
mod pact_diffs;
mod pact_lists;
mod pacticipants;
mod pacts;
mod provider_contracts;
mod provider_states;
mod tags;
mod tokens;
mod verification_results;
mod versions;
mod webhooks;

pub use pacts::encode_metadata as encode_pact_metadata;

use crate::api_doc::HalDocument;
use crate::error::{problem, problem_document, ApiError};
use crate::http::{ok, Base};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{middleware, Extension, Router};
use serde_json::{json, Map, Value};
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `{"href": …}`.
pub fn link(href: String) -> Value {
    json!({ "href": href })
}

/// `{"href": …, "title": …, "name": …}`.
pub fn link_named(href: String, title: &str, name: &str) -> Value {
    json!({ "href": href, "title": title, "name": name })
}

/// A templated link.
pub fn templated(href: String, title: &str) -> Value {
    json!({ "href": href, "title": title, "templated": true })
}

/// Every API route, each registered through its handler's `#[utoipa::path]`
/// attribute: the attribute's method and path template are what the router
/// serves *and* what `/openapi.json` describes, so the two cannot drift.
///
/// To add a route: write the handler in the resource's file with a
/// `#[utoipa::path(method, path = "...", tag = "...", summary = "...",
/// request_body(...), responses(...))]` attribute, and add it here with
/// `.routes(routes!(file::handler))` (handlers sharing one path template go
/// in one `routes!`). Path parameters, error responses and the required
/// role are filled in by [`crate::api_doc::finish`]; a route that needs
/// other than the default role (safe methods read, others write) is listed
/// in [`crate::auth`]'s `EXCEPTIONS`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(docs::relation))
        .routes(routes!(ops::heartbeat))
        .routes(routes!(ops::dependencies))
        .routes(routes!(ops::metrics))
        .routes(routes!(ops::openapi))
        .routes(routes!(pacts::publish_contracts))
        .routes(routes!(
            pacts::put_pact,
            pacts::get_pact_for_version,
            pacts::patch_pact,
            pacts::delete_pact
        ))
        .routes(routes!(pact_lists::latest_pacts))
        .routes(routes!(pact_lists::provider_pacts))
        .routes(routes!(pact_lists::latest_provider_pacts))
        .routes(routes!(pact_lists::latest_provider_pacts_with_tag))
        .routes(routes!(pact_lists::provider_pacts_with_tag))
        .routes(routes!(pact_lists::provider_pacts_main_branch))
        .routes(routes!(pact_lists::latest_provider_pacts_main_branch))
        .routes(routes!(pact_lists::provider_pacts_with_branch))
        .routes(routes!(pact_lists::latest_provider_pacts_with_branch))
        .routes(routes!(pact_lists::pact_versions))
        .routes(routes!(pact_lists::tagged_pact_versions))
        .routes(routes!(pact_lists::main_branch_pact_versions))
        .routes(routes!(pact_lists::branch_pact_versions))
        .routes(routes!(pact_lists::latest_pact))
        .routes(routes!(pact_lists::latest_tagged_pact))
        .routes(routes!(pact_lists::latest_untagged_pact))
        .routes(routes!(pact_lists::latest_main_branch_pact))
        .routes(routes!(pact_lists::latest_branch_pact))
        .routes(routes!(pact_diffs::previous_distinct_pact))
        .routes(routes!(pact_diffs::diff_previous_distinct))
        .routes(routes!(pact_diffs::diff_versions))
        .routes(routes!(pact_diffs::diff_contents))
        .routes(routes!(provider_states::main_branch))
        .routes(routes!(provider_states::for_branch))
        .routes(routes!(provider_states::for_environment))
        .routes(routes!(pacts::get_pact_by_sha))
        .routes(routes!(pacts::get_pact_by_sha_meta))
        .routes(routes!(pacts::publish_verification))
        .routes(routes!(pacts::publish_verification_meta))
        .routes(routes!(pacts::get_verification))
        .routes(routes!(verification_results::latest_for_content))
        .routes(routes!(verification_results::latest_for_consumer_version))
        .routes(routes!(verification_results::latest_for_latest_pact))
        .routes(routes!(verification_results::latest_for_latest_tagged_pact))
        .routes(routes!(
            verification_results::latest_for_consumer_version_all
        ))
        .routes(routes!(
            pacts::for_verification_get,
            pacts::for_verification_post
        ))
        .routes(routes!(pacticipants::list, pacticipants::create))
        .routes(routes!(
            pacticipants::get_one,
            pacticipants::update,
            pacticipants::delete
        ))
        .routes(routes!(labels::list))
        .routes(routes!(labels::pacticipants_with_label))
        .routes(routes!(
            labels::get_label,
            labels::put_label,
            labels::delete_label
        ))
        .routes(routes!(pacticipants::versions))
        .routes(routes!(
            pacticipants::get_version,
            pacticipants::put_version,
            versions::delete_version
        ))
        .routes(routes!(pacticipants::latest_version))
        .routes(routes!(versions::latest_tagged_version))
        .routes(routes!(versions::in_environment))
        .routes(routes!(pacticipants::branches))
        .routes(routes!(pacticipants::branch, branches::delete_branch))
        .routes(routes!(branches::branch_versions))
        .routes(routes!(branches::branch_latest_version))
        .routes(routes!(
            pacticipants::get_branch_version,
            pacticipants::put_branch_version,
            branches::delete_branch_version
        ))
        .routes(routes!(
            pacticipants::get_tag,
            pacticipants::put_tag,
            tags::delete_tag
        ))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::execute_unsaved))
        .routes(routes!(webhooks::list_for_pair, webhooks::create_for_pair))
        .routes(routes!(
            webhooks::list_for_provider,
            webhooks::create_for_provider
        ))
        .routes(routes!(
            webhooks::list_for_consumer,
            webhooks::create_for_consumer
        ))
        .routes(routes!(
            webhooks::get_one,
            webhooks::put_one,
            webhooks::delete_one
        ))
        .routes(routes!(webhooks::execute))
        .routes(routes!(webhooks::triggered))
        .routes(routes!(webhooks::triggered_logs))
        .routes(routes!(webhooks::pact_triggered))
        .routes(routes!(webhooks::verification_triggered))
        .routes(routes!(webhooks::pact_webhooks))
        .routes(routes!(webhooks::pact_webhooks_status))
        .routes(routes!(integrations::list))
        .routes(routes!(integrations::get_one, integrations::delete))
        .routes(routes!(integrations::dashboard))
        .routes(routes!(integrations::dashboard_one))
        .routes(routes!(
            environments::record_deployment,
            environments::version_deployments
        ))
        .routes(routes!(
            environments::record_release,
            environments::version_releases
        ))
        .routes(routes!(environments::list, environments::create))
        .routes(routes!(
            environments::get_one,
            environments::update,
            environments::delete
        ))
        .routes(routes!(environments::currently_deployed))
        .routes(routes!(environments::currently_supported))
        .routes(routes!(
            environments::get_deployed,
            environments::patch_deployed
        ))
        .routes(routes!(
            environments::get_released,
            environments::patch_released
        ))
        .routes(routes!(matrix::matrix))
        .routes(routes!(matrix::integration_matrix))
        .routes(routes!(matrix::can_i_deploy))
        .routes(routes!(provider_contracts::publish))
        .routes(routes!(provider_contracts::get_contract))
        .routes(routes!(migrations::list, migrations::publish))
        .routes(routes!(migrations::applied))
        .routes(routes!(gates::can_i_deploy))
        .routes(routes!(gates::list_overrides, gates::create_override))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
}

/// The API description served at `/openapi.json`.
pub fn api_description() -> Value {
    crate::api_doc::finish(api().split_for_parts().1)
}

/// The served `/openapi.json` text, built once per router.
#[derive(Debug, Clone)]
pub struct ApiDescription(pub Arc<String>);

pub fn router(state: AppState) -> Router {
    let limit = state.config.body_limit;
    let (api, doc) = api().split_for_parts();
    let doc = crate::api_doc::finish(doc);
    let guard = crate::guard::GuardState {
        app: state.clone(),
        rules: crate::guard::BodyRules::from_description(&doc),
    };
    let doc = ApiDescription(Arc::new(doc.to_string()));
    api.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(Extension(doc))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::require_auth,
        ))
        // Outside auth, so it runs first: a cross-site write is refused
        // whatever credentials the browser attaches.
        .layer(middleware::from_fn_with_state(
            guard,
            crate::guard::guard_writes,
        ))
        // Outermost: every error, from the guard and auth too, is negotiated.
        .layer(middleware::from_fn(negotiate_errors))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Error bodies, negotiated: an RFC 9457 problem document when the client
/// asks for `application/problem+json`, otherwise the Pact Broker's shape
/// (`{"errors": …}` plus `notices` when there are any, as HAL JSON), which
/// is what the Pact clients read and print. Rejections from axum's own
/// extractors (plain text) are turned into the same documents.
async fn negotiate_errors(req: Request, next: Next) -> Response {
    let wants_problem = req
        .headers()
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/problem+json"));
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let is_problem = content_type.starts_with("application/problem+json");
    let is_plain = content_type.is_empty() || content_type.starts_with("text/plain");
    if !is_problem && !is_plain {
        // Already a Pact Broker document, an HTML page or an image.
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, 256 * 1024)
        .await
        .unwrap_or_default();
    let mut doc: Map<String, Value> = if is_problem {
        serde_json::from_slice(&bytes).unwrap_or_default()
    } else {
        Map::new()
    };
    if !doc.contains_key("detail") {
        let text = String::from_utf8_lossy(&bytes).trim().to_string();
        let title = parts.status.canonical_reason().unwrap_or("Error");
        let detail = if text.is_empty() {
            title.to_string()
        } else {
            text
        };
        doc = match problem_document(parts.status, title, &detail, Map::new()) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
    }
    let mut out = if wants_problem {
        crate::http::with_content_type(
            parts.status,
            Value::Object(doc).to_string(),
            "application/problem+json",
        )
    } else {
        crate::http::hal(parts.status, pact_broker_error(&doc))
    };
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// The Pact Broker's error document for a problem document: its `errors`
/// (a field map, or a list of messages) and `notices`.
pub fn pact_broker_error(problem: &Map<String, Value>) -> Value {
    let detail = problem
        .get("detail")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut out = Map::new();
    let errors = match problem.get("errors") {
        Some(e @ (Value::Object(_) | Value::Array(_))) => e.clone(),
        _ => json!([detail]),
    };
    out.insert("errors".into(), errors);
    if let Some(notices) = problem.get("notices") {
        out.insert("notices".into(), notices.clone());
    }
    Value::Object(out)
}

async fn not_found(uri: axum::http::Uri) -> Response {
    ApiError::not_found(format!("no resource at {}", uri.path())).into_response()
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "Method not allowed",
        &format!("{method} is not supported on {}", uri.path()),
        Map::new(),
    )
}

/// Every relation of the index: (relation, path template, title). The
/// Pact Broker's ~36 relations plus shipgate's own. Each one resolves (a
/// test walks them all), and `/doc/{rel}` documents each one.
pub const INDEX_RELATIONS: &[(&str, &str, &str)] = &[
    ("pb:publish-pact", "/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}", "Publish a pact"),
    ("pb:publish-contracts", "/contracts/publish", "Publish contracts"),
    ("pb:latest-pact-versions", "/pacts/latest", "Latest pact versions"),
    ("pb:tagged-pact-versions", "/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}", "All versions of a pact for a given consumer, provider and consumer version tag"),
    ("pb:branch-pact-versions", "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}", "All versions of a pact for a given consumer, provider and consumer version branch"),
    ("pb:latest-branch-pact-versions", "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest", "Latest version of a pact for a given consumer, provider and consumer version branch"),
    ("pb:main-branch-pact-versions", "/pacts/provider/{provider}/consumer/{consumer}/branch", "All versions of a pact for a given consumer, provider and the consumer's main branch"),
    ("pb:latest-main-branch-pact-versions", "/pacts/provider/{provider}/consumer/{consumer}/branch/latest", "Latest version of a pact for a given consumer, provider and the consumer's main branch"),
    ("pb:provider-pacts-with-main-branch", "/pacts/provider/{provider}/branch", "All pact versions for the provider from the consumers' main branches"),
    ("pb:provider-pacts-with-branch", "/pacts/provider/{provider}/branch/{branch}", "All pact versions for the provider with the specified consumer version branch"),
    ("pb:latest-provider-pacts-with-main-branch", "/pacts/provider/{provider}/branch/latest", "Latest pacts for the provider from the consumers' main branches"),
    ("pb:latest-provider-pacts-with-branch", "/pacts/provider/{provider}/branch/{branch}/latest", "Latest pacts for the provider with the specified consumer version branch"),
    ("pb:pacticipants", "/pacticipants", "Pacticipants"),
    ("pb:pacticipant", "/pacticipants/{pacticipant}", "Fetch pacticipant by name"),
    ("pb:latest-provider-pacts", "/pacts/provider/{provider}/latest", "Latest pacts by provider"),
    ("pb:latest-provider-pacts-with-tag", "/pacts/provider/{provider}/latest/{tag}", "Latest pacts for provider with the specified tag"),
    ("pb:provider-pacts-with-tag", "/pacts/provider/{provider}/tag/{tag}", "All pact versions for the provider with the specified consumer version tag"),
    ("pb:provider-pacts", "/pacts/provider/{provider}", "All pact versions for the specified provider"),
    ("pb:latest-version", "/pacticipants/{pacticipant}/latest-version", "Latest pacticipant version"),
    ("pb:latest-tagged-version", "/pacticipants/{pacticipant}/latest-version/{tag}", "Latest pacticipant version with the specified tag"),
    ("pb:webhooks", "/webhooks", "Webhooks"),
    ("pb:webhook", "/webhooks/{uuid}", "Webhook"),
    ("pb:integrations", "/integrations", "Integrations"),
    ("pb:pacticipant-version-tag", "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}", "Get, create or delete a tag for a pacticipant version"),
    ("pb:pacticipant-branch", "/pacticipants/{pacticipant}/branches/{branch}", "Get or delete a pacticipant branch"),
    ("pb:pacticipant-branch-version", "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}", "Get or add/create a pacticipant version for a branch"),
    ("pb:pacticipant-version", "/pacticipants/{pacticipant}/versions/{version}", "Get, create or delete a pacticipant version"),
    ("pb:metrics", "/metrics", "Get Prometheus metrics"),
    ("pb:can-i-deploy-pacticipant-version-to-tag", "/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}", "Determine if an application version can be safely deployed to an environment identified by the given tag"),
    ("pb:can-i-deploy-pacticipant-version-to-environment", "/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}", "Determine if an application version can be safely deployed to an environment"),
    ("pb:provider-pacts-for-verification", "/pacts/provider/{provider}/for-verification", "Pact versions to be verified for the specified provider"),
    ("beta:provider-pacts-for-verification", "/pacts/provider/{provider}/for-verification", "DEPRECATED - please use pb:provider-pacts-for-verification"),
    ("pb:environments", "/environments", "Environments"),
    ("pb:environment", "/environments/{uuid}", "Environment"),
    ("pb:dashboard", "/dashboard", "The dashboard: the latest pact and verification of every integration"),
    ("pb:labels", "/labels", "Labels of pacticipants"),
    ("pb:matrix", "/matrix?q[][pacticipant]={pacticipant}&q[][version]={version}&latestby=cvpv", "The matrix of verification results for a pacticipant version"),
    ("pf:publish-provider-contract", "/contracts/publish/{provider}", "Publish a provider contract (OpenAPI) with its self-verification result"),
    ("shipgate:publish-migrations", "/pacticipants/{pacticipant}/versions/{version}/migrations", "Record the migrations a version carries"),
    ("shipgate:can-i-deploy-gate", "/gates/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}", "The joined verdict: 200 deployable, 412 not (or &mode=report)"),
    ("shipgate:gate-overrides", "/gates/overrides", "Overrides of the gate"),
    ("shipgate:openapi", "/openapi.json", "OpenAPI description of this API"),
];

#[utoipa::path(get, path = "/", tag = "index", summary = "The HAL index: every relation this broker offers", responses((status = 200, description = "The index", body = HalDocument, content_type = "application/hal+json")))]
async fn index(base: Base) -> Response {
    let mut links = Map::new();
    links.insert(
        "self".into(),
        json!({"href": base.url("/"), "title": "Index", "templated": false}),
    );
    for (rel, path, title) in INDEX_RELATIONS {
        let templated = path.contains('{');
        links.insert(
            (*rel).to_string(),
            json!({"href": base.url(path), "title": title, "templated": templated}),
        );
    }
    links.insert(
        "curies".into(),
        json!([
            {"name": "pb", "href": base.url("/doc/{rel}?context=index"), "templated": true},
            {"name": "beta", "href": base.url("/doc/{rel}?context=index"), "templated": true},
            {"name": "pf", "href": base.url("/doc/{rel}?context=index"), "templated": true},
            {"name": "shipgate", "href": base.url("/doc/{rel}?context=index"), "templated": true}
        ]),
    );
    ok(json!({ "_links": links }))
}
