//! `POST /pacts/provider/{p}/for-verification`: which pacts a provider build
//! must verify, from consumer version selectors, with pending and WIP pacts.
//!
//! Each selector resolves to a set of consumer versions with a pact for the
//! provider in one query; results are grouped by pact content, so a content
//! shared by many consumer versions is verified once.

use crate::error::ApiError;
use crate::store::Pacticipant;
use serde::Deserialize;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// One consumer version selector.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsumerVersionSelector {
    pub main_branch: Option<bool>,
    pub branch: Option<String>,
    pub matching_branch: Option<bool>,
    pub fallback_branch: Option<String>,
    pub deployed: Option<bool>,
    pub released: Option<bool>,
    pub deployed_or_released: Option<bool>,
    pub environment: Option<String>,
    pub latest: Option<bool>,
    pub tag: Option<String>,
    pub fallback_tag: Option<String>,
    pub consumer: Option<String>,
}

/// The request body.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForVerificationRequest {
    #[serde(default)]
    pub consumer_version_selectors: Vec<ConsumerVersionSelector>,
    pub provider_version_branch: Option<String>,
    #[serde(default)]
    pub provider_version_tags: Vec<String>,
    #[serde(default)]
    pub include_pending_status: bool,
    pub include_wip_pacts_since: Option<String>,
}

/// One pact to verify.
#[derive(Debug, Clone)]
pub struct VerifiablePact {
    pub consumer: String,
    pub sha: String,
    pub consumer_versions: Vec<String>,
    pub descriptions: Vec<String>,
    pub pending: bool,
    pub wip: bool,
    pub created_at: String,
}

struct Hit {
    consumer: String,
    sha: String,
    content_id: i64,
    version: String,
    created_at: String,
}

const HIT_COLUMNS: &str =
    "c.name AS consumer, pc.sha, pc.id AS content_id, v.number, pp.created_at, pp.consumer_id";

fn hits(rows: &[sqlx::any::AnyRow]) -> Result<Vec<Hit>, sqlx::Error> {
    rows.iter()
        .map(|r| {
            Ok(Hit {
                consumer: r.try_get("consumer")?,
                sha: r.try_get("sha")?,
                content_id: r.try_get("content_id")?,
                version: r.try_get("number")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Pacts with `provider`, from consumer versions matching `where_sql` (which
/// may use `$2` and `$3`), optionally only the newest per consumer.
async fn select(
    conn: &mut AnyConnection,
    provider_id: i64,
    joins: &str,
    where_sql: &str,
    args: &[String],
    latest_per_consumer: bool,
    consumer: Option<&str>,
) -> Result<Vec<Hit>, ApiError> {
    let consumer_filter = if consumer.is_some() {
        format!(" AND c.name = ${}", 2 + args.len())
    } else {
        String::new()
    };
    let inner = format!(
        "SELECT pp.consumer_version_id FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id {joins} \
         WHERE pp.provider_id = $1 AND ({where_sql}){consumer_filter}"
    );
    let sql = if latest_per_consumer {
        format!(
            "SELECT {HIT_COLUMNS} FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id \
             JOIN pact_contents pc ON pc.id = pp.pact_content_id JOIN versions v ON v.id = pp.consumer_version_id \
             WHERE pp.provider_id = $1 AND pp.consumer_version_id IN (\
               SELECT MAX(pp.consumer_version_id) FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id {joins} \
               WHERE pp.provider_id = $1 AND ({where_sql}){consumer_filter} GROUP BY pp.consumer_id)"
        )
    } else {
        format!(
            "SELECT {HIT_COLUMNS} FROM pact_publications pp JOIN pacticipants c ON c.id = pp.consumer_id \
             JOIN pact_contents pc ON pc.id = pp.pact_content_id JOIN versions v ON v.id = pp.consumer_version_id \
             WHERE pp.provider_id = $1 AND pp.consumer_version_id IN ({inner})"
        )
    };
    let mut q = sqlx::query(&sql).bind(provider_id);
    for a in args {
        q = q.bind(a.clone());
    }
    if let Some(c) = consumer {
        q = q.bind(c.to_string());
    }
    let rows = q.fetch_all(conn).await?;
    Ok(hits(&rows)?)
}

const BRANCH_JOIN: &str = "JOIN branch_versions bv ON bv.version_id = pp.consumer_version_id JOIN branches b ON b.id = bv.branch_id";
const TAG_JOIN: &str = "JOIN tags t ON t.version_id = pp.consumer_version_id";

fn deployment_sql(deployed: bool, released: bool, env: bool) -> String {
    let env_d = if env {
        " AND CAST(d.environment_id AS TEXT) = $2"
    } else {
        ""
    };
    let env_r = if env {
        " AND CAST(r.environment_id AS TEXT) = $2"
    } else {
        ""
    };
    let mut parts = Vec::new();
    if deployed {
        parts.push(format!(
            "pp.consumer_version_id IN (SELECT d.version_id FROM deployed_versions d WHERE d.currently_deployed = 1{env_d})"
        ));
    }
    if released {
        parts.push(format!(
            "pp.consumer_version_id IN (SELECT r.version_id FROM released_versions r WHERE r.currently_supported = 1{env_r})"
        ));
    }
    parts.join(" OR ")
}

async fn resolve_selector(
    conn: &mut AnyConnection,
    provider: &Pacticipant,
    s: &ConsumerVersionSelector,
    provider_branch: Option<&str>,
) -> Result<(Vec<Hit>, String), ApiError> {
    let consumer = s.consumer.as_deref();
    let of = consumer.map(|c| format!(" of {c}")).unwrap_or_default();
    let latest = s.latest.unwrap_or(true);
    if s.main_branch == Some(true) {
        let h = select(
            conn,
            provider.id,
            BRANCH_JOIN,
            "b.name = c.main_branch",
            &[],
            latest,
            consumer,
        )
        .await?;
        return Ok((h, format!("latest from main branch{of}")));
    }
    let branch = if s.matching_branch == Some(true) {
        match provider_branch {
            Some(b) => Some(b.to_string()),
            None => return Ok((Vec::new(), "matching branch".into())),
        }
    } else {
        s.branch.clone()
    };
    if let Some(branch) = branch {
        let mut h = select(
            conn,
            provider.id,
            BRANCH_JOIN,
            "b.name = $2",
            std::slice::from_ref(&branch),
            latest,
            consumer,
        )
        .await?;
        if h.is_empty() {
            if let Some(fallback) = &s.fallback_branch {
                h = select(
                    conn,
                    provider.id,
                    BRANCH_JOIN,
                    "b.name = $2",
                    std::slice::from_ref(fallback),
                    latest,
                    consumer,
                )
                .await?;
                return Ok((h, format!("latest from fallback branch {fallback}{of}")));
            }
        }
        let what = if latest { "latest from" } else { "all from" };
        return Ok((h, format!("{what} branch {branch}{of}")));
    }
    let deployed = s.deployed == Some(true) || s.deployed_or_released == Some(true);
    let released = s.released == Some(true) || s.deployed_or_released == Some(true);
    let (deployed, released) = if !deployed && !released && s.environment.is_some() {
        (true, true)
    } else {
        (deployed, released)
    };
    if deployed || released {
        let mut args = Vec::new();
        let env_text = if let Some(env) = &s.environment {
            let e = crate::store::find_environment(conn, env)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid_field(
                        "consumerVersionSelectors",
                        format!("selector names environment `{env}`, which does not exist"),
                    )
                })?;
            args.push(e.id.to_string());
            format!(" to {env}")
        } else {
            String::new()
        };
        // Environment ids are bound as text; compare as text for portability.
        let sql = deployment_sql(deployed, released, s.environment.is_some());
        let h = select(conn, provider.id, "", &sql, &args, false, consumer).await?;
        let verb = match (deployed, released) {
            (true, true) => "deployed or released",
            (true, false) => "currently deployed",
            _ => "currently released",
        };
        return Ok((h, format!("{verb}{env_text}{of}")));
    }
    if let Some(tag) = &s.tag {
        let latest = s.latest.unwrap_or(false);
        let mut h = select(
            conn,
            provider.id,
            TAG_JOIN,
            "t.name = $2",
            std::slice::from_ref(tag),
            latest,
            consumer,
        )
        .await?;
        if h.is_empty() {
            if let Some(fallback) = &s.fallback_tag {
                h = select(
                    conn,
                    provider.id,
                    TAG_JOIN,
                    "t.name = $2",
                    std::slice::from_ref(fallback),
                    latest,
                    consumer,
                )
                .await?;
                return Ok((h, format!("latest with fallback tag {fallback}{of}")));
            }
        }
        let what = if latest {
            "latest with tag"
        } else {
            "all with tag"
        };
        return Ok((h, format!("{what} {tag}{of}")));
    }
    if s.latest == Some(true) || consumer.is_some() {
        let h = select(conn, provider.id, "", "1 = 1", &[], true, consumer).await?;
        return Ok((h, format!("latest{of}")));
    }
    Err(ApiError::invalid_field(
        "consumerVersionSelectors",
        format!("selector {} selects nothing: give mainBranch, branch, matchingBranch, deployed, released, deployedOrReleased, environment, latest, tag or consumer", serde_json::to_string(&SelectorDebug(s)).unwrap_or_default()),
    ))
}

struct SelectorDebug<'a>(&'a ConsumerVersionSelector);

impl serde::Serialize for SelectorDebug<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:?}", self.0))
    }
}

/// Has this content been verified successfully by the provider branch (or tags)?
async fn verified_by_branch(
    conn: &mut AnyConnection,
    provider_id: i64,
    content_id: i64,
    branch: Option<&str>,
    tags: &[String],
) -> Result<bool, ApiError> {
    let found: Option<i64> = if let Some(branch) = branch {
        sqlx::query_scalar(
            "SELECT v.id FROM verifications v JOIN branch_versions bv ON bv.version_id = v.provider_version_id \
             JOIN branches b ON b.id = bv.branch_id WHERE v.pact_content_id = $1 AND v.success = 1 AND b.pacticipant_id = $2 AND b.name = $3 LIMIT 1",
        )
        .bind(content_id)
        .bind(provider_id)
        .bind(branch.to_string())
        .fetch_optional(&mut *conn)
        .await?
    } else if !tags.is_empty() {
        let mut found = None;
        for tag in tags {
            found = sqlx::query_scalar(
                "SELECT v.id FROM verifications v JOIN tags t ON t.version_id = v.provider_version_id \
                 WHERE v.pact_content_id = $1 AND v.success = 1 AND t.pacticipant_id = $2 AND t.name = $3 LIMIT 1",
            )
            .bind(content_id)
            .bind(provider_id)
            .bind(tag.clone())
            .fetch_optional(&mut *conn)
            .await?;
            if found.is_some() {
                break;
            }
        }
        found
    } else {
        sqlx::query_scalar(
            "SELECT id FROM verifications WHERE pact_content_id = $1 AND success = 1 LIMIT 1",
        )
        .bind(content_id)
        .fetch_optional(&mut *conn)
        .await?
    };
    Ok(found.is_some())
}

/// Resolve the request into the pacts to verify.
pub async fn pacts_for_verification(
    conn: &mut AnyConnection,
    provider: &Pacticipant,
    req: &ForVerificationRequest,
) -> Result<Vec<VerifiablePact>, ApiError> {
    let selectors = if req.consumer_version_selectors.is_empty() {
        vec![ConsumerVersionSelector {
            latest: Some(true),
            ..Default::default()
        }]
    } else {
        req.consumer_version_selectors.clone()
    };
    let branch = req.provider_version_branch.as_deref();
    let mut by_sha: BTreeMap<String, (VerifiablePact, i64)> = BTreeMap::new();
    for s in &selectors {
        let (hits, description) = resolve_selector(conn, provider, s, branch).await?;
        for h in hits {
            let entry = by_sha.entry(h.sha.clone()).or_insert_with(|| {
                (
                    VerifiablePact {
                        consumer: h.consumer.clone(),
                        sha: h.sha.clone(),
                        consumer_versions: Vec::new(),
                        descriptions: Vec::new(),
                        pending: false,
                        wip: false,
                        created_at: h.created_at.clone(),
                    },
                    h.content_id,
                )
            });
            if !entry.0.consumer_versions.contains(&h.version) {
                entry.0.consumer_versions.push(h.version.clone());
            }
            if !entry.0.descriptions.contains(&description) {
                entry.0.descriptions.push(description.clone());
            }
        }
    }
    let mut out = Vec::new();
    for (_, (mut pact, content_id)) in by_sha.iter().map(|(k, v)| (k.clone(), v.clone())) {
        if req.include_pending_status {
            pact.pending = !verified_by_branch(
                conn,
                provider.id,
                content_id,
                branch,
                &req.provider_version_tags,
            )
            .await?;
        }
        out.push(pact);
    }
    // WIP pacts: heads of consumer branches published since the date, not yet
    // verified by this provider branch, and not already selected.
    if let (Some(since), Some(branch)) = (&req.include_wip_pacts_since, branch) {
        let since = parse_since(since)?;
        let branch_exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM branches WHERE pacticipant_id = $1 AND name = $2")
                .bind(provider.id)
                .bind(branch.to_string())
                .fetch_optional(&mut *conn)
                .await?;
        if branch_exists.is_some() {
            // The head of each branch of each consumer of this provider: the
            // newest version on the branch with a pact for the provider,
            // found by walking the branch's versions newest first (the
            // `branch_versions` primary key) until one has a publication.
            // One short index walk per consumer branch, where a correlated
            // MAX over every publication of the branch made this quadratic
            // in the branch's length (about 200 ms at 200,000 versions).
            let rows = sqlx::query(&format!(
                "SELECT {HIT_COLUMNS}, b.name AS branch FROM integrations i \
                 JOIN branches b ON b.pacticipant_id = i.consumer_id \
                 JOIN pact_publications pp ON pp.provider_id = $1 AND pp.consumer_version_id = (\
                   SELECT bv.version_id FROM branch_versions bv \
                   JOIN pact_publications pp2 ON pp2.consumer_version_id = bv.version_id AND pp2.provider_id = $1 \
                   WHERE bv.branch_id = b.id ORDER BY bv.version_id DESC LIMIT 1) \
                 JOIN pacticipants c ON c.id = pp.consumer_id \
                 JOIN pact_contents pc ON pc.id = pp.pact_content_id JOIN versions v ON v.id = pp.consumer_version_id \
                 WHERE i.provider_id = $1 AND pp.created_at >= $2"
            ))
            .bind(provider.id)
            .bind(since)
            .fetch_all(&mut *conn)
            .await?;
            for r in &rows {
                let sha: String = r.try_get("sha")?;
                if by_sha.contains_key(&sha) || out.iter().any(|p| p.sha == sha) {
                    continue;
                }
                let content_id: i64 = r.try_get("content_id")?;
                if verified_by_branch(conn, provider.id, content_id, Some(branch), &[]).await? {
                    continue;
                }
                let consumer_branch: String = r.try_get("branch")?;
                out.push(VerifiablePact {
                    consumer: r.try_get("consumer")?,
                    sha,
                    consumer_versions: vec![r.try_get("number")?],
                    descriptions: vec![format!(
                        "latest from branch {consumer_branch} (work in progress)"
                    )],
                    pending: true,
                    wip: true,
                    created_at: r.try_get("created_at")?,
                });
            }
        }
    }
    Ok(out)
}

fn parse_since(s: &str) -> Result<String, ApiError> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(format!("{d}T00:00:00.000000Z"));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string());
    }
    Err(ApiError::invalid_field(
        "includeWipPactsSince",
        format!(
            "`includeWipPactsSince` must be a date (2024-01-31) or an RFC 3339 time, not `{s}`"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verifiers_body_parses() {
        let body = r#"{"providerVersionTags":["main"],"includePendingStatus":true,"includeWipPactsSince":"2024-01-01","consumerVersionSelectors":[{"mainBranch":true},{"deployedOrReleased":true}],"providerVersionBranch":"main"}"#;
        let req: ForVerificationRequest = serde_json::from_str(body).unwrap();
        assert_eq!(req.consumer_version_selectors.len(), 2);
        assert_eq!(req.provider_version_branch.as_deref(), Some("main"));
        assert!(serde_json::from_str::<ForVerificationRequest>(
            r#"{"consumerVersionSelectors":[{"mainBrunch":true}]}"#
        )
        .is_err());
    }

    #[test]
    fn since_accepts_dates_and_times() {
        assert_eq!(
            parse_since("2024-01-01").unwrap(),
            "2024-01-01T00:00:00.000000Z"
        );
        assert!(parse_since("2024-01-01T10:00:00+02:00")
            .unwrap()
            .starts_with("2024-01-01T08:00:00"));
        assert!(parse_since("yesterday").is_err());
    }
}
