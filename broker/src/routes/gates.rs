//! The gate for deployment tools: `GET /gates/can-i-deploy` answers 200 when
//! the joined verdict says deployable and 412 otherwise (a Flagger pre-rollout
//! webhook reads the status), or always 200 with `&mode=report` (for an Argo
//! Rollouts `web` metric reading `result.deployable`). And overrides:
//! `POST /gates/overrides` records one, `GET /gates/overrides` lists them all.

use super::link;
use crate::api_doc::HalDocument;
use crate::error::ApiError;
use crate::http::{hal, ok, validate_name, Base, JsonBody};
use crate::matrix::{LatestBy, MatrixQuery, Selector, Target};
use crate::nested_query::NestedQuery;
use crate::store;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

/// Parse `pacticipant=&version=` (repeatable in pairs, or `q[][pacticipant]`/`q[][version]`)
/// and `environment=`.
fn gate_query(q: &NestedQuery, raw: &str) -> Result<MatrixQuery, ApiError> {
    let mut selectors: Vec<Selector> = Vec::new();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect();
    let ps: Vec<&String> = pairs
        .iter()
        .filter(|(k, _)| k == "pacticipant")
        .map(|(_, v)| v)
        .collect();
    let vs: Vec<&String> = pairs
        .iter()
        .filter(|(k, _)| k == "version")
        .map(|(_, v)| v)
        .collect();
    for (i, p) in ps.iter().enumerate() {
        let Some(v) = vs.get(i).filter(|v| !v.is_empty()) else {
            return Err(ApiError::invalid_field(
                "version",
                format!("give a `version` for every `pacticipant` (none for `{p}`)"),
            ));
        };
        selectors.push(Selector {
            pacticipant: (*p).clone(),
            version: Some((*v).clone()),
            ..Selector::default()
        });
    }
    for e in q.list("q") {
        let (Some(p), Some(v)) = (e.get("pacticipant"), e.get("version")) else {
            return Err(ApiError::invalid_field(
                "q",
                "every `q[]` selector needs `q[][pacticipant]` and `q[][version]`",
            ));
        };
        selectors.push(Selector {
            pacticipant: p.clone(),
            version: Some(v.clone()),
            ..Selector::default()
        });
    }
    if selectors.is_empty() {
        return Err(ApiError::invalid_field(
            "pacticipant",
            "give `pacticipant` and `version` (repeat the pair to judge several versions deployed together)",
        ));
    }
    let env = q
        .get("environment")
        .filter(|e| !e.is_empty())
        .ok_or_else(|| ApiError::invalid_field("environment", "`environment` is required"))?;
    Ok(MatrixQuery {
        selectors,
        ignore: Vec::new(),
        target: Target::Environment(env.to_string()),
        latest_by: LatestBy::Cvpv,
    })
}

/// `GET /gates/can-i-deploy`.
#[utoipa::path(get, path = "/gates/can-i-deploy", tag = "gate", summary = "The joined verdict for deployment tools: 200 deployable, 412 not or unknown; mode=report always answers 200", params(("pacticipant" = String, Query, description = "An application (repeat with version to judge several together)"), ("version" = String, Query, description = "Its version"), ("environment" = String, Query, description = "The environment"), ("mode" = Option<String>, Query, description = "gate (default) or report"), ("strictApi" = Option<bool>, Query, description = "Let every error-level API change block")), responses((status = 200, description = "Deployable (or mode=report)", body = HalDocument, content_type = "application/json"), (status = 412, description = "Not deployable, or unknown: the reasons are in the body", body = HalDocument, content_type = "application/json")))]
pub async fn can_i_deploy(State(state): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    let raw = uri.query().unwrap_or("");
    let q = NestedQuery::parse(raw);
    let query = gate_query(&q, raw)?;
    let report = match q.get("mode") {
        None | Some("") | Some("gate") => false,
        Some("report") => true,
        Some(other) => {
            return Err(ApiError::invalid_field(
                "mode",
                format!("`mode` must be gate or report, not `{other}`"),
            ))
        }
    };
    let strict = state.config.gate_api_strict || matches!(q.get("strictApi"), Some("true" | "1"));
    let res = super::matrix::answer(&state, &query, strict).await?;
    let v = &res.verdict;
    let body = json!({
        "deployable": v.deployable,
        "environment": q.get("environment"),
        "versions": res.specified.iter().map(|(_, name, v)| json!({
            "pacticipant": name,
            "version": v.as_ref().map(|(_, n)| n.clone()),
        })).collect::<Vec<_>>(),
        "reason": v.summary_reason(),
        "reasons": v.reasons,
    });
    let status = if report || v.deployable == Some(true) {
        StatusCode::OK
    } else {
        StatusCode::PRECONDITION_FAILED
    };
    let mut resp = hal(status, body);
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    Ok(resp)
}

/// `POST /gates/overrides` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideBody {
    pacticipant: Option<String>,
    version: Option<String>,
    environment: Option<String>,
    reason: Option<String>,
    /// A date (`2026-12-31`, the end of that day UTC) or an RFC 3339 time.
    expires: Option<String>,
}

/// The expiry as stored RFC 3339 UTC text, or a 400.
fn parse_expiry(s: &str) -> Result<String, ApiError> {
    let s = s.trim();
    let t = if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d.and_hms_opt(23, 59, 59)
            .map(|t| t.and_utc())
            .ok_or_else(|| ApiError::invalid_field("expires", "invalid date"))?
    } else {
        chrono::DateTime::parse_from_rfc3339(s)
            .map_err(|e| {
                ApiError::invalid_field(
                    "expires",
                    format!(
                        "`expires` must be a date (2026-12-31) or an RFC 3339 time, not `{s}`: {e}"
                    ),
                )
            })?
            .with_timezone(&chrono::Utc)
    };
    let text = t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    if text <= crate::db::now() {
        return Err(ApiError::invalid_field(
            "expires",
            format!("`expires` ({s}) is in the past; an override must expire in the future"),
        ));
    }
    Ok(text)
}

fn required(field: &str, v: Option<&String>) -> Result<String, ApiError> {
    v.filter(|s| !s.trim().is_empty())
        .cloned()
        .ok_or_else(|| ApiError::invalid_field(field, format!("`{field}` is required")))
}

/// `POST /gates/overrides`.
#[utoipa::path(post, path = "/gates/overrides", tag = "gate", summary = "Record an override: let a version into an environment although the gate blocks, until a date", request_body(content = OverrideBody, content_type = "application/json"), responses((status = 201, description = "Recorded", body = HalDocument, content_type = "application/hal+json")))]
pub async fn create_override(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    JsonBody(body): JsonBody<OverrideBody>,
) -> Result<Response, ApiError> {
    let pacticipant = required("pacticipant", body.pacticipant.as_ref())?;
    let version = required("version", body.version.as_ref())?;
    let environment = required("environment", body.environment.as_ref())?;
    let reason = required("reason", body.reason.as_ref())?;
    validate_name("pacticipant", &pacticipant)?;
    validate_name("version", &version)?;
    if reason.len() > 2000 {
        return Err(ApiError::invalid_field(
            "reason",
            "`reason` is longer than 2000 bytes",
        ));
    }
    let expires = parse_expiry(&required("expires", body.expires.as_ref())?)?;
    let by = crate::auth::identity(&state, &headers).await;
    let mut tx = state.db.begin_write().await?;
    let p = store::require_pacticipant(&mut tx, &pacticipant).await?;
    let e = store::require_environment(&mut tx, &environment).await?;
    let o = crate::gate::overrides::create(&mut tx, p.id, &version, e.id, &reason, &by, &expires)
        .await?;
    tx.commit().await?;
    let mut resp = hal(
        StatusCode::CREATED,
        json!({
            "override": o,
            "notices": [{"type": "warning", "text": format!(
                "Override recorded: {} ({}) may go to {} although the gate blocks, until {}; allowed by {}",
                o.pacticipant, o.version, o.environment, o.expires_at, o.created_by)}],
            "_links": {"self": link(base.url("/gates/overrides"))}
        }),
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&base.url("/gates/overrides")) {
        resp.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    Ok(resp)
}

/// `GET /gates/overrides[?pacticipant=&environment=]`: every override, active or expired.
#[utoipa::path(get, path = "/gates/overrides", tag = "gate", summary = "Every override of the gate, active and expired", params(("pacticipant" = Option<String>, Query, description = "Only this application's"), ("environment" = Option<String>, Query, description = "Only this environment's")), responses((status = 200, description = "The overrides", body = HalDocument, content_type = "application/hal+json")))]
pub async fn list_overrides(
    State(state): State<AppState>,
    base: Base,
    uri: Uri,
) -> Result<Response, ApiError> {
    let q = NestedQuery::parse(uri.query().unwrap_or(""));
    let mut conn = state.db.pool.acquire().await?;
    let list =
        crate::gate::overrides::list(&mut conn, q.get("pacticipant"), q.get("environment")).await?;
    let now = crate::db::now();
    Ok(ok(json!({
        "overrides": list.iter().map(|o| {
            let mut v = json!(o);
            v["active"] = json!(o.active_at(&now));
            v
        }).collect::<Vec<_>>(),
        "_links": {"self": link(base.url("/gates/overrides"))}
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_queries_parse() {
        let raw = "pacticipant=A&version=2&pacticipant=B&version=5&environment=production";
        let q = gate_query(&NestedQuery::parse(raw), raw).unwrap();
        assert_eq!(q.selectors.len(), 2);
        assert_eq!(q.selectors[1].version.as_deref(), Some("5"));
        for bad in [
            "environment=production",
            "pacticipant=A&environment=production",
            "pacticipant=A&version=1",
        ] {
            assert!(gate_query(&NestedQuery::parse(bad), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expiry_parses_dates_and_refuses_the_past() {
        assert!(parse_expiry("2999-01-01")
            .unwrap()
            .starts_with("2999-01-01T23:59:59"));
        assert!(parse_expiry("2999-01-01T10:00:00+02:00")
            .unwrap()
            .starts_with("2999-01-01T08:00:00"));
        assert!(parse_expiry("2001-01-01").is_err());
        assert!(parse_expiry("tomorrow").is_err());
    }
}
