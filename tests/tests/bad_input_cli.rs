//! The bad-input table for the CLI: every command that reads a file, or
//! talks to a broker, given malformed, hostile, wrong-type or missing input.
//! Each answers exit 2 with one precise message (file, line and column where
//! the input has them), never a panic, and never sends anything first.

use shipgate_e2e::{run_within, shipgate, stderr};
use std::path::Path;
use std::time::Duration;

/// A closed local port: a command that tried to reach the broker before
/// checking its input would fail with "cannot reach" instead of the
/// expected message.
const NO_BROKER: &str = "http://127.0.0.1:9";

const BAD_JSON: &str = "{\"openapi\": \"3.0.0\",\n \"info\": {\"title\": \"x\", \"version\": \"1\"},\n \"paths\": {,}\n}";
const BAD_YAML: &str = "openapi: 3.0.0\ninfo: [\n";
const WRONG_TYPE_PACT: &str =
    "{\"consumer\": {\"name\": \"a\"}, \"provider\": {\"name\": \"b\"},\n\"interactions\": 5}";
const TRAILING_COMMA_PACT: &str = "{\"consumer\": {\"name\": \"a\"}, \"provider\": {\"name\": \"b\"},\n\"interactions\": [{\"description\": \"x\", }]}";

/// Write the fixtures every row may use into `dir`.
fn fixtures(dir: &Path) {
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    w("bad.json", BAD_JSON.as_bytes());
    w("bad.yaml", BAD_YAML.as_bytes());
    w("array.json", b"[]");
    w("binary.yaml", b"\x00\x01\x02\xff\xfe");
    w("deep.json", "[".repeat(100_000).as_bytes());
    w("deep.yaml", "[".repeat(100_000).as_bytes());
    w("wrong-type-pact.json", WRONG_TYPE_PACT.as_bytes());
    w("trailing-comma-pact.json", TRAILING_COMMA_PACT.as_bytes());
    w("deep-pact.json", "[".repeat(100_000).as_bytes());
    w("not-utf8.sql", b"\xff\xfe CREATE TABLE t ();");
    std::fs::create_dir(dir.join("a-directory.json")).unwrap();
}

struct Row {
    args: &'static [&'static str],
    /// What stderr must contain.
    says: &'static [&'static str],
}

const ROWS: &[Row] = &[
    // diff: both sides, JSON and YAML, syntax, type and missing files.
    Row {
        args: &["diff", "bad.json", "bad.json"],
        says: &["bad.json:3:12", "invalid JSON"],
    },
    Row {
        args: &["diff", "bad.yaml", "bad.yaml"],
        says: &["bad.yaml:3:1", "invalid YAML"],
    },
    Row {
        args: &["diff", "array.json", "array.json"],
        says: &["array.json:1:1", "not an OpenAPI document"],
    },
    Row {
        args: &["diff", "missing.json", "missing.json"],
        says: &["missing.json", "cannot read"],
    },
    Row {
        args: &["diff", "a-directory.json", "a-directory.json"],
        says: &["a-directory.json", "Is a directory"],
    },
    Row {
        args: &["diff", "binary.yaml", "binary.yaml"],
        says: &["binary.yaml", "valid UTF-8"],
    },
    Row {
        args: &["diff", "deep.json", "deep.json"],
        says: &["deep.json:1:402", "nests deeper than 400 levels"],
    },
    Row {
        args: &["diff", "deep.yaml", "deep.yaml"],
        says: &["deep.yaml:1:402", "nests deeper than 400 levels"],
    },
    // check-contract, verify, stub: the pact loader.
    Row {
        args: &[
            "check-contract",
            "--pact",
            "wrong-type-pact.json",
            "--openapi",
            "bad.json",
        ],
        says: &[
            "wrong-type-pact.json:2:17",
            "$.interactions",
            "expected an array",
        ],
    },
    Row {
        args: &[
            "check-contract",
            "--pact",
            "trailing-comma-pact.json",
            "--openapi",
            "bad.json",
        ],
        says: &["trailing-comma-pact.json:2:39", "trailing comma"],
    },
    Row {
        args: &[
            "verify",
            "--pact",
            "wrong-type-pact.json",
            "--provider-base-url",
            NO_BROKER,
        ],
        says: &["wrong-type-pact.json:2:17", "expected an array"],
    },
    Row {
        args: &[
            "verify",
            "--pact",
            "deep-pact.json",
            "--provider-base-url",
            NO_BROKER,
        ],
        says: &["deep-pact.json:1:128", "recursion limit"],
    },
    Row {
        args: &["stub", "--pact", "wrong-type-pact.json"],
        says: &["wrong-type-pact.json:2:17", "expected an array"],
    },
    Row {
        args: &["stub", "--pact", "missing.json"],
        says: &["missing.json"],
    },
    // Publishing: the input is checked before anything is sent.
    Row {
        args: &[
            "publish",
            "wrong-type-pact.json",
            "-a",
            "1",
            "-b",
            NO_BROKER,
        ],
        says: &["wrong-type-pact.json:2:17", "not a valid pact"],
    },
    Row {
        args: &[
            "publish",
            "trailing-comma-pact.json",
            "-a",
            "1",
            "-b",
            NO_BROKER,
        ],
        says: &["trailing-comma-pact.json:2:39"],
    },
    Row {
        args: &["publish", "missing.json", "-a", "1", "-b", NO_BROKER],
        says: &["missing.json"],
    },
    Row {
        args: &[
            "publish-provider-contract",
            "bad.yaml",
            "--provider",
            "p",
            "-a",
            "1",
            "-b",
            NO_BROKER,
        ],
        says: &["bad.yaml:3:1", "invalid YAML"],
    },
    Row {
        args: &[
            "publish-provider-contract",
            "array.json",
            "--provider",
            "p",
            "-a",
            "1",
            "-b",
            NO_BROKER,
        ],
        says: &["array.json:1:1", "not an OpenAPI document"],
    },
    Row {
        args: &[
            "publish-migrations",
            "not-utf8.sql",
            "-a",
            "p",
            "-e",
            "1",
            "-b",
            NO_BROKER,
        ],
        says: &["not-utf8.sql:1:1", "invalid UTF-8"],
    },
    Row {
        args: &[
            "publish-migrations",
            "missing-dir",
            "-a",
            "p",
            "-e",
            "1",
            "-b",
            NO_BROKER,
        ],
        says: &["missing-dir"],
    },
    // Broker client commands: bad URLs and bad option values.
    Row {
        args: &[
            "can-i-deploy",
            "-a",
            "p",
            "-e",
            "1",
            "--to-environment",
            "x",
            "-b",
            "ftp://broker",
        ],
        says: &["ftp://broker", "http://"],
    },
    Row {
        args: &[
            "record-deployment",
            "-a",
            "p",
            "-e",
            "1",
            "--environment",
            "x",
            "-b",
            NO_BROKER,
            "--timeout",
            "0",
        ],
        says: &["--timeout"],
    },
    Row {
        args: &["create-version", "-a", "p", "-e", "1", "-b", "not a url"],
        says: &["not a url"],
    },
    // GitOps: unreadable manifests are named and nothing is recorded (the
    // broker is never asked); bad flags and a missing repository are usage errors.
    Row {
        args: &["gitops", "record", "--env", "p=.", "-b", NO_BROKER],
        says: &[
            "bad.yaml:2:8",
            "deep.yaml:1:",
            "binary.yaml is not UTF-8",
            "nothing was recorded",
        ],
    },
    Row {
        args: &["gitops", "record", "--env", "production", "-b", NO_BROKER],
        says: &["write NAME=DIR"],
    },
    Row {
        args: &["gitops", "record", "--env", "p=nowhere", "-b", NO_BROKER],
        says: &["nowhere is not a directory"],
    },
    Row {
        args: &[
            "gitops", "check", "--base", "main", "--env", "p=.", "-b", NO_BROKER,
        ],
        says: &["not a git repository"],
    },
    // The linter.
    Row {
        args: &["lint-migrations", "not-utf8.sql"],
        says: &["not-utf8.sql:1:1", "invalid UTF-8"],
    },
];

#[test]
fn every_command_refuses_bad_input_with_a_precise_message() {
    let dir = tempfile::tempdir().unwrap();
    fixtures(dir.path());
    let mut failures = Vec::new();
    for row in ROWS {
        let out = run_within(
            shipgate()
                .args(row.args)
                .current_dir(dir.path())
                .env_remove("SHIPGATE_BROKER_URL")
                .env_remove("PACT_BROKER_BASE_URL"),
            Duration::from_secs(60),
        );
        // The linter reports an unreadable file as a finding on stdout.
        let err = format!("{}{}", shipgate_e2e::stdout(&out), stderr(&out));
        let shown = row.args.join(" ");
        if out.status.code() != Some(2) {
            failures.push(format!("`{shown}` exited {:?}: {err}", out.status.code()));
        }
        if err.contains("panicked") || err.contains("cannot reach") {
            failures.push(format!("`{shown}`: {err}"));
        }
        for s in row.says {
            if !err.contains(s) {
                failures.push(format!("`{shown}`: stderr lacks `{s}`: {err}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
