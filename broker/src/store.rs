//! Storage operations shared by the routes: pacticipants, versions, branches,
//! tags, pact content (stored once per distinct content), publications,
//! verifications, environments, deployments and releases.
//!
//! Writers take a `&mut AnyConnection` inside the caller's transaction and use
//! `ON CONFLICT` upserts, so two replicas writing the same thing at once
//! converge on one row instead of failing.

use crate::db::now;
use crate::error::ApiError;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// `$start, $start+1, …` for `n` bind parameters.
pub fn placeholders(start: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", start + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Branch names auto-detected as a pacticipant's main branch.
pub const MAIN_BRANCH_CANDIDATES: &[&str] = &["main", "master", "develop"];

#[derive(Debug, Clone)]
pub struct Pacticipant {
    pub id: i64,
    pub name: String,
    pub display_name: Option<String>,
    pub main_branch: Option<String>,
    pub repository_url: Option<String>,
    pub created_at: String,
}

impl Pacticipant {
    pub const COLUMNS: &'static str =
        "id, name, display_name, main_branch, repository_url, created_at";

    pub fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Pacticipant {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            display_name: r.try_get("display_name")?,
            main_branch: r.try_get("main_branch")?,
            repository_url: r.try_get("repository_url")?,
            created_at: r.try_get("created_at")?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Version {
    pub id: i64,
    pub pacticipant_id: i64,
    pub number: String,
    pub build_url: Option<String>,
    pub created_at: String,
}

impl Version {
    pub const COLUMNS: &'static str = "id, pacticipant_id, number, build_url, created_at";

    pub fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Version {
            id: r.try_get("id")?,
            pacticipant_id: r.try_get("pacticipant_id")?,
            number: r.try_get("number")?,
            build_url: r.try_get("build_url")?,
            created_at: r.try_get("created_at")?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Environment {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub display_name: Option<String>,
    pub production: bool,
    pub contacts: Option<String>,
    pub created_at: String,
}

impl Environment {
    pub const COLUMNS: &'static str =
        "id, uuid, name, display_name, production, contacts, created_at";

    pub fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Environment {
            id: r.try_get("id")?,
            uuid: r.try_get("uuid")?,
            name: r.try_get("name")?,
            display_name: r.try_get("display_name")?,
            production: r.try_get::<i64, _>("production")? != 0,
            contacts: r.try_get("contacts")?,
            created_at: r.try_get("created_at")?,
        })
    }
}

pub async fn find_pacticipant(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<Pacticipant>, ApiError> {
    let sql = format!(
        "SELECT {} FROM pacticipants WHERE name = $1",
        Pacticipant::COLUMNS
    );
    let row = sqlx::query(&sql).bind(name).fetch_optional(conn).await?;
    Ok(row.as_ref().map(Pacticipant::from_row).transpose()?)
}

/// The pacticipant or a 404 naming it.
pub async fn require_pacticipant(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Pacticipant, ApiError> {
    find_pacticipant(conn, name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no pacticipant named `{name}`")))
}

/// Create the pacticipant if missing; return its id.
///
/// Reads first and inserts with `ON CONFLICT DO NOTHING`, so concurrent
/// publishers neither fail nor lock the (hot) provider row.
pub async fn upsert_pacticipant(conn: &mut AnyConnection, name: &str) -> Result<i64, ApiError> {
    crate::http::validate_name("pacticipant", name)?;
    for _ in 0..3 {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM pacticipants WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(id) = id {
            return Ok(id);
        }
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO pacticipants (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(now())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = id {
            return Ok(id);
        }
    }
    Err(ApiError::Internal(format!(
        "pacticipant `{name}` could not be created or read"
    )))
}

pub async fn find_version(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    number: &str,
) -> Result<Option<Version>, ApiError> {
    let sql = format!(
        "SELECT {} FROM versions WHERE pacticipant_id = $1 AND number = $2",
        Version::COLUMNS
    );
    let row = sqlx::query(&sql)
        .bind(pacticipant_id)
        .bind(number)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(Version::from_row).transpose()?)
}

pub async fn version_by_id(conn: &mut AnyConnection, id: i64) -> Result<Version, ApiError> {
    let sql = format!("SELECT {} FROM versions WHERE id = $1", Version::COLUMNS);
    let row = sqlx::query(&sql).bind(id).fetch_one(conn).await?;
    Ok(Version::from_row(&row)?)
}

/// Create the version if missing (keeping an existing build URL unless a new
/// one is given); return its id. Concurrency-safe like [`upsert_pacticipant`].
pub async fn upsert_version(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    number: &str,
    build_url: Option<&str>,
) -> Result<i64, ApiError> {
    crate::http::validate_name("version", number)?;
    for _ in 0..3 {
        let row = sqlx::query(
            "SELECT id, build_url FROM versions WHERE pacticipant_id = $1 AND number = $2",
        )
        .bind(pacticipant_id)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            let id: i64 = row.try_get(0)?;
            let old: Option<String> = row.try_get(1)?;
            if let Some(url) = build_url.filter(|u| old.as_deref() != Some(*u)) {
                sqlx::query("UPDATE versions SET build_url = $1 WHERE id = $2")
                    .bind(url)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            return Ok(id);
        }
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO versions (pacticipant_id, number, build_url, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id",
        )
        .bind(pacticipant_id)
        .bind(number)
        .bind(build_url.map(str::to_string))
        .bind(now())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = id {
            return Ok(id);
        }
    }
    Err(ApiError::Internal(format!(
        "version `{number}` could not be created or read"
    )))
}

/// Put a version on a branch (idempotent). Sets the pacticipant's main branch
/// when it has none and the branch is a usual main-branch name.
pub async fn add_branch_version(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version_id: i64,
    branch: &str,
) -> Result<bool, ApiError> {
    crate::http::validate_name("branch", branch)?;
    let ts = now();
    let branch_id: i64 = sqlx::query_scalar(
        "INSERT INTO branches (pacticipant_id, name, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (pacticipant_id, name) DO UPDATE SET name = excluded.name RETURNING id",
    )
    .bind(pacticipant_id)
    .bind(branch)
    .bind(&ts)
    .fetch_one(&mut *conn)
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO branch_versions (branch_id, version_id, pacticipant_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (branch_id, version_id) DO NOTHING",
    )
    .bind(branch_id)
    .bind(version_id)
    .bind(pacticipant_id)
    .bind(&ts)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0;
    if MAIN_BRANCH_CANDIDATES.contains(&branch) {
        sqlx::query(
            "UPDATE pacticipants SET main_branch = $1 WHERE id = $2 AND main_branch IS NULL",
        )
        .bind(branch)
        .bind(pacticipant_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(inserted)
}

/// Tag a version (idempotent); true when the tag is new.
pub async fn add_tag(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version_id: i64,
    tag: &str,
) -> Result<bool, ApiError> {
    crate::http::validate_name("tag", tag)?;
    let inserted = sqlx::query(
        "INSERT INTO tags (version_id, pacticipant_id, name, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (version_id, name) DO NOTHING",
    )
    .bind(version_id)
    .bind(pacticipant_id)
    .bind(tag)
    .bind(now())
    .execute(conn)
    .await?
    .rows_affected()
        > 0;
    Ok(inserted)
}

/// Branch names of a version, oldest first.
pub async fn version_branches(
    conn: &mut AnyConnection,
    version_id: i64,
) -> Result<Vec<String>, ApiError> {
    let rows = sqlx::query(
        "SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id \
         WHERE bv.version_id = $1 ORDER BY bv.created_at, b.name",
    )
    .bind(version_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().filter_map(|r| r.try_get(0).ok()).collect())
}

/// Tag names of a version, oldest first.
pub async fn version_tags(
    conn: &mut AnyConnection,
    version_id: i64,
) -> Result<Vec<String>, ApiError> {
    let rows = sqlx::query("SELECT name FROM tags WHERE version_id = $1 ORDER BY created_at, name")
        .bind(version_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.iter().filter_map(|r| r.try_get(0).ok()).collect())
}

/// Recursively sort object keys so equal JSON has equal text.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The stored text and content hash of a pact document.
pub fn pact_text_and_sha(pact: &Value) -> (String, String) {
    let text = canonical(pact).to_string();
    let sha = content_sha(&text);
    (text, sha)
}

/// 40 hex characters of the SHA-256 of canonical pact text.
fn content_sha(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(20).map(|b| format!("{b:02x}")).collect()
}

/// A pact ready to store: its canonical text and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactText {
    pub text: String,
    pub sha: String,
}

impl PactText {
    /// From JSON text, canonicalised without a `Value` tree
    /// ([`crate::canonical`]).
    pub fn from_json(text: &str) -> Result<PactText, serde_json::Error> {
        let text = crate::canonical::canonical_text(text)?;
        let sha = content_sha(&text);
        Ok(PactText { text, sha })
    }

    /// From a parsed document (merges build one).
    pub fn from_value(pact: &Value) -> PactText {
        let (text, sha) = pact_text_and_sha(pact);
        PactText { text, sha }
    }
}

/// What happened when a pact was published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PactOutcome {
    Created,
    Unchanged,
    Overwritten,
}

/// A refused publication: the content for that consumer version changed.
#[derive(Debug)]
pub struct ContentConflict {
    pub diff: String,
}

/// Publish one pact for a consumer version inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn publish_pact(
    conn: &mut AnyConnection,
    consumer_id: i64,
    consumer_version_id: i64,
    provider_id: i64,
    pact: &PactText,
    allow_modification: bool,
) -> Result<Result<(PactOutcome, String), ContentConflict>, ApiError> {
    let PactText { text, sha } = pact;
    let ts = now();
    let existing = sqlx::query(
        "SELECT pc.sha, pc.content FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         WHERE pp.consumer_version_id = $1 AND pp.provider_id = $2",
    )
    .bind(consumer_version_id)
    .bind(provider_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = &existing {
        let old_sha: String = row.try_get("sha")?;
        if old_sha == *sha {
            return Ok(Ok((PactOutcome::Unchanged, sha.clone())));
        }
        if !allow_modification {
            let old: String = row.try_get("content")?;
            return Ok(Err(ContentConflict {
                diff: json_diff(&old, text),
            }));
        }
    }
    let mut content_id: Option<i64> = None;
    for _ in 0..3 {
        content_id = sqlx::query_scalar("SELECT id FROM pact_contents WHERE sha = $1")
            .bind(sha)
            .fetch_optional(&mut *conn)
            .await?;
        if content_id.is_some() {
            break;
        }
        content_id = sqlx::query_scalar(
            "INSERT INTO pact_contents (sha, consumer_id, provider_id, content, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (sha) DO NOTHING RETURNING id",
        )
        .bind(sha)
        .bind(consumer_id)
        .bind(provider_id)
        .bind(text)
        .bind(&ts)
        .fetch_optional(&mut *conn)
        .await?;
        if content_id.is_some() {
            break;
        }
    }
    let content_id = content_id.ok_or_else(|| {
        ApiError::Internal(format!("pact content {sha} could not be stored or read"))
    })?;
    // The WHERE makes a concurrent publication of different content lose
    // instead of silently overwriting (no row comes back).
    let guard = if allow_modification {
        ""
    } else {
        " WHERE pact_publications.pact_content_id = excluded.pact_content_id"
    };
    let sql = format!(
        "INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_content_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (consumer_version_id, provider_id) \
         DO UPDATE SET pact_content_id = excluded.pact_content_id{guard} RETURNING id"
    );
    let row = sqlx::query(&sql)
        .bind(consumer_version_id)
        .bind(consumer_id)
        .bind(provider_id)
        .bind(content_id)
        .bind(&ts)
        .fetch_optional(&mut *conn)
        .await?;
    if row.is_none() {
        return Ok(Err(ContentConflict {
            diff: "the pact was changed by a concurrent publication".into(),
        }));
    }
    sqlx::query(
        "INSERT INTO integrations (consumer_id, provider_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (consumer_id, provider_id) DO NOTHING",
    )
    .bind(consumer_id)
    .bind(provider_id)
    .bind(&ts)
    .execute(&mut *conn)
    .await?;
    let outcome = if existing.is_some() {
        PactOutcome::Overwritten
    } else {
        PactOutcome::Created
    };
    Ok(Ok((outcome, sha.clone())))
}

/// A unified diff of two JSON texts, pretty-printed first.
pub fn json_diff(old: &str, new: &str) -> String {
    let pretty = |s: &str| {
        serde_json::from_str::<Value>(s)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| s.to_string())
            + "\n"
    };
    let (old, new) = (pretty(old), pretty(new));
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header("published", "new")
        .to_string()
}

pub async fn find_environment(
    conn: &mut AnyConnection,
    uuid_or_name: &str,
) -> Result<Option<Environment>, ApiError> {
    let sql = format!(
        "SELECT {} FROM environments WHERE uuid = $1 OR name = $1",
        Environment::COLUMNS
    );
    let row = sqlx::query(&sql)
        .bind(uuid_or_name)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(Environment::from_row).transpose()?)
}

pub async fn require_environment(
    conn: &mut AnyConnection,
    uuid_or_name: &str,
) -> Result<Environment, ApiError> {
    find_environment(conn, uuid_or_name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no environment `{uuid_or_name}`")))
}

pub async fn list_environments(conn: &mut AnyConnection) -> Result<Vec<Environment>, ApiError> {
    let sql = format!(
        "SELECT {} FROM environments ORDER BY name",
        Environment::COLUMNS
    );
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(Environment::from_row)
        .collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_text_ignores_key_order() {
        let a = json!({"b": 1, "a": {"d": [1, {"y": 2, "x": 1}], "c": null}});
        let b = json!({"a": {"c": null, "d": [1, {"x": 1, "y": 2}]}, "b": 1});
        assert_eq!(pact_text_and_sha(&a), pact_text_and_sha(&b));
        assert_ne!(
            pact_text_and_sha(&a).1,
            pact_text_and_sha(&json!({"b": 2})).1
        );
    }

    #[test]
    fn diff_shows_changed_lines() {
        let d = json_diff(r#"{"a":1}"#, r#"{"a":2}"#);
        assert!(
            d.contains("-  \"a\": 1") && d.contains("+  \"a\": 2"),
            "{d}"
        );
    }
}
