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
