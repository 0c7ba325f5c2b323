//! The example story (`examples/run.sh`) runs as told: each gate answers as the
//! README says, with the real binaries, a real broker and a real orders service.

use shipgate_e2e::{example_orders_bin, require_tool, shipgate_bin, workspace_root};
use std::process::Command;

#[test]
fn example_story_runs_as_told() {
    if require_tool("curl").is_none() {
        return;
    }
    let out = Command::new("bash")
        .arg(workspace_root().join("examples/run.sh"))
        .env("SHIPGATE", shipgate_bin())
        .env("EXAMPLE_ORDERS", example_orders_bin())
        .env_remove("PACT_BROKER_BASE_URL")
        .output()
        .expect("running examples/run.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "examples/run.sh failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    // The gates' reasons, as a person reads them.
    for expected in [
        "dropping column `orders.total`",
        "response property `total` (200, application/json) was removed",
        "\"amount_minor\" is a required property",
        "There is no verified pact between checkout-ui (1.0.0) and a version of orders currently in production",
        "Computer says yes",
        "2 interactions, 2 failed",
        "The verification for the pact between checkout-ui (1.0.0) and orders (2.0.0) failed",
        "every gate answered as expected",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in:\n{stdout}");
    }
}
