//! The CLI contract as a user meets it: help, exit codes, one-line usage
//! errors, config errors with line and column, broken pipes.

use shipgate_e2e::{run, shipgate, stderr, stdout};
use std::process::Stdio;

#[test]
fn help_lists_subcommands_and_exit_codes() {
    let out = run(shipgate().arg("--help"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Commands:"), "{text}");
    assert!(text.contains("rules"), "{text}");
    assert!(text.contains("Exit status:"), "{text}");
    assert!(text.contains("--fail-on"), "{text}");
}

#[test]
fn unknown_flag_is_one_line_and_exit_2() {
    let out = run(shipgate().args(["rules", "--no-such-flag"]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--no-such-flag"), "{err}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn bad_level_value_is_exit_2() {
    let out = run(shipgate().args(["--fail-on", "fatal", "rules"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fatal"), "{}", stderr(&out));
}

#[test]
fn malformed_config_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shipgate.toml"),
        "[output]\nformat = \"jsn\"\n",
    )
    .unwrap();
    let nested = dir.path().join("sub");
    std::fs::create_dir(&nested).unwrap();
    let out = run(shipgate().arg("rules").current_dir(&nested));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("shipgate.toml:2:10"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn missing_explicit_config_is_exit_2() {
    let out = run(shipgate().args(["--config", "/nonexistent/shipgate.toml", "rules"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/shipgate.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn env_var_sets_format() {
    let out = run(shipgate().arg("rules").env("SHIPGATE_FORMAT", "json"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("rules --format json via env is JSON");
    assert!(v.is_array());
}

#[test]
fn broken_pipe_exits_zero() {
    // Close the read end before the child writes: its first write hits EPIPE.
    let mut child = shipgate()
        .args(["rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}
