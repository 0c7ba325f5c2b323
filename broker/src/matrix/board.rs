//! can-i-deploy for many services into one environment at once, for the web
//! view's environment board: every candidate version against what is
//! currently deployed or released there. The contract evidence (pacts,
//! verifications, schema checks) is computed set-based in a fixed number of
//! statements whatever the number of services (not one matrix query per
//! service); the gate's evidence (API, migrations, overrides) is then
//! joined per candidate by [`crate::gate::evaluate`], as for the API.
//!
//! Each result is the one `GET /can-i-deploy?pacticipant=P&version=V&environment=E`
//! gives for that candidate alone: the rows are built by the same
//! [`super::SchemaEvidence`] and the verdict comes from the same
//! [`super::summarise`] and gate, so the reasons read the same.

use super::{
    missing_phrase, no_version_reason, placeholders, summarise, target_phrase, target_versions,
    version_details, LatestBy, MatrixQuery, MatrixResult, MatrixRow, SchemaEvidence, Selector,
    Target, Verification,
};
use crate::error::ApiError;
use sqlx::{AnyConnection, Row as _};
use std::collections::{BTreeSet, HashMap};

/// A service and the version of it to check.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub pacticipant_id: i64,
    pub name: String,
    /// The version (id, number), or `None` when there is none to check.
    pub version: Option<(i64, String)>,
    /// How the version was chosen, for the reason given when there is none
    /// (such as "the latest version of orders from its main branch").
    pub description: String,
}

/// A published pact: (consumer id, consumer version id, provider id,
/// content id, sha, published at).
type Pact = (i64, i64, i64, i64, String, String);

async fn pacts(
    conn: &mut AnyConnection,
    versions: &[i64],
    providers: Option<&[i64]>,
) -> Result<Vec<Pact>, ApiError> {
    let mut out = Vec::new();
    if versions.is_empty() || providers.is_some_and(|p| p.is_empty()) {
        return Ok(out);
    }
    let mut sql = format!(
        "SELECT pp.consumer_id, pp.consumer_version_id, pp.provider_id, pp.pact_content_id, pc.sha, pp.created_at \
         FROM pact_publications pp JOIN pact_contents pc ON pc.id = pp.pact_content_id \
         WHERE pp.consumer_version_id IN ({})",
        placeholders(1, versions.len())
    );
    if let Some(p) = providers {
        sql.push_str(&format!(
            " AND pp.provider_id IN ({})",
            placeholders(1 + versions.len(), p.len())
        ));
    }
    let mut query = sqlx::query(&sql);
    for v in versions {
        query = query.bind(*v);
    }
    for p in providers.unwrap_or(&[]) {
        query = query.bind(*p);
    }
    for r in query.fetch_all(&mut *conn).await? {
        out.push((
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get(3)?,
            r.try_get(4)?,
            r.try_get(5)?,
        ));
    }
    Ok(out)
}

/// The can-i-deploy result of every candidate into `environment`, in the
/// candidates' order (`strict`: the gate's strict API answer, as
/// `strictApi=true`).
pub async fn each_into_environment(
    conn: &mut AnyConnection,
    environment: &str,
    candidates: &[Candidate],
    strict: bool,
) -> Result<Vec<MatrixResult>, ApiError> {
    let env = crate::store::find_environment(conn, environment)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no environment `{environment}`")))?;
    let target = Target::Environment(env.name.clone());
    let versions: Vec<i64> = candidates
        .iter()
        .filter_map(|c| c.version.as_ref().map(|v| v.0))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let ids: Vec<i64> = candidates
        .iter()
        .map(|c| c.pacticipant_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // 1. The candidates' own pacts (they as consumers).
    let consumer_pacts = pacts(conn, &versions, None).await?;
    // 2. Their consumers (they as providers).
    let mut provider_consumers: Vec<(i64, i64)> = Vec::new();
    if !ids.is_empty() {
        let sql = format!(
            "SELECT provider_id, consumer_id FROM integrations WHERE provider_id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(&sql);
        for id in &ids {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *conn).await? {
            provider_consumers.push((r.try_get(0)?, r.try_get(1)?));
        }
    }
    // 3. What every partner has in the environment.
    let partners: Vec<i64> = consumer_pacts
        .iter()
        .map(|p| p.2)
        .chain(provider_consumers.iter().map(|c| c.1))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut deployed: HashMap<i64, Vec<i64>> = HashMap::new();
    for (p, v) in target_versions(conn, &target, Some(env.id), &partners).await? {
        deployed.entry(p).or_default().push(v);
    }
    for list in deployed.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    // Names of everyone involved.
    let mut names: HashMap<i64, String> = candidates
        .iter()
        .map(|c| (c.pacticipant_id, c.name.clone()))
        .collect();
    let unnamed: Vec<i64> = partners
        .iter()
        .copied()
        .filter(|p| !names.contains_key(p))
        .collect();
    if !unnamed.is_empty() {
        let sql = format!(
            "SELECT id, name FROM pacticipants WHERE id IN ({})",
            placeholders(1, unnamed.len())
        );
        let mut query = sqlx::query(&sql);
        for id in &unnamed {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *conn).await? {
            names.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    let name_of = |id: i64| names.get(&id).cloned().unwrap_or_default();
    // 4. The deployed consumers' pacts with the candidates.
    let consumer_versions: Vec<i64> = provider_consumers
        .iter()
        .flat_map(|(_, c)| deployed.get(c).cloned().unwrap_or_default())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let provider_pacts = pacts(conn, &consumer_versions, Some(&ids)).await?;
    // 5. Verifications of all those pacts by the relevant provider versions.
    let contents: BTreeSet<i64> = consumer_pacts
        .iter()
        .chain(provider_pacts.iter())
        .map(|p| p.3)
        .collect();
    let provider_versions: BTreeSet<i64> = consumer_pacts
        .iter()
        .flat_map(|p| deployed.get(&p.2).cloned().unwrap_or_default())
        .chain(versions.iter().copied())
        .collect();
    let mut verifications: HashMap<(i64, i64), Verification> = HashMap::new();
    if !contents.is_empty() && !provider_versions.is_empty() {
        let sql = format!(
            "SELECT v.pact_content_id, v.provider_version_id, v.id, v.success, v.created_at FROM verifications v \
             WHERE v.pact_content_id IN ({}) AND v.provider_version_id IN ({}) \
             AND v.id = (SELECT MAX(v2.id) FROM verifications v2 WHERE v2.pact_content_id = v.pact_content_id AND v2.provider_version_id = v.provider_version_id)",
            placeholders(1, contents.len()),
            placeholders(1 + contents.len(), provider_versions.len())
        );
        let mut query = sqlx::query(&sql);
        for c in &contents {
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
    // 6. Rows per candidate, as the single-candidate matrix builds them:
    //    first which (pact, provider version) pairs each has, then the
    //    evidence for all pairs at once (replayed verifications, else schema
    //    checks against provider contracts), then the rows.
    type Slot<'a> = (&'a Pact, Option<i64>);
    let mut slots: Vec<Vec<Slot>> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let mut mine_slots = Vec::new();
        let Some((vid, _)) = &c.version else {
            slots.push(mine_slots);
            continue;
        };
        let mut seen: BTreeSet<(i64, i64, Option<i64>)> = BTreeSet::new();
        let mine = consumer_pacts
            .iter()
            .filter(|p| p.1 == *vid)
            .map(|p| (p, true))
            .chain(
                provider_pacts
                    .iter()
                    .filter(|p| p.2 == c.pacticipant_id && p.0 != c.pacticipant_id)
                    .map(|p| (p, false)),
            );
        for (pact, as_consumer) in mine {
            let (_, cv, provider_id, ..) = pact;
            let pvs: Vec<i64> = if !as_consumer || *provider_id == c.pacticipant_id {
                vec![*vid]
            } else {
                deployed.get(provider_id).cloned().unwrap_or_default()
            };
            if pvs.is_empty() && seen.insert((*cv, *provider_id, None)) {
                mine_slots.push((pact, None));
            }
            for pv in pvs {
                if seen.insert((*cv, *provider_id, Some(pv))) {
                    mine_slots.push((pact, Some(pv)));
                }
            }
        }
        slots.push(mine_slots);
    }
    let pairs: BTreeSet<(i64, i64)> = slots
        .iter()
        .flatten()
        .filter_map(|(pact, pv)| pv.map(|pv| (pact.3, pv)))
        .collect();
    let evidence = SchemaEvidence::load(conn, &pairs, verifications).await?;
    let all_rows: Vec<Vec<MatrixRow>> = slots
        .iter()
        .map(|list| {
            list.iter()
                .map(
                    |((consumer_id, cv, provider_id, content_id, sha, created), pv)| match pv {
                        Some(pv) => evidence.row(
                            name_of(*consumer_id),
                            *cv,
                            name_of(*provider_id),
                            *pv,
                            (*content_id, sha, created),
                        ),
                        None => MatrixRow {
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
                                target_phrase(&target, &name_of(*provider_id)),
                                missing_phrase(&target)
                            )),
                        },
                    },
                )
                .collect()
        })
        .collect();
    // 7. Version details for every version in any row, at once.
    let row_versions: Vec<i64> = all_rows
        .iter()
        .flatten()
        .flat_map(|r| [r.consumer_version, r.provider_version])
        .flatten()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let details = version_details(conn, &row_versions).await?;
    // 8. The verdicts: the contract verdict from the same `summarise`, then
    //    the gate's evidence (API, migrations, overrides) joined in as for
    //    `GET /can-i-deploy`.
    let mut out = Vec::with_capacity(candidates.len());
    for (c, rows) in candidates.iter().zip(all_rows) {
        let q = MatrixQuery {
            selectors: vec![Selector {
                pacticipant: c.name.clone(),
                version: c.version.as_ref().map(|v| v.1.clone()),
                latest: c.version.is_none(),
                ..Selector::default()
            }],
            ignore: Vec::new(),
            target: target.clone(),
            latest_by: LatestBy::Cvpv,
        };
        let versions = rows
            .iter()
            .flat_map(|r| [r.consumer_version, r.provider_version])
            .flatten()
            .filter_map(|v| details.get(&v).map(|d| (v, d.clone())))
            .collect();
        let specified = vec![(c.pacticipant_id, c.name.clone(), c.version.clone())];
        let mut res = match &c.version {
            Some(_) => summarise(
                &q,
                rows,
                versions,
                Vec::new(),
                false,
                specified,
                Some(env.id),
            ),
            None => summarise(
                &q,
                rows,
                versions,
                vec![no_version_reason(&c.description)],
                true,
                specified,
                Some(env.id),
            ),
        };
        res.verdict =
            crate::gate::evaluate(conn, &q, &res, crate::gate::Options { strict_api: strict })
                .await?;
        out.push(res);
    }
    Ok(out)
}
