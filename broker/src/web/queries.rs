//! Queries behind the pages that list integrations: the integrations
//! themselves (searched and paged in SQL) and, for any set of them, the
//! latest pact and the status of its latest verification, in a fixed number
//! of statements whatever the number of integrations (no query per row).

use super::status::Status;
use crate::error::ApiError;
use sqlx::{AnyConnection, Row as _};
use std::collections::{HashMap, HashSet};

/// Ids per `IN (…)` list: well under SQLite's and PostgreSQL's limits.
const CHUNK: usize = 500;

/// `$start, $start+1, …` for `n` values.
pub fn placeholders(start: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", start + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Run `sql` (with `{ids}` where the list goes) once per chunk of `ids`,
/// binding the chunk after `fixed` leading text parameters.
pub async fn rows_for_ids(
    conn: &mut AnyConnection,
    sql: &str,
    fixed: &[i64],
    ids: &[i64],
) -> Result<Vec<sqlx::any::AnyRow>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let text = sql.replace("{ids}", &placeholders(fixed.len() + 1, chunk.len()));
        let mut q = sqlx::query(&text);
        for f in fixed {
            q = q.bind(*f);
        }
        for id in chunk {
            q = q.bind(*id);
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// One integration with its latest pact and latest verification.
#[derive(Debug, Clone)]
pub struct Integration {
    pub consumer_id: i64,
    pub consumer: String,
    pub provider_id: i64,
    pub provider: String,
    pub pact: Option<LatestPact>,
    pub status: Status,
}

/// The pact of the newest consumer version that published one.
#[derive(Debug, Clone)]
pub struct LatestPact {
    pub content_id: i64,
    pub sha: String,
    pub consumer_version: String,
    pub published_at: String,
    pub verification: Option<LatestVerification>,
}

/// The newest verification result of a pact content.
#[derive(Debug, Clone)]
pub struct LatestVerification {
    pub id: i64,
    pub success: bool,
    pub provider_version: String,
    pub verified_at: String,
}

/// A `LIKE` pattern for a search text, with `%`, `_` and `\` taken literally.
fn like_pattern(search: &str) -> String {
    let mut p = String::from("%");
    for c in search.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

const INTEGRATION_FILTER: &str = "FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id \
     JOIN pacticipants p ON p.id = i.provider_id \
     WHERE ($1 = '%%' OR LOWER(c.name) LIKE $1 ESCAPE '\\' OR LOWER(p.name) LIKE $1 ESCAPE '\\')";

/// Integrations whose consumer or provider name contains `search`
/// (case-insensitively), by consumer then provider name, one page of them,
/// with the total count.
pub async fn integrations_page(
    conn: &mut AnyConnection,
    search: &str,
    offset: usize,
    limit: usize,
) -> Result<(Vec<Integration>, usize), ApiError> {
    let pattern = like_pattern(search);
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {INTEGRATION_FILTER}"))
        .bind(&pattern)
        .fetch_one(&mut *conn)
        .await?;
    let rows = sqlx::query(&format!(
        "SELECT i.consumer_id, c.name AS consumer, i.provider_id, p.name AS provider {INTEGRATION_FILTER} \
         ORDER BY c.name, p.name LIMIT $2 OFFSET $3"
    ))
    .bind(&pattern)
    .bind(limit as i64)
    .bind(offset as i64)
    .fetch_all(&mut *conn)
    .await?;
    let mut list = rows
        .iter()
        .map(integration_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    with_status(conn, &mut list).await?;
    Ok((list, usize::try_from(total).unwrap_or(0)))
}

/// Every integration (for the network), or those of one pacticipant.
pub async fn integrations_of(
    conn: &mut AnyConnection,
    pacticipant: Option<i64>,
) -> Result<Vec<Integration>, ApiError> {
    let base = "SELECT i.consumer_id, c.name AS consumer, i.provider_id, p.name AS provider \
                FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id \
                JOIN pacticipants p ON p.id = i.provider_id";
    let rows = match pacticipant {
        Some(id) => {
            sqlx::query(&format!(
                "{base} WHERE i.consumer_id = $1 OR i.provider_id = $1 ORDER BY c.name, p.name"
            ))
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(&format!("{base} ORDER BY c.name, p.name"))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let mut list = rows
        .iter()
        .map(integration_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    with_status(conn, &mut list).await?;
    Ok(list)
}

fn integration_from_row(r: &sqlx::any::AnyRow) -> Result<Integration, sqlx::Error> {
    Ok(Integration {
        consumer_id: r.try_get("consumer_id")?,
        consumer: r.try_get("consumer")?,
        provider_id: r.try_get("provider_id")?,
        provider: r.try_get("provider")?,
        pact: None,
        status: Status::Unverified,
    })
}

/// Fill in the latest pact, its latest verification and the status of
/// every integration in `list`, in four set-based queries.
pub async fn with_status(
    conn: &mut AnyConnection,
    list: &mut [Integration],
) -> Result<(), ApiError> {
    if list.is_empty() {
        return Ok(());
    }
    // 1. The newest consumer version with a pact, per integration (an index
    //    seek per integration on pact_publications(provider, consumer, version)).
    let providers: Vec<i64> = list
        .iter()
        .map(|i| i.provider_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut latest_cv: HashMap<(i64, i64), i64> = HashMap::new();
    for r in rows_for_ids(
        conn,
        "SELECT i.consumer_id, i.provider_id, (SELECT MAX(pp.consumer_version_id) FROM pact_publications pp \
         WHERE pp.provider_id = i.provider_id AND pp.consumer_id = i.consumer_id) AS cv \
         FROM integrations i WHERE i.provider_id IN ({ids})",
        &[],
        &providers,
    )
    .await?
    {
        if let Some(cv) = r.try_get::<Option<i64>, _>(2)? {
            latest_cv.insert((r.try_get(0)?, r.try_get(1)?), cv);
        }
    }
    let wanted: HashSet<(i64, i64)> = list
        .iter()
        .map(|i| (i.consumer_id, i.provider_id))
        .collect();
    let cvs: Vec<i64> = latest_cv
        .iter()
        .filter(|(k, _)| wanted.contains(k))
        .map(|(_, v)| *v)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    // 2. Those publications.
    let mut pacts: HashMap<(i64, i64), LatestPact> = HashMap::new();
    for r in rows_for_ids(
        conn,
        "SELECT pp.consumer_version_id, pp.consumer_id, pp.provider_id, pp.pact_content_id, pc.sha, pp.created_at, v.number \
         FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         JOIN versions v ON v.id = pp.consumer_version_id WHERE pp.consumer_version_id IN ({ids})",
        &[],
        &cvs,
    )
    .await?
    {
        let key = (r.try_get(1)?, r.try_get(2)?);
        if latest_cv.get(&key) != Some(&r.try_get::<i64, _>(0)?) {
            continue;
        }
        pacts.insert(
            key,
            LatestPact {
                content_id: r.try_get(3)?,
                sha: r.try_get(4)?,
                published_at: r.try_get(5)?,
                consumer_version: r.try_get(6)?,
                verification: None,
            },
        );
    }
    let contents: Vec<i64> = pacts
        .values()
        .map(|p| p.content_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    // 3. The newest verification of each of those contents.
    let mut latest: HashMap<i64, LatestVerification> = HashMap::new();
    for r in rows_for_ids(
        conn,
        "SELECT v.pact_content_id, v.id, v.success, v.created_at, pv.number FROM verifications v \
         JOIN versions pv ON pv.id = v.provider_version_id \
         WHERE v.id IN (SELECT MAX(v2.id) FROM verifications v2 WHERE v2.pact_content_id IN ({ids}) GROUP BY v2.pact_content_id)",
        &[],
        &contents,
    )
    .await?
    {
        latest.insert(
            r.try_get(0)?,
            LatestVerification {
                id: r.try_get(1)?,
                success: r.try_get::<i64, _>(2)? != 0,
                verified_at: r.try_get(3)?,
                provider_version: r.try_get(4)?,
            },
        );
    }
    // 4. Which of them the provider's main branch has verified successfully.
    let by_main = verified_by_main_branch(conn, &contents).await?;
    for i in list.iter_mut() {
        if let Some(mut pact) = pacts.get(&(i.consumer_id, i.provider_id)).cloned() {
            pact.verification = latest.get(&pact.content_id).cloned();
            i.status = Status::of(
                pact.verification.as_ref().map(|v| v.success),
                by_main.contains(&pact.content_id),
            );
            i.pact = Some(pact);
        }
    }
    Ok(())
}

/// The pact contents among `contents` that a version on the provider's main
/// branch has verified successfully.
pub async fn verified_by_main_branch(
    conn: &mut AnyConnection,
    contents: &[i64],
) -> Result<HashSet<i64>, ApiError> {
    let mut out = HashSet::new();
    for r in rows_for_ids(
        conn,
        "SELECT DISTINCT v.pact_content_id FROM verifications v \
         JOIN branch_versions bv ON bv.version_id = v.provider_version_id \
         JOIN branches b ON b.id = bv.branch_id \
         JOIN pacticipants p ON p.id = b.pacticipant_id AND p.main_branch = b.name \
         WHERE v.success = 1 AND v.pact_content_id IN ({ids})",
        &[],
        contents,
    )
    .await?
    {
        out.insert(r.try_get::<i64, _>(0)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_literal_in_like() {
        assert_eq!(like_pattern(" Or_ders%"), "%or\\_ders\\%%");
        assert_eq!(like_pattern(""), "%%");
        assert_eq!(placeholders(2, 3), "$2, $3, $4");
    }
}
