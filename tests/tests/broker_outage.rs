//! A PostgreSQL outage under load (issue 10, hole 7 and the checks that
//! stay): PostgreSQL is stopped while clients publish and ask
//! can-i-deploy. Every answer is a success or a 503 with `Retry-After`,
//! never a 500 and never a hang; the heartbeat keeps answering and
//! `/diagnostic/status/dependencies` reports the database down; when
//! PostgreSQL returns, the broker recovers by itself, and every publication
//! it acknowledged is there.
//!
//! The test prints the slowest answer during the outage (the promise is
//! "within 2 s", measured, not asserted: docs/reliability.md).

mod broker_support;

use broker_support::{b64, get, pact, try_send, Broker, Resp};
use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NORMAL: u8 = 0;
const OUTAGE: u8 = 1;
const BACK: u8 = 2;

#[derive(Debug)]
struct Answer {
    phase: u8,
    what: &'static str,
    result: Result<(u16, Option<String>, String), String>,
    ms: f64,
}

fn record(phase: &AtomicU8, what: &'static str, r: Result<Resp, String>, t: Instant) -> Answer {
    Answer {
        phase: phase.load(Ordering::SeqCst),
        what,
        result: r.map(|r| (r.status, r.retry_after, r.text)),
        ms: t.elapsed().as_secs_f64() * 1000.0,
    }
}

#[test]
fn postgres_stopped_mid_load_gives_503_with_retry_after_and_recovers() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("outage");
    let b = Broker::with_database(&url, &[]);
    let base = b.url.clone();
    let phase = Arc::new(AtomicU8::new(NORMAL));
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::<Answer>::new()));
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let timeout = Duration::from_secs(20);
    let mut handles = Vec::new();
    for w in 0..3 {
        let (base, phase, stop, answers, acked) = (
            base.clone(),
            phase.clone(),
            stop.clone(),
            answers.clone(),
            acked.clone(),
        );
        handles.push(std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let version = format!("{w}.{n}");
                let body = json!({
                    "pacticipantName": "web", "pacticipantVersionNumber": version, "branch": "main",
                    "contracts": [{"consumerName": "web", "providerName": "users", "specification": "pact",
                        "contentType": "application/json", "content": b64(&pact("web", "users", &version))}]
                });
                let t = Instant::now();
                let r = try_send(
                    "POST",
                    &format!("{base}/contracts/publish"),
                    Some(&body.to_string()),
                    timeout,
                );
                if matches!(&r, Ok(r) if r.status == 200) {
                    acked.lock().unwrap().push(version.clone());
                }
                let a = record(&phase, "publish", r, t);
                answers.lock().unwrap().push(a);
                let t = Instant::now();
                let r = try_send(
                    "GET",
                    &format!("{base}/matrix?q[][pacticipant]=web&q[][version]={version}&latestby=cvpv&latest=true"),
                    None,
                    timeout,
                );
                let a = record(&phase, "can-i-deploy", r, t);
                answers.lock().unwrap().push(a);
                n += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(2));
    pg.stop();
    phase.store(OUTAGE, Ordering::SeqCst);
    // During the outage: liveness yes, readiness no.
    std::thread::sleep(Duration::from_millis(500));
    let heartbeat = get(&format!("{base}/diagnostic/status/heartbeat"));
    assert_eq!(heartbeat.status, 200, "{}", heartbeat.text);
    let t = Instant::now();
    let deps = get(&format!("{base}/diagnostic/status/dependencies"));
    let deps_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(deps.status, 503, "{}", deps.text);
    assert_eq!(deps.retry_after.as_deref(), Some("1"));
    assert_eq!(
        deps.body["dependencies"]["database"]["ok"], false,
        "{}",
        deps.text
    );
    assert_eq!(deps.body["dependencies"]["database"]["backend"], "postgres");
    std::thread::sleep(Duration::from_secs(3));
    pg.restart();
    phase.store(BACK, Ordering::SeqCst);
    // The broker recovers by itself: no restart, no request from us.
    let mut recovered = false;
    for _ in 0..300 {
        let r = answers
            .lock()
            .unwrap()
            .iter()
            .rev()
            .take(6)
            .any(|a| a.phase == BACK && matches!(a.result, Ok((200, _, _))));
        if r {
            recovered = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.join().expect("client");
    }
    assert!(
        recovered,
        "no success after PostgreSQL came back; {}",
        b.log()
    );
    let answers = std::mem::take(&mut *answers.lock().unwrap());
    let mut outage_503 = 0;
    let mut slowest_503: f64 = 0.0;
    for a in &answers {
        match &a.result {
            Err(e) => panic!(
                "{} in phase {}: no answer ({e}) after {:.0} ms",
                a.what, a.phase, a.ms
            ),
            Ok((status, retry_after, text)) => {
                assert!(
                    matches!(status, 200 | 201 | 503),
                    "{} in phase {} got {status}: {text}",
                    a.what,
                    a.phase
                );
                if *status == 503 {
                    assert_eq!(
                        retry_after.as_deref(),
                        Some("1"),
                        "503 without Retry-After: {text}"
                    );
                    slowest_503 = slowest_503.max(a.ms);
                    outage_503 += 1;
                }
            }
        }
    }
    assert!(outage_503 > 0, "no request saw the outage");
    eprintln!(
        "outage: {outage_503} answers were 503, the slowest after {slowest_503:.0} ms; dependencies answered 503 after {deps_ms:.0} ms"
    );
    // Everything acknowledged is there.
    for version in acked.lock().unwrap().iter() {
        let r = get(&format!(
            "{base}/pacts/provider/users/consumer/web/version/{version}"
        ));
        assert_eq!(r.status, 200, "acknowledged {version} is lost");
    }
}
