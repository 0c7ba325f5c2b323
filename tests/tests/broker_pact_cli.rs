//! Every `pact broker …` subcommand of the real `pact` CLI (pact-python-cli)
//! against a real `shipgate broker serve` process, asserting what a user
//! sees (the printed output), not only the exit code. Out of scope, as in
//! the issue: `pact broker ruby` and `pact broker docker`, which install or
//! run the Ruby broker. Prints `pact broker checks: N passed of M`.

mod broker_support;

use broker_support::{get, Broker};
use shipgate_e2e::{require_tool, run, stderr, stdout, workspace_root};
use std::io::{Read as _, Write as _};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// A webhook receiver on loopback: answers 200 to everything and keeps the
/// request lines it saw.
fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap_or(0);
            let text = String::from_utf8_lossy(&buf[..n]).to_string();
            keep.lock()
                .expect("lock")
                .push(text.lines().next().unwrap_or("").to_string());
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 8\r\nconnection: close\r\n\r\nreceived",
            );
        }
    });
    (url, seen)
}

struct Checks {
    pact: std::path::PathBuf,
    broker_url: String,
    dir: std::path::PathBuf,
    passed: usize,
    failed: Vec<String>,
}

impl Checks {
    /// Run `pact broker <args>`; it must exit with `code` and print every
    /// one of `expect` (stdout and stderr together).
    fn check(&mut self, args: &[&str], code: i32, expect: &[&str]) -> String {
        let out = run(Command::new(&self.pact)
            .arg("broker")
            .args(args)
            .env("PACT_BROKER_BASE_URL", &self.broker_url)
            .env("NO_PROXY", "*")
            .env_remove("PACT_BROKER_TOKEN")
            .env_remove("PACT_BROKER_USERNAME")
            .env_remove("PACT_BROKER_PASSWORD")
            .current_dir(&self.dir));
        let text = format!("{}{}", stdout(&out), stderr(&out));
        let missing: Vec<&&str> = expect.iter().filter(|e| !text.contains(**e)).collect();
        if out.status.code() == Some(code) && missing.is_empty() {
            self.passed += 1;
        } else {
            self.failed.push(format!(
                "pact broker {}: exit {:?} (wanted {code}), missing {missing:?}:\n{text}",
                args.join(" "),
                out.status.code()
            ));
        }
        text
    }
}

fn environment_uuid(url: &str, name: &str) -> String {
    let r = get(&format!("{url}/environments?name={name}"));
    r.body["_embedded"]["environments"][0]["uuid"]
        .as_str()
        .unwrap_or_else(|| panic!("no environment {name}: {}", r.text))
        .to_string()
}

#[test]
fn every_pact_broker_subcommand_works() {
    let Some(pact) = require_tool("pact") else {
        return;
    };
    let broker = Broker::sqlite(&[
        "--webhooks-allow-loopback",
        "--webhooks-schemes",
        "http,https",
    ]);
    let pacts = broker.path().join("pacts");
    std::fs::create_dir_all(&pacts).unwrap();
    std::fs::copy(
        workspace_root().join("tests/fixtures/pacts/checkout-ui-users.json"),
        pacts.join("checkout-ui-users.json"),
    )
    .unwrap();
    let mut c = Checks {
        pact,
        broker_url: broker.url.clone(),
        dir: broker.path().to_path_buf(),
        passed: 0,
        failed: Vec::new(),
    };
    let pacts = pacts.display().to_string();

    c.check(
        &[
            "publish",
            &pacts,
            "--consumer-app-version",
            "1.0.0",
            "--branch",
            "main",
            "--tag",
            "main",
        ],
        0,
        &[
            "Created checkout-ui version 1.0.0 with branch main and tags main",
            "Pact between checkout-ui (1.0.0) and users published",
        ],
    );
    c.check(
        &["list-latest-pact-versions"],
        0,
        &["checkout-ui", "users", "1.0.0"],
    );
    for extra in [
        &[][..],
        &["--consumer", "checkout-ui"][..],
        &["--branch", "main"][..],
    ] {
        let mut args = vec!["get-pacts", "--provider", "users"];
        args.extend_from_slice(extra);
        c.check(
            &args,
            0,
            &[
                "Pact between checkout-ui (1.0.0) and users",
                "/version/1.0.0",
            ],
        );
    }
    c.check(
        &[
            "create-environment",
            "--name",
            "production",
            "--display-name",
            "Production",
            "--production",
        ],
        0,
        &["Created production environment"],
    );
    let prod = environment_uuid(&broker.url, "production");
    c.check(
        &["list-environments"],
        0,
        &[&prod, "production", "Production"],
    );
    c.check(
        &[
            "update-environment",
            "--uuid",
            &prod,
            "--name",
            "production",
            "--display-name",
            "Prod",
            "--production",
        ],
        0,
        &["Updated production environment"],
    );
    c.check(
        &["describe-environment", "--uuid", &prod],
        0,
        &["Name: production", "Display Name: Prod", "Production: true"],
    );
    c.check(
        &["create-environment", "--name", "staging"],
        0,
        &["Created staging environment"],
    );
    let staging = environment_uuid(&broker.url, "staging");
    c.check(
        &["delete-environment", "--uuid", &staging],
        0,
        &["deleted successfully"],
    );
    c.check(
        &[
            "create-or-update-version",
            "--pacticipant",
            "users",
            "--version",
            "2.0.0",
            "--branch",
            "main",
            "--tag",
            "main",
        ],
        0,
        &[
            "Branch 'main' created for version '2.0.0'",
            "Tag 'main' created for version '2.0.0'",
        ],
    );
    c.check(
        &[
            "record-deployment",
            "--pacticipant",
            "users",
            "--version",
            "2.0.0",
            "--environment",
            "production",
        ],
        0,
        &["Recorded deployment of users version 2.0.0 to production"],
    );
    c.check(
        &[
            "can-i-deploy",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
            "--to-environment",
            "production",
        ],
        1,
        &[
            "Computer says no",
            "There is no verified pact between checkout-ui (1.0.0) and users (2.0.0)",
        ],
    );
    // The helpful message of a 400 reaches the user.
    c.check(
        &[
            "can-i-deploy",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
            "--to-environment",
            "nowhere",
        ],
        1,
        &["no environment named `nowhere`"],
    );
    c.check(
        &[
            "can-i-merge",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
        ],
        1,
        &["Computer says no", "checkout-ui", "users"],
    );
    c.check(
        &[
            "record-undeployment",
            "--pacticipant",
            "users",
            "--environment",
            "production",
        ],
        0,
        &["Undeployed users from production environment"],
    );
    c.check(
        &[
            "record-release",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
            "--environment",
            "production",
        ],
        0,
        &["Recorded release of checkout-ui version 1.0.0 to production"],
    );
    c.check(
        &[
            "record-support-ended",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
            "--environment",
            "production",
        ],
        0,
        &["Recorded support ended for application checkout-ui, version 1.0.0"],
    );
    c.check(
        &[
            "create-or-update-pacticipant",
            "--name",
            "billing",
            "--main-branch",
            "trunk",
            "--repository-url",
            "https://git.example/billing",
        ],
        0,
        &["Pacticipant 'billing' created successfully"],
    );
    c.check(
        &["describe-pacticipant", "--name", "billing"],
        0,
        &[
            "Name: billing",
            "Main Branch: trunk",
            "Repo URL: https://git.example/billing",
        ],
    );
    c.check(
        &["list-pacticipants"],
        0,
        &["checkout-ui", "users", "billing"],
    );
    c.check(
        &[
            "create-version-tag",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
            "--tag",
            "prod",
        ],
        0,
        &["with tag 'prod' - Success"],
    );
    c.check(
        &[
            "describe-version",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
        ],
        0,
        &["1.0.0", "main, prod"],
    );
    c.check(
        &[
            "describe-version",
            "--pacticipant",
            "checkout-ui",
            "--latest",
            "prod",
        ],
        0,
        &["1.0.0", "main, prod"],
    );
    c.check(
        &[
            "delete-version-tag",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.0",
            "--tag",
            "prod",
        ],
        0,
        &["Successfully deleted tag 'prod'"],
    );
    c.check(
        &[
            "describe-version",
            "--pacticipant",
            "checkout-ui",
            "--latest",
            "prod",
        ],
        1,
        &["not found"],
    );
    c.check(
        &[
            "create-or-update-version",
            "--pacticipant",
            "checkout-ui",
            "--version",
            "1.0.1",
            "--branch",
            "feat-x",
        ],
        0,
        &["Branch 'feat-x' created for version '1.0.1'"],
    );
    c.check(
        &[
            "delete-branch",
            "--pacticipant",
            "checkout-ui",
            "--branch",
            "feat-x",
        ],
        0,
        &["Successfully deleted branch 'feat-x'"],
    );
    assert_eq!(
        get(&format!(
            "{}/pacticipants/checkout-ui/branches/feat-x",
            broker.url
        ))
        .status,
        404
    );
    c.check(
        &["provider-states", "list", "--provider", "users"],
        0,
        &["a user with id exists", "no users exist", "checkout-ui"],
    );
    let uuid = c.check(&["generate-uuid"], 0, &["-"]).trim().to_string();
    assert_eq!(uuid.len(), 36, "{uuid}");

    // Webhooks, called on a loopback receiver the broker is told to allow.
    let (hook_url, seen) = receiver();
    c.check(
        &[
            "create-webhook",
            &hook_url,
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "-d",
            r#"{"consumer":"${pactbroker.consumerName}"}"#,
            "--consumer",
            "checkout-ui",
            "--provider",
            "users",
            "--contract-content-changed",
            "--description",
            "ci hook",
        ],
        0,
        &["ci hook", "contract_content_changed"],
    );
    c.check(
        &[
            "create-or-update-webhook",
            &hook_url,
            "-X",
            "POST",
            "-d",
            "{}",
            "--uuid",
            &uuid,
            "--provider",
            "users",
            "--contract-published",
            "--description",
            "first",
        ],
        0,
        &[&uuid, "contract_published"],
    );
    c.check(
        &[
            "create-or-update-webhook",
            &hook_url,
            "-X",
            "POST",
            "-d",
            "{}",
            "--uuid",
            &uuid,
            "--provider",
            "users",
            "--provider-verification-published",
            "--description",
            "second",
        ],
        0,
        &[&uuid, "provider_verification_published", "second"],
    );
    c.check(&["test-webhook", "--uuid", &uuid], 0, &[]);
    assert!(
        seen.lock()
            .expect("lock")
            .iter()
            .any(|l| l.starts_with("POST /hook")),
        "the receiver saw no call: {:?}",
        seen.lock().expect("lock")
    );
    c.check(
        &["delete-webhook", "--uuid", &uuid],
        0,
        &["successfully deleted"],
    );
    assert_eq!(get(&format!("{}/webhooks/{uuid}", broker.url)).status, 404);

    let total = c.passed + c.failed.len();
    println!("pact broker checks: {} passed of {total}", c.passed);
    assert!(
        c.failed.is_empty(),
        "{} of {total} checks failed:\n{}\nbroker log:\n{}",
        c.failed.len(),
        c.failed.join("\n\n"),
        broker.log()
    );
}
