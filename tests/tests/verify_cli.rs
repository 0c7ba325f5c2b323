//! `shipgate verify` end to end: the real binary against the real axum
//! provider in `tests/src/provider.rs`, with provider states, messages,
//! a deliberately broken provider (`userId` renamed to `user_id`), output
//! formats and bad input.

use serde_json::Value;
use shipgate_e2e::provider::ProviderServer;
use shipgate_e2e::{run, shipgate, stderr, stdout, workspace_root};

fn fixture() -> String {
    workspace_root()
        .join("tests/fixtures/pacts/checkout-ui-users.json")
        .display()
        .to_string()
}

fn verify(server: &ProviderServer, extra: &[&str]) -> std::process::Output {
    let mut cmd = shipgate();
    cmd.args(["verify", "--provider-base-url"])
        .arg(server.base_url())
        .args(["--pact", &fixture()])
        .arg("--provider-states-setup-url")
        .arg(server.state_url())
        .arg("--message-url")
        .arg(server.messages_url())
        .args(extra)
        .env("NO_PROXY", "*");
    run(&mut cmd)
}

/// Timings and ports vary between runs.
fn stable(text: &str, server: &ProviderServer) -> String {
    let text = text.replace(&server.base_url(), "http://PROVIDER");
    mask_millis(&text).replace(&fixture(), "tests/fixtures/pacts/checkout-ui-users.json")
}

fn mask_millis(text: &str) -> String {
    // Replace "NNN ms)" with "N ms)".
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" ms)") {
        let head = &rest[..i];
        let digits = head.chars().rev().take_while(char::is_ascii_digit).count();
        out.push_str(&head[..head.len() - digits]);
        out.push_str("N ms)");
        rest = &rest[i + 4..];
    }
    out.push_str(rest);
    out
}

#[test]
fn good_provider_verifies_with_states_and_messages() {
    let server = ProviderServer::start(false);
    let out = verify(&server, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("4 interactions, 0 failed"), "{text}");
    // The verifier convention: setup then teardown, with params.
    let calls = server.handle().state_calls();
    let first = &calls[0];
    assert_eq!(first["state"], "a user with id exists", "{calls:?}");
    assert_eq!(first["action"], "setup");
    assert_eq!(first["params"]["id"], 42);
    assert!(
        calls
            .iter()
            .any(|c| c["action"] == "teardown" && c["state"] == "a user with id exists"),
        "{calls:?}"
    );
    let requests = server.handle().requests();
    assert!(
        requests.contains(&"GET /users/42".to_owned()),
        "{requests:?}"
    );
    assert!(
        requests.contains(&"MESSAGE a user-created event".to_owned()),
        "{requests:?}"
    );
}

#[test]
fn broken_provider_fails_with_readable_diff() {
    let server = ProviderServer::start(true);
    let out = verify(&server, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stable(&stdout(&out), &server);
    assert!(text.contains("-  \"userId\": 42\n"), "{text}");
    assert!(text.contains("+  \"user_id\": 42"), "{text}");
    assert!(text.ends_with("4 interactions, 3 failed\n"), "{text}");
    insta::assert_snapshot!("verify_broken_provider", text);
}

#[test]
fn broken_provider_json_output_has_pact_codes() {
    let server = ProviderServer::start(true);
    let out = verify(&server, &["--format", "json", "--concurrency", "2"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let diags = doc["diagnostics"].as_array().expect("diagnostics array");
    let missing: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "PACT006" && d["properties"]["path"] == "$.userId")
        .collect();
    assert_eq!(missing.len(), 3, "{doc:#}");
    assert!(missing
        .iter()
        .any(|d| d["properties"]["interaction"] == "a request for user 42"));
}

#[test]
fn without_state_setup_the_user_is_missing() {
    let server = ProviderServer::start(false);
    let mut cmd = shipgate();
    cmd.args(["verify", "--provider-base-url"])
        .arg(server.base_url())
        .args(["--pact", &fixture(), "--message-url"])
        .arg(server.messages_url())
        .env("NO_PROXY", "*");
    let out = run(&mut cmd);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("PACT005 status: expected status 200 but received 404"),
        "{text}"
    );
}

#[test]
fn unreachable_provider_is_a_verification_error() {
    let port = shipgate_e2e::free_port();
    let out = run(shipgate()
        .args([
            "verify",
            "--provider-base-url",
            &format!("http://127.0.0.1:{port}"),
            "--pact",
            &fixture(),
            "--timeout",
            "2",
        ])
        .env("NO_PROXY", "*"));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("PACT009"), "{text}");
    assert!(text.contains("cannot reach the provider"), "{text}");
}

#[test]
fn bad_input_exits_2_with_a_precise_message() {
    let out = run(shipgate().args([
        "verify",
        "--provider-base-url",
        "http://127.0.0.1:1",
        "--pact",
        &fixture(),
        "--header",
        "no-colon",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("\"Name: value\""), "{}", stderr(&out));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"consumer\": {\"name\": \"a\"},\n  \"provider\": {\"name\": \"b\"},\n  \"interactions\": [{\"description\": 3}]\n}\n").unwrap();
    let out = run(shipgate()
        .args([
            "verify",
            "--provider-base-url",
            "http://127.0.0.1:1",
            "--pact",
        ])
        .arg(&bad));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.json:4:36"), "{err}");
    assert!(err.contains("$.interactions[0].description"), "{err}");
}

#[test]
fn verify_section_of_shipgate_toml_supplies_defaults() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pacts")).unwrap();
    std::fs::copy(fixture(), dir.path().join("pacts/checkout-ui-users.json")).unwrap();
    std::fs::write(
        dir.path().join("shipgate.toml"),
        format!(
            "[verify]\nprovider-base-url = \"{}\"\nprovider-states-setup-url = \"{}\"\nmessage-url = \"{}\"\npacts = [\"pacts\"]\n",
            server.base_url(),
            server.state_url(),
            server.messages_url()
        ),
    )
    .unwrap();
    // Run from elsewhere: the relative `pacts` path resolves against the config file.
    let out = run(shipgate()
        .arg("--config")
        .arg(dir.path().join("shipgate.toml"))
        .arg("verify")
        .current_dir(std::env::temp_dir())
        .env("NO_PROXY", "*"));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.contains("4 interactions, 0 failed"), "{text}");

    std::fs::write(
        dir.path().join("shipgate.toml"),
        "[verify]\nprovider-url = \"x\"\n",
    )
    .unwrap();
    let out = run(shipgate()
        .arg("--config")
        .arg(dir.path().join("shipgate.toml"))
        .arg("verify"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("provider-url"), "{}", stderr(&out));
}
