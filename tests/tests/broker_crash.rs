//! Crash and restart (issue 10, checks that stay): `kill -9` the broker in
//! the middle of a load of publications and verification results, restart
//! it on the same database, and find every write it acknowledged, on SQLite
//! and on PostgreSQL. A write is acknowledged when the client got a 2xx;
//! requests cut off by the kill were never acknowledged and may or may not
//! be present. (PostgreSQL itself keeps running here; the outage test,
//! `broker_outage.rs`, stops it.)

mod broker_support;

use broker_support::{b64, pact, post, try_send, Broker};
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What clients were told was stored.
#[derive(Debug, Default)]
struct Acknowledged {
    /// (consumer, version, provider) of every acknowledged publication.
    pacts: Vec<(String, String, String)>,
    /// The URL of every acknowledged verification result.
    verifications: Vec<String>,
}

const PUBLISHERS: usize = 4;
const VERIFIERS: usize = 2;

/// Run publishers and verifiers against `url` until `stop`; record what was
/// acknowledged.
fn load(
    url: String,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Acknowledged>>,
    done: Arc<AtomicUsize>,
) -> Vec<std::thread::JoinHandle<()>> {
    let mut handles = Vec::new();
    // The pact the verifiers verify, published before the load.
    let seed = json!({
        "pacticipantName": "web", "pacticipantVersionNumber": "seed", "branch": "main",
        "contracts": [{"consumerName": "web", "providerName": "users", "specification": "pact",
            "contentType": "application/json", "content": b64(&pact("web", "users", "seed"))}]
    });
    let r = post(&format!("{url}/contracts/publish"), &seed);
    assert_eq!(r.status, 200, "{}", r.text);
    let seeded = broker_support::get(&format!(
        "{url}/pacts/provider/users/consumer/web/version/seed"
    ));
    let sha = seeded.body["_links"]["pb:pact-version"]["name"]
        .as_str()
        .expect("the seeded pact's content hash")
        .to_string();
    for w in 0..PUBLISHERS {
        let (url, stop, acked, done) = (url.clone(), stop.clone(), acked.clone(), done.clone());
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let consumer = format!("consumer-{w}");
                let version = format!("1.0.{n}");
                let contracts: Vec<serde_json::Value> = ["users", "orders"]
                    .iter()
                    .map(|p| {
                        json!({
                            "consumerName": consumer, "providerName": p, "specification": "pact",
                            "contentType": "application/json",
                            "content": b64(&pact(&consumer, p, &format!("{w}-{n}"))),
                        })
                    })
                    .collect();
                let body = json!({
                    "pacticipantName": consumer, "pacticipantVersionNumber": version,
                    "branch": "main", "contracts": contracts
                });
                let r = try_send(
                    "POST",
                    &format!("{url}/contracts/publish"),
                    Some(&body.to_string()),
                    Duration::from_secs(30),
                );
                if let Ok(r) = r {
                    if r.status == 200 {
                        let mut a = acked.lock().unwrap();
                        for p in ["users", "orders"] {
                            a.pacts
                                .push((consumer.clone(), version.clone(), p.to_string()));
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    } else {
                        assert!(
                            r.status == 503,
                            "a publication failed with {}: {}",
                            r.status,
                            r.text
                        );
                    }
                }
                n += 1;
            }
        }));
    }
    for w in 0..VERIFIERS {
        let (url, stop, acked, sha) = (url.clone(), stop.clone(), acked.clone(), sha.clone());
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let body = json!({"success": n % 3 != 0, "providerApplicationVersion": format!("p{w}.{n}"), "testResults": []});
                let r = try_send(
                    "POST",
                    &format!("{url}/pacts/provider/users/consumer/web/pact-version/{sha}/verification-results"),
                    Some(&body.to_string()),
                    Duration::from_secs(30),
                );
                if let Ok(r) = r {
                    if r.status == 201 {
                        let href = r.body["_links"]["self"]["href"].as_str().expect("result link").to_string();
                        acked.lock().unwrap().verifications.push(href);
                    } else {
                        assert!(r.status == 503, "a verification failed with {}: {}", r.status, r.text);
                    }
                }
                n += 1;
            }
        }));
    }
    handles
}

/// Start the load, kill the broker with SIGKILL once enough writes are in,
/// restart it on the same database, and check every acknowledged write.
fn kill_mid_load_and_check(database_url: &str) {
    let mut broker = Broker::with_database(database_url, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let done = Arc::new(AtomicUsize::new(0));
    let handles = load(
        broker.url.clone(),
        stop.clone(),
        acked.clone(),
        done.clone(),
    );
    while done.load(Ordering::Relaxed) < 40 {
        std::thread::sleep(Duration::from_millis(20));
    }
    broker.kill9();
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.join().expect("client thread");
    }
    let acked = std::mem::take(&mut *acked.lock().unwrap());
    assert!(
        acked.pacts.len() >= 80 && !acked.verifications.is_empty(),
        "{} pacts, {} verifications acknowledged",
        acked.pacts.len(),
        acked.verifications.len()
    );
    // A new process on the same database.
    let restarted = Broker::with_database(database_url, &[]);
    let base_of = |href: &str| {
        href.splitn(4, '/')
            .nth(3)
            .map(|p| format!("{}/{p}", restarted.url))
            .unwrap()
    };
    for (consumer, version, provider) in &acked.pacts {
        let r = try_send(
            "GET",
            &format!(
                "{}/pacts/provider/{provider}/consumer/{consumer}/version/{version}",
                restarted.url
            ),
            None,
            Duration::from_secs(30),
        )
        .expect("GET");
        assert_eq!(
            r.status, 200,
            "acknowledged publication {consumer} {version} → {provider} is lost: {}",
            r.text
        );
    }
    for href in &acked.verifications {
        let r = try_send("GET", &base_of(href), None, Duration::from_secs(30)).expect("GET");
        assert_eq!(
            r.status, 200,
            "acknowledged verification {href} is lost: {}",
            r.text
        );
    }
    // And the restarted broker takes writes again.
    let r = post(
        &format!("{}/contracts/publish", restarted.url),
        &json!({"pacticipantName": "after", "pacticipantVersionNumber": "1", "contracts": [{"consumerName": "after", "providerName": "users", "specification": "pact", "contentType": "application/json", "content": b64(&pact("after", "users", "x"))}]}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

#[test]
fn kill_9_mid_load_loses_no_acknowledged_write_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    kill_mid_load_and_check(&url);
}

#[test]
fn kill_9_mid_load_loses_no_acknowledged_write_on_postgres() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("crash");
    kill_mid_load_and_check(&url);
}
