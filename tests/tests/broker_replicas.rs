//! Two `shipgate broker serve` processes on one PostgreSQL database behave
//! as one broker: concurrent publications of the same versions and content
//! through both replicas all succeed and never duplicate rows.

mod broker_support;

use broker_support::{get, pact, post, publish_body, Broker};
use serde_json::Value;
use std::process::Command;

fn psql_count(port: u16, db: &str, sql: &str) -> i64 {
    let out = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            "postgres",
            "-d",
            db,
            "-At",
            "-c",
            sql,
        ])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

#[test]
fn two_replicas_on_one_postgres_publish_concurrently_without_duplicates() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("replicas");
    let a = Broker::with_database(&url, &[]);
    let b = Broker::with_database(&url, &[]);
    const CONSUMERS: usize = 6;
    const VERSIONS: usize = 5;
    const ROUNDS: usize = 3;
    // Every (consumer, version) is published ROUNDS times through each
    // replica, all at once, with identical content for the same version.
    let mut handles = Vec::new();
    for replica in [a.url.clone(), b.url.clone()] {
        for c in 0..CONSUMERS {
            let replica = replica.clone();
            handles.push(std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for _ in 0..ROUNDS {
                    for v in 0..VERSIONS {
                        let consumer = format!("consumer-{c}");
                        let version = format!("1.0.{v}");
                        // Content changes every other version, like real builds.
                        let body = publish_body(
                            &consumer,
                            &version,
                            Some("main"),
                            &[
                                pact(&consumer, "shared-provider", &format!("v{}", v / 2)),
                                pact(&consumer, &format!("provider-{}", c % 2), "x"),
                            ],
                        );
                        let r = post(&format!("{replica}/contracts/publish"), &body);
                        statuses.push((r.status, r.text));
                    }
                }
                statuses
            }));
        }
    }
    for h in handles {
        for (status, text) in h.join().expect("publisher thread") {
            assert_eq!(status, 200, "every concurrent publication succeeds: {text}");
        }
    }
    // Both replicas see the same data.
    for broker in [&a, &b] {
        let list = get(&format!("{}/pacticipants?pageSize=1000", broker.url));
        assert_eq!(
            list.body["_embedded"]["pacticipants"]
                .as_array()
                .unwrap()
                .len(),
            CONSUMERS + 3
        );
        let versions = get(&format!("{}/pacticipants/consumer-0/versions", broker.url));
        assert_eq!(
            versions.body["_embedded"]["versions"]
                .as_array()
                .unwrap()
                .len(),
            VERSIONS
        );
    }
    // And the database holds each row once.
    let port = pg.port();
    let count = |sql: &str| psql_count(port, "replicas", sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM pacticipants"),
        (CONSUMERS + 3) as i64
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM versions"),
        (CONSUMERS * VERSIONS) as i64
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM pact_publications"),
        (CONSUMERS * VERSIONS * 2) as i64
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM branch_versions"),
        (CONSUMERS * VERSIONS) as i64
    );
    assert_eq!(count("SELECT COUNT(*) FROM branches"), CONSUMERS as i64);
    assert_eq!(
        count("SELECT COUNT(*) FROM integrations"),
        (CONSUMERS * 2) as i64
    );
    // Content is stored once per distinct document: per consumer, 3 shared
    // contents (v0, v1, v2) plus one for its own provider.
    assert_eq!(
        count("SELECT COUNT(*) FROM pact_contents"),
        (CONSUMERS * 4) as i64
    );
    // Every migration applied exactly once (not once per replica, none
    // skipped): as many rows as the newest version number.
    let applied = count("SELECT COUNT(*) FROM shipgate_schema_migrations");
    assert!(applied >= 2, "only {applied} migrations applied");
    assert_eq!(
        applied,
        count("SELECT MAX(version) FROM shipgate_schema_migrations"),
        "both replicas migrated once"
    );
    assert_eq!(applied, shipgate_broker::db::Db::schema_version());
}

/// Mixed load through two replicas: publications, verification results,
/// deployments (two deployers racing on the same pacticipant through
/// different replicas) and can-i-deploy reads. No request fails; every
/// acknowledged write is stored exactly once; one version per pacticipant
/// is currently deployed; both replicas give the same can-i-deploy answers.
#[test]
fn two_replicas_under_mixed_load_agree_and_lose_nothing() {
    use broker_support::{send, try_send};
    use serde_json::json;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("mixed");
    let a = Broker::with_database(&url, &[]);
    let b = Broker::with_database(&url, &[]);
    let replicas = [a.url.clone(), b.url.clone()];
    let env = post(
        &format!("{}/environments", a.url),
        &json!({"name": "production", "production": true}),
    );
    assert_eq!(env.status, 201, "{}", env.text);
    const CONSUMERS: usize = 3;
    const ROUNDS: usize = 12;
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let verifications = Arc::new(Mutex::new(0usize));
    let deployments = Arc::new(Mutex::new(0usize));
    let check = |failures: &Arc<Mutex<Vec<String>>>,
                 what: String,
                 r: Result<broker_support::Resp, String>,
                 ok: &[u16]|
     -> Option<broker_support::Resp> {
        match r {
            Ok(r) if ok.contains(&r.status) => Some(r),
            Ok(r) => {
                failures
                    .lock()
                    .unwrap()
                    .push(format!("{what}: {} {}", r.status, r.text));
                None
            }
            Err(e) => {
                failures.lock().unwrap().push(format!("{what}: {e}"));
                None
            }
        }
    };
    let mut handles = Vec::new();
    for c in 0..CONSUMERS {
        for (r, replica) in replicas.iter().enumerate() {
            let (replica, failures, verifications, deployments) = (
                replica.clone(),
                failures.clone(),
                verifications.clone(),
                deployments.clone(),
            );
            handles.push(std::thread::spawn(move || {
                let consumer = format!("consumer-{c}");
                for n in 0..ROUNDS {
                    // Each replica publishes its own versions of the consumer.
                    let version = format!("{r}.{n}");
                    let body = publish_body(&consumer, &version, Some("main"), &[pact(&consumer, "users", &format!("{r}-{n}"))]);
                    let t = Duration::from_secs(60);
                    let published = check(&failures, format!("publish {consumer} {version}"), try_send("POST", &format!("{replica}/contracts/publish"), Some(&body.to_string()), t), &[200]);
                    if published.is_none() {
                        continue;
                    }
                    let pact_doc = try_send("GET", &format!("{replica}/pacts/provider/users/consumer/{consumer}/version/{version}"), None, t);
                    let Some(doc) = check(&failures, format!("get pact {consumer} {version}"), pact_doc, &[200]) else { continue };
                    let sha = doc.body["_links"]["pb:pact-version"]["name"].as_str().unwrap_or_default().to_string();
                    // The provider verifies it (every 4th fails).
                    let v = json!({"success": n % 4 != 3, "providerApplicationVersion": format!("p-{c}-{r}-{n}")});
                    if check(&failures, format!("verify {consumer} {version}"), try_send("POST", &format!("{replica}/pacts/provider/users/consumer/{consumer}/pact-version/{sha}/verification-results"), Some(&v.to_string()), t), &[201]).is_some() {
                        *verifications.lock().unwrap() += 1;
                    }
                    // Both replicas deploy this consumer, racing.
                    if check(&failures, format!("deploy {consumer} {version}"), try_send("POST", &format!("{replica}/pacticipants/{consumer}/versions/{version}/deployed-versions/environment/production"), Some("{}"), t), &[201]).is_some() {
                        *deployments.lock().unwrap() += 1;
                    }
                    let _ = check(&failures, format!("can-i-deploy {consumer} {version}"), try_send("GET", &format!("{replica}/matrix?q[][pacticipant]={consumer}&q[][version]={version}&latestby=cvpv&environment=production"), None, t), &[200]);
                }
            }));
        }
    }
    for h in handles {
        h.join().expect("client");
    }
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.iter().take(5).collect::<Vec<_>>()
    );
    let port = pg.port();
    let count = |sql: &str| psql_count(port, "mixed", sql);
    let published = (CONSUMERS * 2 * ROUNDS) as i64;
    assert_eq!(count("SELECT COUNT(*) FROM pact_publications"), published);
    assert_eq!(count("SELECT COUNT(*) FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name LIKE 'consumer-%'"), published);
    assert_eq!(
        count("SELECT COUNT(*) FROM verifications"),
        *verifications.lock().unwrap() as i64
    );
    assert_eq!(*verifications.lock().unwrap(), published as usize);
    assert_eq!(
        count("SELECT COUNT(*) FROM deployed_versions"),
        *deployments.lock().unwrap() as i64
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM (SELECT pacticipant_id FROM deployed_versions WHERE currently_deployed = 1 GROUP BY pacticipant_id, environment_id, application_instance HAVING COUNT(*) > 1) x"),
        0,
        "two versions of one pacticipant are currently deployed at once"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM deployed_versions WHERE currently_deployed = 1"),
        CONSUMERS as i64
    );
    // Same answers from both replicas.
    let answer = |replica: &str, q: &str| {
        let r = send("GET", &format!("{replica}/matrix?{q}"), None, &[]);
        assert_eq!(r.status, 200, "{}", r.text);
        let rows: Vec<(Value, Value, Value)> = r.body["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["consumer"]["version"]["number"].clone(),
                    row["provider"]["version"]["number"].clone(),
                    row["verificationResult"]["success"].clone(),
                )
            })
            .collect();
        (
            r.body["summary"]["deployable"].clone(),
            r.body["summary"]["success"].clone(),
            r.body["summary"]["failed"].clone(),
            rows,
        )
    };
    for c in 0..CONSUMERS {
        for r in 0..2 {
            for n in [0, ROUNDS / 2, ROUNDS - 1] {
                for q in [
                    format!("q[][pacticipant]=consumer-{c}&q[][version]={r}.{n}&latestby=cvpv&environment=production"),
                    format!("q[][pacticipant]=consumer-{c}&q[][version]={r}.{n}&latestby=cvp&latest=true"),
                ] {
                    assert_eq!(answer(&a.url, &q), answer(&b.url, &q), "{q}");
                }
            }
        }
    }
}
