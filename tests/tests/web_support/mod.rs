//! A real browser for the web view tests: headless Chromium driven over
//! WebDriver (`chromedriver`) with fantoccini, a fresh profile per run, and
//! the browser's own console and network logs read after each page load.

#![allow(dead_code)]

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium flags the issue prescribes (plus a window size and a fresh
/// profile directory added at start).
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

/// Desktop and phone widths every page is checked at.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);

/// A running chromedriver with one Chromium session; both end on drop.
pub struct Browser {
    driver: Child,
    pub client: Client,
    _profile: tempfile::TempDir,
}

/// What one page load did, from the browser's own logs.
#[derive(Debug, Default)]
pub struct Load {
    /// Console messages at level SEVERE (errors, CSP violations, 404s of resources).
    pub console_errors: Vec<String>,
    /// Every URL the page requested.
    pub requests: Vec<String>,
}

impl Load {
    /// Network requests to any host other than `origin`
    /// (`http://127.0.0.1:PORT`). The browser's internal `chrome://`
    /// resources and `data:`/`about:` URLs reach no host and are not counted;
    /// every other scheme is.
    pub fn foreign(&self, origin: &str) -> Vec<String> {
        self.requests
            .iter()
            .filter(|u| !u.starts_with(&format!("{origin}/")) && u.as_str() != origin)
            .filter(|u| {
                ![
                    "chrome://",
                    "chrome-extension://",
                    "data:",
                    "about:",
                    "blob:",
                ]
                .iter()
                .any(|internal| u.starts_with(internal))
            })
            .cloned()
            .collect()
    }
}

/// `POST /session/{id}/se/log`: ChromeDriver's log endpoint (drains the buffer).
#[derive(Debug)]
struct GetLog(&'static str);

impl WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or("")))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// The Chromium binary: Debian's real one behind its wrapper script, if present.
fn chromium_binary(found: &Path) -> PathBuf {
    let real = Path::new("/usr/lib/chromium/chromium");
    if real.is_file() {
        real.to_path_buf()
    } else {
        found.to_path_buf()
    }
}

impl Browser {
    /// Start chromedriver and a headless Chromium; `None` (test skipped)
    /// when they are not installed outside CI. In CI a missing browser fails.
    pub async fn start() -> Option<Browser> {
        let driver_bin = shipgate_e2e::require_tool("chromedriver")?;
        let chromium = shipgate_e2e::require_tool("chromium")
            .or_else(|| shipgate_e2e::require_tool("chromium-browser"))?;
        let port = shipgate_e2e::free_port();
        let mut cmd = Command::new(driver_bin);
        // Its own process group, so that dropping the browser ends Chromium too.
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let driver = cmd
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium_binary(&chromium).display().to_string(),
                "args": args,
            },
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        });
        let Value::Object(caps) = caps else {
            unreachable!("a JSON object literal")
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut driver = driver;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    let _ = driver.kill();
                    panic!("cannot start a Chromium session through chromedriver: {e}");
                }
            }
        };
        let browser = Browser {
            driver,
            client,
            _profile: profile,
        };
        // Let the start page settle before the first page under test.
        browser
            .client
            .goto("about:blank")
            .await
            .expect("about:blank");
        browser.settle().await;
        Some(browser)
    }

    async fn log(&self, kind: &'static str) -> Vec<Value> {
        match self.client.issue_cmd(GetLog(kind)).await {
            Ok(Value::Array(entries)) => entries,
            Ok(other) => panic!("unexpected {kind} log: {other}"),
            Err(e) => panic!("reading the {kind} log: {e}"),
        }
    }

    /// Load `url` and report the console errors and requests of that load.
    pub async fn load(&self, url: &str) -> Load {
        // Drain what earlier pages left.
        self.log("browser").await;
        self.log("performance").await;
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        self.settle().await
    }

    /// After a navigation (goto or a click): the logs of that load.
    pub async fn settle(&self) -> Load {
        // Wait for the document to finish loading (subresources included).
        for _ in 0..100 {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await
                .unwrap_or(Value::Null);
            if state == "complete" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let console_errors = self
            .log("browser")
            .await
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect();
        let mut requests = Vec::new();
        for entry in self.log("performance").await {
            let Some(text) = entry["message"].as_str() else {
                continue;
            };
            let Ok(msg) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            if msg["message"]["method"] == "Network.requestWillBeSent" {
                if let Some(u) = msg["message"]["params"]["request"]["url"].as_str() {
                    requests.push(u.to_string());
                }
            }
        }
        Load {
            console_errors,
            requests,
        }
    }

    /// Resize the window (the viewport follows in headless mode).
    pub async fn size(&self, (w, h): (u32, u32)) {
        self.client
            .set_window_size(w, h)
            .await
            .expect("resizing the window");
    }

    /// Evaluate a script and return its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.eval("return document.body.innerText")
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Whether the page is wider than the window (horizontal scrolling).
    pub async fn overflows(&self) -> Option<String> {
        let v = self
            .eval(
                "const w = document.documentElement.clientWidth; \
                 const bad = [...document.querySelectorAll('body *')].filter(e => { \
                   if (e.closest('.network, .diffwrap, pre')) return false; \
                   const r = e.getBoundingClientRect(); return r.right > w + 1; }) \
                   .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40)); \
                 return document.documentElement.scrollWidth > w + 1 ? \
                   ('page ' + document.documentElement.scrollWidth + ' > ' + w + ': ' + bad.join(' | ')) : null",
            )
            .await;
        v.as_str().map(str::to_string)
    }

    /// Save a PNG screenshot of the viewport.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.expect("screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(path, png).expect("writing the screenshot");
    }

    /// Save a screenshot of the whole page (the window grown to the page's height).
    pub async fn full_screenshot(&self, path: &Path, width: u32) {
        let height = self
            .eval("return Math.ceil(document.documentElement.scrollHeight)")
            .await
            .as_u64()
            .unwrap_or(900)
            .clamp(400, 4000) as u32;
        self.size((width, height)).await;
        self.screenshot(path).await;
        self.size((width, DESKTOP.1)).await;
    }

    /// The `href`s of every link on the page (resolved by the browser).
    pub async fn links(&self) -> Vec<String> {
        // SVG links' `href` is not a string: resolve the attribute instead.
        self.eval("return [...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
            .await
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// End the session and the driver.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver and the Chromium processes it started share a group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Where screenshots go: `target/web-screenshots/` in the workspace.
pub fn screenshot_dir() -> PathBuf {
    shipgate_e2e::workspace_root()
        .join("target")
        .join("web-screenshots")
}
