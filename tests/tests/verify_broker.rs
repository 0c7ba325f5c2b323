//! `shipgate verify` against a broker: the real `shipgate broker serve`
//! (SQLite), pacts published with `shipgate publish`, fetched through
//! pacts-for-verification with selectors and pending status, results
//! published back. Pending semantics: a pact the provider branch has never
//! verified successfully is pending, so a broken provider does not fail the
//! build; once verified, the same break does.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use shipgate_e2e::provider::ProviderServer;
use shipgate_e2e::{free_port, run, shipgate, stderr, stdout, workspace_root};

struct Broker {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn start_broker() -> Broker {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let child = shipgate()
        .args([
            "broker",
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--database-url",
        ])
        .arg(format!(
            "sqlite://{}",
            dir.path().join("broker.db").display()
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawning shipgate broker serve");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the broker did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Broker {
        child,
        url,
        _dir: dir,
    }
}

fn verify(broker: &Broker, provider: &ProviderServer, version: &str) -> std::process::Output {
    run(shipgate()
        .args(["verify", "--provider-base-url"])
        .arg(provider.base_url())
        .arg("--provider-states-setup-url")
        .arg(provider.state_url())
        .arg("--message-url")
        .arg(provider.messages_url())
        .args(["--broker-url", &broker.url, "--provider", "users"])
        .args([
            "--consumer-version-selectors",
            r#"{"mainBranch": true}"#,
            "--enable-pending",
        ])
        .args([
            "--publish",
            "--provider-version",
            version,
            "--provider-branch",
            "main",
        ])
        .env("NO_PROXY", "*"))
}

#[test]
fn broker_pacts_are_verified_pending_first_then_enforced() {
    let broker = start_broker();
    let fixture = workspace_root().join("tests/fixtures/pacts/checkout-ui-users.json");
    let out = run(shipgate()
        .args([
            "publish",
            "--consumer-app-version",
            "1.0.0",
            "--branch",
            "main",
            "--broker-url",
            &broker.url,
        ])
        .arg(&fixture)
        .env("NO_PROXY", "*"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "publish: {}{}",
        stdout(&out),
        stderr(&out)
    );

    // 1. Never verified on main: pending, so the broken provider does not fail the build.
    let broken = ProviderServer::start(true);
    let out = verify(&broker, &broken, "1.0.0-broken");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(text.contains("[pending]"), "{text}");
    assert!(
        text.contains("4 interactions, 0 failed (3 pending failures ignored)"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("published verification results for 1 pact(s)"),
        "{}",
        stderr(&out)
    );
    drop(broken);

    // 2. The good provider verifies and publishes success.
    let good = ProviderServer::start(false);
    let out = verify(&broker, &good, "2.0.0");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("4 interactions, 0 failed"),
        "{}",
        stdout(&out)
    );
    drop(good);

    // 3. Now main has verified the pact: it is no longer pending and the break fails the build.
    let broken = ProviderServer::start(true);
    let out = verify(&broker, &broken, "3.0.0-broken");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(!text.contains("[pending]"), "{text}");
    assert!(text.contains("4 interactions, 3 failed"), "{text}");

    // The broker recorded what was published: the latest provider version (3.0.0-broken)
    // failed, so the consumer version is not deployable against it.
    let matrix: Value = http::blocking_get(&format!(
        "{}/matrix?q[][pacticipant]=checkout-ui&q[][version]=1.0.0&latestby=cvp&latest=true",
        broker.url
    ));
    assert_eq!(matrix["summary"]["deployable"], false, "{matrix:#}");
    let rows = matrix["matrix"].as_array().cloned().unwrap_or_default();
    assert!(
        rows.iter().any(|r| r.pointer("/provider/version/number")
            == Some(&Value::from("3.0.0-broken"))
            && r.pointer("/verificationResult/success") == Some(&Value::Bool(false))),
        "{matrix:#}"
    );
}

mod http {
    /// A tiny blocking GET for assertions (the crate's async client on a throwaway runtime).
    pub fn blocking_get(url: &str) -> serde_json::Value {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            ::reqwest::Client::builder()
                .no_proxy()
                .build()
                .unwrap()
                .get(url)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    }
}
