//! The discount-rollout story (`examples/discount-rollout/run.sh`) runs as
//! told: a real broker judges each of its seven steps with contracts, OpenAPI
//! diffs and migrations together, and the script asserts every decision.
//!
//! See: issue 15 (the whole gate).

use shipgate_e2e::{require_tool, shipgate_bin, workspace_root};
use std::process::Command;

#[test]
fn discount_rollout_runs_as_told() {
    if require_tool("curl").is_none() {
        return;
    }
    let out = Command::new("bash")
        .arg(workspace_root().join("examples/discount-rollout/run.sh"))
        .env("SHIPGATE", shipgate_bin())
        .env_remove("PACT_BROKER_BASE_URL")
        .env_remove("SHIPGATE_BROKER_URL")
        .output()
        .expect("running examples/discount-rollout/run.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "examples/discount-rollout/run.sh failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    for step in 1..=7 {
        assert!(
            stdout.contains(&format!("== {step}. ")),
            "step {step} missing:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("all seven decisions were the expected ones"),
        "{stdout}"
    );
}
