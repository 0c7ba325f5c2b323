//! `--gate`: the whole gate's evidence on top of the contract seed (issue 15).
//!
//! For every 10th version of every pacticipant: a provider contract (a small
//! OpenAPI document whose optional properties change every 100 versions) and
//! the migrations that version carries (one file per 100 versions: add a
//! column, and every 5th file drops an old one). Every environment's applied
//! migrations, the API diffs from each pacticipant's production version to
//! every version with a contract, and the schema checks of every pact content
//! against each production version are precomputed, with the broker's own
//! pure functions, so that can-i-deploy only looks them up.

use shipgate_broker::verdict::{api, migration, schema_check};
use shipgate_broker::Db;
use std::collections::HashMap;
use std::time::Instant;

fn oas(generation: usize) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: things, version: '{generation}'}}\npaths:\n  /things/{{id}}:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: integer}}}}]\n      responses:\n        '200':\n          description: a thing\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [id, name]\n                properties:\n                  id: {{type: integer}}\n                  name: {{type: string}}\n                  extra_{generation}: {{type: string}}\n"
    )
}

fn migration_files(generation: usize, p: usize) -> Vec<(String, String)> {
    (0..=generation)
        .map(|k| {
            let text = if k == 0 {
                format!("CREATE TABLE t{p} (id bigint PRIMARY KEY, c0 int);")
            } else if k % 5 == 0 {
                format!(
                    "ALTER TABLE t{p} ADD COLUMN c{k} int;\nALTER TABLE t{p} DROP COLUMN c{};",
                    k - 4
                )
            } else {
                format!("ALTER TABLE t{p} ADD COLUMN c{k} int;")
            };
            (format!("V{k:03}__step.sql"), text)
        })
        .collect()
}

/// Seed the gate's evidence. `vid(p, v)` is the seed's version id; the
/// production version of every pacticipant is the newest multiple of 100.
pub async fn seed(
    db: &Db,
    versions: usize,
    pacticipants: usize,
    envs: usize,
    pacts: &HashMap<(usize, usize, usize), i64>,
    pact_texts: &HashMap<i64, String>,
    providers_of: &dyn Fn(usize) -> Vec<usize>,
) {
    let started = Instant::now();
    let ts = shipgate_broker::db::now();
    let pid = |i: usize| (i + 1) as i64;
    let vid = |p: usize, v: usize| (p * versions + v + 1) as i64;
    let int = |i: i64| format!("#{i}");
    let prod = (versions - 1) / 100 * 100;
    let gens = versions.div_ceil(100);
    let docs: Vec<String> = (0..gens).map(oas).collect();
    let specs: Vec<shipgate_rules::openapi::Spec> = docs
        .iter()
        .map(|d| schema_check::load_contract("bench", d).expect("bench OAS"))
        .collect();
    let today = chrono::Utc::now().date_naive();
    let changes: Vec<String> = (0..gens)
        .map(|g| {
            serde_json::to_string(&api::changes(&specs[prod / 100], &specs[g], today)).unwrap()
        })
        .collect();
    let (mut n_contracts, mut n_sets, mut n_diffs, mut n_checks) = (0, 0, 0, 0);
    for p in 0..pacticipants {
        let sets: Vec<(String, String, Vec<migration::FileRec>)> = (0..gens)
            .map(|g| {
                let files = migration::analyse(&migration_files(g, p));
                let sha = migration::checksum(
                    &files
                        .iter()
                        .map(|f| format!("{} {}\n", f.name, f.checksum))
                        .collect::<String>(),
                );
                (serde_json::to_string(&files).unwrap(), sha, files)
            })
            .collect();
        let (mut c_rows, mut s_rows, mut sf_rows, mut d_rows) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for v in (0..versions).step_by(10) {
            let g = v / 100;
            c_rows.push(vec![
                int(vid(p, v)),
                int(pid(p)),
                format!("sha-{g}"),
                docs[g].clone(),
                "application/yaml".into(),
                "oas".into(),
                int(1),
                "bench".into(),
                ts.clone(),
            ]);
            s_rows.push(vec![
                int(vid(p, v)),
                int(pid(p)),
                format!("svc-{p:03}"),
                sets[g].1.clone(),
                sets[g].0.clone(),
                ts.clone(),
            ]);
            for f in &sets[g].2 {
                sf_rows.push(vec![format!("svc-{p:03}"), f.name.clone(), int(vid(p, v))]);
            }
            if v != prod {
                d_rows.push(vec![
                    int(vid(p, prod)),
                    int(vid(p, v)),
                    changes[g].clone(),
                    ts.clone(),
                ]);
            }
        }
        n_contracts += c_rows.len();
        n_sets += s_rows.len();
        n_diffs += d_rows.len();
        super::exec_batch(db, "INSERT INTO provider_contracts (version_id, pacticipant_id, sha, content, content_type, specification, self_verified, verifier, created_at) VALUES ", &c_rows).await;
        super::exec_batch(db, "INSERT INTO migration_sets (version_id, pacticipant_id, database_name, sha, files, created_at) VALUES ", &s_rows).await;
        super::exec_batch(
            db,
            "INSERT INTO migration_set_files (database_name, name, version_id) VALUES ",
            &sf_rows,
        )
        .await;
        super::exec_batch(
            db,
            "INSERT INTO api_diffs (base_version_id, rev_version_id, changes, created_at) VALUES ",
            &d_rows,
        )
        .await;
        // Every environment has the files of every version deployed there (every 100th).
        let mut e_rows = Vec::new();
        for e in 0..envs {
            for f in &sets[prod / 100].2 {
                let first = f.name[1..4].parse::<usize>().unwrap_or(0) * 100;
                e_rows.push(vec![
                    int(e as i64 + 1),
                    format!("svc-{p:03}"),
                    f.name.clone(),
                    f.checksum.clone(),
                    int(vid(p, first)),
                    serde_json::to_string(f).unwrap(),
                    ts.clone(),
                ]);
            }
        }
        super::exec_batch(db, "INSERT INTO environment_migrations (environment_id, database_name, name, checksum, version_id, file, applied_at) VALUES ", &e_rows).await;
        // Schema checks of every consumer's pact contents against this provider's production version.
        let spec = &specs[prod / 100];
        let mut k_rows = Vec::new();
        for c in (0..pacticipants).filter(|c| providers_of(*c).contains(&p)) {
            for g in 0..versions.div_ceil(10) {
                let content = pacts[&(c, p, g)];
                let check =
                    schema_check::check(&pact_texts[&content], &spec.docs[0].root, Some(true));
                k_rows.push(vec![
                    int(content),
                    int(vid(p, prod)),
                    int(i64::from(check.success == Some(true))),
                    serde_json::to_string(&check).unwrap(),
                    ts.clone(),
                ]);
            }
        }
        n_checks += k_rows.len();
        super::exec_batch(db, "INSERT INTO schema_checks (pact_content_id, provider_version_id, success, result, created_at) VALUES ", &k_rows).await;
    }
    sqlx::raw_sql("ANALYZE").execute(&db.pool).await.unwrap();
    println!(
        "gate evidence: {n_contracts} provider contracts, {n_sets} migration sets, {n_diffs} cached API diffs, {n_checks} cached schema checks in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
