//! `shipgate verify` under awkward conditions (issue 10, hole 6): output to a
//! pipe shows progress as interactions finish; huge provider bodies are
//! capped; huge diffs are truncated with a count.

use std::io::{BufRead as _, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;
use shipgate_e2e::provider::ProviderServer;
use shipgate_e2e::shipgate;

fn write_pact(dir: &std::path::Path, interactions: serde_json::Value) -> String {
    let pact = json!({
        "consumer": {"name": "web"},
        "provider": {"name": "users"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let path = dir.join("web-users.json");
    std::fs::write(&path, serde_json::to_string_pretty(&pact).unwrap()).unwrap();
    path.display().to_string()
}

/// See: issue 10, hole 6 ("verify to a pipe prints one line per interaction as
/// it finishes"). The second interaction is held in flight by the provider
/// until the test has read the first interaction's line from the pipe; a
/// verifier that printed everything at the end would never show that line
/// while the gate is closed.
#[test]
fn issue10_verify_to_a_pipe_prints_each_interaction_as_it_finishes() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(
        dir.path(),
        json!([
            {"description": "a health check", "request": {"method": "GET", "path": "/health"},
             "response": {"status": 200}},
            {"description": "a slow gate", "request": {"method": "GET", "path": "/gate"},
             "response": {"status": 200, "body": {"open": true}}}
        ]),
    );
    let mut child = shipgate()
        .args(["verify", "--provider-base-url", &server.base_url()])
        .args(["--pact", &pact])
        .env("NO_PROXY", "*")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawning shipgate verify");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    loop {
        let line = lines
            .next()
            .expect("verify closed its output before the first interaction's line")
            .unwrap();
        seen.push(line.clone());
        if line.contains("a health check") {
            break;
        }
    }
    assert!(seen[0].starts_with("Verifying web → users"), "{seen:?}");
    assert!(
        seen.last().unwrap().contains("✓ a health check"),
        "{seen:?}"
    );
    // The first line arrived; the gate is still closed, so the second
    // interaction has not finished. Wait (generously) for its request to arrive.
    let started = Instant::now();
    while server.handle().gate_log().arrived == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the second interaction never reached the provider"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.handle().gate_log().released, 0);
    server.handle().open_gate();
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{seen:?}\n{rest:?}");
    assert!(rest[0].contains("✓ a slow gate"), "{rest:?}");
    assert_eq!(rest.last().unwrap(), "2 interactions, 0 failed", "{rest:?}");
    let log = server.handle().gate_log();
    assert_eq!((log.released, log.gave_up), (1, 0), "{log:?}");
}

fn verify_pact(server: &ProviderServer, pact: &str, extra: &[&str]) -> std::process::Output {
    shipgate_e2e::run(
        shipgate()
            .args(["verify", "--provider-base-url", &server.base_url()])
            .args(["--pact", pact])
            .args(extra)
            .env("NO_PROXY", "*"),
    )
}

/// See: issue 10, hole 6 ("a 200 MB provider response in verify uses
/// 1.4 GB"). A body over --max-body-size is not kept: an interaction that
/// looks at the body is reported as not verified, with the size and the flag;
/// one that does not look at it is verified on status and headers.
#[test]
fn issue10_bodies_over_max_body_size_are_not_kept() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(
        dir.path(),
        json!([
            {"description": "a big document", "request": {"method": "GET", "path": "/big", "query": "kb=3072"},
             "response": {"status": 200, "body": {"data": "x"},
                          "matchingRules": {"body": {"$.data": {"matchers": [{"match": "type"}]}}}}},
            {"description": "a big document, status only", "request": {"method": "GET", "path": "/big", "query": "kb=3072"},
             "response": {"status": 200}},
            {"description": "a small document", "request": {"method": "GET", "path": "/big", "query": "kb=1"},
             "response": {"status": 200, "body": {"data": "x"},
                          "matchingRules": {"body": {"$.data": {"matchers": [{"match": "type"}]}}}}}
        ]),
    );
    let out = verify_pact(&server, &pact, &["--max-body-size", "1MB"]);
    let text = shipgate_e2e::stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("has a body of 3145740 bytes, more than --max-body-size (1 MB): not verified (raise --max-body-size to verify it)"),
        "{text}"
    );
    assert!(text.contains("✓ a big document, status only"), "{text}");
    assert!(text.contains("✓ a small document"), "{text}");
    assert!(text.ends_with("3 interactions, 1 failed\n"), "{text}");
    // The default (10 MB) keeps a 3 MB body.
    let out = verify_pact(&server, &pact, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", shipgate_e2e::stdout(&out));
    // Sizes are checked like the other numbers.
    let out = verify_pact(&server, &pact, &["--max-body-size", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        shipgate_e2e::stderr(&out).contains("must be more than zero"),
        "{}",
        shipgate_e2e::stderr(&out)
    );
}

/// See: issue 10, hole 6 ("a 60 MB expected body prints a 63 MB diff"). A
/// huge expected body gives a diff cut after 200 lines with a count of the
/// rest, and the JSON report's values are cut too.
#[test]
fn issue10_huge_diffs_are_truncated_with_a_count() {
    let server = ProviderServer::start(false);
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<serde_json::Value> = (0..20_000)
        .map(|i| json!({"id": i, "name": format!("row {i}")}))
        .collect();
    let pact = write_pact(
        dir.path(),
        json!([
            {"description": "a huge list", "request": {"method": "GET", "path": "/big", "query": "kb=1"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                          "body": {"data": rows}}}
        ]),
    );
    let out = verify_pact(&server, &pact, &[]);
    let text = shipgate_e2e::stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(text.len() < 50_000, "{} bytes of report", text.len());
    let tail = text
        .lines()
        .find(|l| l.contains("more diff lines not shown"))
        .unwrap_or_else(|| panic!("no truncation line in {}", &text[..text.len().min(4000)]));
    assert!(
        tail.trim_start().starts_with("… ") && tail.contains("of them changed)"),
        "{tail}"
    );
    let out = verify_pact(&server, &pact, &["--format", "json"]);
    let doc = shipgate_e2e::stdout(&out);
    assert!(doc.len() < 100_000, "{} bytes of JSON", doc.len());
    let parsed: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let cut = parsed["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["properties"]["expected"]
            .as_str()
            .is_some_and(|v| v.ends_with("more bytes not shown)"))
    });
    assert!(cut, "{}", &doc[..doc.len().min(3000)]);
}
