//! Issue 13, "Contracts": generators are applied end to end, in `verify`
//! against the real provider (tests/src/provider.rs) and in `stub` for a real
//! client; and every response of a v4 `Synchronous/Messages` interaction is
//! checked, not only the first.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};

use serde_json::{json, Value};
use shipgate_e2e::provider::ProviderServer;
use shipgate_e2e::{run, shipgate, stderr, stdout};

fn write_pact(dir: &std::path::Path, version: &str, interactions: Value) -> String {
    let pact = json!({
        "consumer": {"name": "web"},
        "provider": {"name": "users"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": version}}
    });
    let path = dir.join(format!("web-users-{version}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&pact).unwrap()).unwrap();
    path.display().to_string()
}

fn verify(server: &ProviderServer, pact: &str) -> std::process::Output {
    run(shipgate()
        .args(["verify", "--provider-base-url", &server.base_url()])
        .args(["--pact", pact])
        .args(["--provider-states-setup-url", &server.state_url()])
        .args(["--message-url", &server.messages_url()])
        .env("NO_PROXY", "*"))
}

fn regex(re: &str) -> Value {
    json!({"matchers": [{"match": "regex", "regex": re}]})
}

/// See: issue 13, Contracts 2. The provider picks the user's id in its state
/// set-up and answers it; the request path and the expected body take it from
/// there (ProviderState generators). Without them the request goes to
/// /users/1 (no such user) and the expected id is 1.
#[test]
fn issue13_provider_state_generators_use_the_state_change_answer() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(
        dir.path(),
        "3.0.0",
        json!([{
            "description": "a user the provider created",
            "providerStates": [{"name": "a user with a new id exists"}],
            "request": {
                "method": "GET", "path": "/users/1",
                "headers": {"Accept": "application/json"},
                "generators": {"path": {"type": "ProviderState", "expression": "/users/${id}"}}
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"userId": 1, "name": "Chosen"},
                "generators": {"body": {"$.userId": {"type": "ProviderState", "expression": "${id}"}}}
            }
        }]),
    );
    let out = verify(&server, &pact);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("(GET /users/7100, "), "{text}");
    assert!(
        server
            .handle()
            .requests()
            .contains(&"GET /users/7100".to_owned()),
        "{:?}",
        server.handle().requests()
    );
}

/// A ProviderState generator whose key the state does not provide keeps the
/// example and says why, next to the interaction.
#[test]
fn issue13_missing_provider_state_value_is_named() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(
        dir.path(),
        "3.0.0",
        json!([{
            "description": "a user by a key the state does not give",
            "providerStates": [{"name": "a user with a new id exists"}],
            "request": {
                "method": "GET", "path": "/users/1",
                "generators": {"path": {"type": "ProviderState", "expression": "/users/${userId}"}}
            },
            "response": {"status": 200}
        }]),
    );
    let out = verify(&server, &pact);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "note: path generator: provider state has no value `userId` (it has: id, name)"
        ),
        "{text}"
    );
}

/// Random, date and time generators in the request body, query and headers:
/// the provider echoes what it got and the pact's own matching rules check it.
#[test]
fn issue13_request_generators_send_fresh_values_to_the_provider() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let example = json!({
        "id": "example-id", "n": 1, "hex": "x", "s": "x", "r": "x", "flag": "x",
        "d": "x", "t": "x", "dt": "x", "dec": 1.0
    });
    let pact = write_pact(
        dir.path(),
        "4.0",
        json!([{
            "type": "Synchronous/HTTP",
            "description": "echo generated values",
            "request": {
                "method": "POST", "path": "/echo",
                "query": {"since": ["2000-01-01"]},
                "headers": {"Content-Type": ["application/json"], "X-Request-Id": ["example"]},
                "body": {"content": example, "contentType": "application/json", "encoded": false},
                "generators": {
                    "query": {"since": {"type": "Date", "format": "yyyy-MM-dd", "expression": "today - 7 days"}},
                    "header": {"X-Request-Id": {"type": "Uuid", "format": "simple"}},
                    "body": {
                        "$.id": {"type": "Uuid"},
                        "$.n": {"type": "RandomInt", "min": 1000, "max": 1999},
                        "$.hex": {"type": "RandomHexadecimal", "digits": 8},
                        "$.s": {"type": "RandomString", "size": 12},
                        "$.r": {"type": "Regex", "regex": "ORD-\\d{4}"},
                        "$.flag": {"type": "RandomBoolean"},
                        "$.d": {"type": "Date", "format": "dd/MM/yyyy", "expression": "tomorrow"},
                        "$.t": {"type": "Time", "format": "HH:mm"},
                        "$.dt": {"type": "DateTime", "format": "yyyy-MM-dd'T'HH:mm:ss"},
                        "$.dec": {"type": "RandomDecimal", "digits": 5}
                    }
                }
            },
            "response": {
                "status": 200,
                "body": {"content": {"query": {"since": "2000-01-01"}, "headers": {"x-request-id": "x"}, "body": example},
                         "contentType": "application/json", "encoded": false},
                "matchingRules": {"body": {
                    "$.query.since": regex("^\\d{4}-\\d{2}-\\d{2}$"),
                    "$.headers.x-request-id": regex("^[0-9a-f]{32}$"),
                    "$.body.id": regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"),
                    "$.body.n": {"matchers": [{"match": "integer"}]},
                    "$.body.hex": regex("^[0-9A-F]{8}$"),
                    "$.body.s": regex("^[A-Za-z0-9]{12}$"),
                    "$.body.r": regex("^ORD-\\d{4}$"),
                    "$.body.flag": {"matchers": [{"match": "boolean"}]},
                    "$.body.d": {"matchers": [{"match": "date", "format": "dd/MM/yyyy"}]},
                    "$.body.t": {"matchers": [{"match": "time", "format": "HH:mm"}]},
                    "$.body.dt": {"matchers": [{"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"}]},
                    "$.body.dec": {"matchers": [{"match": "decimal"}]}
                }}
            }
        }]),
    );
    let out = verify(&server, &pact);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    let echoes = server.handle().echoes();
    assert_eq!(echoes.len(), 1, "{echoes:?}");
    let body = &echoes[0]["body"];
    let n = body["n"].as_i64().unwrap();
    assert!((1000..=1999).contains(&n), "{body}");
    assert_ne!(body["id"], example["id"], "{body}");
    assert_ne!(echoes[0]["query"]["since"], "2000-01-01", "{}", echoes[0]);
    let week_ago = (chrono::Local::now() - chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let since = echoes[0]["query"]["since"].as_str().unwrap();
    // Around midnight the run may straddle two days.
    let day_before = (chrono::Local::now() - chrono::Duration::days(8))
        .format("%Y-%m-%d")
        .to_string();
    assert!(since == week_ago || since == day_before, "{since}");
}

/// See: issue 13, Contracts 3. A v4 synchronous message with two responses:
/// both are compared with what the provider sent. The second interaction
/// expects a different second response, which only a check of every response
/// catches.
#[test]
fn issue13_every_response_of_a_synchronous_message_is_checked() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let sync = |description: &str, last_status: &str| {
        json!({
            "type": "Synchronous/Messages",
            "description": description,
            "request": {"contents": {"content": {"item": "widget"}, "contentType": "application/json", "encoded": false}},
            "response": [
                {"contents": {"content": {"item": "widget", "price": 12.5}, "contentType": "application/json", "encoded": false},
                 "metadata": {"topic": "quotes"}},
                {"contents": {"content": {"status": last_status}, "contentType": "application/json", "encoded": false},
                 "metadata": {"topic": "quotes"}}
            ]
        })
    };
    let pact = write_pact(
        dir.path(),
        "4.0",
        json!([
            sync("a quote stream", "done"),
            sync("a quote stream that ends differently", "complete")
        ]),
    );
    let out = verify(&server, &pact);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(text.contains("✓ a quote stream ("), "{text}");
    assert!(
        text.contains("✗ a quote stream that ends differently"),
        "{text}"
    );
    assert!(
        text.contains("PACT006 response[1].status: response 2 of 2:"),
        "{text}"
    );
    assert!(text.ends_with("2 interactions, 1 failed\n"), "{text}");
}

/// A provider that answers one message where the pact expects two fails on
/// the missing one, and says how to send several.
#[test]
fn issue13_a_missing_response_is_a_mismatch() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(
        dir.path(),
        "4.0",
        json!([{
            "type": "Synchronous/Messages",
            "description": "a user-created event",
            "request": {"contents": {"content": {"id": 42}, "contentType": "application/json", "encoded": false}},
            "response": [
                {"contents": {"content": {"event": "user.created"}, "contentType": "application/json", "encoded": false}},
                {"contents": {"content": {"event": "user.welcomed"}, "contentType": "application/json", "encoded": false}}
            ]
        }]),
    );
    let out = verify(&server, &pact);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("PACT006 response[1]: expected 2 responses but the provider sent 1: response 2 is missing (send several as a JSON array with the header Pact-Message-Responses)"),
        "{text}"
    );
}

struct StubProcess {
    child: Child,
    base: String,
}

impl Drop for StubProcess {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn start_stub(pact: &str) -> StubProcess {
    let mut child = shipgate()
        .args(["stub", "--port", "0", "--pact", pact])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawning shipgate stub");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .last()
        .filter(|u| u.starts_with("http://"))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    StubProcess { child, base }
}

/// See: issue 13, Contracts 2, for `stub`: response generators apply as in a
/// Pact mock server, MockServerURL points at the stub itself, and a
/// ProviderState generator keeps its example (there is no provider state).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue13_stub_applies_response_generators() {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(
        dir.path(),
        "4.0",
        json!([{
            "type": "Synchronous/HTTP",
            "description": "an order",
            "request": {"method": "GET", "path": "/orders/5678"},
            "response": {
                "status": 200,
                "headers": {"Content-Type": ["application/json"], "X-Trace": ["example"]},
                "body": {"content": {
                    "id": 1, "token": "example", "due": "2000-01-01", "owner": 42,
                    "links": {"self": "http://localhost:1234/orders/5678"}
                }, "contentType": "application/json", "encoded": false},
                "generators": {
                    "header": {"X-Trace": {"type": "Uuid"}},
                    "body": {
                        "$.id": {"type": "RandomInt", "min": 100, "max": 999},
                        "$.token": {"type": "RandomString", "size": 16},
                        "$.due": {"type": "Date", "format": "yyyy-MM-dd", "expression": "today + 30 days"},
                        "$.owner": {"type": "ProviderState", "expression": "${ownerId}"},
                        "$.links.self": {"type": "MockServerURL", "example": "http://localhost:1234/orders/5678", "regex": ".*(/orders/\\d+)$"}
                    }
                }
            }
        }]),
    );
    let stub = tokio::task::spawn_blocking(move || start_stub(&pact))
        .await
        .unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let resp = client
            .get(format!("{}/orders/5678", stub.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let trace = resp.headers()["x-trace"].to_str().unwrap().to_owned();
        assert_eq!(trace.len(), 36, "{trace}");
        let body: Value = resp.json().await.unwrap();
        let id = body["id"].as_i64().unwrap();
        assert!((100..=999).contains(&id), "{body}");
        assert_eq!(body["links"]["self"], format!("{}/orders/5678", stub.base));
        assert_eq!(body["owner"], 42, "{body}");
        let soon = (chrono::Local::now() + chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string();
        let later = (chrono::Local::now() + chrono::Duration::days(31))
            .format("%Y-%m-%d")
            .to_string();
        assert!(
            body["due"] == soon.as_str() || body["due"] == later.as_str(),
            "{body}"
        );
        tokens.push(body["token"].as_str().unwrap().to_owned());
    }
    assert_ne!(tokens[0], tokens[1], "each answer is generated afresh");
    assert_eq!(tokens[0].len(), 16);
    tokio::task::spawn_blocking(move || drop(stub))
        .await
        .unwrap();
}
