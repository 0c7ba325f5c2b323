//! Interop anchor: the real `pact verifier` (pact-python-cli) accepts the
//! fixture pact `tests/fixtures/pacts/checkout-ui-users.json` against the test
//! provider, and rejects it against the broken provider. This pins the
//! fixture and provider that shipgate's own verify tests rely on.

use shipgate_e2e::provider::ProviderServer;
use shipgate_e2e::{require_tool, run, stdout, workspace_root};
use std::process::Command;

fn reference_verify(broken: bool) -> Option<(bool, String)> {
    let pact = require_tool("pact")?;
    let server = ProviderServer::start(broken);
    let fixture = workspace_root().join("tests/fixtures/pacts/checkout-ui-users.json");
    let out = run(Command::new(pact)
        .args(["verifier", "--hostname", "127.0.0.1", "--port"])
        .arg(server.addr().port().to_string())
        .arg("--state-change-url")
        .arg(server.state_url())
        .arg("--file")
        .arg(&fixture)
        .env("NO_PROXY", "*"));
    let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    Some((out.status.success(), text))
}

#[test]
fn reference_verifier_accepts_fixture_against_provider() {
    let Some((ok, text)) = reference_verify(false) else {
        return;
    };
    assert!(ok, "{text}");
}

#[test]
fn reference_verifier_rejects_broken_provider() {
    let Some((ok, text)) = reference_verify(true) else {
        return;
    };
    assert!(!ok, "{text}");
    assert!(text.contains("userId"), "{text}");
}
