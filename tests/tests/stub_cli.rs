//! `shipgate stub` end to end: the real binary serves the fixture pact to a
//! real HTTP client (reqwest); provider states are picked by header; an
//! unmatched request gets a 404 explaining the closest interaction.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};

use serde_json::{json, Value};
use shipgate_e2e::{shipgate, workspace_root};

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

fn start_stub() -> StubProcess {
    let fixture = workspace_root().join("tests/fixtures/pacts/checkout-ui-users.json");
    let mut child = shipgate()
        .args(["stub", "--port", "0", "--pact"])
        .arg(&fixture)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawning shipgate stub");
    // The first line names the address: "... on http://127.0.0.1:PORT".
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reading the stub's first line");
    let base = line
        .split_whitespace()
        .last()
        .filter(|u| u.starts_with("http://"))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    assert!(line.contains("serving 3 interactions"), "{line}");
    StubProcess { child, base }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stub_serves_pact_to_a_real_client() {
    let stub = tokio::task::spawn_blocking(start_stub).await.unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();

    let resp = client
        .get(format!("{}/users/42", stub.base))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        json!({"userId": 42, "name": "Alice", "email": "alice@example.com"})
    );

    let created = client
        .post(format!("{}/users", stub.base))
        .json(&json!({"name": "Bob", "email": "bob@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.json::<Value>().await.unwrap()["userId"], 100);

    // Picking by provider state: only "no users exist" interactions are considered.
    let missing = client
        .get(format!("{}/users/7", stub.base))
        .header("X-Pact-Provider-State", "no users exist")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        missing.bytes().await.unwrap().is_empty(),
        "the recorded 404 has no body"
    );

    let wrong_state = client
        .get(format!("{}/users/42", stub.base))
        .header("Accept", "application/json")
        .header("X-Pact-Provider-State", "no users exist")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_state.status(), 404);
    let explained: Value = wrong_state.json().await.unwrap();
    assert_eq!(
        explained["closest"]["description"], "a request for a user that does not exist",
        "{explained:#}"
    );

    // A near miss: right path, wrong body key.
    let near = client
        .post(format!("{}/users", stub.base))
        .json(&json!({"name": "Bob", "mail": "bob@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(near.status(), 404);
    let explained: Value = near.json().await.unwrap();
    assert_eq!(explained["error"], "no interaction matched POST /users");
    assert_eq!(
        explained["closest"]["description"], "a request to create a user",
        "{explained:#}"
    );
    let codes: Vec<&str> = explained["closest"]["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["path"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"$.email") && codes.contains(&"$.mail"),
        "{explained:#}"
    );
    tokio::task::spawn_blocking(move || drop(stub))
        .await
        .unwrap();
}
