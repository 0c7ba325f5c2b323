//! The index page (`/`): every integration, consumer → provider, with its
//! latest pact, latest verification and status; searched and paged on the
//! server.

use super::format::{pact_href, page_number, query, service_href, verification_href, Pager, When};
use super::queries::{integrations_page, Integration};
use super::status::Status;
use super::{render, Html, Nav, WebError};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use std::collections::HashMap;

/// Integrations per page.
pub const PER_PAGE: usize = 50;

/// One row of the index.
#[derive(Debug)]
pub struct Row {
    pub consumer: String,
    pub consumer_href: String,
    pub provider: String,
    pub provider_href: String,
    pub consumer_version: Option<String>,
    pub pact_href: Option<String>,
    pub published: Option<When>,
    pub provider_version: Option<String>,
    pub verification_href: Option<String>,
    pub verified: Option<When>,
    pub status: Status,
}

impl Row {
    pub fn new(i: &Integration, now: chrono::DateTime<chrono::Utc>) -> Row {
        let pact = i.pact.as_ref();
        let v = pact.and_then(|p| p.verification.as_ref());
        Row {
            consumer: i.consumer.clone(),
            consumer_href: service_href(&i.consumer),
            provider: i.provider.clone(),
            provider_href: service_href(&i.provider),
            consumer_version: pact.map(|p| p.consumer_version.clone()),
            pact_href: pact.map(|p| pact_href(&i.provider, &i.consumer, &p.sha)),
            published: pact.map(|p| When::new(&p.published_at, now)),
            provider_version: v.map(|v| v.provider_version.clone()),
            verification_href: pact
                .zip(v)
                .map(|(p, v)| verification_href(&i.provider, &i.consumer, &p.sha, v.id)),
            verified: v.map(|v| When::new(&v.verified_at, now)),
            status: i.status,
        }
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    nav: Nav,
    q: String,
    rows: Vec<Row>,
    pager: Pager,
}

pub async fn page(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Html, WebError> {
    let q = params
        .get("q")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let page = page_number(params.get("page").map(String::as_str));
    let mut conn = state.db.pool.acquire().await?;
    let (list, total) =
        integrations_page(&mut conn, &q, Pager::offset(page, PER_PAGE), PER_PAGE).await?;
    let now = chrono::Utc::now();
    let pager = Pager::new(page, PER_PAGE, total, |n| {
        query("/", &[("q", &q), ("page", &n.to_string())])
    });
    render(&IndexPage {
        nav: Nav::Integrations,
        rows: list.iter().map(|i| Row::new(i, now)).collect(),
        q,
        pager,
    })
}
