//! Two `shipgate broker serve` processes on one PostgreSQL database behave
//! as one broker: concurrent publications of the same versions and content
//! through both replicas all succeed and never duplicate rows.

mod broker_support;

use broker_support::{get, pact, post, publish_body, Broker};
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
}
