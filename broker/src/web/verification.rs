//! The verification page: the result a verifier published for one pact,
//! interaction by interaction, with mismatch paths and expected against
//! actual values wherever the verifier sent them.

use super::contract::{with_results, Shown};
use super::format::{matrix_href, pact_href, safe_url, service_href, When};
use super::pact_view::{interactions, test_results, TestResult};
use super::{render, Html, Nav, WebError};
use crate::error::ApiError;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use serde_json::Value;
use sqlx::Row as _;

#[derive(Template)]
#[template(path = "verification.html")]
struct VerificationPage {
    nav: Nav,
    id: i64,
    consumer: String,
    consumer_href: String,
    provider: String,
    provider_href: String,
    pact_href: String,
    sha: String,
    success: bool,
    provider_version: String,
    provider_version_href: String,
    branches: Vec<String>,
    when: When,
    build_url: Option<String>,
    build_link: Option<String>,
    verifier: Option<String>,
    reported: usize,
    interactions: Vec<Shown>,
    /// Results that name no interaction of this pact.
    unmatched: Vec<TestResult>,
}

/// "Pact-Rust 1.4.7 (pact_verifier_cli 1.3.5)" from `verifiedBy`.
fn verifier_name(v: &Value) -> Option<String> {
    let name = v.get("implementation").and_then(Value::as_str)?;
    let mut out = name.to_string();
    if let Some(version) = v.get("version").and_then(Value::as_str) {
        out.push(' ');
        out.push_str(version);
    }
    Some(out)
}

pub async fn page(
    State(state): State<AppState>,
    Path((provider, consumer, sha, id)): Path<(String, String, String, String)>,
) -> Result<Html, WebError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("no verification result `{id}`")))?;
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query(
        "SELECT v.success, v.build_url, v.test_results, v.verified_by, v.created_at, pv.number, pv.id, pc.content \
         FROM verifications v JOIN pact_contents pc ON pc.id = v.pact_content_id \
         JOIN versions pv ON pv.id = v.provider_version_id \
         JOIN pacticipants c ON c.id = pc.consumer_id JOIN pacticipants p ON p.id = pc.provider_id \
         WHERE v.id = $1 AND pc.sha = $2 AND c.name = $3 AND p.name = $4",
    )
    .bind(id)
    .bind(&sha)
    .bind(&consumer)
    .bind(&provider)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        ApiError::not_found(format!(
            "no verification result {id} for the pact {sha} between {consumer} and {provider}"
        ))
    })?;
    let success = row.try_get::<i64, _>(0)? != 0;
    let build_url: Option<String> = row.try_get(1)?;
    let results_text: Option<String> = row.try_get(2)?;
    let verified_by: Option<String> = row.try_get(3)?;
    let created_at: String = row.try_get(4)?;
    let provider_version: String = row.try_get(5)?;
    let provider_version_id: i64 = row.try_get(6)?;
    let content: String = row.try_get(7)?;
    let branches = crate::store::version_branches(&mut conn, provider_version_id).await?;
    let results = results_text
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .map(|v| test_results(&v))
        .unwrap_or_default();
    let pact: Value = serde_json::from_str(&content).unwrap_or(Value::Null);
    let list = interactions(&pact);
    let unmatched = results
        .iter()
        .filter(|r| !list.iter().any(|i| r.is_for(i)))
        .cloned()
        .collect();
    render(&VerificationPage {
        nav: Nav::Integrations,
        id,
        consumer_href: service_href(&consumer),
        provider_href: service_href(&provider),
        pact_href: pact_href(&provider, &consumer, &sha),
        provider_version_href: matrix_href(&provider, &provider_version, None),
        build_link: build_url.as_deref().and_then(safe_url),
        build_url,
        verifier: verified_by
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| verifier_name(&v)),
        reported: results.len(),
        interactions: with_results(
            list,
            &results,
            (results.is_empty() && success).then_some(true),
        ),
        unmatched,
        consumer,
        provider,
        sha,
        success,
        provider_version,
        branches,
        when: When::new(&created_at, chrono::Utc::now()),
    })
}
