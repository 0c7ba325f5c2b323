//! The web view in a real browser: a `shipgate broker serve` process seeded
//! through its own API, and headless Chromium over WebDriver. For every page:
//! the right content and status words, working links, no console errors, no
//! request to another host (from the browser's own network log), no
//! horizontal scrolling at phone width, and a screenshot at 1280 px and at
//! phone width (in `target/web-screenshots/`).
//!
//! The XSS test publishes `<script>` and `"><img onerror=…>` payloads in
//! every user-supplied field and checks that they are text, both in the HTML
//! and in the browser's DOM.

mod broker_support;
mod web_support;

use broker_support::{get, pact, post, publish_body, put, send, Broker};
use serde_json::{json, Value};
use web_support::{screenshot_dir, Browser, DESKTOP, PHONE};

/// What the seed created, for building page URLs and expectations.
struct Seed {
    /// sha of the web → orders pact (verified).
    web_orders_sha: String,
    /// sha of the mobile → orders pact (failed) and its failing verification id.
    mobile_orders_sha: String,
    mobile_orders_failure: i64,
}

fn ok(r: &broker_support::Resp) -> &broker_support::Resp {
    assert!((200..300).contains(&r.status), "{} {}", r.status, r.text);
    r
}

fn publish(b: &Broker, consumer: &str, version: &str, branch: &str, pacts: &[Value]) {
    ok(&post(
        &format!("{}/contracts/publish", b.url),
        &publish_body(consumer, version, Some(branch), pacts),
    ));
}

/// The sha of the latest pact between `consumer` and `provider`.
fn sha(b: &Broker, provider: &str, consumer: &str) -> String {
    let r = get(&format!(
        "{}/pacts/provider/{provider}/consumer/{consumer}/latest",
        b.url
    ));
    ok(&r);
    r.body["_links"]["pb:pact-version"]["name"]
        .as_str()
        .expect("sha")
        .to_string()
}

/// Publish a verification result; returns its id.
fn verify(
    b: &Broker,
    provider: &str,
    consumer: &str,
    version: &str,
    branch: &str,
    success: bool,
    results: Value,
) -> i64 {
    let sha = sha(b, provider, consumer);
    let r = post(
        &format!(
            "{}/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results",
            b.url
        ),
        &json!({"success": success, "providerApplicationVersion": version, "buildUrl": "https://ci.example/build/7", "testResults": results}),
    );
    ok(&r);
    ok(&put(
        &format!(
            "{}/pacticipants/{provider}/branches/{branch}/versions/{version}",
            b.url
        ),
        &json!({}),
    ));
    let loc = r.location.expect("location");
    loc.rsplit('/').next().unwrap().parse().expect("id")
}

fn environment(b: &Broker, name: &str, production: bool) {
    ok(&post(
        &format!("{}/environments", b.url),
        &json!({"name": name, "displayName": name, "production": production}),
    ));
}

fn deploy(b: &Broker, pacticipant: &str, version: &str, env: &str) {
    // The version must exist: make sure it does (a branch PUT creates it).
    ok(&post(
        &format!(
            "{}/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{env}",
            b.url
        ),
        &json!({}),
    ));
}

/// Five services, five integrations, one of each status, two environments.
fn seed(b: &Broker) -> Seed {
    environment(b, "test", false);
    environment(b, "production", true);
    // Two versions of the web → orders pact, so its page has a diff.
    publish(
        b,
        "web",
        "1.0.0",
        "main",
        &[pact("web", "orders", "order-list")],
    );
    let mut web_orders = pact("web", "orders", "order-list");
    web_orders["interactions"][0]["providerState"] = json!("orders exist");
    web_orders["interactions"][0]["response"]["body"]["count"] = json!(2);
    publish(b, "web", "1.0.1", "main", &[web_orders]);
    publish(
        b,
        "web",
        "1.1.0",
        "main",
        &[pact("web", "payments", "payment")],
    );
    publish(
        b,
        "mobile",
        "3.0.0",
        "main",
        &[pact("mobile", "orders", "order")],
    );
    publish(
        b,
        "mobile",
        "3.0.0",
        "main",
        &[pact("mobile", "profile", "me")],
    );
    publish(
        b,
        "orders",
        "2.0.0",
        "main",
        &[pact("orders", "payments", "charge")],
    );
    // web → orders: verified by orders' main branch.
    verify(b, "orders", "web", "2.0.0", "main", true, json!([]));
    // mobile → orders: failed, with per-interaction results.
    let failure = verify(
        b,
        "orders",
        "mobile",
        "2.0.0",
        "main",
        false,
        json!([{
            "interactionId": "a request for order",
            "interactionDescription": "a request for order",
            "success": false,
            "mismatches": [{
                "attribute": "body",
                "identifier": "$.marker",
                "description": "Expected 'order' but received 'orders'",
                "expected": "order",
                "actual": "orders"
            }]
        }]),
    );
    // web → payments: verified only by a feature branch of payments: pending.
    verify(
        b,
        "payments",
        "web",
        "5.1.0",
        "feat-refunds",
        true,
        json!([]),
    );
    // orders → payments: verified by payments' main branch.
    verify(b, "payments", "orders", "5.0.0", "main", true, json!([]));
    // mobile → profile: never verified.
    deploy(b, "orders", "2.0.0", "production");
    deploy(b, "payments", "5.0.0", "production");
    deploy(b, "web", "1.1.0", "test");
    Seed {
        web_orders_sha: sha(b, "orders", "web"),
        mobile_orders_sha: sha(b, "orders", "mobile"),
        mobile_orders_failure: failure,
    }
}

/// One page to check: its path, words it must show, and a name for screenshots.
struct Page {
    name: &'static str,
    path: String,
    words: Vec<String>,
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

fn pages(seed: &Seed) -> Vec<Page> {
    vec![
        Page {
            name: "index",
            path: "/".into(),
            words: words(&["Integrations", "web", "orders", "verified", "failed", "pending", "unverified"]),
        },
        Page {
            name: "index-search",
            path: "/?q=pay".into(),
            words: words(&["payments", "pending", "verified"]),
        },
        Page {
            name: "network",
            path: "/web/network".into(),
            words: words(&["Network", "mobile", "profile", "verified", "failed"]),
        },
        Page {
            name: "network-orders",
            path: "/web/network?service=orders".into(),
            words: words(&["orders", "web", "mobile", "payments"]),
        },
        Page {
            name: "services",
            path: "/pacticipants".into(),
            words: words(&["Services", "mobile", "orders", "payments", "profile", "web"]),
        },
        Page {
            name: "service",
            path: "/pacticipants/orders".into(),
            words: words(&[
                "Contracts it publishes",
                "Contracts it must satisfy",
                "a request for order-list",
                "given orders exist",
                "GET /order-list",
                "production",
                "deployed",
                "2.0.0",
                "Versions",
            ]),
        },
        Page {
            name: "environments",
            path: "/environments".into(),
            words: words(&["Environments", "production", "test"]),
        },
        Page {
            name: "environment",
            path: "/environments/production".into(),
            words: words(&["production", "orders", "payments", "2.0.0", "5.0.0", "yes", "no"]),
        },
        Page {
            name: "matrix-form",
            path: "/matrix".into(),
            words: words(&["Can I deploy?", "Check"]),
        },
        Page {
            name: "matrix",
            path: "/matrix?q[][pacticipant]=mobile&q[][version]=3.0.0&latestby=cvpv&environment=production".into(),
            words: words(&[
                "no",
                "contract",
                "error",
                "The verification for the pact between mobile (3.0.0) and orders (2.0.0) failed",
                "There is no verified pact between mobile (3.0.0) and a version of profile currently in production",
                "failed",
            ]),
        },
        Page {
            name: "can-i-deploy",
            path: "/can-i-deploy?pacticipant=web&version=1.0.1&environment=production".into(),
            words: words(&["yes", "All required verification results are published and successful", "passed"]),
        },
        Page {
            name: "contract",
            path: format!("/pacts/provider/orders/consumer/mobile/pact-version/{}", seed.mobile_orders_sha),
            words: words(&["Pact between mobile and orders", "a request for order", "failed", "$.marker", "Expected 'order' but received 'orders'"]),
        },
        Page {
            name: "contract-diff",
            path: "/pacts/provider/orders/consumer/web/latest".into(),
            words: words(&["Changes since the previous version", "orders exist", "\"count\": 2", "1.0.0"]),
        },
        Page {
            name: "contract-by-sha",
            path: format!("/pacts/provider/orders/consumer/web/pact-version/{}", seed.web_orders_sha),
            words: words(&["Pact between web and orders", "passed"]),
        },
        Page {
            name: "verification",
            path: format!(
                "/pacts/provider/orders/consumer/mobile/pact-version/{}/verification-results/{}",
                seed.mobile_orders_sha, seed.mobile_orders_failure
            ),
            words: words(&["failed", "2.0.0", "$.marker", "Expected", "Actual", "https://ci.example/build/7"]),
        },
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn every_page_in_a_real_browser() {
    let broker = Broker::sqlite(&[]);
    let seed = seed(&broker);
    let origin = broker.url.clone();
    let pages = pages(&seed);
    // The same URLs still answer HAL JSON to API clients.
    let api = send(
        "GET",
        &format!("{origin}/"),
        None,
        &[("accept", "application/hal+json")],
    );
    assert!(
        api.content_type.starts_with("application/hal+json"),
        "{}",
        api.text
    );
    runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        let dir = screenshot_dir();
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client");
        for page in &pages {
            let url = format!("{origin}{}", page.path);
            browser.size(DESKTOP).await;
            let load = browser.load(&url).await;
            assert!(
                load.console_errors.is_empty(),
                "{url}: console errors {:?}",
                load.console_errors
            );
            assert!(
                !load.requests.is_empty(),
                "{url}: the network log recorded no request at all"
            );
            assert_eq!(
                load.foreign(&origin),
                Vec::<String>::new(),
                "{url}: requests to other hosts"
            );
            let text = browser.text().await;
            for w in &page.words {
                assert!(
                    text.contains(w.as_str()),
                    "{url}: `{w}` not on the page:\n{text}"
                );
            }
            // Accessibility basics, from the DOM: the language, one h1, a
            // label for every control, headers scoped, the diagram named, the
            // current section marked, and no status shown by colour alone.
            let problems = browser
                .eval(
                    "const p = [];\
                     if (document.documentElement.lang !== 'en') p.push('no lang');\
                     if (document.querySelectorAll('h1').length !== 1) p.push('h1 count ' + document.querySelectorAll('h1').length);\
                     for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {\
                       if (!(c.id && document.querySelector('label[for=\"' + c.id + '\"]')) && !c.getAttribute('aria-label')) p.push('unlabelled ' + c.outerHTML);\
                     }\
                     for (const th of document.querySelectorAll('thead th')) if (!th.getAttribute('scope')) p.push('th without scope');\
                     for (const svg of document.querySelectorAll('svg')) if (!svg.getAttribute('aria-label') && !svg.querySelector('title')) p.push('unnamed svg');\
                     if (!document.querySelector('nav a[aria-current=page]')) p.push('no current section');\
                     for (const e of document.querySelectorAll('.status, .answer, .result')) if (!e.textContent.trim()) p.push('a status without a word');\
                     return p;",
                )
                .await;
            assert_eq!(problems, serde_json::json!([]), "{url}: accessibility");
            // The stylesheet applied (the top bar has the accent colour).
            let bg = browser
                .eval(
                    "return getComputedStyle(document.querySelector('header.top')).backgroundColor",
                )
                .await;
            assert_eq!(bg, "rgb(31, 78, 121)", "{url}: the stylesheet did not load");
            browser
                .full_screenshot(&dir.join(format!("{}-1280.png", page.name)), DESKTOP.0)
                .await;
            // Every link on the page leads somewhere that answers.
            for link in browser.links().await {
                if !link.starts_with(&origin) {
                    // Only the build URL a verifier published links elsewhere
                    // (a link, not a request: nothing is loaded from it).
                    assert!(
                        link.starts_with("https://ci.example/"),
                        "{url}: link to another host {link}"
                    );
                    continue;
                }
                let status = http
                    .get(&link)
                    .header("accept", "text/html")
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                assert_eq!(status, 200, "{url}: link {link} answers {status}");
            }
            browser.size(PHONE).await;
            let load = browser.load(&url).await;
            assert!(
                load.console_errors.is_empty(),
                "{url} (phone): {:?}",
                load.console_errors
            );
            if let Some(overflow) = browser.overflows().await {
                panic!("{url} is wider than a phone screen: {overflow}");
            }
            browser
                .full_screenshot(&dir.join(format!("{}-phone.png", page.name)), PHONE.0)
                .await;
        }
        browser.quit().await;
    });
}

/// Hostile text for every user-supplied place.
const SCRIPT: &str = "<script>alert('sg')</script>";
const IMG: &str = "\"><img src=x onerror=alert('sg')>";

/// Percent-encode a path segment.
fn seg(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[test]
fn xss_payloads_render_as_text_in_html_and_in_the_dom() {
    let b = Broker::sqlite(&[]);
    let consumer = IMG;
    let provider = "evil<script>alert('sg')";
    let version = format!("1.0.0{SCRIPT}");
    let branch = format!("feat/{SCRIPT}");
    let description = format!("{SCRIPT} lists things");
    let mut p = pact(consumer, provider, "x");
    p["interactions"][0]["description"] = json!(description);
    p["interactions"][0]["providerState"] = json!(IMG);
    p["interactions"][0]["response"]["body"] = json!({"html": SCRIPT, "attr": IMG});
    let mut body = publish_body(consumer, &version, Some(&branch), &[p]);
    body["tags"] = json!([IMG]);
    ok(&post(&format!("{}/contracts/publish", b.url), &body));
    // Environment names hold no spaces: the payload without them; the display name has it all.
    let env = "prod\"><img>";
    ok(&post(
        &format!("{}/environments", b.url),
        &json!({"name": env, "displayName": IMG, "production": true}),
    ));
    let pact_path = format!(
        "/pacts/provider/{}/consumer/{}/pact-version/{}",
        seg(provider),
        seg(consumer),
        {
            let r = get(&format!(
                "{}/pacts/provider/{}/consumer/{}/latest",
                b.url,
                seg(provider),
                seg(consumer)
            ));
            ok(&r);
            r.body["_links"]["pb:pact-version"]["name"]
                .as_str()
                .unwrap()
                .to_string()
        }
    );
    let r = post(
        &format!("{}{pact_path}/verification-results", b.url),
        &json!({
            "success": false, "providerApplicationVersion": version,
            "buildUrl": "javascript:alert('sg')",
            "testResults": [{"interactionId": description, "success": false,
                "mismatches": [{"attribute": "body", "identifier": SCRIPT, "description": IMG, "expected": SCRIPT, "actual": IMG}]}]
        }),
    );
    ok(&r);
    let verification = r.location.expect("location");
    let verification_path = verification.trim_start_matches(&b.url).to_string();
    let q = seg;
    let pages: Vec<(String, Vec<&str>)> = vec![
        ("/".into(), vec![IMG, provider]),
        (format!("/?q={}", q(SCRIPT)), vec![SCRIPT]),
        ("/web/network".into(), vec![IMG]),
        (format!("/web/network?service={}", q(consumer)), vec![IMG]),
        ("/pacticipants".into(), vec![IMG, provider]),
        (
            format!("/pacticipants/{}", seg(consumer)),
            vec![IMG, &version, &branch, &description],
        ),
        (
            format!("/pacticipants/{}", seg(provider)),
            vec![provider, IMG, &description],
        ),
        ("/environments".into(), vec![env, IMG]),
        (format!("/environments/{}", seg(env)), vec![env, IMG]),
        (
            format!(
                "/matrix?q[][pacticipant]={}&q[][version]={}&environment={}",
                q(consumer),
                q(&version),
                q(env)
            ),
            vec![IMG, &version, &branch],
        ),
        (
            format!("/matrix?q[][pacticipant]={}", q(SCRIPT)),
            vec![SCRIPT],
        ),
        (pact_path.clone(), vec![&description, IMG, SCRIPT]),
        (
            verification_path,
            vec![SCRIPT, IMG, "javascript:alert('sg')"],
        ),
    ];
    // In the HTML: never a tag, always the escaped text.
    for (path, _) in &pages {
        let r = send(
            "GET",
            &format!("{}{path}", b.url),
            None,
            &[("accept", "text/html")],
        );
        assert!(
            r.content_type.starts_with("text/html"),
            "{path}: {}",
            r.content_type
        );
        let lower = r.text.to_lowercase();
        assert!(!lower.contains("<script"), "{path}: a script tag");
        assert!(!lower.contains("<img"), "{path}: an img tag");
        assert!(
            !lower.contains("href=\"javascript"),
            "{path}: a javascript: link"
        );
    }
    runtime().block_on(async {
        let Some(browser) = Browser::start().await else {
            return;
        };
        for (path, shown) in &pages {
            let url = format!("{}{path}", b.url);
            let load = browser.load(&url).await;
            // A question the matrix cannot answer is a 400 page; the browser
            // logs the document's own status, nothing else is allowed.
            let errors: Vec<&String> = load
                .console_errors
                .iter()
                .filter(|e| !e.starts_with(&format!("{url} - Failed to load resource: the server responded with a status of 400")))
                .collect();
            assert!(errors.is_empty(), "{url}: {errors:?}");
            assert!(load.foreign(&b.url).is_empty(), "{url}: {:?}", load.foreign(&b.url));
            // No element the payloads could have made, no event handler attribute.
            let injected = browser
                .eval(
                    "return [...document.querySelectorAll('script, img, iframe, object, embed')].length \
                     + [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length \
                     + [...document.querySelectorAll('a[href]')].filter(a => (a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript')).length",
                )
                .await;
            assert_eq!(injected, 0, "{url}: injected elements or handlers");
            let text = browser.text().await;
            for s in shown {
                assert!(text.contains(s), "{url}: `{s}` is not shown as text:\n{text}");
            }
        }
        browser.quit().await;
    });
}
