//! The matrix page (`/matrix`, `/can-i-deploy`): the can-i-deploy matrix for
//! a version and a target, with pending and WIP flags per row, and the
//! verdict in plain words: the very [`crate::verdict::Verdict`] the API
//! returns, every reason shown with its kind, whatever kinds of evidence
//! joined it.

use super::format::{matrix_href, pact_href, service_href, verification_href, When};
use super::queries::{rows_for_ids, verified_by_main_branch};
use super::status::Answer;
use super::{render, Nav, WebError};
use crate::error::ApiError;
use crate::matrix::{MatrixQuery, MatrixResult, Target};
use crate::nested_query::NestedQuery;
use crate::verdict::Reason;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use sqlx::{AnyConnection, Row as _};
use std::collections::{HashMap, HashSet};

/// A version in a row.
#[derive(Debug)]
pub struct VersionCell {
    pub name: String,
    pub name_href: String,
    pub number: Option<String>,
    pub number_href: Option<String>,
    pub branches: Vec<String>,
    pub tags: Vec<String>,
}

/// One row of the matrix.
#[derive(Debug)]
pub struct RowView {
    pub consumer: VersionCell,
    pub provider: VersionCell,
    /// Why there is no provider version.
    pub missing: Option<String>,
    pub pact_href: Option<String>,
    pub pact_when: Option<When>,
    /// "passed", "failed" or "unverified".
    pub result: &'static str,
    pub result_class: &'static str,
    pub result_href: Option<String>,
    pub result_when: Option<When>,
    pub pending: bool,
    pub wip: bool,
    pub ignored: bool,
}

/// The form's choices.
#[derive(Debug, Default)]
pub struct Form {
    pub pacticipant: String,
    pub version: String,
    pub environment: String,
    pub pacticipants: Vec<String>,
    pub environments: Vec<String>,
}

#[derive(Template)]
#[template(path = "matrix.html")]
struct MatrixPage {
    nav: Nav,
    form: Form,
    /// What was asked, in words.
    question: Option<String>,
    error: Option<String>,
    answer: Option<Answer>,
    summary: String,
    reasons: Vec<Reason>,
    counts: Option<(usize, usize, usize)>,
    rows: Vec<RowView>,
}

pub async fn page(State(state): State<AppState>, uri: Uri) -> Result<Response, WebError> {
    let q = NestedQuery::parse(uri.query().unwrap_or(""));
    let parsed = if q.list("q").is_empty() && q.plain.is_empty() {
        None
    } else {
        Some(MatrixQuery::from_matrix_query(&q))
    };
    let strict = crate::routes::matrix::strict_api(&state, &q);
    show(state, parsed, strict).await
}

pub async fn can_i_deploy(State(state): State<AppState>, uri: Uri) -> Result<Response, WebError> {
    let q = NestedQuery::parse(uri.query().unwrap_or(""));
    let strict = crate::routes::matrix::strict_api(&state, &q);
    show(
        state,
        Some(MatrixQuery::from_can_i_deploy_query(&q)),
        strict,
    )
    .await
}

fn question(q: &MatrixQuery) -> String {
    let who: Vec<String> = q
        .selectors
        .iter()
        .map(|s| match (&s.version, &s.branch, &s.tag) {
            (Some(v), _, _) => format!("{} {v}", s.pacticipant),
            (None, Some(b), _) => format!("the latest {} from branch {b}", s.pacticipant),
            (None, None, Some(t)) => format!("the latest {} with tag {t}", s.pacticipant),
            _ if s.main_branch => format!("the latest {} from its main branch", s.pacticipant),
            _ => format!("the latest {}", s.pacticipant),
        })
        .collect();
    let into = match &q.target {
        Target::Environment(e) => format!("be deployed to {e}"),
        Target::Tag(t) => format!("be deployed alongside the versions tagged {t}"),
        Target::MainBranch => "be deployed with the main branches of its partners".into(),
        Target::Latest => "be deployed with the latest versions of its partners".into(),
        Target::Specified => "be deployed together".into(),
    };
    format!("Can {} {into}?", who.join(" and "))
}

async fn show(
    state: AppState,
    parsed: Option<Result<MatrixQuery, ApiError>>,
    strict: bool,
) -> Result<Response, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    let mut form = Form {
        pacticipants: sqlx::query_scalar("SELECT name FROM pacticipants ORDER BY name")
            .fetch_all(&mut *conn)
            .await?,
        environments: sqlx::query_scalar("SELECT name FROM environments ORDER BY name")
            .fetch_all(&mut *conn)
            .await?,
        ..Form::default()
    };
    let mut page = MatrixPage {
        nav: Nav::Matrix,
        form: Form::default(),
        question: None,
        error: None,
        answer: None,
        summary: String::new(),
        reasons: Vec::new(),
        counts: None,
        rows: Vec::new(),
    };
    let mut status = StatusCode::OK;
    match parsed {
        None => {}
        Some(Err(e)) => {
            status = e.status();
            page.error = Some(match e {
                ApiError::Client { detail, .. } => detail,
                other => return Err(WebError(other)),
            });
        }
        Some(Ok(q)) => {
            if let Some(s) = q.selectors.first() {
                form.pacticipant = s.pacticipant.clone();
                form.version = s.version.clone().unwrap_or_default();
            }
            if let Target::Environment(e) = &q.target {
                form.environment = e.clone();
            }
            page.question = Some(question(&q));
            match crate::routes::matrix::decide(&mut conn, &q, strict).await {
                Ok(res) => {
                    page.rows = rows(&mut conn, &res).await?;
                    page.answer = Some(Answer::of(res.verdict.deployable));
                    page.summary = res.verdict.summary_reason();
                    page.counts = Some((res.success, res.failed, res.unknown));
                    page.reasons = res.verdict.reasons;
                }
                Err(ApiError::Client {
                    status: s, detail, ..
                }) => {
                    status = s;
                    page.error = Some(detail);
                }
                Err(other) => return Err(WebError(other)),
            }
        }
    }
    page.form = form;
    let mut resp = render(&page)?.into_response();
    *resp.status_mut() = status;
    Ok(resp)
}

/// Rows for display, with pending and WIP flags worked out for all rows at
/// once: a row is pending when the provider's main branch has never
/// verified its pact successfully, and WIP when it is pending and its
/// consumer version is the newest of a branch other than the consumer's
/// main branch (a verifier asking for WIP pacts would be given it).
async fn rows(conn: &mut AnyConnection, res: &MatrixResult) -> Result<Vec<RowView>, ApiError> {
    let now = chrono::Utc::now();
    // Content ids of the rows' pacts.
    let shas: Vec<String> = res
        .rows
        .iter()
        .filter_map(|r| r.pact_sha.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut content_of: HashMap<String, i64> = HashMap::new();
    for chunk in shas.chunks(500) {
        let sql = format!(
            "SELECT id, sha FROM pact_contents WHERE sha IN ({})",
            super::queries::placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            q = q.bind(s.clone());
        }
        for r in q.fetch_all(&mut *conn).await? {
            content_of.insert(r.try_get(1)?, r.try_get(0)?);
        }
    }
    let contents: Vec<i64> = content_of.values().copied().collect();
    let verified = verified_by_main_branch(conn, &contents).await?;
    // Branch heads among the consumer versions, off the consumer's main branch.
    let consumer_versions: Vec<i64> = res
        .rows
        .iter()
        .filter_map(|r| r.consumer_version)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut heads: HashSet<i64> = HashSet::new();
    let on_branches = rows_for_ids(
        conn,
        "SELECT bv.version_id, bv.branch_id, \
         (SELECT MAX(bv2.version_id) FROM branch_versions bv2 WHERE bv2.branch_id = bv.branch_id) AS head \
         FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id JOIN pacticipants p ON p.id = b.pacticipant_id \
         WHERE (p.main_branch IS NULL OR b.name <> p.main_branch) AND bv.version_id IN ({ids})",
        &[],
        &consumer_versions,
    )
    .await?;
    for r in on_branches {
        let v: i64 = r.try_get(0)?;
        if r.try_get::<Option<i64>, _>(2)? == Some(v) {
            heads.insert(v);
        }
    }
    let cell = |name: &str, v: Option<i64>| {
        let info = v.and_then(|v| res.versions.get(&v));
        VersionCell {
            name: name.to_string(),
            name_href: service_href(name),
            number: info.map(|i| i.number.clone()),
            number_href: info.map(|i| matrix_href(name, &i.number, None)),
            branches: info.map(|i| i.branches.clone()).unwrap_or_default(),
            tags: info.map(|i| i.tags.clone()).unwrap_or_default(),
        }
    };
    Ok(res
        .rows
        .iter()
        .map(|r| {
            let pending = r
                .pact_sha
                .as_ref()
                .and_then(|s| content_of.get(s))
                .is_some_and(|c| !verified.contains(c));
            let (result, result_class) = match &r.verification {
                Some(v) if v.success => ("passed", "passed"),
                Some(_) => ("failed", "failed"),
                None => ("unverified", "unknown"),
            };
            RowView {
                consumer: cell(&r.consumer, r.consumer_version),
                provider: cell(&r.provider, r.provider_version),
                missing: r.missing.clone(),
                pact_href: r
                    .pact_sha
                    .as_ref()
                    .map(|s| pact_href(&r.provider, &r.consumer, s)),
                pact_when: r.pact_created_at.as_ref().map(|t| When::new(t, now)),
                result,
                result_class,
                result_href: r
                    .verification
                    .as_ref()
                    .zip(r.pact_sha.as_ref())
                    .map(|(v, s)| verification_href(&r.provider, &r.consumer, s, v.id)),
                result_when: r
                    .verification
                    .as_ref()
                    .map(|v| When::new(&v.verified_at, now)),
                pending,
                wip: pending && r.consumer_version.is_some_and(|v| heads.contains(&v)),
                ignored: r.ignored,
            }
        })
        .collect())
}
