//! Environments: the list (`/environments`) and the board of one
//! (`/environments/{name}`): one row per service with what is deployed (per
//! application instance) or released there, and whether the service's
//! latest main-branch version can be deployed there. The statuses of the
//! whole board come from one set-based computation
//! ([`crate::matrix::board`]), not a matrix query per row.

use super::format::{environment_href, matrix_href, service_href, When};
use super::status::Answer;
use super::{render, Html, Nav, WebError};
use crate::error::ApiError;
use crate::matrix::board::{each_into_environment, Candidate};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use sqlx::Row as _;
use std::collections::HashMap;

/// An environment in the list.
#[derive(Debug)]
pub struct EnvLine {
    pub name: String,
    pub href: String,
    pub display_name: Option<String>,
    pub production: bool,
    pub deployed: i64,
    pub released: i64,
}

#[derive(Template)]
#[template(path = "environments.html")]
struct ListPage {
    nav: Nav,
    environments: Vec<EnvLine>,
}

pub async fn list(State(state): State<AppState>) -> Result<Html, WebError> {
    let rows = sqlx::query(
        "SELECT e.name, e.display_name, e.production, \
         (SELECT COUNT(DISTINCT d.pacticipant_id) FROM deployed_versions d WHERE d.environment_id = e.id AND d.currently_deployed = 1) AS deployed, \
         (SELECT COUNT(DISTINCT r.pacticipant_id) FROM released_versions r WHERE r.environment_id = e.id AND r.currently_supported = 1) AS released \
         FROM environments e ORDER BY e.production DESC, e.name",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let environments = rows
        .iter()
        .map(|r| {
            let name: String = r.try_get(0)?;
            Ok(EnvLine {
                href: environment_href(&name),
                name,
                display_name: r.try_get(1)?,
                production: r.try_get::<i64, _>(2)? != 0,
                deployed: r.try_get(3)?,
                released: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    render(&ListPage {
        nav: Nav::Environments,
        environments,
    })
}

/// A version present in the environment.
#[derive(Debug)]
pub struct Present {
    pub number: String,
    pub href: String,
    /// The application instance, for deployments that name one.
    pub instance: Option<String>,
    pub when: When,
}

/// One service on the board.
#[derive(Debug)]
pub struct BoardRow {
    pub name: String,
    pub href: String,
    pub deployed: Vec<Present>,
    pub released: Vec<Present>,
    /// "main" or "latest": which version was checked.
    pub candidate_kind: &'static str,
    pub candidate: Option<String>,
    pub answer: Answer,
    /// The verdict's first reasons (the matrix page has all of them).
    pub reasons: Vec<String>,
    pub more_reasons: usize,
    pub matrix_href: Option<String>,
}

#[derive(Template)]
#[template(path = "environment.html")]
struct BoardPage {
    nav: Nav,
    name: String,
    display_name: Option<String>,
    production: bool,
    rows: Vec<BoardRow>,
    counts: Vec<(&'static str, usize)>,
}

pub async fn page(
    State(state): State<AppState>,
    Path(environment): Path<String>,
) -> Result<Html, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    let env = crate::store::find_environment(&mut conn, &environment)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no environment `{environment}`")))?;
    let now = chrono::Utc::now();
    // Every service, with its latest main-branch version (an index seek
    // each) or, without a main branch, its latest version.
    let services = sqlx::query(
        "SELECT p.id, p.name, p.main_branch, \
         (SELECT MAX(bv.version_id) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
          WHERE b.pacticipant_id = p.id AND b.name = p.main_branch) AS main_head, \
         (SELECT MAX(v.id) FROM versions v WHERE v.pacticipant_id = p.id) AS latest \
         FROM pacticipants p ORDER BY p.name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut chosen: Vec<(i64, String, &'static str, Option<i64>)> = Vec::new();
    for r in &services {
        let main: Option<String> = r.try_get(2)?;
        let (kind, id) = if main.is_some() {
            ("main", r.try_get::<Option<i64>, _>(3)?)
        } else {
            ("latest", r.try_get::<Option<i64>, _>(4)?)
        };
        chosen.push((r.try_get(0)?, r.try_get(1)?, kind, id));
    }
    let ids: Vec<i64> = chosen.iter().filter_map(|c| c.3).collect();
    let mut numbers: HashMap<i64, String> = HashMap::new();
    for r in super::queries::rows_for_ids(
        &mut conn,
        "SELECT id, number FROM versions WHERE id IN ({ids})",
        &[],
        &ids,
    )
    .await?
    {
        numbers.insert(r.try_get(0)?, r.try_get(1)?);
    }
    let candidates: Vec<Candidate> = chosen
        .iter()
        .map(|(pid, name, kind, vid)| Candidate {
            pacticipant_id: *pid,
            name: name.clone(),
            version: vid.and_then(|v| numbers.get(&v).map(|n| (v, n.clone()))),
            description: if *kind == "main" {
                format!("the latest version of {name} from its main branch")
            } else {
                format!("the latest version of {name}")
            },
        })
        .collect();
    let verdicts = each_into_environment(
        &mut conn,
        &env.name,
        &candidates,
        state.config.gate_api_strict,
    )
    .await?;
    // What is in the environment now.
    let mut deployed: HashMap<i64, Vec<Present>> = HashMap::new();
    for r in sqlx::query(
        "SELECT d.pacticipant_id, p.name, v.number, d.application_instance, d.created_at FROM deployed_versions d \
         JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id \
         WHERE d.environment_id = $1 AND d.currently_deployed = 1 ORDER BY d.application_instance, d.id",
    )
    .bind(env.id)
    .fetch_all(&mut *conn)
    .await?
    {
        let name: String = r.try_get(1)?;
        let number: String = r.try_get(2)?;
        let instance: String = r.try_get(3)?;
        deployed.entry(r.try_get(0)?).or_default().push(Present {
            href: matrix_href(&name, &number, Some(&env.name)),
            number,
            instance: Some(instance).filter(|i| !i.is_empty()),
            when: When::new(&r.try_get::<String, _>(4)?, now),
        });
    }
    let mut released: HashMap<i64, Vec<Present>> = HashMap::new();
    for r in sqlx::query(
        "SELECT rv.pacticipant_id, p.name, v.number, rv.created_at FROM released_versions rv \
         JOIN versions v ON v.id = rv.version_id JOIN pacticipants p ON p.id = rv.pacticipant_id \
         WHERE rv.environment_id = $1 AND rv.currently_supported = 1 ORDER BY rv.id",
    )
    .bind(env.id)
    .fetch_all(&mut *conn)
    .await?
    {
        let name: String = r.try_get(1)?;
        let number: String = r.try_get(2)?;
        released.entry(r.try_get(0)?).or_default().push(Present {
            href: matrix_href(&name, &number, Some(&env.name)),
            number,
            instance: None,
            when: When::new(&r.try_get::<String, _>(3)?, now),
        });
    }
    let rows: Vec<BoardRow> = candidates
        .iter()
        .zip(&chosen)
        .zip(verdicts)
        .map(|((c, (_, _, kind, _)), res)| {
            let candidate = c.version.as_ref().map(|v| v.1.clone());
            let all: Vec<String> = res
                .verdict
                .summary_reason()
                .lines()
                .map(str::to_string)
                .collect();
            BoardRow {
                more_reasons: all.len().saturating_sub(3),
                reasons: all.into_iter().take(3).collect(),
                href: service_href(&c.name),
                deployed: deployed.remove(&c.pacticipant_id).unwrap_or_default(),
                released: released.remove(&c.pacticipant_id).unwrap_or_default(),
                candidate_kind: kind,
                matrix_href: candidate
                    .as_ref()
                    .map(|n| matrix_href(&c.name, n, Some(&env.name))),
                candidate,
                answer: Answer::of(res.verdict.deployable),
                name: c.name.clone(),
            }
        })
        .collect();
    let counts = [Answer::Yes, Answer::No, Answer::Unknown]
        .iter()
        .map(|a| (a.word(), rows.iter().filter(|r| r.answer == *a).count()))
        .collect();
    render(&BoardPage {
        nav: Nav::Environments,
        name: env.name,
        display_name: env.display_name,
        production: env.production,
        rows,
        counts,
    })
}
