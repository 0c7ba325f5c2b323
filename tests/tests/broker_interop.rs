//! Real-client interop: the real `pact` CLI (pact-python-cli) and the real
//! `pact verifier` run the whole publish → verify → deploy → can-i-deploy
//! flow against a `shipgate broker serve` process; then the same flow runs
//! with shipgate's own client commands.

mod broker_support;

use broker_support::{get, Broker};
use shipgate_e2e::provider::ProviderServer;
use shipgate_e2e::{require_tool, run, shipgate, stderr, stdout, workspace_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pact_cmd(pact: &Path, broker: &Broker) -> Command {
    let mut c = Command::new(pact);
    c.env("PACT_BROKER_BASE_URL", &broker.url)
        .env("NO_PROXY", "*")
        .env_remove("PACT_BROKER_TOKEN")
        .env_remove("PACT_BROKER_USERNAME")
        .env_remove("PACT_BROKER_PASSWORD")
        .current_dir(broker.path());
    c
}

fn text(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

fn fixture_dir(broker: &Broker) -> PathBuf {
    let dir = broker.path().join("pacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        workspace_root().join("tests/fixtures/pacts/checkout-ui-users.json"),
        dir.join("checkout-ui-users.json"),
    )
    .unwrap();
    dir
}

fn verify(pact: &Path, broker: &Broker, provider: &ProviderServer, version: &str) -> Output {
    run(pact_cmd(pact, broker)
        .args([
            "verifier",
            "--broker-url",
            &broker.url,
            "--provider-name",
            "users",
        ])
        .args([
            "--hostname",
            "127.0.0.1",
            "--port",
            &provider.addr().port().to_string(),
        ])
        .args(["--state-change-url", &provider.state_url()])
        .args(["--consumer-version-selectors", r#"{"mainBranch": true}"#])
        .args([
            "--consumer-version-selectors",
            r#"{"deployedOrReleased": true}"#,
        ])
        .args([
            "--enable-pending",
            "--include-wip-pacts-since",
            "2024-01-01",
        ])
        .args([
            "--publish",
            "--provider-version",
            version,
            "--provider-branch",
            "main",
            "--provider-tags",
            "main",
        ])
        .args(["--build-url", "http://ci.example/2"]))
}

#[test]
fn real_pact_cli_full_flow() {
    let Some(pact) = require_tool("pact") else {
        return;
    };
    let broker = Broker::sqlite(&[]);
    let pacts = fixture_dir(&broker);

    let out = run(pact_cmd(&pact, &broker)
        .args(["broker", "publish"])
        .arg(&pacts)
        .args([
            "--consumer-app-version",
            "1.0.0",
            "--branch",
            "main",
            "--tag",
            "main",
        ])
        .args(["--build-url", "http://ci.example/1"]));
    assert!(out.status.success(), "publish: {}", text(&out));
    assert!(
        !text(&out).contains("Failed to process response"),
        "publish response shape: {}",
        text(&out)
    );

    let out = run(pact_cmd(&pact, &broker).args([
        "broker",
        "create-environment",
        "--name",
        "production",
        "--display-name",
        "Production",
        "--production",
    ]));
    assert!(out.status.success(), "create-environment: {}", text(&out));

    // The verifier fetches pacts for verification and publishes results.
    let provider = ProviderServer::start(false);
    let out = verify(&pact, &broker, &provider, "2.0.0");
    assert!(
        out.status.success(),
        "verifier: {}\nbroker log:\n{}",
        text(&out),
        broker.log()
    );
    let p = get(&format!("{}/pacticipants/users/versions/2.0.0", broker.url));
    assert_eq!(p.status, 200);
    assert_eq!(
        p.body["_embedded"]["branchVersions"][0]["name"], "main",
        "{}",
        p.text
    );
    assert_eq!(p.body["_embedded"]["tags"][0]["name"], "main", "{}", p.text);

    let out = run(pact_cmd(&pact, &broker).args([
        "broker",
        "record-deployment",
        "--pacticipant",
        "users",
        "--version",
        "2.0.0",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-deployment: {}", text(&out));

    let out = run(pact_cmd(&pact, &broker).args([
        "broker",
        "can-i-deploy",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.0.0",
        "--to-environment",
        "production",
    ]));
    assert!(out.status.success(), "can-i-deploy (yes): {}", text(&out));
    assert!(text(&out).contains("Computer says yes"), "{}", text(&out));

    let out = run(pact_cmd(&pact, &broker).args([
        "broker",
        "record-release",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.0.0",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-release: {}", text(&out));

    // A broken provider build fails verification; it must not be deployable
    // next to the released checkout-ui 1.0.0.
    drop(provider);
    let broken = ProviderServer::start(true);
    let out = verify(&pact, &broker, &broken, "2.1.0");
    assert!(
        !out.status.success(),
        "the broken provider must fail verification: {}",
        text(&out)
    );
    let out = run(pact_cmd(&pact, &broker).args([
        "broker",
        "can-i-deploy",
        "--pacticipant",
        "users",
        "--version",
        "2.1.0",
        "--to-environment",
        "production",
    ]));
    assert_eq!(
        out.status.code(),
        Some(1),
        "can-i-deploy (no): {}",
        text(&out)
    );
    assert!(text(&out).contains("Computer says no"), "{}", text(&out));
    assert!(
        text(&out).contains(
            "The verification for the pact between checkout-ui (1.0.0) and users (2.1.0) failed"
        ),
        "{}",
        text(&out)
    );

    // A consumer version that nobody verified is not deployable either.
    let m = get(&format!(
        "{}/matrix?q[][pacticipant]=users&q[][version]=2.0.0&latestby=cvpv&environment=production",
        broker.url
    ));
    assert_eq!(m.body["summary"]["deployable"], true, "{}", m.text);

    // Undeploy with the real CLI (GET /, environments, currently-deployed, PATCH).
    let out = run(pact_cmd(&pact, &broker).args([
        "broker",
        "record-undeployment",
        "--pacticipant",
        "users",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-undeployment: {}", text(&out));
    let env = get(&format!("{}/environments", broker.url));
    let uuid = env.body["_embedded"]["environments"][0]["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let current = get(&format!(
        "{}/environments/{uuid}/deployed-versions/currently-deployed",
        broker.url
    ));
    assert_eq!(
        current.body["_embedded"]["deployedVersions"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "{}",
        current.text
    );
}

fn sg(broker: &Broker) -> Command {
    let mut c = shipgate();
    c.env("PACT_BROKER_BASE_URL", &broker.url)
        .current_dir(broker.path());
    c
}

#[test]
fn shipgate_commands_full_flow() {
    let broker = Broker::sqlite(&[]);
    let pacts = fixture_dir(&broker);

    let out = run(sg(&broker).arg("publish").arg(&pacts).args([
        "--consumer-app-version",
        "1.0.0",
        "--branch",
        "main",
        "--tag",
        "main",
        "--build-url",
        "http://ci.example/1",
    ]));
    assert!(out.status.success(), "publish: {}", text(&out));
    assert!(
        stdout(&out).contains("published 1 pact file for version 1.0.0"),
        "{}",
        text(&out)
    );

    let out = run(sg(&broker).args([
        "environment",
        "create",
        "--name",
        "production",
        "--display-name",
        "Production",
        "--production",
    ]));
    assert!(out.status.success(), "environment create: {}", text(&out));
    let out = run(sg(&broker).args(["environment", "list"]));
    assert!(
        out.status.success() && stdout(&out).contains("production"),
        "{}",
        text(&out)
    );

    let out = run(sg(&broker).args([
        "create-version",
        "--pacticipant",
        "users",
        "--version",
        "2.0.0",
        "--branch",
        "main",
    ]));
    assert!(out.status.success(), "create-version: {}", text(&out));

    // Before any verification the answer is unknown: exit 1, with the reason.
    let out = run(sg(&broker).args([
        "can-i-deploy",
        "--pacticipant",
        "users",
        "--version",
        "2.0.0",
        "--to-environment",
        "production",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "no consumer is in production yet: {}",
        text(&out)
    );

    // Verification with `shipgate verify`: pacts for verification from the
    // broker, results published back (with the provider branch).
    let provider = ProviderServer::start(false);
    let out = run(sg(&broker)
        .args([
            "verify",
            "--provider",
            "users",
            "--provider-base-url",
            &provider.base_url(),
        ])
        .args([
            "--provider-states-setup-url",
            &provider.state_url(),
            "--message-url",
            &provider.messages_url(),
        ])
        .args(["--consumer-version-selectors", r#"{"mainBranch": true}"#])
        .args([
            "--consumer-version-selectors",
            r#"{"deployedOrReleased": true}"#,
        ])
        .args([
            "--enable-pending",
            "--include-wip-pacts-since",
            "2024-01-01",
        ])
        .args([
            "--publish",
            "--provider-version",
            "2.0.0",
            "--provider-branch",
            "main",
        ]));
    assert!(
        out.status.success(),
        "shipgate verify: {}\nbroker log:\n{}",
        text(&out),
        broker.log()
    );
    let v = get(&format!("{}/pacticipants/users/versions/2.0.0", broker.url));
    assert_eq!(
        v.body["_embedded"]["branchVersions"][0]["name"], "main",
        "{}",
        v.text
    );

    let out = run(sg(&broker).args([
        "record-deployment",
        "--pacticipant",
        "users",
        "--version",
        "2.0.0",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-deployment: {}", text(&out));

    let out = run(sg(&broker).args([
        "can-i-deploy",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.0.0",
        "--to-environment",
        "production",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "can-i-deploy (yes): {}",
        text(&out)
    );
    assert!(stdout(&out).contains("Computer says yes"), "{}", text(&out));
    assert!(
        stdout(&out).contains("checkout-ui | 1.0.0"),
        "table: {}",
        text(&out)
    );

    let out = run(sg(&broker).args([
        "record-release",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.0.0",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-release: {}", text(&out));

    // A consumer version with a new, unverified pact: "no", exit 1, and why.
    let changed = pacts.join("changed");
    std::fs::create_dir_all(&changed).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(pacts.join("checkout-ui-users.json")).unwrap(),
    )
    .unwrap();
    doc["interactions"][0]["description"] = serde_json::json!("a request for user 42, renamed");
    std::fs::write(changed.join("p.json"), doc.to_string()).unwrap();
    let out = run(sg(&broker)
        .arg("publish")
        .arg(&changed)
        .args(["-a", "1.1.0", "--branch", "feat-x"]));
    assert!(out.status.success(), "publish 1.1.0: {}", text(&out));
    let out = run(sg(&broker).args([
        "can-i-deploy",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.1.0",
        "--to-environment",
        "production",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stdout(&out).contains("Computer says no"), "{}", text(&out));
    insta::assert_snapshot!("can_i_deploy_unknown_text", stdout(&out));
    assert!(
        stdout(&out)
            .contains("There is no verified pact between checkout-ui (1.1.0) and users (2.0.0)"),
        "{}",
        text(&out)
    );
    let out = run(sg(&broker).args([
        "can-i-deploy",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.1.0",
        "--to-environment",
        "production",
        "--dry-run",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "--dry-run always exits 0: {}",
        text(&out)
    );
    let out = run(sg(&broker).args([
        "--format",
        "json",
        "can-i-deploy",
        "-a",
        "checkout-ui",
        "-e",
        "1.1.0",
        "--to-environment",
        "production",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json output");
    assert_eq!(doc["summary"]["unknown"], 1, "{doc}");

    // --retry-while-unknown polls, then gives the final answer.
    let out = run(sg(&broker).args([
        "can-i-deploy",
        "-a",
        "checkout-ui",
        "-e",
        "1.1.0",
        "--to-environment",
        "production",
        "--retry-while-unknown",
        "1",
        "--retry-interval",
        "0",
    ]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("asking again"), "{}", text(&out));

    // Re-publishing 1.0.0 with different content is refused with a diff; nothing changes.
    let out = run(sg(&broker)
        .arg("publish")
        .arg(&changed)
        .args(["-a", "1.0.0"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("Cannot change the content"),
        "{}",
        text(&out)
    );
    assert!(
        stderr(&out).contains("renamed"),
        "the diff is shown: {}",
        text(&out)
    );

    let out = run(sg(&broker).args([
        "record-support-ended",
        "--pacticipant",
        "checkout-ui",
        "--version",
        "1.0.0",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-support-ended: {}", text(&out));
    let out = run(sg(&broker).args([
        "record-undeployment",
        "--pacticipant",
        "users",
        "--environment",
        "production",
    ]));
    assert!(out.status.success(), "record-undeployment: {}", text(&out));
    let out = run(sg(&broker).args([
        "record-undeployment",
        "--pacticipant",
        "users",
        "--environment",
        "production",
    ]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "nothing left to undeploy: {}",
        text(&out)
    );
}
