//! The gate's storage and evidence loading: provider contracts and their
//! schema checks ([`contracts`]), the API diff cache ([`api_diff`]),
//! migrations per version and per environment ([`migrations`]) and overrides
//! ([`overrides`]). [`evaluate`] loads the evidence for one can-i-deploy
//! question and hands it to the pure [`crate::verdict`] logic; it decides
//! nothing itself.

pub mod api_diff;
pub mod contracts;
pub mod migrations;
pub mod overrides;

use crate::error::ApiError;
use crate::matrix::{placeholders, MatrixQuery, MatrixResult, Target};
use crate::verdict::{self, api, migration, Reason, Verdict};
use sqlx::{AnyConnection, Row as _};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Per-question settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Error-level API changes no deployed consumer relies on block too.
    pub strict_api: bool,
}

/// A version being deployed: (pacticipant id, name, version id, number).
type Spec = (i64, String, i64, String);

/// The joined verdict for a matrix question. API and migration evidence and
/// overrides apply only when the question names an environment; otherwise
/// the contract verdict stands as the Pact Broker would give it.
pub async fn evaluate(
    conn: &mut AnyConnection,
    q: &MatrixQuery,
    res: &MatrixResult,
    opts: Options,
) -> Result<Verdict, ApiError> {
    let (Target::Environment(env), Some(env_id)) = (&q.target, res.environment_id) else {
        return Ok(res.verdict.clone());
    };
    let specs: Vec<Spec> = res
        .specified
        .iter()
        .filter_map(|(pid, name, v)| {
            v.as_ref()
                .map(|(vid, n)| (*pid, name.clone(), *vid, n.clone()))
        })
        .collect();
    let mut reasons: Vec<Reason> = Vec::new();
    reasons.extend(api_reasons(conn, env, env_id, &specs, res, opts).await?);
    reasons.extend(migration_reasons(conn, env, env_id, &specs).await?);
    let versions: Vec<(i64, String)> = specs.iter().map(|s| (s.0, s.3.clone())).collect();
    let list = overrides::for_deployment(conn, &versions, env_id).await?;
    let applied = verdict::overrides::apply(&list, &crate::db::now());
    Ok(verdict::join(res.verdict.clone(), reasons, applied))
}

/// Versions of `pacticipant_id` in `env_id` now (deployed or released), other than `except`.
async fn in_environment(
    conn: &mut AnyConnection,
    env_id: i64,
    pacticipant_id: i64,
    except: i64,
) -> Result<Vec<(i64, String)>, ApiError> {
    let rows = sqlx::query(
        "SELECT v.id, v.number FROM versions v WHERE v.id IN ( \
           SELECT version_id FROM deployed_versions WHERE environment_id = $1 AND pacticipant_id = $2 AND currently_deployed = 1 \
           UNION SELECT version_id FROM released_versions WHERE environment_id = $1 AND pacticipant_id = $2 AND currently_supported = 1) \
         AND v.id <> $3 ORDER BY v.id",
    )
    .bind(env_id)
    .bind(pacticipant_id)
    .bind(except)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ApiError::from)
}

async fn api_reasons(
    conn: &mut AnyConnection,
    env: &str,
    env_id: i64,
    specs: &[Spec],
    res: &MatrixResult,
    opts: Options,
) -> Result<Vec<Reason>, ApiError> {
    let mut out = Vec::new();
    let ids: Vec<i64> = specs.iter().map(|s| s.2).collect();
    let with_contract = contracts::present(conn, &ids).await?;
    for (pid, name, vid, number) in specs {
        if !with_contract.contains_key(vid) {
            continue;
        }
        let deployed = in_environment(conn, env_id, *pid, *vid).await?;
        if deployed.is_empty() {
            continue;
        }
        // The consumers' pacts with this provider, as the matrix selected them.
        let mut pact_of: BTreeMap<(String, String), i64> = BTreeMap::new();
        for r in res.rows.iter().filter(|r| &r.provider == name) {
            let (Some(cv), Some(content)) = (r.consumer_version, r.pact_content_id) else {
                continue;
            };
            let number = res
                .versions
                .get(&cv)
                .map(|v| v.number.clone())
                .unwrap_or_default();
            pact_of.insert((r.consumer.clone(), number), content);
        }
        let texts = pact_texts(conn, &pact_of.values().copied().collect::<Vec<_>>()).await?;
        let consumers: Vec<api::Consumer> = pact_of
            .iter()
            .map(|((c, v), id)| api::Consumer {
                name: c.clone(),
                version: v.clone(),
                calls: texts.get(id).map(|t| api::calls(t)).unwrap_or_default(),
            })
            .collect();
        let bases =
            contracts::present(conn, &deployed.iter().map(|d| d.0).collect::<Vec<_>>()).await?;
        for (base, base_number) in &deployed {
            if !bases.contains_key(base) {
                out.push(Reason {
                    pacticipant: Some(name.clone()),
                    version: Some(number.clone()),
                    environment: Some(env.to_owned()),
                    ..Reason::new(
                        verdict::ReasonKind::Api,
                        verdict::Level::Info,
                        format!("API: {name} {base_number} in {env} has no OpenAPI document recorded, so {number}'s API was not compared with it"),
                    )
                });
                continue;
            }
            let changes = match api_diff::cached(conn, *base, *vid).await? {
                Some(c) => c,
                None => {
                    let c = api_diff::compute(conn, *base, *vid)
                        .await?
                        .unwrap_or_default();
                    let _ = api_diff::store(conn, *base, *vid, &c).await;
                    c
                }
            };
            out.extend(api::reasons(&api::Evidence {
                provider: name,
                version: number,
                deployed: base_number,
                environment: env,
                changes: &changes,
                consumers: &consumers,
                strict: opts.strict_api,
            }));
        }
    }
    Ok(out)
}

async fn pact_texts(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, String>, ApiError> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT id, content FROM pact_contents WHERE id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    for r in q.fetch_all(conn).await? {
        out.insert(r.try_get(0)?, r.try_get(1)?);
    }
    Ok(out)
}

async fn migration_reasons(
    conn: &mut AnyConnection,
    env: &str,
    env_id: i64,
    specs: &[Spec],
) -> Result<Vec<Reason>, ApiError> {
    let mut out = Vec::new();
    // Every specified version's sets, by database.
    let mut by_db: BTreeMap<String, Vec<migration::VersionFiles>> = BTreeMap::new();
    for (_, name, vid, number) in specs {
        for set in migrations::sets_of(conn, *vid).await? {
            by_db
                .entry(set.database)
                .or_default()
                .push(migration::VersionFiles {
                    pacticipant: name.clone(),
                    version: number.clone(),
                    files: set.files,
                });
        }
    }
    for (db, candidates) in by_db {
        let cand_names: BTreeSet<&str> =
            candidates.iter().map(|c| c.pacticipant.as_str()).collect();
        // The versions of the candidates' applications running there now.
        let mut replaced = Vec::new();
        for (pid, name, vid, _) in specs.iter().filter(|s| cand_names.contains(s.1.as_str())) {
            let running = in_environment(conn, env_id, *pid, *vid).await?;
            let sets =
                migrations::sets_for(conn, &db, &running.iter().map(|r| r.0).collect::<Vec<_>>())
                    .await?;
            for (id, number) in running {
                replaced.push(migration::VersionFiles {
                    pacticipant: name.clone(),
                    version: number,
                    files: sets.get(&id).cloned().unwrap_or_default(),
                });
            }
        }
        let others = others_on_database(conn, env_id, &db, specs).await?;
        let applied = migrations::applied(conn, env_id, &db).await?;
        let mut introducers = HashMap::new();
        for c in &candidates {
            for f in &c.files {
                let carried = replaced.iter().any(|r| {
                    r.pacticipant == c.pacticipant && r.files.iter().any(|x| x.name == f.name)
                });
                let expands = f.steps.iter().any(|s| s.phase != "contract");
                if carried || !expands || introducers.contains_key(&f.name) {
                    continue;
                }
                if let Some(i) = migrations::introducer(conn, &db, &f.name).await? {
                    introducers.insert(f.name.clone(), i);
                }
            }
        }
        out.extend(migration::reasons(&migration::Evidence {
            database: &db,
            environment: env,
            candidates: &candidates,
            replaced: &replaced,
            others: &others,
            applied: &applied,
            introducers: &introducers,
        }));
    }
    Ok(out)
}

/// Versions of other applications deployed in the environment that carry
/// migrations for `database`.
async fn others_on_database(
    conn: &mut AnyConnection,
    env_id: i64,
    database: &str,
    specs: &[Spec],
) -> Result<Vec<migration::VersionFiles>, ApiError> {
    let rows = sqlx::query(
        "SELECT d.pacticipant_id, p.name, v.number, ms.files FROM deployed_versions d \
         JOIN migration_sets ms ON ms.version_id = d.version_id AND ms.database_name = $2 \
         JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id \
         WHERE d.environment_id = $1 AND d.currently_deployed = 1 ORDER BY p.name, v.id",
    )
    .bind(env_id)
    .bind(database)
    .fetch_all(conn)
    .await?;
    let spec_ids: BTreeSet<i64> = specs.iter().map(|s| s.0).collect();
    let mut out = Vec::new();
    for r in rows {
        if spec_ids.contains(&r.try_get::<i64, _>(0)?) {
            continue;
        }
        out.push(migration::VersionFiles {
            pacticipant: r.try_get(1)?,
            version: r.try_get(2)?,
            files: serde_json::from_str(&r.try_get::<String, _>(3)?)
                .map_err(|e| ApiError::Internal(e.to_string()))?,
        });
    }
    Ok(out)
}
