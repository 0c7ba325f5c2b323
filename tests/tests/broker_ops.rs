//! Running the broker (issue 10, holes 6 and 7; issue 14, item 7), against
//! real `shipgate broker serve` processes: what a start refuses (a second
//! process on one SQLite file, a file that is not a database, a taken port,
//! which must leave no new files), the auth mode and its start-up hint,
//! public metrics, connection timeouts and the per-client cap, and token
//! management from the command line.

mod broker_support;

use broker_support::{get, send, Broker};
use shipgate_e2e::{shipgate, stderr, stdout};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run a command that should exit by itself; kill it (and fail) if it is
/// still running after `secs` seconds, so a start that wrongly succeeds
/// cannot hang the test.
fn run_to_exit(cmd: &mut Command, secs: u64) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "still running after {secs} s: {}{}",
                stdout(&out),
                stderr(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn serve_cmd(dir: &Path, extra: &[&str]) -> Command {
    let mut c = shipgate();
    c.args(["broker", "serve"]).args(extra).current_dir(dir);
    c
}

fn token(db: &str, name: &str, role: &str) -> String {
    let out = shipgate_e2e::run(shipgate().args([
        "broker",
        "token",
        "create",
        "--name",
        name,
        "--role",
        role,
        "--database-url",
        db,
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn a_second_broker_on_the_same_sqlite_file_is_refused_at_start() {
    let first = Broker::sqlite(&[]);
    let url = format!("sqlite://{}", first.path().join("broker.db").display());
    let out = run_to_exit(
        &mut serve_cmd(
            first.path(),
            &["--listen", "127.0.0.1:0", "--database-url", &url],
        ),
        60,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("another broker already serves"), "{err}");
    assert!(err.contains("broker.db"), "{err}");
    // The first one still serves.
    assert_eq!(get(&format!("{}/pacticipants", first.url)).status, 200);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_that_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("notes.db"),
        "these are my notes, not a database\n",
    )
    .unwrap();
    let url = format!("sqlite://{}", dir.path().join("notes.db").display());
    for args in [
        vec![
            "broker",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            &url,
        ],
        vec![
            "broker",
            "token",
            "create",
            "--name",
            "x",
            "--database-url",
            &url,
        ],
    ] {
        let out = run_to_exit(shipgate().args(&args).current_dir(dir.path()), 60);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("is not a database"), "{args:?}: {err}");
        assert!(!err.contains("timed out"), "{args:?}: {err}");
    }
    // Untouched: no WAL, no lock file, same content.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.db")).unwrap(),
        "these are my notes, not a database\n"
    );
    assert_eq!(files_in(dir.path()), ["notes.db"]);
}

#[test]
fn a_failed_start_leaves_no_new_database_files() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = run_to_exit(&mut serve_cmd(dir.path(), &["--listen", &addr]), 60);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot listen on"),
        "{}",
        stderr(&out)
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
    // A start refused after opening the database removes what it created.
    let out = run_to_exit(&mut serve_cmd(dir.path(), &["--listen", "0.0.0.0:0"]), 60);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refusing to listen"),
        "{}",
        stderr(&out)
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
    drop(taken);
}

/// The second line of the start-up output suggests a command: when it is a
/// plain `curl URL`, that URL must answer without credentials.
fn check_hint(b: &Broker, first_lines: &str) {
    let hint = first_lines.lines().nth(1).unwrap_or("").trim().to_string();
    assert!(
        hint.starts_with("try:") || hint.starts_with("no credential"),
        "{hint}"
    );
    if let Some(rest) = hint.strip_prefix("try: curl http://") {
        let url = format!("http://{}", rest.split_whitespace().next().unwrap());
        assert_ne!(get(&url).status, 401, "the hint `{hint}` gets 401");
    } else {
        assert!(!hint.contains("try: curl http"), "{hint}");
    }
    let _ = b;
}

#[test]
fn the_start_up_hint_never_suggests_a_curl_that_gets_401() {
    let open = Broker::sqlite(&[]);
    check_hint(&open, &open.first_lines);
    assert!(
        open.first_lines.contains("auth off"),
        "{}",
        open.first_lines
    );
    let basic = Broker::sqlite(&["--basic-auth-username", "ci", "--basic-auth-password", "pw"]);
    check_hint(&basic, &basic.first_lines);
    assert!(
        basic.first_lines.contains("auth on"),
        "{}",
        basic.first_lines
    );
    assert!(
        basic.first_lines.contains("-u USER:PASSWORD"),
        "{}",
        basic.first_lines
    );
    let on = Broker::sqlite(&["--auth", "on"]);
    check_hint(&on, &on.first_lines);
    assert!(
        on.first_lines.contains("token create"),
        "{}",
        on.first_lines
    );
    assert_eq!(get(&format!("{}/pacticipants", on.url)).status, 401);
    let public = Broker::sqlite(&["--auth", "on", "--allow-public-read"]);
    check_hint(&public, &public.first_lines);
    assert!(
        public.first_lines.contains("public read"),
        "{}",
        public.first_lines
    );
}

#[test]
fn auth_auto_turns_on_when_the_first_token_is_created_and_tokens_can_be_revoked() {
    let b = Broker::sqlite(&[]);
    let db = format!("sqlite://{}", b.path().join("broker.db").display());
    let u = &b.url;
    assert_eq!(
        get(&format!("{u}/pacticipants")).status,
        200,
        "open at first"
    );
    // Created from the command line while the broker runs: closed at once.
    let secret = token(&db, "ci", "write");
    assert_eq!(get(&format!("{u}/pacticipants")).status, 401);
    let bearer = format!("Bearer {secret}");
    let auth = [("authorization", bearer.as_str())];
    assert_eq!(
        send("GET", &format!("{u}/pacticipants"), None, &auth).status,
        200
    );
    let list =
        shipgate_e2e::run(shipgate().args(["broker", "token", "list", "--database-url", &db]));
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(
        stdout(&list).starts_with("ci\twrite\t"),
        "{}",
        stdout(&list)
    );
    assert!(
        !stdout(&list).contains(&secret),
        "a listing shows no secret"
    );
    let revoke = shipgate_e2e::run(shipgate().args([
        "broker",
        "token",
        "revoke",
        "--name",
        "ci",
        "--database-url",
        &db,
    ]));
    assert!(revoke.status.success(), "{}", stderr(&revoke));
    assert_eq!(
        send("GET", &format!("{u}/pacticipants"), None, &auth).status,
        401,
        "revoked at once"
    );
    let again = shipgate_e2e::run(shipgate().args([
        "broker",
        "token",
        "revoke",
        "--name",
        "ci",
        "--database-url",
        &db,
    ]));
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("no token named `ci`"),
        "{}",
        stderr(&again)
    );
    // With every token revoked, `auto` stays on: it never reopens by itself.
    assert_eq!(get(&format!("{u}/pacticipants")).status, 401);
    // `--auth off` is explicit, and says so.
    let off = Broker::with_database(
        &format!("sqlite://{}", b.path().join("other.db").display()),
        &["--auth", "off"],
    );
    assert!(
        off.first_lines.contains("auth off (configured)"),
        "{}",
        off.first_lines
    );
}

#[test]
fn public_metrics_let_prometheus_scrape_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("m.db").display());
    let secret = token(&db, "ci", "write");
    let closed = Broker::with_database(&db, &[]);
    assert_eq!(get(&format!("{}/metrics", closed.url)).status, 401);
    drop(closed);
    let open = Broker::with_database(&db, &["--public-metrics"]);
    let r = get(&format!("{}/metrics", open.url));
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.text.contains("# TYPE"), "{}", r.text);
    assert_eq!(
        get(&format!("{}/pacticipants", open.url)).status,
        401,
        "only metrics are public"
    );
    let bearer = format!("Bearer {secret}");
    assert_eq!(
        send(
            "GET",
            &format!("{}/pacticipants", open.url),
            None,
            &[("authorization", &bearer)]
        )
        .status,
        200
    );
    drop(open);
    // The same switch from shipgate.toml's [broker.access].
    std::fs::write(
        dir.path().join("shipgate.toml"),
        "[broker.access]\npublic-metrics = true\n",
    )
    .unwrap();
    let from_file = Broker::start_in_dir(dir.path(), &db, &[]);
    assert_eq!(get(&format!("{}/metrics", from_file.url)).status, 200);
}

/// Read from a raw connection until the server closes it; returns what was
/// read, or panics if the server keeps it open for `secs` seconds.
fn read_until_closed(stream: &mut TcpStream, secs: u64) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(secs)))
        .unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return String::from_utf8_lossy(&out).into_owned(),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return String::from_utf8_lossy(&out).into_owned()
            }
            Err(e) => panic!(
                "the server kept the connection open ({e}); read so far: {}",
                String::from_utf8_lossy(&out)
            ),
        }
    }
}

#[test]
fn idle_slow_header_and_slow_body_connections_are_closed() {
    let b = Broker::sqlite(&["--header-timeout", "1", "--body-timeout", "1"]);
    let addr = b.url.trim_start_matches("http://").to_string();
    // Idle: connect and send nothing.
    let mut idle = TcpStream::connect(&addr).unwrap();
    assert_eq!(read_until_closed(&mut idle, 20), "");
    // Slow headers: half a request line, then nothing.
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.write_all(b"GET /pacticipants HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let got = read_until_closed(&mut slow, 20);
    assert!(got.is_empty() || got.starts_with("HTTP/1.1 408"), "{got}");
    // Slow body: the headers promise 100 bytes, 10 arrive.
    let mut body = TcpStream::connect(&addr).unwrap();
    body.write_all(
        b"POST /environments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\": \"",
    )
    .unwrap();
    let got = read_until_closed(&mut body, 20);
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(got.contains("did not arrive within 1 s"), "{got}");
    // Idle after a complete request on a kept-alive connection.
    let mut kept = TcpStream::connect(&addr).unwrap();
    kept.write_all(b"GET /diagnostic/status/heartbeat HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let got = read_until_closed(&mut kept, 20);
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    // Nothing was stored, and the broker still answers.
    let envs = get(&format!("{}/environments", b.url));
    assert_eq!(
        envs.body["_embedded"]["environments"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn connections_per_client_are_capped() {
    let b = Broker::sqlite(&[
        "--max-connections-per-client",
        "3",
        "--header-timeout",
        "30",
    ]);
    let addr = b.url.trim_start_matches("http://").to_string();
    let held: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    // Give the server time to count all three.
    std::thread::sleep(Duration::from_millis(300));
    let mut fourth = TcpStream::connect(&addr).unwrap();
    let got = read_until_closed(&mut fourth, 20);
    assert!(got.starts_with("HTTP/1.1 503"), "{got}");
    assert!(got.contains("Retry-After: 1"), "{got}");
    drop(held);
    // Once they are closed, the client is served again.
    let mut served = false;
    for _ in 0..50 {
        std::thread::sleep(Duration::from_millis(100));
        if get(&format!("{}/diagnostic/status/heartbeat", b.url)).status == 200 {
            served = true;
            break;
        }
    }
    assert!(served, "{}", b.log());
}

#[test]
fn backup_while_publishing_then_restore() {
    use broker_support::{pact, post, publish_body};
    let b = Broker::sqlite(&[]);
    let db = format!("sqlite://{}", b.path().join("broker.db").display());
    let url = b.url.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let publisher = {
        let (stop, done) = (stop.clone(), done.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || n < 20 {
                let body = publish_body(
                    "web",
                    &format!("1.0.{n}"),
                    Some("main"),
                    &[
                        pact("web", "users", &format!("m{n}")),
                        pact("web", "orders", "x"),
                    ],
                );
                assert_eq!(post(&format!("{url}/contracts/publish"), &body).status, 200);
                n += 1;
                done.store(n, std::sync::atomic::Ordering::Relaxed);
            }
            n
        })
    };
    // Back up in the middle of the load: some publications are in, more follow.
    while done.load(std::sync::atomic::Ordering::Relaxed) < 5 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let copy = b.path().join("copy.db");
    let out = run_to_exit(
        shipgate()
            .args(["broker", "backup"])
            .arg(&copy)
            .args(["--database-url", &db]),
        120,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("schema version"), "{}", stderr(&out));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let published = publisher.join().unwrap();
    // Refuses to overwrite.
    let again = run_to_exit(
        shipgate()
            .args(["broker", "backup"])
            .arg(&copy)
            .args(["--database-url", &db]),
        60,
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    // Restore: a broker started on the copy serves a consistent state:
    // every version it has carries both of its pacts.
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored_dir.path().join("broker.db")).unwrap();
    let restored = Broker::with_database(
        &format!(
            "sqlite://{}",
            restored_dir.path().join("broker.db").display()
        ),
        &[],
    );
    let versions = get(&format!(
        "{}/pacticipants/web/versions?pageSize=1000",
        restored.url
    ));
    let list = versions.body["_embedded"]["versions"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        !list.is_empty() && list.len() <= published,
        "{} of {published}",
        list.len()
    );
    for v in list {
        let number = v["number"].as_str().unwrap();
        for provider in ["users", "orders"] {
            let r = get(&format!(
                "{}/pacts/provider/{provider}/consumer/web/version/{number}",
                restored.url
            ));
            assert_eq!(r.status, 200, "{number} {provider}: {}", r.text);
        }
    }
}
