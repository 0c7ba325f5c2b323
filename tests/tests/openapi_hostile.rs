//! Hostile OpenAPI input through the real binary (issue 10, holes 1 and 2):
//! `$ref`s that try to read files outside the document's root, special files
//! and remote URLs, and YAML alias bombs. Every refusal is exit 2 with the
//! document, line and column of the culprit, and nothing of the target file
//! reaches the output.
//!
//! See: issue 10 ("Hardening: hostile input…"), holes 1 and 2.

use shipgate_e2e::{run, shipgate, stderr, stdout};
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BASE: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
";

/// A revision whose response schema is `$ref: <target>` (line 11, column 24).
fn revision(target: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '{target}'}}
"
    )
}

const PACT: &str = r#"{
  "consumer": {"name": "web"}, "provider": {"name": "api"},
  "interactions": [{"description": "get a", "request": {"method": "GET", "path": "/a"},
    "response": {"status": 200, "body": {"id": "x"}}}],
  "metadata": {"pactSpecification": {"version": "3.0.0"}}
}"#;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `shipgate diff base.yaml rev.yaml` in `dir` (plus `extra` flags).
fn diff(dir: &Path, extra: &[&str]) -> Output {
    run(shipgate()
        .current_dir(dir)
        .env("SHIPGATE_TEST_SECRET", "hunter2-do-not-print")
        .args(["diff", "base.yaml", "rev.yaml", "--date", "2026-06-01"])
        .args(extra))
}

/// Assert a refusal: exit 2, a one-line error naming `rev.yaml:11:24` and
/// `why`, and none of `leak` in the output.
fn assert_refused(out: &Output, why: &str, leak: &[&str]) {
    let (o, e) = (stdout(out), stderr(out));
    assert_eq!(out.status.code(), Some(2), "stdout: {o}\nstderr: {e}");
    assert!(e.contains("rev.yaml:11:24: $ref `"), "{e}");
    assert!(e.contains("refused"), "{e}");
    assert!(e.contains(why), "expected `{why}` in: {e}");
    for secret in leak.iter().chain(&["hunter2-do-not-print"]) {
        assert!(
            !o.contains(secret) && !e.contains(secret),
            "`{secret}` leaked: {o}{e}"
        );
    }
}

#[test]
fn issue_10_absolute_and_proc_refs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", BASE);
    for target in [
        "/proc/self/environ",
        "/etc/passwd",
        "/etc/passwd#/root",
        "file:///etc/passwd",
    ] {
        write(dir.path(), "rev.yaml", &revision(target));
        let out = diff(dir.path(), &[]);
        assert_refused(&out, "", &["root:x:0"]);
        assert!(
            stderr(&out).contains("absolute paths") || stderr(&out).contains("only relative"),
            "{target}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn issue_10_refs_that_escape_the_root_are_refused() {
    // Outside git the root is the document's own directory.
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("api");
    write(&api, "base.yaml", BASE);
    write(
        dir.path(),
        "secret.yaml",
        "Leaked: {type: string, description: top-secret}\n",
    );
    write(&api, "rev.yaml", &revision("../secret.yaml#/Leaked"));
    let out = diff(&api, &[]);
    assert_refused(&out, "leads outside", &["top-secret"]);
    write(
        &api,
        "rev.yaml",
        &revision("../../../../../../../../etc/passwd"),
    );
    assert_refused(&diff(&api, &[]), "leads outside", &["root:x:0"]);

    // --ref-root widens the root: the same reference is then followed.
    write(&api, "rev.yaml", &revision("../secret.yaml#/Leaked"));
    let out = diff(&api, &["--ref-root", ".."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("OAS"), "{}", stdout(&out));
}

#[test]
fn issue_10_refs_to_a_sibling_directory_inside_the_repository_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let api = dir.path().join("api");
    write(&api, "base.yaml", BASE);
    write(
        dir.path(),
        "common/schemas.yaml",
        "Item: {type: object, properties: {id: {type: integer}}}\n",
    );
    write(&api, "rev.yaml", &revision("../common/schemas.yaml#/Item"));
    let out = diff(&api, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("common/schemas.yaml"),
        "{}",
        stdout(&out)
    );
    // But not out of the repository.
    write(&api, "rev.yaml", &revision("../../outside.yaml"));
    assert_refused(&diff(&api, &[]), "leads outside", &[]);
}

#[cfg(unix)]
#[test]
fn issue_10_symlinks_out_of_the_root_and_special_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "x.yaml",
        "X: {type: string, description: top-secret}\n",
    );
    write(dir.path(), "base.yaml", BASE);
    std::os::unix::fs::symlink(outside.path().join("x.yaml"), dir.path().join("link.yaml"))
        .unwrap();
    write(dir.path(), "rev.yaml", &revision("link.yaml#/X"));
    assert_refused(&diff(dir.path(), &[]), "is a symlink to", &["top-secret"]);

    // A directory symlink is resolved too.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("shared")).unwrap();
    write(dir.path(), "rev.yaml", &revision("shared/x.yaml#/X"));
    assert_refused(&diff(dir.path(), &[]), "is a symlink to", &["top-secret"]);

    // A symlink to /proc (inside the root as a name) is refused, not read.
    std::os::unix::fs::symlink("/proc/self/environ", dir.path().join("env.yaml")).unwrap();
    write(dir.path(), "rev.yaml", &revision("env.yaml"));
    let out = diff(dir.path(), &["--ref-root", "/"]);
    assert_refused(&out, "special file", &[]);

    // A FIFO is refused at once, never waited on.
    let fifo = dir.path().join("fifo.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        write(dir.path(), "rev.yaml", &revision("fifo.yaml"));
        let mut child = shipgate()
            .current_dir(dir.path())
            .args(["diff", "base.yaml", "rev.yaml"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(60) {
                child.kill().unwrap();
                panic!("diff waited on a FIFO");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert_refused(&out, "not a regular file", &[]);
    }

    // A directory is not a document either.
    std::fs::create_dir(dir.path().join("adir")).unwrap();
    write(dir.path(), "rev.yaml", &revision("adir"));
    assert_refused(&diff(dir.path(), &[]), "not a regular file", &[]);
}

/// Serve `body` for every request on a local port, for up to `n` requests.
fn serve(body: &'static str, n: usize) -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/schemas.yaml", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/yaml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, handle)
}

#[test]
fn issue_10_remote_refs_need_allow_remote_refs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", BASE);
    let (url, server) = serve(
        "Item: {type: object, properties: {id: {type: integer}}}\n",
        1,
    );
    write(dir.path(), "rev.yaml", &revision(&format!("{url}#/Item")));
    // Refused without the flag (and nothing is fetched: the server still waits).
    assert_refused(&diff(dir.path(), &[]), "--allow-remote-refs", &[]);
    let out = diff(dir.path(), &["--allow-remote-refs"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("OAS"), "{}", stdout(&out));
    server.join().unwrap();
}

#[test]
fn issue_10_git_revision_refs_stay_inside_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, "api/base.yaml", BASE);
    write(&repo, "api/rev.yaml", &revision("../../outside.yaml"));
    write(dir.path(), "outside.yaml", "{}\n");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "v1"]);
    let out = run(shipgate().current_dir(&repo).args([
        "diff",
        "HEAD:api/base.yaml",
        "HEAD:api/rev.yaml",
    ]));
    let e = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(
        e.contains("HEAD:api/rev.yaml:11:24: $ref `../../outside.yaml` refused: it leads outside the repository"),
        "{e}"
    );
    // Absolute paths are refused before git is asked.
    write(&repo, "api/rev.yaml", &revision("/etc/passwd"));
    git(&repo, &["commit", "-q", "-am", "v2"]);
    let out = run(shipgate().current_dir(&repo).args([
        "diff",
        "HEAD:api/base.yaml",
        "HEAD:api/rev.yaml",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("absolute paths"), "{}", stderr(&out));
}

#[test]
fn issue_10_check_contract_follows_the_same_policy() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pact.json", PACT);
    write(dir.path(), "rev.yaml", &revision("/proc/self/environ"));
    let out = run(shipgate()
        .current_dir(dir.path())
        .env("SHIPGATE_TEST_SECRET", "hunter2-do-not-print")
        .args([
            "check-contract",
            "--pact",
            "pact.json",
            "--openapi",
            "rev.yaml",
        ]));
    assert_refused(&out, "absolute paths", &[]);
    // A reference inside the root is followed and validated against.
    write(
        dir.path(),
        "schemas.yaml",
        "Item: {type: object, required: [id], properties: {id: {type: integer}}}\n",
    );
    write(dir.path(), "rev.yaml", &revision("schemas.yaml#/Item"));
    let out = run(shipgate().current_dir(dir.path()).args([
        "check-contract",
        "--pact",
        "pact.json",
        "--openapi",
        "rev.yaml",
    ]));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("CON"), "{}", stdout(&out));
}

/// Nine levels of nine aliases: 416 bytes that expand to 10⁹ nodes.
fn billion_laughs() -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    text.push_str(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    text
}

#[test]
fn issue_10_yaml_alias_bombs_are_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", BASE);
    write(dir.path(), "rev.yaml", &billion_laughs());
    write(dir.path(), "pact.json", PACT);
    // In a $ref'd file too.
    write(dir.path(), "bomb.yaml", &billion_laughs());
    write(dir.path(), "via-ref.yaml", &revision("bomb.yaml#/i"));
    let cases: [&[&str]; 4] = [
        &["diff", "base.yaml", "rev.yaml"],
        &["diff", "rev.yaml", "base.yaml"],
        &["diff", "base.yaml", "via-ref.yaml"],
        &[
            "check-contract",
            "--pact",
            "pact.json",
            "--openapi",
            "rev.yaml",
        ],
    ];
    for args in cases {
        let out = run(shipgate().current_dir(dir.path()).args(args));
        let e = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {e}");
        assert!(e.contains("alias bomb"), "{args:?}: {e}");
        assert!(e.contains("bomb.yaml:") || e.contains("rev.yaml:"), "{e}");
    }
}
