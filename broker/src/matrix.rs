//! The matrix behind can-i-deploy: which consumer versions' pacts were
//! verified by which provider versions, for a set of selectors and a target
//! (an environment, a tag, the main branch or "latest"), with a summary that
//! says in plain words why a deploy is or is not safe.
//!
//! The query is set-based: a fixed number of indexed statements per request,
//! whatever the number of integrations or rows (no per-row queries).

pub mod board;

use crate::error::ApiError;
use crate::nested_query::NestedQuery;
use crate::verdict::{Level, Reason, Verdict};
use sqlx::{AnyConnection, Row as _};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One pacticipant selector of a matrix query (`q[][…]` or `ignore[][…]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selector {
    pub pacticipant: String,
    pub version: Option<String>,
    pub branch: Option<String>,
    pub tag: Option<String>,
    pub latest: bool,
    pub main_branch: bool,
}

/// What the other pacticipants are compared against.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Environment(String),
    Tag(String),
    MainBranch,
    Latest,
    /// Only the specified selectors (several selectors, no target).
    Specified,
}

/// How rows are reduced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LatestBy {
    /// Keep every provider version per consumer version.
    Cvpv,
    /// Keep the newest provider version per consumer version and provider.
    Cvp,
}

/// A parsed matrix query.
#[derive(Debug, Clone)]
pub struct MatrixQuery {
    pub selectors: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub target: Target,
    pub latest_by: LatestBy,
}

fn parse_bool(field: &str, v: &str) -> Result<bool, ApiError> {
    match v {
        "true" | "1" => Ok(true),
        "false" | "0" | "" => Ok(false),
        other => Err(ApiError::invalid_field(
            field,
            format!("`{field}` must be true or false, not `{other}`"),
        )),
    }
}

fn parse_selector(list: &str, entry: &BTreeMap<String, String>) -> Result<Selector, ApiError> {
    let mut s = Selector::default();
    for (k, v) in entry {
        match k.as_str() {
            "pacticipant" => s.pacticipant = v.clone(),
            "version" => s.version = Some(v.clone()).filter(|v| !v.is_empty()),
            "branch" => s.branch = Some(v.clone()).filter(|v| !v.is_empty()),
            "tag" => s.tag = Some(v.clone()).filter(|v| !v.is_empty()),
            "latest" => s.latest = parse_bool(&format!("{list}[][latest]"), v)?,
            "mainBranch" => s.main_branch = parse_bool(&format!("{list}[][mainBranch]"), v)?,
            other => {
                return Err(ApiError::invalid_field(
                    list,
                    format!(
                        "unknown selector key `{list}[][{other}]`; expected pacticipant, version, branch, tag, latest or mainBranch"
                    ),
                ))
            }
        }
    }
    if s.pacticipant.trim().is_empty() {
        return Err(ApiError::invalid_field(
            list,
            format!("every `{list}[]` selector needs `{list}[][pacticipant]`"),
        ));
    }
    Ok(s)
}

impl MatrixQuery {
    /// Parse `/matrix` query parameters.
    pub fn from_matrix_query(q: &NestedQuery) -> Result<MatrixQuery, ApiError> {
        let selectors = q
            .list("q")
            .iter()
            .map(|e| parse_selector("q", e))
            .collect::<Result<Vec<_>, _>>()?;
        if selectors.is_empty() {
            return Err(ApiError::invalid_field(
                "q",
                "give at least one selector, as q[][pacticipant]=NAME&q[][version]=VERSION",
            ));
        }
        let ignore = q
            .list("ignore")
            .iter()
            .map(|e| parse_selector("ignore", e))
            .collect::<Result<Vec<_>, _>>()?;
        let latest_by = match q.get("latestby") {
            None | Some("") | Some("cvpv") => LatestBy::Cvpv,
            Some("cvp") | Some("cp") => LatestBy::Cvp,
            Some(other) => {
                return Err(ApiError::invalid_field(
                    "latestby",
                    format!("`latestby` must be cvpv, cvp or cp, not `{other}`"),
                ))
            }
        };
        let target = if let Some(env) = q.get("environment").filter(|e| !e.is_empty()) {
            Target::Environment(env.to_string())
        } else if let Some(tag) = q.get("tag").filter(|e| !e.is_empty()) {
            Target::Tag(tag.to_string())
        } else if parse_bool("mainBranch", q.get("mainBranch").unwrap_or(""))? {
            Target::MainBranch
        } else if parse_bool("latest", q.get("latest").unwrap_or(""))? || selectors.len() == 1 {
            Target::Latest
        } else {
            Target::Specified
        };
        Ok(MatrixQuery {
            selectors,
            ignore,
            target,
            latest_by,
        })
    }

    /// Parse `/can-i-deploy?pacticipant=&version=&environment=|to=&ignore[]=`.
    pub fn from_can_i_deploy_query(q: &NestedQuery) -> Result<MatrixQuery, ApiError> {
        let pacticipant = q.get("pacticipant").unwrap_or("").to_string();
        if pacticipant.is_empty() {
            return Err(ApiError::invalid_field(
                "pacticipant",
                "`pacticipant` is required",
            ));
        }
        let selector = Selector {
            pacticipant,
            version: q
                .get("version")
                .map(str::to_string)
                .filter(|v| !v.is_empty()),
            branch: q
                .get("branch")
                .map(str::to_string)
                .filter(|v| !v.is_empty()),
            latest: q.get("version").is_none(),
            ..Selector::default()
        };
        let target = if let Some(env) = q.get("environment").filter(|e| !e.is_empty()) {
            Target::Environment(env.to_string())
        } else if let Some(tag) = q.get("to").filter(|e| !e.is_empty()) {
            Target::Tag(tag.to_string())
        } else {
            return Err(ApiError::invalid_field(
                "environment",
                "give `environment` (or the legacy `to` tag)",
            ));
        };
        let ignore = q
            .list("ignore")
            .iter()
            .map(|e| parse_selector("ignore", e))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MatrixQuery {
            selectors: vec![selector],
            ignore,
            target,
            latest_by: LatestBy::Cvpv,
        })
    }
}

/// A version as shown in a row.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    pub id: i64,
    pub pacticipant: String,
    pub number: String,
    pub branches: Vec<String>,
    pub tags: Vec<String>,
}

/// One matrix row: a pact and, when known, the verification of it by a provider version.
#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub consumer: String,
    pub consumer_version: Option<i64>,
    pub provider: String,
    pub provider_version: Option<i64>,
    pub pact_sha: Option<String>,
    pub pact_created_at: Option<String>,
    pub verification: Option<Verification>,
    pub ignored: bool,
    /// Why the row has no provider version, for the reason text.
    pub missing: Option<String>,
    /// The pact content the row is about.
    pub pact_content_id: Option<i64>,
    /// `CDCT` (a replayed verification) or `BDCT` (a schema check against the
    /// provider version's OpenAPI document), when the row has a result.
    pub verification_type: Option<&'static str>,
    /// The schema check, for BDCT rows.
    pub schema_check: Option<crate::verdict::schema_check::SchemaCheck>,
}

#[derive(Debug, Clone)]
pub struct Verification {
    pub id: i64,
    pub success: bool,
    pub verified_at: String,
}

/// A specified selector as resolved: (pacticipant id, name, version id and number).
pub type SpecifiedVersion = (i64, String, Option<(i64, String)>);

/// The outcome of a matrix query.
#[derive(Debug, Clone)]
pub struct MatrixResult {
    /// The decision and its reasons (contract evidence only, at this layer).
    pub verdict: Verdict,
    pub success: usize,
    pub failed: usize,
    pub unknown: usize,
    pub ignored: Option<usize>,
    pub rows: Vec<MatrixRow>,
    pub versions: HashMap<i64, VersionInfo>,
    /// The specified selectors as resolved.
    pub specified: Vec<SpecifiedVersion>,
    /// The target environment's id, for environment queries.
    pub environment_id: Option<i64>,
}

struct Resolved {
    pacticipant_id: i64,
    name: String,
    version: Option<(i64, String)>,
    description: String,
}

/// `$start, $start+1, …` for `n` bound values.
pub fn placeholders(start: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", start + i))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn scalar_opt(
    conn: &mut AnyConnection,
    sql: &str,
    a: i64,
    b: &str,
) -> Result<Option<i64>, ApiError> {
    let v: Option<Option<i64>> = sqlx::query_scalar(sql)
        .bind(a)
        .bind(b.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(v.flatten())
}

async fn resolve(conn: &mut AnyConnection, s: &Selector) -> Result<Resolved, ApiError> {
    let p = crate::store::find_pacticipant(conn, &s.pacticipant)
        .await?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "q",
                format!("no pacticipant named `{}` in this broker", s.pacticipant),
            )
        })?;
    let name = p.name.clone();
    let (id, description) = if let Some(number) = &s.version {
        let v = crate::store::find_version(conn, p.id, number).await?;
        (v.map(|v| v.id), format!("{name} ({number})"))
    } else if let Some(branch) = &s.branch {
        let id = scalar_opt(
            conn,
            "SELECT MAX(bv.version_id) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE b.pacticipant_id = $1 AND b.name = $2",
            p.id,
            branch,
        )
        .await?;
        (
            id,
            format!("the latest version of {name} from branch {branch}"),
        )
    } else if let Some(tag) = &s.tag {
        let id = scalar_opt(
            conn,
            "SELECT MAX(version_id) FROM tags WHERE pacticipant_id = $1 AND name = $2",
            p.id,
            tag,
        )
        .await?;
        (id, format!("the latest version of {name} with tag {tag}"))
    } else if s.main_branch {
        let branch = p.main_branch.clone().unwrap_or_default();
        let id = scalar_opt(
            conn,
            "SELECT MAX(bv.version_id) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE b.pacticipant_id = $1 AND b.name = $2",
            p.id,
            &branch,
        )
        .await?;
        (
            id,
            format!("the latest version of {name} from its main branch"),
        )
    } else {
        let id = scalar_opt(
            conn,
            "SELECT MAX(id) FROM versions WHERE pacticipant_id = $1 AND number <> $2",
            p.id,
            "",
        )
        .await?;
        (id, format!("the latest version of {name}"))
    };
    let version = match id {
        Some(id) => {
            let v = crate::store::version_by_id(conn, id).await?;
            Some((id, v.number))
        }
        None => None,
    };
    let description = match (&s.version, &version) {
        (None, Some((_, n))) => format!("{description} ({n})"),
        _ => description,
    };
    Ok(Resolved {
        pacticipant_id: p.id,
        name,
        version,
        description,
    })
}

/// Versions of `pacticipants` in the target, as (pacticipant id, version id).
async fn target_versions(
    conn: &mut AnyConnection,
    target: &Target,
    environment_id: Option<i64>,
    pacticipants: &[i64],
) -> Result<Vec<(i64, i64)>, ApiError> {
    if pacticipants.is_empty() {
        return Ok(Vec::new());
    }
    let ids = |start| placeholders(start, pacticipants.len());
    let (sql, arg): (String, Option<String>) = match target {
        Target::Specified => return Ok(Vec::new()),
        Target::Environment(_) => (
            format!(
                "SELECT pacticipant_id, version_id FROM deployed_versions WHERE environment_id = $1 AND currently_deployed = 1 AND pacticipant_id IN ({}) \
                 UNION SELECT pacticipant_id, version_id FROM released_versions WHERE environment_id = $1 AND currently_supported = 1 AND pacticipant_id IN ({})",
                ids(2),
                ids(2)
            ),
            None,
        ),
        Target::Tag(tag) => (
            format!(
                "SELECT pacticipant_id, MAX(version_id) AS version_id FROM tags WHERE name = $1 AND pacticipant_id IN ({}) GROUP BY pacticipant_id",
                ids(2)
            ),
            Some(tag.clone()),
        ),
        Target::MainBranch => (
            format!(
                "SELECT b.pacticipant_id, MAX(bv.version_id) AS version_id FROM branches b \
                 JOIN pacticipants p ON p.id = b.pacticipant_id AND p.main_branch = b.name \
                 JOIN branch_versions bv ON bv.branch_id = b.id WHERE b.pacticipant_id IN ({}) GROUP BY b.pacticipant_id",
                ids(1)
            ),
            None,
        ),
        Target::Latest => (
            format!(
                "SELECT pacticipant_id, MAX(id) AS version_id FROM versions WHERE pacticipant_id IN ({}) GROUP BY pacticipant_id",
                ids(1)
            ),
            None,
        ),
    };
    let mut query = sqlx::query(&sql);
    if let Target::Environment(_) = target {
        query = query.bind(environment_id.unwrap_or(-1));
    }
    if let Some(arg) = arg {
        query = query.bind(arg);
    }
    for id in pacticipants {
        query = query.bind(*id);
    }
    let rows = query.fetch_all(conn).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(ApiError::from)
}

fn target_phrase(target: &Target, name: &str) -> String {
    match target {
        Target::Environment(env) => format!("a version of {name} currently in {env}"),
        Target::Tag(tag) => format!("the latest version of {name} with tag {tag}"),
        Target::MainBranch => format!("the latest version of {name} from its main branch"),
        Target::Latest => format!("the latest version of {name}"),
        Target::Specified => format!("a specified version of {name}"),
    }
}

fn missing_phrase(target: &Target) -> &'static str {
    match target {
        Target::Environment(_) => {
            "no version is currently recorded as deployed/released in this environment"
        }
        Target::Tag(_) => "no version has this tag",
        Target::MainBranch => "no version exists on its main branch",
        Target::Latest | Target::Specified => "no version exists",
    }
}

/// Run a matrix query (contract evidence only).
pub async fn query(conn: &mut AnyConnection, q: &MatrixQuery) -> Result<MatrixResult, ApiError> {
    let environment_id = match &q.target {
        Target::Environment(env) => Some(
            crate::store::find_environment(conn, env)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid_field(
                        "environment",
                        format!("no environment named `{env}`; create it first (shipgate environment create --name {env})"),
                    )
                })?
                .id,
        ),
        _ => None,
    };
    let mut specified = Vec::new();
    for s in &q.selectors {
        specified.push(resolve(conn, s).await?);
    }
    let mut reasons: Vec<Reason> = Vec::new();
    let mut deployable_false = false;
    for r in &specified {
        if r.version.is_none() {
            deployable_false = true;
            reasons.push(no_version_reason(&r.description));
        }
    }
    let spec_versions: Vec<(i64, i64)> = specified
        .iter()
        .filter_map(|r| r.version.as_ref().map(|(v, _)| (r.pacticipant_id, *v)))
        .collect();
    let spec_pacticipants: BTreeSet<i64> = specified.iter().map(|r| r.pacticipant_id).collect();
    let names: HashMap<i64, String> = specified
        .iter()
        .map(|r| (r.pacticipant_id, r.name.clone()))
        .collect();

    // 1. Integrations where a specified version is the consumer: its pacts.
    let mut consumer_pacts: Vec<(i64, i64, i64, i64, String, String)> = Vec::new(); // (consumer id, cv, provider id, content id, sha, created)
    if !spec_versions.is_empty() {
        let sql = format!(
            "SELECT pp.consumer_id, pp.consumer_version_id, pp.provider_id, pp.pact_content_id, pc.sha, pp.created_at \
             FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
             WHERE pp.consumer_version_id IN ({})",
            placeholders(1, spec_versions.len())
        );
        let mut query = sqlx::query(&sql);
        for (_, v) in &spec_versions {
            query = query.bind(*v);
        }
        for r in query.fetch_all(&mut *conn).await? {
            consumer_pacts.push((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            ));
        }
    }
    // 2. Integrations where a specified pacticipant is the provider: its consumers.
    let mut provider_consumers: Vec<(i64, i64)> = Vec::new(); // (provider id, consumer id)
    if !spec_pacticipants.is_empty() {
        let sql = format!(
            "SELECT provider_id, consumer_id FROM integrations WHERE provider_id IN ({})",
            placeholders(1, spec_pacticipants.len())
        );
        let mut query = sqlx::query(&sql);
        for id in &spec_pacticipants {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *conn).await? {
            provider_consumers.push((r.try_get(0)?, r.try_get(1)?));
        }
    }
    // 3. Target versions of every partner that is not itself specified.
    let partners: BTreeSet<i64> = consumer_pacts
        .iter()
        .map(|c| c.2)
        .chain(provider_consumers.iter().map(|c| c.1))
        .filter(|id| !spec_pacticipants.contains(id))
        .collect();
    let partner_list: Vec<i64> = partners.iter().copied().collect();
    let mut targets: HashMap<i64, Vec<i64>> = HashMap::new();
    for (p, v) in target_versions(conn, &q.target, environment_id, &partner_list).await? {
        targets.entry(p).or_default().push(v);
    }
    for (p, v) in &spec_versions {
        targets.entry(*p).or_default().push(*v);
    }
    for list in targets.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    // Partner names.
    let mut all_names = names.clone();
    if !partner_list.is_empty() {
        let sql = format!(
            "SELECT id, name FROM pacticipants WHERE id IN ({})",
            placeholders(1, partner_list.len())
        );
        let mut query = sqlx::query(&sql);
        for id in &partner_list {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *conn).await? {
            all_names.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    let name_of = |id: i64| all_names.get(&id).cloned().unwrap_or_default();

    // 4. Provider-side pacts: target consumer versions' pacts with a specified provider.
    let mut provider_pacts: Vec<(i64, i64, i64, i64, String, String)> = Vec::new();
    let consumer_target_versions: Vec<i64> = provider_consumers
        .iter()
        .filter(|(_, c)| !spec_pacticipants.contains(c))
        .flat_map(|(_, c)| targets.get(c).cloned().unwrap_or_default())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let spec_provider_ids: Vec<i64> = provider_consumers
        .iter()
        .map(|(p, _)| *p)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !consumer_target_versions.is_empty() && !spec_provider_ids.is_empty() {
        let sql = format!(
            "SELECT pp.consumer_id, pp.consumer_version_id, pp.provider_id, pp.pact_content_id, pc.sha, pp.created_at \
             FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
             WHERE pp.consumer_version_id IN ({}) AND pp.provider_id IN ({})",
            placeholders(1, consumer_target_versions.len()),
            placeholders(1 + consumer_target_versions.len(), spec_provider_ids.len())
        );
        let mut query = sqlx::query(&sql);
        for v in &consumer_target_versions {
            query = query.bind(*v);
        }
        for p in &spec_provider_ids {
            query = query.bind(*p);
        }
        for r in query.fetch_all(&mut *conn).await? {
            provider_pacts.push((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            ));
        }
    }

    // 5. Verifications of all those pacts by the relevant provider versions, in one query.
    let content_ids: BTreeSet<i64> = consumer_pacts
        .iter()
        .chain(provider_pacts.iter())
        .map(|p| p.3)
        .collect();
    let provider_versions: BTreeSet<i64> = consumer_pacts
        .iter()
        .chain(provider_pacts.iter())
        .flat_map(|p| targets.get(&p.2).cloned().unwrap_or_default())
        .collect();
    let mut verifications: HashMap<(i64, i64), Verification> = HashMap::new();
    if !content_ids.is_empty() && !provider_versions.is_empty() {
        let sql = format!(
            "SELECT v.pact_content_id, v.provider_version_id, v.id, v.success, v.created_at FROM verifications v \
             WHERE v.pact_content_id IN ({}) AND v.provider_version_id IN ({}) \
             AND v.id = (SELECT MAX(v2.id) FROM verifications v2 WHERE v2.pact_content_id = v.pact_content_id AND v2.provider_version_id = v.provider_version_id)",
            placeholders(1, content_ids.len()),
            placeholders(1 + content_ids.len(), provider_versions.len())
        );
        let mut query = sqlx::query(&sql);
        for c in &content_ids {
            query = query.bind(*c);
        }
        for v in &provider_versions {
            query = query.bind(*v);
        }
        for r in query.fetch_all(&mut *conn).await? {
            verifications.insert(
                (r.try_get(0)?, r.try_get(1)?),
                Verification {
                    id: r.try_get(2)?,
                    success: r.try_get::<i64, _>(3)? != 0,
                    verified_at: r.try_get(4)?,
                },
            );
        }
    }

    // 5b. Schema checks (BDCT) where a provider version has no replayed
    // verification of a pact but has a provider contract: cached, else computed.
    let pairs: BTreeSet<(i64, i64)> = consumer_pacts
        .iter()
        .chain(provider_pacts.iter())
        .flat_map(|p| {
            targets
                .get(&p.2)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |pv| (p.3, pv))
        })
        .collect();
    let evidence = SchemaEvidence::load(conn, &pairs, verifications).await?;

    // 6. Rows.
    let mut rows: Vec<MatrixRow> = Vec::new();
    let mut seen: BTreeSet<(i64, i64, Option<i64>)> = BTreeSet::new();
    for (consumer_id, cv, provider_id, content_id, sha, created) in
        consumer_pacts.iter().chain(provider_pacts.iter())
    {
        let pvs: Vec<i64> = targets.get(provider_id).cloned().unwrap_or_default();
        let mut candidate: Vec<MatrixRow> = Vec::new();
        if pvs.is_empty() {
            candidate.push(MatrixRow {
                consumer: name_of(*consumer_id),
                consumer_version: Some(*cv),
                provider: name_of(*provider_id),
                provider_version: None,
                pact_sha: Some(sha.clone()),
                pact_created_at: Some(created.clone()),
                verification: None,
                ignored: false,
                pact_content_id: Some(*content_id),
                verification_type: None,
                schema_check: None,
                missing: Some(format!(
                    "{} ({})",
                    target_phrase(&q.target, &name_of(*provider_id)),
                    missing_phrase(&q.target)
                )),
            });
        }
        for pv in &pvs {
            candidate.push(evidence.row(
                name_of(*consumer_id),
                *cv,
                name_of(*provider_id),
                *pv,
                (*content_id, sha, created),
            ));
        }
        if q.latest_by == LatestBy::Cvp && candidate.len() > 1 {
            // Newest provider version with a verification, else the newest.
            candidate.sort_by_key(|r| (r.verification.is_some(), r.provider_version));
            let last = candidate.pop();
            candidate = last.into_iter().collect();
        }
        for row in candidate {
            if seen.insert((*cv, *provider_id, row.provider_version)) {
                rows.push(row);
            }
        }
    }

    // 7. Version details for every version in the rows, in two queries.
    let version_ids: BTreeSet<i64> = rows
        .iter()
        .flat_map(|r| [r.consumer_version, r.provider_version])
        .flatten()
        .collect();
    let versions = version_details(conn, &version_ids.into_iter().collect::<Vec<_>>()).await?;

    // 8. Ignore selectors.
    for row in &mut rows {
        row.ignored = q.ignore.iter().any(|ig| {
            let matches = |name: &str, version: Option<i64>| {
                ig.pacticipant == name
                    && ig.version.as_ref().is_none_or(|n| {
                        version
                            .and_then(|v| versions.get(&v))
                            .is_some_and(|v| &v.number == n)
                    })
            };
            let consumer_is_spec = specified.iter().any(|s| s.name == row.consumer);
            if consumer_is_spec {
                matches(&row.provider, row.provider_version)
            } else {
                matches(&row.consumer, row.consumer_version)
            }
        });
    }

    // 9. Summary.
    let specified = specified
        .iter()
        .map(|r| (r.pacticipant_id, r.name.clone(), r.version.clone()))
        .collect();
    Ok(summarise(
        q,
        rows,
        versions,
        reasons,
        deployable_false,
        specified,
        environment_id,
    ))
}

/// The evidence for each (pact content, provider version) pair: the latest
/// replayed verification, else a schema check (BDCT) against the provider
/// version's contract. Shared by [`query`] and [`board`], so a row reads the
/// same wherever it is built.
pub(crate) struct SchemaEvidence {
    verifications: HashMap<(i64, i64), Verification>,
    checks: HashMap<(i64, i64), crate::verdict::schema_check::SchemaCheck>,
    contracts: HashMap<i64, (Option<bool>, String)>,
}

impl SchemaEvidence {
    /// Schema checks where a provider version has no replayed verification
    /// of a pact but has a provider contract: cached, else computed (and
    /// cached, best effort).
    pub(crate) async fn load(
        conn: &mut AnyConnection,
        pairs: &BTreeSet<(i64, i64)>,
        verifications: HashMap<(i64, i64), Verification>,
    ) -> Result<Self, ApiError> {
        let mut checks = HashMap::new();
        let mut contracts = HashMap::new();
        if !pairs.is_empty() {
            let pvs: Vec<i64> = pairs
                .iter()
                .map(|p| p.1)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            contracts = crate::gate::contracts::present(conn, &pvs).await?;
            let wanted: BTreeSet<(i64, i64)> = pairs
                .iter()
                .copied()
                .filter(|(c, pv)| {
                    contracts.contains_key(pv) && !verifications.contains_key(&(*c, *pv))
                })
                .collect();
            if !wanted.is_empty() {
                let cs: Vec<i64> = wanted
                    .iter()
                    .map(|w| w.0)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let vs: Vec<i64> = wanted
                    .iter()
                    .map(|w| w.1)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                checks = crate::gate::contracts::cached_checks(conn, &cs, &vs).await?;
                checks.retain(|k, _| wanted.contains(k));
                let mut missing: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
                for (c, pv) in &wanted {
                    if !checks.contains_key(&(*c, *pv)) {
                        missing.entry(*pv).or_default().push(*c);
                    }
                }
                for (pv, cs) in missing {
                    for (c, check) in crate::gate::contracts::compute_checks(conn, pv, &cs).await? {
                        // Best effort: a read request caches what it computed.
                        let _ = crate::gate::contracts::store_check(conn, c, pv, &check).await;
                        checks.insert((c, pv), check);
                    }
                }
            }
        }
        Ok(SchemaEvidence {
            verifications,
            checks,
            contracts,
        })
    }

    /// The row for a pact `(content id, sha, published at)` of consumer
    /// version `cv` against provider version `pv`.
    pub(crate) fn row(
        &self,
        consumer: String,
        cv: i64,
        provider: String,
        pv: i64,
        (content_id, sha, created): (i64, &str, &str),
    ) -> MatrixRow {
        let replayed = self.verifications.get(&(content_id, pv)).cloned();
        let check = if replayed.is_none() {
            self.checks.get(&(content_id, pv)).cloned()
        } else {
            None
        };
        let verification = replayed.clone().or_else(|| {
            let c = check.as_ref()?;
            let success = c.success?;
            Some(Verification {
                id: 0,
                success,
                verified_at: self
                    .contracts
                    .get(&pv)
                    .map(|c| c.1.clone())
                    .unwrap_or_default(),
            })
        });
        MatrixRow {
            consumer,
            consumer_version: Some(cv),
            provider,
            provider_version: Some(pv),
            pact_sha: Some(sha.to_string()),
            pact_created_at: Some(created.to_string()),
            verification,
            ignored: false,
            missing: None,
            pact_content_id: Some(content_id),
            verification_type: if replayed.is_some() {
                Some("CDCT")
            } else if check.is_some() {
                Some("BDCT")
            } else {
                None
            },
            schema_check: check,
        }
    }
}

/// The reason given when a selector names no existing version.
pub(crate) fn no_version_reason(description: &str) -> Reason {
    Reason::contract(
        Level::Error,
        format!(
            "No version found for {description}: nothing has been published or recorded for it"
        ),
    )
}

/// Count the rows and turn them into the verdict and its reasons (the
/// sentences every renderer shows). `reasons` holds those found earlier
/// (selectors without a version); `deployable_false` is set when one of
/// them already decides the answer. `specified` and `environment_id` are
/// carried into the result for the gate's evidence.
pub(crate) fn summarise(
    q: &MatrixQuery,
    rows: Vec<MatrixRow>,
    versions: HashMap<i64, VersionInfo>,
    mut reasons: Vec<Reason>,
    deployable_false: bool,
    specified: Vec<SpecifiedVersion>,
    environment_id: Option<i64>,
) -> MatrixResult {
    let describe = |name: &str, v: Option<i64>| match v.and_then(|v| versions.get(&v)) {
        Some(v) => format!("{name} ({})", v.number),
        None => name.to_string(),
    };
    let (mut success, mut failed, mut unknown, mut ignored) = (0, 0, 0, 0);
    let mut schema_checked: Vec<Reason> = Vec::new();
    for row in &rows {
        let consumer = describe(&row.consumer, row.consumer_version);
        let provider = match &row.missing {
            Some(m) => m.clone(),
            None => describe(&row.provider, row.provider_version),
        };
        let schema_problems = row
            .schema_check
            .as_ref()
            .map(|c| c.findings.join("; "))
            .unwrap_or_default();
        let (kind, text) = match (&row.verification, row.verification_type) {
            (Some(v), bdct) if v.success => {
                if !row.ignored {
                    success += 1;
                }
                if bdct == Some("BDCT") {
                    schema_checked.push(Reason::contract(
                        Level::Info,
                        format!("The pact between {consumer} and {provider} was schema-checked (BDCT): it matches {}'s OpenAPI document, which {} self-verified", row.provider, row.provider),
                    ));
                }
                continue;
            }
            (Some(_), Some("BDCT")) => (
                Level::Error,
                format!("The schema check (BDCT) of the pact between {consumer} and {provider} against {}'s OpenAPI document failed: {schema_problems}", row.provider),
            ),
            (Some(_), _) => (
                Level::Error,
                format!("The verification for the pact between {consumer} and {provider} failed"),
            ),
            (None, _) if row.schema_check.is_some() => (
                Level::Error,
                format!("The pact between {consumer} and {provider} was schema-checked against {}'s OpenAPI document and matches it, but {} published no self-verification result for it", row.provider, row.provider),
            ),
            (None, _) => (
                Level::Error,
                format!("There is no verified pact between {consumer} and {provider}"),
            ),
        };
        if row.ignored {
            ignored += 1;
            reasons.push(Reason::contract(Level::Info, format!("Ignoring: {text}")));
            continue;
        }
        if row.verification.is_some() {
            failed += 1;
        } else {
            unknown += 1;
        }
        reasons.push(Reason::contract(kind, text));
    }
    for ig in &q.ignore {
        if !rows
            .iter()
            .any(|r| r.provider == ig.pacticipant || r.consumer == ig.pacticipant)
        {
            reasons.push(Reason::contract(
                Level::Warning,
                format!(
                    "WARN: Cannot ignore {}: it is not an integration partner in this query",
                    ig.pacticipant
                ),
            ));
        }
    }
    let deployable = if deployable_false || failed > 0 {
        Some(false)
    } else if unknown > 0 {
        None
    } else {
        let text = if success == 0 {
            "There are no missing dependencies"
        } else {
            "All required verification results are published and successful"
        };
        reasons.insert(0, Reason::contract(Level::Success, text));
        Some(true)
    };
    reasons.append(&mut schema_checked);
    if q.target == Target::Latest && q.selectors.len() == 1 {
        reasons.push(Reason::contract(
            Level::Warning,
            "WARN: It is recommended to specify the environment into which you are deploying (--to-environment); without it the latest version of every other application was used",
        ));
    }
    if q.selectors.iter().any(|s| s.version.is_none()) {
        reasons.push(Reason::contract(
            Level::Warning,
            "WARN: It is recommended to specify the version number (rather than the tag or branch) to avoid race conditions",
        ));
    }
    MatrixResult {
        verdict: Verdict {
            deployable,
            reasons,
        },
        success,
        failed,
        unknown,
        ignored: (!q.ignore.is_empty()).then_some(ignored),
        rows,
        versions,
        specified,
        environment_id,
    }
}

/// Number, pacticipant, branches and tags for a set of versions.
pub async fn version_details(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, VersionInfo>, ApiError> {
    let mut out: HashMap<i64, VersionInfo> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let ph = placeholders(1, ids.len());
    let sql = format!(
        "SELECT v.id, v.number, p.name FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id IN ({ph})"
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    for r in query.fetch_all(&mut *conn).await? {
        let id: i64 = r.try_get(0)?;
        out.insert(
            id,
            VersionInfo {
                id,
                number: r.try_get(1)?,
                pacticipant: r.try_get(2)?,
                branches: Vec::new(),
                tags: Vec::new(),
            },
        );
    }
    let sql = format!(
        "SELECT bv.version_id, b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id IN ({ph}) ORDER BY bv.created_at"
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    for r in query.fetch_all(&mut *conn).await? {
        if let Some(v) = out.get_mut(&r.try_get::<i64, _>(0)?) {
            v.branches.push(r.try_get(1)?);
        }
    }
    let sql =
        format!("SELECT version_id, name FROM tags WHERE version_id IN ({ph}) ORDER BY created_at");
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    for r in query.fetch_all(&mut *conn).await? {
        if let Some(v) = out.get_mut(&r.try_get::<i64, _>(0)?) {
            v.tags.push(r.try_get(1)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_queries_parse() {
        let q = MatrixQuery::from_matrix_query(&NestedQuery::parse(
            "q[][pacticipant]=C&q[][version]=1.0.0&latestby=cvpv&environment=production",
        ))
        .unwrap();
        assert_eq!(q.target, Target::Environment("production".into()));
        assert_eq!(q.selectors[0].version.as_deref(), Some("1.0.0"));
        let q = MatrixQuery::from_matrix_query(&NestedQuery::parse(
            "q[][pacticipant]=C&q[][version]=1.0.0&latestby=cvp&latest=true",
        ))
        .unwrap();
        assert_eq!((q.target, q.latest_by), (Target::Latest, LatestBy::Cvp));
    }

    #[test]
    fn bad_selectors_are_400() {
        for bad in [
            "",
            "q[][version]=1",
            "q[][pacticipant]=C&q[][colour]=red",
            "q[][pacticipant]=C&latestby=sideways",
            "q[][pacticipant]=C&q[][latest]=maybe",
        ] {
            let err = MatrixQuery::from_matrix_query(&NestedQuery::parse(bad)).unwrap_err();
            assert_eq!(err.status(), axum::http::StatusCode::BAD_REQUEST, "{bad}");
        }
    }
}
