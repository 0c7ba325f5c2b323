//! Webhooks end to end, on SQLite and on PostgreSQL: a real receiving HTTP
//! server on loopback (which the guard refuses unless the broker runs with
//! the test-only `--webhooks-allow-loopback`), the Pact Broker's events and
//! `${pactbroker.*}` variables, asynchronous execution with a retry after a
//! failure, the execution logs, secrets never shown, and the SSRF guard's
//! refusals naming the setting that would permit the call.

mod broker_support;

use broker_support::{get, pact, post, publish_body, put, send, Broker};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One received call: URI, Authorization header, JSON body.
type Call = (String, String, Value);
type Seen = Arc<Mutex<Vec<Call>>>;

/// A receiving server: records every request, fails the first `fail` ones.
struct Receiver {
    addr: std::net::SocketAddr,
    seen: Seen,
    _rt: tokio::runtime::Runtime,
}

impl Receiver {
    fn start(fail: usize) -> Receiver {
        use axum::extract::{Request, State};
        use axum::http::StatusCode;
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let state = (seen.clone(), Arc::new(Mutex::new(fail)));
        let addr = rt.block_on(async move {
            async fn hook(
                State((seen, fail)): State<(Seen, Arc<Mutex<usize>>)>,
                req: Request,
            ) -> (StatusCode, String) {
                let uri = req.uri().to_string();
                let auth = req
                    .headers()
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let bytes = axum::body::to_bytes(req.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                seen.lock().unwrap().push((uri, auth.clone(), body));
                let mut f = fail.lock().unwrap();
                if *f > 0 {
                    *f -= 1;
                    return (StatusCode::INTERNAL_SERVER_ERROR, "try again".into());
                }
                // A careless server echoes the credentials: the logs must not.
                (StatusCode::OK, format!("received with {auth}"))
            }
            let app = axum::Router::new().fallback(hook).with_state(state);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await });
            addr
        });
        Receiver {
            addr,
            seen,
            _rt: rt,
        }
    }

    fn seen(&self) -> Vec<Call> {
        self.seen.lock().unwrap().clone()
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

const LOOPBACK_FLAGS: &[&str] = &[
    "--webhooks-allow-loopback",
    "--webhooks-schemes",
    "http,https",
    "--webhooks-retry-schedule",
    "0.3,0.3",
];

fn scenario(b: &Broker) {
    let u = &b.url;
    let recv = Receiver::start(1);
    let hook_url = format!(
        "http://{}/hook?consumer=${{pactbroker.consumerName}}&event=${{pactbroker.eventName}}",
        recv.addr
    );
    post(&format!("{u}/pacticipants"), &json!({"name": "web"}));
    post(&format!("{u}/pacticipants"), &json!({"name": "users"}));
    let r = post(
        &format!("{u}/webhooks/provider/users/consumer/web"),
        &json!({
            "description": "notify CI",
            "events": [{"name": "contract_published"}, {"name": "contract_content_changed"},
                       {"name": "provider_verification_published"}, {"name": "provider_verification_failed"}],
            "request": {
                "method": "POST",
                "url": hook_url,
                "headers": {"Content-Type": "application/json", "Authorization": "Bearer s3cr3t-t0ken"},
                "body": {"pact": "${pactbroker.pactUrl}", "version": "${pactbroker.consumerVersionNumber}",
                         "branch": "${pactbroker.consumerVersionBranch}", "status": "${pactbroker.githubVerificationStatus}",
                         "result": "${pactbroker.verificationResultUrl}", "provider": "${pactbroker.providerVersionNumber}"}
            }
        }),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    // Secrets are never echoed back.
    assert!(!r.text.contains("s3cr3t"), "{}", r.text);
    assert_eq!(r.body["request"]["headers"]["Authorization"], "**********");
    let uuid = r.body["uuid"].as_str().unwrap().to_string();
    assert!(!get(&format!("{u}/webhooks/{uuid}")).text.contains("s3cr3t"));

    // Publishing triggers contract_published and contract_content_changed.
    let p = pact("web", "users", "one");
    let r = post(
        &format!("{u}/contracts/publish"),
        &publish_body("web", "1.0.0", Some("main"), std::slice::from_ref(&p)),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    // One of them fails once (500) and is retried: 3 calls in all.
    wait_for("the publication webhooks", || recv.seen().len() >= 3);
    let seen = recv.seen();
    let events: Vec<String> = seen.iter().map(|s| s.0.clone()).collect();
    assert!(
        events
            .iter()
            .any(|e| e.contains("event=contract_published")),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("event=contract_content_changed")),
        "{events:?}"
    );
    assert!(
        events.iter().all(|e| e.contains("consumer=web")),
        "{events:?}"
    );
    let body = &seen[0].2;
    assert_eq!(body["version"], "1.0.0");
    assert_eq!(body["branch"], "main");
    assert_eq!(body["status"], "pending");
    assert!(
        body["pact"]
            .as_str()
            .unwrap()
            .contains("/pacts/provider/users/consumer/web/pact-version/"),
        "{body}"
    );
    assert_eq!(
        seen[0].1, "Bearer s3cr3t-t0ken",
        "the receiver gets the real header"
    );

    // The executions and their logs.
    let triggered = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/1.0.0/triggered-webhooks"
    ));
    let list = triggered.body["_embedded"]["triggeredWebhooks"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(list.len(), 2, "{}", triggered.text);
    wait_for("both executions to succeed", || {
        let t = get(&format!(
            "{u}/pacts/provider/users/consumer/web/version/1.0.0/triggered-webhooks"
        ));
        t.body["_embedded"]["triggeredWebhooks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "success")
    });
    let t = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/1.0.0/triggered-webhooks"
    ));
    let attempts: Vec<i64> = t.body["_embedded"]["triggeredWebhooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["numberOfAttemptsMade"].as_i64().unwrap())
        .collect();
    assert_eq!(attempts.iter().sum::<i64>(), 3, "one retry: {attempts:?}");
    let retried = t.body["_embedded"]["triggeredWebhooks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["numberOfAttemptsMade"] == 2)
        .unwrap()
        .clone();
    let logs = get(retried["_links"]["pb:logs"]["href"].as_str().unwrap());
    assert!(
        logs.text.contains("attempt 1 at") && logs.text.contains("attempt 2 at"),
        "{}",
        logs.text
    );
    assert!(logs.text.contains("HTTP/1.1 500"), "{}", logs.text);
    assert!(logs.text.contains("retrying in"), "{}", logs.text);
    assert!(logs.text.contains("HTTP/1.1 200"), "{}", logs.text);
    assert!(
        !logs.text.contains("s3cr3t"),
        "credentials in the log: {}",
        logs.text
    );
    assert!(
        logs.text.contains("Authorization: **********"),
        "{}",
        logs.text
    );

    // A failed verification fires provider_verification_published and _failed.
    let doc = get(&format!(
        "{u}/pacts/provider/users/consumer/web/version/1.0.0"
    ));
    let href = doc.body["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .unwrap()
        .to_string();
    let r = post(
        &href,
        &json!({"success": false, "providerApplicationVersion": "2.0.0"}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    wait_for("the verification webhooks", || recv.seen().len() >= 5);
    let seen = recv.seen();
    let later: Vec<&Call> = seen[3..].iter().collect();
    assert!(later
        .iter()
        .any(|s| s.0.contains("event=provider_verification_failed")));
    assert!(
        later
            .iter()
            .all(|s| s.2["status"] == "failure" && s.2["provider"] == "2.0.0"),
        "{later:?}"
    );
    assert!(later[0].2["result"]
        .as_str()
        .unwrap()
        .contains("/verification-results/"));

    // Republishing the same content: published, but not content changed.
    let before = recv.seen().len();
    post(
        &format!("{u}/contracts/publish"),
        &publish_body("web", "1.0.1", Some("main"), std::slice::from_ref(&p)),
    );
    wait_for("the republication webhook", || recv.seen().len() > before);
    std::thread::sleep(Duration::from_millis(800));
    let new: Vec<String> = recv.seen()[before..].iter().map(|s| s.0.clone()).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains("event=contract_published"), "{new:?}");

    // Test execution: synchronous, with the response and the log.
    let r = send(
        "POST",
        &format!("{u}/webhooks/{uuid}/execute"),
        Some("{}"),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["response"]["status"], 200);
    assert!(!r.text.contains("s3cr3t"), "{}", r.text);

    // Update and delete.
    let r = put(
        &format!("{u}/webhooks/{uuid}"),
        &json!({"events": [{"name": "contract_published"}], "request": {"method": "POST", "url": format!("http://{}/other", recv.addr)}}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        send("DELETE", &format!("{u}/webhooks/{uuid}"), None, &[]).status,
        204
    );
    assert_eq!(get(&format!("{u}/webhooks/{uuid}")).status, 404);
}

#[test]
fn webhooks_on_sqlite() {
    let b = Broker::sqlite(LOOPBACK_FLAGS);
    scenario(&b);
}

#[test]
fn webhooks_on_postgres() {
    let Some(pg) = shipgate_e2e::postgres::PgServer::start() else {
        return;
    };
    let url = pg.create_database("webhooks");
    let b = Broker::with_database(&url, LOOPBACK_FLAGS);
    scenario(&b);
}

#[test]
fn the_guard_refuses_loopback_metadata_and_private_addresses() {
    let recv = Receiver::start(0);
    let b = Broker::sqlite(&[
        "--webhooks-schemes",
        "http,https",
        "--webhooks-allow",
        "10.9.0.0/16,169.254.169.254",
    ]);
    let u = &b.url;
    let test = |url: String| {
        let r = post(
            &format!("{u}/webhooks/execute"),
            &json!({"events": [{"name": "contract_published"}], "request": {"method": "POST", "url": url}}),
        );
        assert_eq!(r.status, 400, "{}", r.text);
        r.body["logs"].as_str().unwrap_or_default().to_string()
    };
    // Loopback by IP and by name (through the resolver, at connect time).
    let log = test(format!("http://{}/hook", recv.addr));
    assert!(
        log.contains("loopback") && log.contains("--webhooks-allow-loopback"),
        "{log}"
    );
    let log = test(format!("http://localhost:{}/hook", recv.addr.port()));
    assert!(log.contains("loopback"), "{log}");
    assert!(
        recv.seen().is_empty(),
        "the receiver was called: {:?}",
        recv.seen()
    );
    // Metadata stays refused although allow-listed; private ranges name the setting.
    let log = test("http://169.254.169.254/latest/meta-data/".into());
    assert!(log.contains("metadata"), "{log}");
    let log = test("http://10.1.2.3/hook".into());
    assert!(
        log.contains("10.0.0.0/8") && log.contains("[broker.webhooks] allow"),
        "{log}"
    );
    // Creating a webhook checks only scheme and method: an unresolvable host is fine.
    let ok = post(
        &format!("{u}/webhooks"),
        &json!({"events": [{"name": "contract_published"}], "request": {"method": "POST", "url": "https://not-yet.invalid/hook"}}),
    );
    assert_eq!(ok.status, 201, "{}", ok.text);
    let bad = post(
        &format!("{u}/webhooks"),
        &json!({"events": [{"name": "contract_published"}], "request": {"method": "DELETE", "url": "ftp://ci.example/hook"}}),
    );
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert!(
        bad.body["errors"]["request.url"][0]
            .as_str()
            .unwrap()
            .contains("scheme ftp"),
        "{}",
        bad.text
    );
    assert!(
        bad.body["errors"]["request.method"][0]
            .as_str()
            .unwrap()
            .contains("DELETE"),
        "{}",
        bad.text
    );
}
