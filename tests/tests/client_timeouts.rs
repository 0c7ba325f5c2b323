//! Client commands never hang (issue 10, hole 5): every command that talks to
//! a broker gives up after `--timeout` against a server that accepts the
//! connection and never answers, with a clear message and exit 2; `verify`
//! stops at `--deadline`; `--timeout 0` is a usage error.
//!
//! No timing assertions: each command runs under a generous guard that only
//! fails the test if the command has not returned at all.

use std::time::Duration;

use shipgate_e2e::{run, run_within, shipgate, stderr, stdout, workspace_root, SilentServer};

/// Far above the 1 s timeout the commands get; only a hang reaches it.
const GUARD: Duration = Duration::from_secs(120);

fn fixture() -> String {
    workspace_root()
        .join("tests/fixtures/pacts/checkout-ui-users.json")
        .display()
        .to_string()
}

/// Every broker client command, with its required arguments.
fn broker_commands() -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    vec![
        s(&["publish", &fixture(), "--consumer-app-version", "1.0.0"]),
        s(&[
            "can-i-deploy",
            "-a",
            "web",
            "-e",
            "1.0.0",
            "--to-environment",
            "production",
        ]),
        s(&[
            "create-version",
            "--pacticipant",
            "users",
            "--version",
            "1.0.0",
        ]),
        s(&["environment", "create", "--name", "production"]),
        s(&["environment", "list"]),
        s(&[
            "record-deployment",
            "--pacticipant",
            "users",
            "--version",
            "1",
            "--environment",
            "production",
        ]),
        s(&[
            "record-undeployment",
            "--pacticipant",
            "users",
            "--environment",
            "production",
        ]),
        s(&[
            "record-release",
            "--pacticipant",
            "users",
            "--version",
            "1",
            "--environment",
            "production",
        ]),
        s(&[
            "record-support-ended",
            "--pacticipant",
            "users",
            "--version",
            "1",
            "--environment",
            "production",
        ]),
        s(&[
            "verify",
            "--provider",
            "users",
            "--provider-base-url",
            "http://127.0.0.1:9",
        ]),
    ]
}

/// See: issue 10, hole 5 ("can-i-deploy takes 243 s to fail").
#[test]
fn issue10_every_broker_command_gives_up_after_its_timeout() {
    let broker = SilentServer::start();
    for args in broker_commands() {
        let out = run_within(
            shipgate()
                .args(&args)
                .args(["--broker-url", &broker.url(), "--timeout", "1"])
                .env("NO_PROXY", "*"),
            GUARD,
        );
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}\n{err}{}",
            stdout(&out)
        );
        assert!(
            err.contains(&format!("the broker at {}", broker.url()))
                && err.contains("did not answer within 1 s (raise --timeout to wait longer)"),
            "{args:?}: {err}"
        );
    }
}

/// The timeout also comes from SHIPGATE_TIMEOUT, as CI settings do.
#[test]
fn issue10_timeout_from_the_environment() {
    let broker = SilentServer::start();
    let out = run_within(
        shipgate()
            .args(["environment", "list", "--broker-url", &broker.url()])
            .env("SHIPGATE_TIMEOUT", "500ms")
            .env("NO_PROXY", "*"),
        GUARD,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did not answer within 500 ms"),
        "{}",
        stderr(&out)
    );
}

/// `--timeout 0` used to be read as one second; it is a usage error.
#[test]
fn issue10_zero_timeout_is_a_usage_error() {
    for args in broker_commands() {
        for flag in ["--timeout", "--connect-timeout"] {
            let out =
                run(shipgate()
                    .args(&args)
                    .args(["--broker-url", "http://127.0.0.1:9", flag, "0"]));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?} {flag}: {err}");
            assert!(
                err.contains(flag) && err.contains("must be more than zero seconds"),
                "{args:?} {flag}: {err}"
            );
        }
    }
    let out = run(shipgate().args([
        "verify",
        "--provider-base-url",
        "http://127.0.0.1:9",
        "--pact",
        &fixture(),
        "--deadline",
        "0",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--deadline"), "{}", stderr(&out));
    // The same rule for shipgate.toml.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shipgate.toml"), "[verify]\ntimeout = 0\n").unwrap();
    let out = run(shipgate()
        .arg("--config")
        .arg(dir.path().join("shipgate.toml"))
        .args([
            "verify",
            "--provider-base-url",
            "http://127.0.0.1:9",
            "--pact",
            &fixture(),
        ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("[verify] timeout") && stderr(&out).contains("more than zero"),
        "{}",
        stderr(&out)
    );
}

/// A provider that never answers: with a long per-request timeout, the
/// overall `--deadline` still stops verify; every interaction is reported as
/// not verified, and the exit status is 2.
#[test]
fn issue10_verify_stops_at_its_deadline() {
    let provider = SilentServer::start();
    let out = run_within(
        shipgate()
            .args(["verify", "--provider-base-url", &provider.url()])
            .args(["--pact", &fixture()])
            .args(["--message-url", &provider.url()])
            .args(["--timeout", "600", "--deadline", "1"])
            .env("NO_PROXY", "*"),
        GUARD,
    );
    let (text, err) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(2), "{text}\n{err}");
    assert_eq!(
        text.matches("not verified: the --deadline of 1 s passed first")
            .count(),
        4,
        "{text}"
    );
    assert!(
        err.contains(
            "verification stopped at the --deadline of 1 s: 4 of 4 interactions were not verified"
        ),
        "{err}"
    );
}

/// A pact URL that never answers is bounded by --timeout too.
#[test]
fn issue10_verify_pact_url_gives_up_after_its_timeout() {
    let server = SilentServer::start();
    let out = run_within(
        shipgate()
            .args(["verify", "--provider-base-url", "http://127.0.0.1:9"])
            .args(["--pact", &format!("{}/pacts/x.json", server.url())])
            .args(["--timeout", "1"])
            .env("NO_PROXY", "*"),
        GUARD,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no answer within 1 s (raise --timeout to wait longer)"),
        "{}",
        stderr(&out)
    );
}
