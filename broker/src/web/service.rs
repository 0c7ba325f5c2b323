//! Services: the list (`/pacticipants`) and the page of one
//! (`/pacticipants/{name}`): its versions with branches and tags (paged),
//! where each is deployed or released, the contracts it publishes and the
//! ones it must satisfy, every interaction it takes part in (as consumer or
//! provider), and can-i-deploy into each environment with the reason.

use super::format::{
    environment_href, matrix_href, network_href, pact_href, page_number, query, safe_url,
    service_href, Pager, When,
};
use super::index::Row;
use super::pact_view::interactions;
use super::queries::{integrations_of, rows_for_ids};
use super::status::{Answer, Status};
use super::{render, Html, Nav, WebError};
use crate::error::ApiError;
use crate::matrix::{self, LatestBy, MatrixQuery, Selector, Target};
use crate::verdict::Reason;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use serde_json::Value;
use sqlx::Row as _;
use std::collections::HashMap;

/// Versions per page.
const VERSIONS_PER_PAGE: usize = 20;
/// Interactions listed at most (a service with huge pacts still renders fast).
const INTERACTIONS: usize = 500;

/// A service in the list.
#[derive(Debug)]
pub struct ServiceLine {
    pub name: String,
    pub href: String,
    pub main_branch: Option<String>,
    pub latest: Option<String>,
    pub consumes: i64,
    pub provides: i64,
}

#[derive(Template)]
#[template(path = "services.html")]
struct ListPage {
    nav: Nav,
    services: Vec<ServiceLine>,
}

pub async fn list(State(state): State<AppState>) -> Result<Html, WebError> {
    let rows = sqlx::query(
        "SELECT p.name, p.main_branch, \
         (SELECT v.number FROM versions v WHERE v.id = (SELECT MAX(v2.id) FROM versions v2 WHERE v2.pacticipant_id = p.id)) AS latest, \
         (SELECT COUNT(*) FROM integrations i WHERE i.consumer_id = p.id) AS consumes, \
         (SELECT COUNT(*) FROM integrations i WHERE i.provider_id = p.id) AS provides \
         FROM pacticipants p ORDER BY p.name",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let services = rows
        .iter()
        .map(|r| {
            let name: String = r.try_get(0)?;
            Ok(ServiceLine {
                href: service_href(&name),
                name,
                main_branch: r.try_get(1)?,
                latest: r.try_get(2)?,
                consumes: r.try_get(3)?,
                provides: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    render(&ListPage {
        nav: Nav::Services,
        services,
    })
}

/// A deployment or release of a version.
#[derive(Debug)]
pub struct Placement {
    pub environment: String,
    pub href: String,
    /// "deployed", "released", "was deployed", "support ended".
    pub state: &'static str,
    pub instance: Option<String>,
}

/// A version in the paged list.
#[derive(Debug)]
pub struct VersionLine {
    pub number: String,
    pub href: String,
    pub branches: Vec<String>,
    pub tags: Vec<String>,
    pub when: When,
    pub placements: Vec<Placement>,
}

/// can-i-deploy into one environment.
#[derive(Debug)]
pub struct EnvAnswer {
    pub environment: String,
    pub environment_href: String,
    pub answer: Answer,
    pub reasons: Vec<Reason>,
    pub href: String,
}

/// One interaction the service takes part in.
#[derive(Debug)]
pub struct InteractionLine {
    /// "consumer" or "provider": this service's role.
    pub role: &'static str,
    pub other: String,
    pub other_href: String,
    pub description: String,
    pub states: Vec<String>,
    pub request: String,
    pub href: String,
    pub status: Status,
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage {
    nav: Nav,
    name: String,
    display_name: Option<String>,
    main_branch: Option<String>,
    repository: Option<String>,
    repository_link: Option<String>,
    network_href: String,
    candidate: Option<(String, &'static str)>,
    answers: Vec<EnvAnswer>,
    current: Vec<Placement>,
    current_versions: Vec<String>,
    publishes: Vec<Row>,
    satisfies: Vec<Row>,
    interactions: Vec<InteractionLine>,
    interactions_truncated: bool,
    versions: Vec<VersionLine>,
    pager: Pager,
}

pub async fn page(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Html, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = crate::store::find_pacticipant(&mut conn, &name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no service named `{name}`")))?;
    let now = chrono::Utc::now();
    let page = page_number(params.get("page").map(String::as_str));

    // Versions, newest first, one page.
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM versions WHERE pacticipant_id = $1")
        .bind(p.id)
        .fetch_one(&mut *conn)
        .await?;
    let pager = Pager::new(page, VERSIONS_PER_PAGE, total.max(0) as usize, |n| {
        query(&service_href(&p.name), &[("page", &n.to_string())])
    });
    let version_rows = sqlx::query(
        "SELECT id, number, created_at FROM versions WHERE pacticipant_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(p.id)
    .bind(VERSIONS_PER_PAGE as i64)
    .bind(Pager::offset(pager.page, VERSIONS_PER_PAGE) as i64)
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = version_rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let details = matrix::version_details(&mut conn, &ids).await?;
    let mut placements: HashMap<i64, Vec<Placement>> = HashMap::new();
    for r in rows_for_ids(
        &mut conn,
        "SELECT d.version_id, e.name, d.currently_deployed, d.application_instance FROM deployed_versions d \
         JOIN environments e ON e.id = d.environment_id WHERE d.version_id IN ({ids}) ORDER BY d.id",
        &[],
        &ids,
    )
    .await?
    {
        let env: String = r.try_get(1)?;
        let instance: String = r.try_get(3)?;
        placements.entry(r.try_get(0)?).or_default().push(Placement {
            href: environment_href(&env),
            environment: env,
            state: if r.try_get::<i64, _>(2)? != 0 { "deployed" } else { "was deployed" },
            instance: Some(instance).filter(|i| !i.is_empty()),
        });
    }
    for r in rows_for_ids(
        &mut conn,
        "SELECT rv.version_id, e.name, rv.currently_supported FROM released_versions rv \
         JOIN environments e ON e.id = rv.environment_id WHERE rv.version_id IN ({ids}) ORDER BY rv.id",
        &[],
        &ids,
    )
    .await?
    {
        let env: String = r.try_get(1)?;
        placements.entry(r.try_get(0)?).or_default().push(Placement {
            href: environment_href(&env),
            environment: env,
            state: if r.try_get::<i64, _>(2)? != 0 { "released" } else { "support ended" },
            instance: None,
        });
    }
    let versions = version_rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            let number: String = r.try_get(1)?;
            let d = details.get(&id);
            Ok(VersionLine {
                href: matrix_href(&p.name, &number, None),
                number,
                branches: d.map(|d| d.branches.clone()).unwrap_or_default(),
                tags: d.map(|d| d.tags.clone()).unwrap_or_default(),
                when: When::new(&r.try_get::<String, _>(2)?, now),
                placements: placements.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;

    // Where it is now, in every environment.
    let mut current = Vec::new();
    let mut current_versions = Vec::new();
    for r in sqlx::query(
        "SELECT e.name, v.number, d.application_instance, 'deployed' AS kind FROM deployed_versions d \
         JOIN environments e ON e.id = d.environment_id JOIN versions v ON v.id = d.version_id \
         WHERE d.pacticipant_id = $1 AND d.currently_deployed = 1 \
         UNION ALL SELECT e.name, v.number, '' AS application_instance, 'released' AS kind FROM released_versions rv \
         JOIN environments e ON e.id = rv.environment_id JOIN versions v ON v.id = rv.version_id \
         WHERE rv.pacticipant_id = $1 AND rv.currently_supported = 1 ORDER BY 1, 2",
    )
    .bind(p.id)
    .fetch_all(&mut *conn)
    .await?
    {
        let env: String = r.try_get(0)?;
        let kind: String = r.try_get(3)?;
        let instance: String = r.try_get(2)?;
        current_versions.push(r.try_get(1)?);
        current.push(Placement {
            href: environment_href(&env),
            environment: env,
            state: if kind == "deployed" { "deployed" } else { "released" },
            instance: Some(instance).filter(|i| !i.is_empty()),
        });
    }

    // Contracts, both ways, with statuses.
    let integrations = integrations_of(&mut conn, Some(p.id)).await?;
    let publishes: Vec<Row> = integrations
        .iter()
        .filter(|i| i.consumer_id == p.id)
        .map(|i| Row::new(i, now))
        .collect();
    let satisfies: Vec<Row> = integrations
        .iter()
        .filter(|i| i.provider_id == p.id)
        .map(|i| Row::new(i, now))
        .collect();

    // Every interaction in the latest pact of each integration.
    let content_ids: Vec<i64> = integrations
        .iter()
        .filter_map(|i| i.pact.as_ref().map(|p| p.content_id))
        .collect();
    let mut contents: HashMap<i64, String> = HashMap::new();
    for r in rows_for_ids(
        &mut conn,
        "SELECT id, content FROM pact_contents WHERE id IN ({ids})",
        &[],
        &content_ids,
    )
    .await?
    {
        contents.insert(r.try_get(0)?, r.try_get(1)?);
    }
    let mut lines = Vec::new();
    for i in &integrations {
        let Some(pact) = &i.pact else { continue };
        let Some(text) = contents.get(&pact.content_id) else {
            continue;
        };
        let doc: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let (role, other) = if i.consumer_id == p.id {
            ("consumer", &i.provider)
        } else {
            ("provider", &i.consumer)
        };
        let href = pact_href(&i.provider, &i.consumer, &pact.sha);
        for (k, view) in interactions(&doc).into_iter().enumerate() {
            lines.push(InteractionLine {
                role,
                other: other.clone(),
                other_href: service_href(other),
                href: format!("{href}#interaction-{}", k + 1),
                request: view
                    .request_line
                    .clone()
                    .unwrap_or_else(|| view.kind.to_string()),
                description: view.description,
                states: view.states,
                status: i.status,
            });
        }
    }
    let interactions_truncated = lines.len() > INTERACTIONS;
    lines.truncate(INTERACTIONS);

    // can-i-deploy of the latest main-branch version (else the latest) into each environment.
    let candidate: Option<(String, &'static str)> = {
        let main_head: Option<i64> = match &p.main_branch {
            Some(b) => sqlx::query_scalar(
                "SELECT MAX(bv.version_id) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
                 WHERE b.pacticipant_id = $1 AND b.name = $2",
            )
            .bind(p.id)
            .bind(b)
            .fetch_one(&mut *conn)
            .await?,
            None => None,
        };
        let (id, kind) = match main_head {
            Some(id) => (Some(id), "the latest on its main branch"),
            None => (
                sqlx::query_scalar("SELECT MAX(id) FROM versions WHERE pacticipant_id = $1")
                    .bind(p.id)
                    .fetch_one(&mut *conn)
                    .await?,
                "the latest",
            ),
        };
        match id {
            Some(id) => Some((
                crate::store::version_by_id(&mut conn, id).await?.number,
                kind,
            )),
            None => None,
        }
    };
    let mut answers = Vec::new();
    if let Some((number, _)) = &candidate {
        for env in crate::store::list_environments(&mut conn).await? {
            let q = MatrixQuery {
                selectors: vec![Selector {
                    pacticipant: p.name.clone(),
                    version: Some(number.clone()),
                    ..Selector::default()
                }],
                ignore: Vec::new(),
                target: Target::Environment(env.name.clone()),
                latest_by: LatestBy::Cvpv,
            };
            let res =
                crate::routes::matrix::decide(&mut conn, &q, state.config.gate_api_strict).await?;
            answers.push(EnvAnswer {
                href: matrix_href(&p.name, number, Some(&env.name)),
                environment_href: environment_href(&env.name),
                environment: env.name,
                answer: Answer::of(res.verdict.deployable),
                reasons: res
                    .verdict
                    .reasons
                    .into_iter()
                    .filter(|r| r.level != crate::verdict::Level::Warning)
                    .take(3)
                    .collect(),
            });
        }
    }

    render(&ServicePage {
        nav: Nav::Services,
        network_href: network_href(Some(&p.name)),
        repository_link: p.repository_url.as_deref().and_then(safe_url),
        repository: p.repository_url.clone(),
        display_name: p.display_name.clone().filter(|d| *d != p.name),
        main_branch: p.main_branch.clone(),
        name: p.name,
        candidate,
        answers,
        current,
        current_versions,
        publishes,
        satisfies,
        interactions: lines,
        interactions_truncated,
        versions,
        pager,
    })
}
