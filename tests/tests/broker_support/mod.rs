//! Shared helpers for the broker end-to-end tests: start a real
//! `shipgate broker serve` process on a free port (SQLite in a temporary
//! directory, or a given database URL), and a small blocking HTTP client.

#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// A running broker process; killed on drop.
pub struct Broker {
    child: Child,
    pub url: String,
    pub dir: tempfile::TempDir,
    pub stderr_path: PathBuf,
    /// The first two lines the broker printed (address line and hint).
    pub first_lines: String,
}

impl Broker {
    /// A broker on SQLite in a fresh temporary directory.
    pub fn sqlite(extra: &[&str]) -> Broker {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("broker.db").display());
        Broker::start_in(dir, &url, extra)
    }

    /// A broker on `database_url`.
    pub fn with_database(database_url: &str, extra: &[&str]) -> Broker {
        Broker::start_in(tempfile::tempdir().expect("tempdir"), database_url, extra)
    }

    /// A broker on `database_url` whose working directory is `cwd` (where
    /// it finds a shipgate.toml).
    pub fn start_in_dir(cwd: &Path, database_url: &str, extra: &[&str]) -> Broker {
        Broker::start(
            tempfile::tempdir().expect("tempdir"),
            Some(cwd),
            database_url,
            extra,
        )
    }

    fn start_in(dir: tempfile::TempDir, database_url: &str, extra: &[&str]) -> Broker {
        Broker::start(dir, None, database_url, extra)
    }

    fn start(
        dir: tempfile::TempDir,
        cwd: Option<&Path>,
        database_url: &str,
        extra: &[&str],
    ) -> Broker {
        let stderr_path = dir.path().join("broker.log");
        let stderr = std::fs::File::create(&stderr_path).expect("log file");
        let mut child = shipgate_e2e::shipgate()
            .args([
                "broker",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                database_url,
            ])
            .args(extra)
            .current_dir(cwd.unwrap_or(dir.path()))
            .env("SHIPGATE_LOG", "info,sqlx=warn")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawning shipgate broker serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let hint = lines.next().and_then(Result::ok).unwrap_or_default();
                let _ = tx.send(format!("{line}\n{hint}"));
            }
            for _ in lines {}
        });
        let Ok(first_lines) = rx.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            panic!(
                "the broker did not start: {}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        };
        let line = first_lines.lines().next().unwrap_or("");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in `{line}`"))
            .to_string();
        Broker {
            child,
            url,
            dir,
            stderr_path,
            first_lines,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Kill the process with SIGKILL, as a crash or an OOM killer would.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Ask the process to stop (SIGTERM) and wait for it.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().expect("waiting for the broker")
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// A response: status, content type and body (JSON when it parses).
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
    pub text: String,
    pub location: Option<String>,
    pub retry_after: Option<String>,
}

/// Send a request; `body` is sent as-is with `content_type`.
pub fn send(method: &str, url: &str, body: Option<&str>, headers: &[(&str, &str)]) -> Resp {
    runtime().block_on(async {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        let mut req = client.request(method.parse().expect("method"), url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.body(b.to_string());
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            {
                req = req.header("content-type", "application/json");
            }
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = resp.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            content_type,
            body,
            text,
            location,
            retry_after,
        }
    })
}

/// Like [`send`], but a transport failure (connection refused or reset, or
/// no answer within `timeout`) is an `Err` instead of a panic.
pub fn try_send(
    method: &str,
    url: &str,
    body: Option<&str>,
    timeout: Duration,
) -> Result<Resp, String> {
    runtime().block_on(async {
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(timeout)
            .build()
            .expect("client");
        let mut req = client.request(method.parse().expect("method"), url);
        if let Some(b) = body {
            req = req
                .body(b.to_string())
                .header("content-type", "application/json");
        }
        let resp = req.send().await.map_err(|e| {
            if e.is_timeout() {
                format!("timeout: {e}")
            } else {
                e.to_string()
            }
        })?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type").unwrap_or_default();
        let location = header("location");
        let retry_after = header("retry-after");
        let text = resp.text().await.map_err(|e| e.to_string())?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Resp {
            status,
            content_type,
            body,
            text,
            location,
            retry_after,
        })
    })
}

pub fn get(url: &str) -> Resp {
    send("GET", url, None, &[])
}

pub fn post(url: &str, body: &Value) -> Resp {
    send("POST", url, Some(&body.to_string()), &[])
}

pub fn put(url: &str, body: &Value) -> Resp {
    send("PUT", url, Some(&body.to_string()), &[])
}

/// Base64 of a JSON document.
pub fn b64(v: &Value) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(v.to_string())
}

/// A minimal V3 pact between `consumer` and `provider` with one interaction
/// whose response body carries `marker` (so different markers give different content).
pub fn pact(consumer: &str, provider: &str, marker: &str) -> Value {
    serde_json::json!({
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [{
            "description": format!("a request for {marker}"),
            "request": {"method": "GET", "path": format!("/{marker}")},
            "response": {"status": 200, "body": {"marker": marker}}
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

/// The `POST /contracts/publish` body for one pact.
pub fn publish_body(consumer: &str, version: &str, branch: Option<&str>, pacts: &[Value]) -> Value {
    serde_json::json!({
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "branch": branch,
        "tags": [],
        "contracts": pacts.iter().map(|p| serde_json::json!({
            "consumerName": consumer,
            "providerName": p["provider"]["name"],
            "specification": "pact",
            "contentType": "application/json",
            "content": b64(p),
        })).collect::<Vec<_>>()
    })
}
