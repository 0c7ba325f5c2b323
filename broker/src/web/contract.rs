//! The contract page: a pact rendered for people (interactions with their
//! provider states, requests, responses and matching rules), each
//! interaction's result from the latest verification that reported results
//! per interaction, and a side-by-side diff against the previous distinct
//! version of the same pact.

use super::diff::{side_by_side, DiffRow};
use super::format::{matrix_href, pact_href, service_href, verification_href, When};
use super::pact_view::{interactions, specification, test_results, InteractionView, TestResult};
use super::{render, Html, Nav, WebError};
use crate::error::ApiError;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use serde_json::Value;
use sqlx::{AnyConnection, Row as _};

/// Consumer versions listed as publishers of a content.
const PUBLISHERS: i64 = 20;
/// Verifications listed.
const VERIFICATIONS: i64 = 10;

/// A consumer version that published this content.
#[derive(Debug)]
pub struct Publisher {
    pub number: String,
    pub href: String,
    pub when: When,
}

/// A verification of this content.
#[derive(Debug)]
pub struct VerificationLine {
    pub href: String,
    pub success: bool,
    pub provider_version: String,
    pub when: When,
}

/// An interaction with its reported result.
#[derive(Debug)]
pub struct Shown {
    pub anchor: String,
    pub i: InteractionView,
    /// "passed", "failed" or "not reported".
    pub result: &'static str,
    pub result_class: &'static str,
    pub mismatches: Vec<super::pact_view::MismatchView>,
}

#[derive(Template)]
#[template(path = "contract.html")]
struct ContractPage {
    nav: Nav,
    consumer: String,
    consumer_href: String,
    provider: String,
    provider_href: String,
    sha: String,
    spec: Option<String>,
    first_published: When,
    publishers: Vec<Publisher>,
    more_publishers: i64,
    verifications: Vec<VerificationLine>,
    results_from: Option<VerificationLine>,
    whole_pass: bool,
    interactions: Vec<Shown>,
    previous: Option<(String, String, String)>,
    diff: Vec<DiffRow>,
    diff_truncated: bool,
}

/// Rows of the diff shown at most.
const DIFF_ROWS: usize = 2_000;

pub async fn by_sha(
    State(state): State<AppState>,
    Path((provider, consumer, sha)): Path<(String, String, String)>,
) -> Result<Html, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    page(&mut conn, &provider, &consumer, &sha, None).await
}

pub async fn by_version(
    State(state): State<AppState>,
    Path((provider, consumer, number)): Path<(String, String, String)>,
) -> Result<Html, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query(
        "SELECT pc.sha, v.id FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pacticipants c ON c.id = pp.consumer_id \
         JOIN pacticipants p ON p.id = pp.provider_id WHERE c.name = $1 AND p.name = $2 AND v.number = $3",
    )
    .bind(&consumer)
    .bind(&provider)
    .bind(&number)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        ApiError::not_found(format!(
            "no pact between {consumer} version {number} and {provider}"
        ))
    })?;
    let sha: String = row.try_get(0)?;
    let vid: i64 = row.try_get(1)?;
    page(&mut conn, &provider, &consumer, &sha, Some(vid)).await
}

pub async fn latest(
    State(state): State<AppState>,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Html, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query(
        "SELECT pc.sha, pp.consumer_version_id FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id \
         WHERE c.name = $1 AND p.name = $2 ORDER BY pp.consumer_version_id DESC LIMIT 1",
    )
    .bind(&consumer)
    .bind(&provider)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ApiError::not_found(format!("no pact between {consumer} and {provider}")))?;
    let sha: String = row.try_get(0)?;
    let vid: i64 = row.try_get(1)?;
    page(&mut conn, &provider, &consumer, &sha, Some(vid)).await
}

/// Pretty JSON of a stored pact, for the diff.
fn pretty_text(content: &str) -> String {
    serde_json::from_str::<Value>(content)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| content.to_string())
        + "\n"
}

/// Match the interactions with the per-interaction results. `whole` is the
/// overall result to show for interactions without one of their own (a
/// verification that passed passed every interaction), if any.
pub fn with_results(
    list: Vec<InteractionView>,
    results: &[TestResult],
    whole: Option<bool>,
) -> Vec<Shown> {
    list.into_iter()
        .enumerate()
        .map(|(k, i)| {
            let r = results.iter().find(|r| r.is_for(&i));
            let (result, result_class) = match r.and_then(|r| r.success) {
                Some(true) => ("passed", "passed"),
                Some(false) => ("failed", "failed"),
                None if r.is_some_and(|r| !r.mismatches.is_empty()) => ("failed", "failed"),
                None if r.is_none() && whole == Some(true) => ("passed", "passed"),
                None => ("not reported", "unknown"),
            };
            Shown {
                anchor: format!("interaction-{}", k + 1),
                mismatches: r.map(|r| r.mismatches.clone()).unwrap_or_default(),
                i,
                result,
                result_class,
            }
        })
        .collect()
}

async fn page(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
    sha: &str,
    consumer_version: Option<i64>,
) -> Result<Html, WebError> {
    let row = sqlx::query(
        "SELECT pc.id, pc.content, pc.created_at, pc.consumer_id, pc.provider_id FROM pact_contents pc \
         JOIN pacticipants c ON c.id = pc.consumer_id JOIN pacticipants p ON p.id = pc.provider_id \
         WHERE pc.sha = $1 AND c.name = $2 AND p.name = $3",
    )
    .bind(sha)
    .bind(consumer)
    .bind(provider)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        ApiError::not_found(format!(
            "no pact with content {sha} between {consumer} and {provider}"
        ))
    })?;
    let content_id: i64 = row.try_get(0)?;
    let content: String = row.try_get(1)?;
    let created_at: String = row.try_get(2)?;
    let consumer_id: i64 = row.try_get(3)?;
    let provider_id: i64 = row.try_get(4)?;
    let now = chrono::Utc::now();
    let pact: Value = serde_json::from_str(&content).unwrap_or(Value::Null);

    // Who published this content.
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pact_publications WHERE pact_content_id = $1")
            .bind(content_id)
            .fetch_one(&mut *conn)
            .await?;
    let publishers = sqlx::query(
        "SELECT v.number, pp.created_at FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id \
         WHERE pp.pact_content_id = $1 ORDER BY pp.consumer_version_id DESC LIMIT $2",
    )
    .bind(content_id)
    .bind(PUBLISHERS)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let number: String = r.try_get(0)?;
        Ok(Publisher {
            href: matrix_href(consumer, &number, None),
            number,
            when: When::new(&r.try_get::<String, _>(1)?, now),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    // Its verifications, newest first. Per-interaction results come from the
    // newest verification; when it sent none, a pass counts for every
    // interaction, and after a failure the newest that sent some is used.
    let mut verifications = Vec::new();
    let mut results: Option<(VerificationLine, Vec<TestResult>)> = None;
    let mut newest_passed: Option<bool> = None;
    for r in sqlx::query(
        "SELECT v.id, v.success, v.created_at, pv.number, v.test_results FROM verifications v \
         JOIN versions pv ON pv.id = v.provider_version_id WHERE v.pact_content_id = $1 ORDER BY v.id DESC LIMIT $2",
    )
    .bind(content_id)
    .bind(VERIFICATIONS)
    .fetch_all(&mut *conn)
    .await?
    {
        let id: i64 = r.try_get(0)?;
        let line = || -> Result<VerificationLine, sqlx::Error> {
            Ok(VerificationLine {
                href: verification_href(provider, consumer, sha, id),
                success: r.try_get::<i64, _>(1)? != 0,
                when: When::new(&r.try_get::<String, _>(2)?, now),
                provider_version: r.try_get(3)?,
            })
        };
        let first = verifications.is_empty();
        let passed = r.try_get::<i64, _>(1)? != 0;
        if first {
            newest_passed = Some(passed);
        }
        if results.is_none() && (first || newest_passed != Some(true)) {
            let raw: Option<String> = r.try_get(4)?;
            let parsed = raw
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .map(|v| test_results(&v))
                .unwrap_or_default();
            if !parsed.is_empty() {
                results = Some((line()?, parsed));
            }
        }
        verifications.push(line()?);
    }
    let (results_from, results) = match results {
        Some((line, list)) => (Some(line), list),
        None => (None, Vec::new()),
    };
    let whole_pass = results_from.is_none() && newest_passed == Some(true);

    // The previous distinct version of this pact, before this content's
    // first publication (or before the version the page was asked for).
    let anchor: Option<i64> =
        match consumer_version {
            Some(v) => Some(v),
            None => sqlx::query_scalar(
                "SELECT MIN(consumer_version_id) FROM pact_publications WHERE pact_content_id = $1",
            )
            .bind(content_id)
            .fetch_one(&mut *conn)
            .await?,
        };
    let previous = match anchor {
        Some(anchor) => {
            sqlx::query(
                "SELECT pc.sha, pc.content, v.number FROM pact_publications pp \
                 JOIN pact_contents pc ON pc.id = pp.pact_content_id JOIN versions v ON v.id = pp.consumer_version_id \
                 WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_id < $3 AND pp.pact_content_id <> $4 \
                 ORDER BY pp.consumer_version_id DESC LIMIT 1",
            )
            .bind(provider_id)
            .bind(consumer_id)
            .bind(anchor)
            .bind(content_id)
            .fetch_optional(&mut *conn)
            .await?
        }
        None => None,
    };
    let (previous, mut diff) = match previous {
        Some(r) => {
            let prev_sha: String = r.try_get(0)?;
            let prev_content: String = r.try_get(1)?;
            let number: String = r.try_get(2)?;
            (
                Some((pact_href(provider, consumer, &prev_sha), prev_sha, number)),
                side_by_side(&pretty_text(&prev_content), &pretty_text(&content)),
            )
        }
        None => (None, Vec::new()),
    };
    let diff_truncated = diff.len() > DIFF_ROWS;
    diff.truncate(DIFF_ROWS);

    render(&ContractPage {
        nav: Nav::Integrations,
        consumer_href: service_href(consumer),
        provider_href: service_href(provider),
        consumer: consumer.to_string(),
        provider: provider.to_string(),
        sha: sha.to_string(),
        spec: specification(&pact),
        first_published: When::new(&created_at, now),
        more_publishers: (total - publishers.len() as i64).max(0),
        publishers,
        verifications,
        results_from,
        interactions: with_results(interactions(&pact), &results, whole_pass.then_some(true)),
        whole_pass,
        previous,
        diff,
        diff_truncated,
    })
}
