//! Provider contracts (OpenAPI documents, one per provider version) and the
//! cached schema checks of consumer pacts against them.

use crate::db::now;
use crate::error::ApiError;
use crate::verdict::schema_check::{self, SchemaCheck};
use sqlx::{AnyConnection, Row as _};
use std::collections::HashMap;

/// A stored provider contract.
#[derive(Debug, Clone)]
pub struct ProviderContract {
    pub version_id: i64,
    pub pacticipant_id: i64,
    pub sha: String,
    pub content: String,
    pub content_type: String,
    pub specification: String,
    pub self_verified: Option<bool>,
    pub verifier: Option<String>,
    pub verifier_version: Option<String>,
    pub verification_content: Option<String>,
    pub verification_content_type: Option<String>,
    pub verification_format: Option<String>,
    pub build_url: Option<String>,
    pub created_at: String,
}

const COLUMNS: &str = "version_id, pacticipant_id, sha, content, content_type, specification, self_verified, verifier, verifier_version, verification_content, verification_content_type, verification_format, build_url, created_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<ProviderContract, sqlx::Error> {
    Ok(ProviderContract {
        version_id: r.try_get("version_id")?,
        pacticipant_id: r.try_get("pacticipant_id")?,
        sha: r.try_get("sha")?,
        content: r.try_get("content")?,
        content_type: r.try_get("content_type")?,
        specification: r.try_get("specification")?,
        self_verified: r
            .try_get::<Option<i64>, _>("self_verified")?
            .map(|v| v != 0),
        verifier: r.try_get("verifier")?,
        verifier_version: r.try_get("verifier_version")?,
        verification_content: r.try_get("verification_content")?,
        verification_content_type: r.try_get("verification_content_type")?,
        verification_format: r.try_get("verification_format")?,
        build_url: r.try_get("build_url")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn find(
    conn: &mut AnyConnection,
    version_id: i64,
) -> Result<Option<ProviderContract>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM provider_contracts WHERE version_id = $1");
    let row = sqlx::query(&sql)
        .bind(version_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

/// Which of `version_ids` have a provider contract: version id → (self-verified, created at).
pub async fn present(
    conn: &mut AnyConnection,
    version_ids: &[i64],
) -> Result<HashMap<i64, (Option<bool>, String)>, ApiError> {
    let mut out = HashMap::new();
    if version_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT version_id, self_verified, created_at FROM provider_contracts WHERE version_id IN ({})",
        crate::matrix::placeholders(1, version_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for v in version_ids {
        q = q.bind(*v);
    }
    for r in q.fetch_all(conn).await? {
        out.insert(
            r.try_get::<i64, _>(0)?,
            (
                r.try_get::<Option<i64>, _>(1)?.map(|v| v != 0),
                r.try_get(2)?,
            ),
        );
    }
    Ok(out)
}

/// The fields of a publication that must match an earlier one of the same version.
#[derive(Debug, Clone)]
pub struct NewContract<'a> {
    pub content: &'a str,
    pub content_type: &'a str,
    pub specification: &'a str,
    pub self_verified: Option<bool>,
    pub verifier: Option<&'a str>,
    pub verifier_version: Option<&'a str>,
    pub verification_content: Option<&'a str>,
    pub verification_content_type: Option<&'a str>,
    pub verification_format: Option<&'a str>,
    pub build_url: Option<&'a str>,
}

/// What storing a contract did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    Created,
    Unchanged,
}

/// Store the contract of a provider version; a different contract (or
/// self-verification result) for the same version is a conflict whose text
/// names the difference, and nothing changes.
pub async fn store(
    conn: &mut AnyConnection,
    pacticipant_id: i64,
    version_id: i64,
    c: &NewContract<'_>,
) -> Result<Result<Stored, String>, ApiError> {
    let sha = crate::verdict::migration::checksum(c.content);
    if let Some(old) = find(conn, version_id).await? {
        let mut diffs = Vec::new();
        if old.sha != sha {
            let d = similar::TextDiff::from_lines(old.content.as_str(), c.content)
                .unified_diff()
                .context_radius(2)
                .header("published", "new")
                .to_string();
            diffs.push(format!("the contract content differs:\n{d}"));
        }
        if old.self_verified != c.self_verified {
            diffs.push(format!(
                "the self-verification result differs (published: {}, new: {})",
                show(old.self_verified),
                show(c.self_verified)
            ));
        }
        if old.content_type != c.content_type {
            diffs.push(format!(
                "the content type differs (published: {}, new: {})",
                old.content_type, c.content_type
            ));
        }
        return Ok(if diffs.is_empty() {
            Ok(Stored::Unchanged)
        } else {
            Err(diffs.join("\n"))
        });
    }
    sqlx::query(
        "INSERT INTO provider_contracts (version_id, pacticipant_id, sha, content, content_type, specification, self_verified, verifier, verifier_version, verification_content, verification_content_type, verification_format, build_url, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (version_id) DO NOTHING",
    )
    .bind(version_id)
    .bind(pacticipant_id)
    .bind(&sha)
    .bind(c.content)
    .bind(c.content_type)
    .bind(c.specification)
    .bind(c.self_verified.map(i64::from))
    .bind(c.verifier.map(str::to_owned))
    .bind(c.verifier_version.map(str::to_owned))
    .bind(c.verification_content.map(str::to_owned))
    .bind(c.verification_content_type.map(str::to_owned))
    .bind(c.verification_format.map(str::to_owned))
    .bind(c.build_url.map(str::to_owned))
    .bind(now())
    .execute(conn)
    .await?;
    Ok(Ok(Stored::Created))
}

fn show(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "success",
        Some(false) => "failure",
        None => "none",
    }
}

/// Cached schema checks for (pact content, provider version) pairs.
pub async fn cached_checks(
    conn: &mut AnyConnection,
    content_ids: &[i64],
    version_ids: &[i64],
) -> Result<HashMap<(i64, i64), SchemaCheck>, ApiError> {
    let mut out = HashMap::new();
    if content_ids.is_empty() || version_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT pact_content_id, provider_version_id, result FROM schema_checks WHERE pact_content_id IN ({}) AND provider_version_id IN ({})",
        crate::matrix::placeholders(1, content_ids.len()),
        crate::matrix::placeholders(1 + content_ids.len(), version_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for c in content_ids {
        q = q.bind(*c);
    }
    for v in version_ids {
        q = q.bind(*v);
    }
    for r in q.fetch_all(conn).await? {
        let text: String = r.try_get(2)?;
        if let Ok(check) = serde_json::from_str::<SchemaCheck>(&text) {
            out.insert((r.try_get(0)?, r.try_get(1)?), check);
        }
    }
    Ok(out)
}

/// Store a schema check (an existing one wins: checks are deterministic).
pub async fn store_check(
    conn: &mut AnyConnection,
    content_id: i64,
    version_id: i64,
    check: &SchemaCheck,
) -> Result<(), ApiError> {
    let text = serde_json::to_string(check).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO schema_checks (pact_content_id, provider_version_id, success, result, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (pact_content_id, provider_version_id) DO NOTHING",
    )
    .bind(content_id)
    .bind(version_id)
    .bind(check.success.map(i64::from))
    .bind(text)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Check the pact contents `content_ids` against the contract of provider
/// version `version_id`, loading the document once. Returns the checks by content id.
pub async fn compute_checks(
    conn: &mut AnyConnection,
    version_id: i64,
    content_ids: &[i64],
) -> Result<HashMap<i64, SchemaCheck>, ApiError> {
    let mut out = HashMap::new();
    if content_ids.is_empty() {
        return Ok(out);
    }
    let Some(contract) = find(conn, version_id).await? else {
        return Ok(out);
    };
    let sql = format!(
        "SELECT id, content FROM pact_contents WHERE id IN ({})",
        crate::matrix::placeholders(1, content_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for c in content_ids {
        q = q.bind(*c);
    }
    let pacts: Vec<(i64, String)> = q
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let content = contract.content.clone();
    let self_verified = contract.self_verified;
    // Parsing a large document is CPU work: keep it off the async workers.
    let checks = tokio::task::spawn_blocking(move || {
        let spec = schema_check::load_contract("provider contract", &content);
        pacts
            .into_iter()
            .map(|(id, pact)| {
                let check = match &spec {
                    Ok(spec) => schema_check::check(&pact, &spec.docs[0].root, self_verified),
                    Err(e) => SchemaCheck {
                        success: Some(false),
                        findings: vec![format!("the provider contract cannot be read: {e}")],
                        interactions: 0,
                    },
                };
                (id, check)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::Internal(format!("schema check failed: {e}")))?;
    for (id, check) in checks {
        out.insert(id, check);
    }
    Ok(out)
}
