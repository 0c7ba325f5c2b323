//! Contract verification engine behind `shipgate verify`: loads pacts (files,
//! directories, URLs), replays each interaction against the running provider
//! (provider states set up and torn down through the Pact verifier's
//! `{state, params, action}` convention, messages fetched from the message
//! endpoint), matches the answers with `shipgate_rules::pact`, and reports.

pub mod report;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::broker_client::{error_chain, human_duration, Timeouts};
use base64::Engine as _;
use futures::StreamExt as _;
use rand::SeedableRng as _;
use serde_json::{json, Map, Value};
use shipgate_rules::pact::generators::{
    generate_message, generate_request, generate_response, retain_generators, Generator,
    GeneratorContext, GeneratorMode,
};
use shipgate_rules::pact::model::{Body, BodyValue, Headers, HttpResponse, Message};
use shipgate_rules::pact::{
    match_message, match_response, parse_pact, InteractionKind, Mismatch, Pact, ProviderState,
};

/// A pact to verify and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedPact {
    /// File path or URL, for reports.
    pub source: String,
    pub pact: Pact,
    /// Pending (from the broker): failures never fail the build.
    pub pending: bool,
    /// The broker's pact document (for its links), when fetched from a broker.
    pub broker_doc: Option<Value>,
    /// Broker notices to print before verification.
    pub notices: Vec<String>,
}

/// Where and how to call the provider.
#[derive(Debug, Clone)]
pub struct ProviderTarget {
    pub base_url: String,
    pub state_url: Option<String>,
    pub message_url: String,
    pub headers: Vec<(String, String)>,
    /// Per-request and connect timeouts (`--timeout`, `--connect-timeout`).
    pub timeouts: Timeouts,
    /// The largest response body kept for matching (`--max-body-size`).
    pub max_body: u64,
    pub concurrency: usize,
}

/// The result for one interaction.
#[derive(Debug, Clone)]
pub struct InteractionResult {
    pub pact_index: usize,
    pub interaction_index: usize,
    pub description: String,
    pub states: Vec<ProviderState>,
    pub pending: bool,
    /// `GET /users/42`, or `message "…"`.
    pub request_line: String,
    pub outcome: Outcome,
    pub elapsed: Duration,
    /// What could not be done as the pact asks (a generator without a value…).
    pub notes: Vec<String>,
}

/// What happened.
#[derive(Debug, Clone)]
pub enum Outcome {
    Passed,
    Failed {
        mismatches: Vec<Mismatch>,
        expected_body: Option<String>,
        actual_body: Option<String>,
    },
    /// Could not verify (provider unreachable, state setup failed…).
    Error(String),
}

impl InteractionResult {
    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Passed)
    }
}

/// Read pacts from files, directories (every `*.json`, sorted) and http(s) URLs.
pub async fn load_sources(
    sources: &[String],
    headers: &[(String, String)],
    timeouts: Timeouts,
) -> anyhow::Result<Vec<LoadedPact>> {
    let mut out = Vec::new();
    let client = timeouts
        .client_builder()
        .build()
        .context("building the HTTP client")?;
    for src in sources {
        if src.starts_with("http://") || src.starts_with("https://") {
            let mut req = client
                .get(src)
                .header("Accept", "application/json, application/hal+json");
            for (k, v) in headers {
                if k.eq_ignore_ascii_case("authorization") {
                    req = req.header(k, v);
                }
            }
            let resp = req.send().await.map_err(|e| {
                anyhow::anyhow!("fetching pact {src}: {}", http_error(&e, timeouts))
            })?;
            let status = resp.status();
            let text = resp
                .text()
                .await
                .with_context(|| format!("reading pact {src}"))?;
            if !status.is_success() {
                anyhow::bail!("fetching pact {src} failed with {status}");
            }
            let pact = parse_pact(&text).map_err(|e| {
                anyhow::anyhow!("{src}:{}:{}: {}: {}", e.line, e.column, e.path, e.message)
            })?;
            let doc = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok();
            out.push(LoadedPact {
                source: src.clone(),
                pact,
                pending: false,
                broker_doc: doc,
                notices: Vec::new(),
            });
            continue;
        }
        let path = Path::new(src);
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .with_context(|| format!("reading directory {src}"))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            if files.is_empty() {
                anyhow::bail!("no *.json pact files in directory {src}");
            }
            for f in files {
                out.push(load_file(&f)?);
            }
        } else {
            out.push(load_file(path)?);
        }
    }
    Ok(out)
}

fn load_file(path: &Path) -> anyhow::Result<LoadedPact> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading pact file {}", path.display()))?;
    let pact = parse_pact(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: {}: {}",
            path.display(),
            e.line,
            e.column,
            e.path,
            e.message
        )
    })?;
    Ok(LoadedPact {
        source: path.display().to_string(),
        pact,
        pending: false,
        broker_doc: None,
        notices: Vec::new(),
    })
}

struct Job {
    pact_index: usize,
    interaction_index: usize,
    pact: Arc<LoadedPact>,
}

/// One transport error as a sentence, naming the timeout that ran out when one did.
pub fn http_error(e: &reqwest::Error, timeouts: Timeouts) -> String {
    if e.is_timeout() && e.is_connect() {
        format!(
            "could not connect within {} (raise --connect-timeout to wait longer)",
            human_duration(timeouts.connect)
        )
    } else if e.is_timeout() {
        format!(
            "no answer within {} (raise --timeout to wait longer)",
            human_duration(timeouts.request)
        )
    } else {
        error_chain(e)
    }
}

/// What [`verify_all`] returns.
#[derive(Debug)]
pub struct Run {
    /// One result per interaction, in pact and interaction order.
    pub results: Vec<InteractionResult>,
    /// How many interactions were still unverified when the deadline passed.
    pub unfinished: usize,
}

/// Verify every interaction of every pact; `on_done` is called as each
/// finishes. When `deadline` passes, the interactions still running or not yet
/// started are stopped and reported as not verified.
pub async fn verify_all(
    pacts: Vec<LoadedPact>,
    target: &ProviderTarget,
    deadline: Option<(tokio::time::Instant, Duration)>,
    mut on_done: impl FnMut(&InteractionResult),
) -> anyhow::Result<Run> {
    let client = target
        .timeouts
        .client_builder()
        .user_agent(concat!("shipgate-verify/", env!("CARGO_PKG_VERSION")))
        .pool_max_idle_per_host(target.concurrency.max(1) * 2)
        .build()
        .context("building the HTTP client")?;
    let pacts: Vec<Arc<LoadedPact>> = pacts.into_iter().map(Arc::new).collect();
    let mut jobs = Vec::new();
    for (pi, p) in pacts.iter().enumerate() {
        for ii in 0..p.pact.interactions.len() {
            jobs.push(Job {
                pact_index: pi,
                interaction_index: ii,
                pact: Arc::clone(p),
            });
        }
    }
    let blanks: Vec<InteractionResult> = jobs.iter().map(blank_result).collect();
    let mut stream = futures::stream::iter(jobs)
        .map(|job| {
            let client = client.clone();
            async move { verify_one(&client, target, &job).await }
        })
        .buffer_unordered(target.concurrency.max(1));
    let mut results = Vec::new();
    let mut deadline_passed = None;
    loop {
        let next = match deadline {
            Some((at, limit)) => match tokio::time::timeout_at(at, stream.next()).await {
                Ok(next) => next,
                Err(_) => {
                    deadline_passed = Some(limit);
                    break;
                }
            },
            None => stream.next().await,
        };
        let Some(r) = next else { break };
        on_done(&r);
        results.push(r);
    }
    // Dropping the stream cancels the requests still in flight.
    drop(stream);
    let mut unfinished = 0;
    if let Some(limit) = deadline_passed {
        let done: std::collections::HashSet<(usize, usize)> = results
            .iter()
            .map(|r| (r.pact_index, r.interaction_index))
            .collect();
        for mut blank in blanks {
            if done.contains(&(blank.pact_index, blank.interaction_index)) {
                continue;
            }
            blank.outcome = Outcome::Error(format!(
                "not verified: the --deadline of {} passed first",
                human_duration(limit)
            ));
            unfinished += 1;
            on_done(&blank);
            results.push(blank);
        }
    }
    results.sort_by_key(|r| (r.pact_index, r.interaction_index));
    Ok(Run {
        results,
        unfinished,
    })
}

/// The result of a job before it runs (passed, no time spent).
fn blank_result(job: &Job) -> InteractionResult {
    let interaction = &job.pact.pact.interactions[job.interaction_index];
    let pending = job.pact.pending || interaction.pending;
    let request_line = match &interaction.kind {
        InteractionKind::Http { request, .. } => {
            let q = request
                .query
                .as_ref()
                .map(|q| q.to_query_string())
                .filter(|q| !q.is_empty());
            match q {
                Some(q) => format!("{} {}?{q}", request.method.to_uppercase(), request.path),
                None => format!("{} {}", request.method.to_uppercase(), request.path),
            }
        }
        _ => format!("message {:?}", interaction.description),
    };
    InteractionResult {
        pact_index: job.pact_index,
        interaction_index: job.interaction_index,
        description: interaction.description.clone(),
        states: interaction.provider_states.clone(),
        pending,
        request_line,
        outcome: Outcome::Passed,
        elapsed: Duration::ZERO,
        notes: Vec::new(),
    }
}

async fn verify_one(
    client: &reqwest::Client,
    target: &ProviderTarget,
    job: &Job,
) -> InteractionResult {
    let started = Instant::now();
    let interaction = &job.pact.pact.interactions[job.interaction_index];
    let mut result = blank_result(job);
    let states = &interaction.provider_states;
    let answers = match change_states(client, target, states, "setup").await {
        Ok(answers) => answers,
        Err(e) => {
            result.outcome = Outcome::Error(e);
            result.elapsed = started.elapsed();
            return result;
        }
    };
    // Generators draw on the state params and the state-change answers.
    let mut state_values = Map::new();
    for s in states {
        state_values.extend(s.params.clone());
    }
    state_values.extend(answers);
    let ctx = GeneratorContext {
        mode: GeneratorMode::Provider,
        now: chrono::Local::now().fixed_offset(),
        provider_state: &state_values,
        mock_server_url: None,
    };
    let mut rng = rand::rngs::StdRng::from_entropy();
    let mut notes = Vec::new();
    result.outcome = match &interaction.kind {
        InteractionKind::Http { request, response } => {
            let (request, n) = generate_request(request, &ctx, &mut rng);
            notes.extend(n);
            result.request_line = request_line(&request);
            let (response, n) = generate_response(&expected_side(response), &ctx, &mut rng);
            notes.extend(n);
            // A response body the pact does not describe is not kept.
            let wanted = response.body.is_present();
            match replay_http(client, target, &request, wanted).await {
                Ok(actual) => {
                    let mismatches = match_response(&response, &actual);
                    if mismatches.is_empty() {
                        Outcome::Passed
                    } else {
                        Outcome::Failed {
                            expected_body: pretty_body(&response.body),
                            actual_body: pretty_body(&actual.body),
                            mismatches,
                        }
                    }
                }
                Err(e) => Outcome::Error(e),
            }
        }
        InteractionKind::AsyncMessage(expected) => {
            let (expected, n) = generate_message(&expected_message(expected), &ctx, &mut rng);
            notes.extend(n);
            match fetch_messages(client, target, &interaction.description, states, None).await {
                Ok(actual) => messages_outcome(std::slice::from_ref(&expected), &actual),
                Err(e) => Outcome::Error(e),
            }
        }
        InteractionKind::SyncMessage { request, responses } => {
            let (request, n) = generate_message(request, &ctx, &mut rng);
            notes.extend(n);
            let mut expected = Vec::with_capacity(responses.len());
            for r in responses {
                let (r, n) = generate_message(&expected_message(r), &ctx, &mut rng);
                notes.extend(n);
                expected.push(r);
            }
            match fetch_messages(
                client,
                target,
                &interaction.description,
                states,
                Some(&request),
            )
            .await
            {
                Ok(actual) => messages_outcome(&expected, &actual),
                Err(e) => Outcome::Error(e),
            }
        }
    };
    notes.dedup();
    result.notes = notes;
    if let Err(e) = change_states(client, target, states, "teardown").await {
        if matches!(result.outcome, Outcome::Passed) {
            result.outcome = Outcome::Error(e);
        }
    }
    result.elapsed = started.elapsed();
    result
}

/// The expected response keeps only its `ProviderState` generators: a value
/// the provider chose in its state set-up is the value expected back, while
/// random examples stay examples (their matching rules judge the answer).
fn expected_side(response: &HttpResponse) -> HttpResponse {
    HttpResponse {
        generators: retain_generators(&response.generators, |g| {
            matches!(g, Generator::ProviderState { .. })
        }),
        ..response.clone()
    }
}

/// [`expected_side`] for a message.
fn expected_message(message: &Message) -> Message {
    Message {
        generators: retain_generators(&message.generators, |g| {
            matches!(g, Generator::ProviderState { .. })
        }),
        ..message.clone()
    }
}

/// `GET /users/42?x=1`: what is sent, for the report.
fn request_line(request: &shipgate_rules::pact::HttpRequest) -> String {
    let q = request
        .query
        .as_ref()
        .map(|q| q.to_query_string())
        .filter(|q| !q.is_empty());
    match q {
        Some(q) => format!("{} {}?{q}", request.method.to_uppercase(), request.path),
        None => format!("{} {}", request.method.to_uppercase(), request.path),
    }
}

/// Compare every expected message with the one the provider sent at the same
/// position (a synchronous message can have several responses). When there
/// are several, mismatch paths start with `response[i]`.
fn messages_outcome(expected: &[Message], actual: &[Message]) -> Outcome {
    use shipgate_rules::pact::MismatchKind;
    let several = expected.len() > 1 || actual.len() > 1;
    let mut mismatches = Vec::new();
    let mut bodies = None;
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let found = match_message(e, a);
        if found.is_empty() {
            continue;
        }
        if bodies.is_none() {
            bodies = Some((pretty_body(&e.contents), pretty_body(&a.contents)));
        }
        for mut m in found {
            if several {
                m.path = match m.kind {
                    MismatchKind::Metadata => format!("response[{i}].metadata.{}", m.path),
                    _ => format!(
                        "response[{i}]{}",
                        m.path.strip_prefix('$').unwrap_or(&m.path)
                    ),
                };
                m.explanation = format!(
                    "response {} of {}: {}",
                    i + 1,
                    expected.len(),
                    m.explanation
                );
            }
            mismatches.push(m);
        }
    }
    let (n, got) = (expected.len(), actual.len());
    for i in got..n {
        mismatches.push(Mismatch::new(
            MismatchKind::Body,
            format!("response[{i}]"),
            Value::from(n),
            Value::from(got),
            format!(
                "expected {n} responses but the provider sent {got}: response {} is missing (send several as a JSON array with the header Pact-Message-Responses)",
                i + 1
            ),
        ));
    }
    if got > n && n > 0 {
        mismatches.push(Mismatch::new(
            MismatchKind::Body,
            format!("response[{n}]"),
            Value::from(n),
            Value::from(got),
            format!("expected {n} response(s) but the provider sent {got}"),
        ));
    }
    if mismatches.is_empty() {
        return Outcome::Passed;
    }
    let (expected_body, actual_body) = bodies.unwrap_or((None, None));
    Outcome::Failed {
        mismatches,
        expected_body,
        actual_body,
    }
}

fn states_json(states: &[ProviderState]) -> Value {
    Value::Array(
        states
            .iter()
            .map(|s| {
                let mut o = Map::new();
                o.insert("name".into(), json!(s.name));
                if !s.params.is_empty() {
                    o.insert("params".into(), Value::Object(s.params.clone()));
                }
                Value::Object(o)
            })
            .collect(),
    )
}

/// POST `{state, params, action}` for each state, as the Pact verifier does.
async fn change_states(
    client: &reqwest::Client,
    target: &ProviderTarget,
    states: &[ProviderState],
    action: &str,
) -> Result<Map<String, Value>, String> {
    let mut answers = Map::new();
    let Some(url) = &target.state_url else {
        return Ok(answers);
    };
    for s in states {
        let body =
            json!({"state": s.name, "params": Value::Object(s.params.clone()), "action": action});
        let mut req = client.post(url).json(&body);
        for (k, v) in &target.headers {
            req = req.header(k, v);
        }
        let resp = req.send().await.map_err(|e| {
            format!(
                "provider state {action} for {:?} failed: {}",
                s.name,
                http_error(&e, target.timeouts)
            )
        })?;
        if !resp.status().is_success() {
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            return Err(format!(
                "provider state {action} for {:?} failed: {url} answered {status} {}",
                s.name,
                text.chars().take(200).collect::<String>()
            ));
        }
        // A JSON object answer carries values for ProviderState generators
        // (as the Pact verifier reads it).
        if action == "setup" {
            if let Ok(Value::Object(values)) = resp.json::<Value>().await {
                answers.extend(values);
            }
        }
    }
    Ok(answers)
}

/// Read a body, keeping at most `--max-body-size` bytes. A body the pact does
/// not look at (`wanted` false) is not kept at all; a larger one that it
/// does look at cannot be verified, and the error says so.
async fn read_capped(
    mut resp: reqwest::Response,
    target: &ProviderTarget,
    what: &str,
    wanted: bool,
) -> Result<Vec<u8>, String> {
    let too_big = |seen: u64| {
        format!(
            "{what} has a body of {}{} bytes, more than --max-body-size ({}): not verified (raise --max-body-size to verify it)",
            if seen > target.max_body { "over " } else { "" },
            seen,
            human_bytes(target.max_body)
        )
    };
    if !wanted {
        return Ok(Vec::new());
    }
    if let Some(len) = resp.content_length().filter(|l| *l > target.max_body) {
        return Err(too_big(len).replace("over ", ""));
    }
    let mut out = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| format!("reading {what}: {}", http_error(&e, target.timeouts)))?
    {
        if out.len() as u64 + chunk.len() as u64 > target.max_body {
            return Err(too_big(out.len() as u64 + chunk.len() as u64));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// `10 MB`, `512 KB`, `300 bytes`.
pub fn human_bytes(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= MB && n.is_multiple_of(MB) {
        format!("{} MB", n / MB)
    } else if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// Parse `--max-body-size`: `10MB`, `512KB`, `1GB`, or bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let (number, scale) = [
        ("GB", 1u64 << 30),
        ("MB", 1 << 20),
        ("KB", 1 << 10),
        ("B", 1),
    ]
    .iter()
    .find_map(|(suffix, scale)| {
        t.strip_suffix(suffix)
            .map(|n| (n.trim().to_owned(), *scale))
    })
    .unwrap_or((t.clone(), 1));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (such as 10MB, 512KB or 1048576)"))?;
    match n.checked_mul(scale) {
        Some(0) => Err(format!("`{text}` must be more than zero")),
        Some(v) => Ok(v),
        None => Err(format!("`{text}` is too large")),
    }
}

async fn replay_http(
    client: &reqwest::Client,
    target: &ProviderTarget,
    request: &shipgate_rules::pact::HttpRequest,
    wanted: bool,
) -> Result<HttpResponse, String> {
    let method = reqwest::Method::from_bytes(request.method.to_uppercase().as_bytes())
        .map_err(|_| format!("invalid HTTP method {:?} in the pact", request.method))?;
    let mut url = format!("{}{}", target.base_url.trim_end_matches('/'), request.path);
    if let Some(q) = &request.query {
        let qs = q.to_query_string();
        if !qs.is_empty() {
            url.push('?');
            url.push_str(&qs);
        }
    }
    let mut req = client.request(method, &url);
    let mut has_ct = false;
    if let Some(h) = &request.headers {
        for (k, vs) in h {
            if target
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(k))
            {
                continue;
            }
            has_ct |= k.eq_ignore_ascii_case("content-type");
            req = req.header(k.as_str(), vs.join(", "));
        }
    }
    for (k, v) in &target.headers {
        has_ct |= k.eq_ignore_ascii_case("content-type");
        req = req.header(k.as_str(), v.as_str());
    }
    if let Some(bytes) = request.body.to_bytes() {
        if !has_ct {
            if let Some(ct) = request.body.content_type() {
                req = req.header("content-type", ct);
            } else if matches!(
                request.body,
                Body::Present {
                    value: BodyValue::Json(_),
                    ..
                }
            ) {
                req = req.header("content-type", "application/json");
            }
        }
        req = req.body(bytes);
    }
    let resp = req.send().await.map_err(|e| {
        if e.is_timeout() {
            format!("the provider at {url}: {}", http_error(&e, target.timeouts))
        } else {
            format!("cannot reach the provider at {url}: {}", error_chain(&e))
        }
    })?;
    let status = resp.status().as_u16();
    let headers = collect_headers(resp.headers());
    let bytes = read_capped(resp, target, &format!("the response from {url}"), wanted).await?;
    Ok(HttpResponse {
        status,
        body: body_from_bytes(
            bytes,
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .and_then(|(_, v)| v.first().cloned()),
        ),
        headers: Some(headers),
        ..HttpResponse::default()
    })
}

fn collect_headers(h: &reqwest::header::HeaderMap) -> Headers {
    let mut out = Headers::new();
    for (k, v) in h {
        out.entry(k.as_str().to_owned())
            .or_default()
            .push(String::from_utf8_lossy(v.as_bytes()).into_owned());
    }
    out
}

fn body_from_bytes(bytes: Vec<u8>, content_type: Option<String>) -> Body {
    if bytes.is_empty() {
        return Body::Missing;
    }
    Body::Present {
        value: BodyValue::Bytes(bytes),
        content_type,
        encoded: None,
        extra: Map::new(),
    }
}

/// The Pact verifier's message convention: POST `{description,
/// providerStates}` (plus `request`, the request message, for a synchronous
/// message); the answer's body is the message and `Pact-Message-Metadata`
/// (base64 JSON) its metadata. A synchronous message with several responses
/// is answered with the header `Pact-Message-Responses` and a JSON array of
/// `{contents, metadata, contentType}` objects, one per response.
async fn fetch_messages(
    client: &reqwest::Client,
    target: &ProviderTarget,
    description: &str,
    states: &[ProviderState],
    request: Option<&Message>,
) -> Result<Vec<Message>, String> {
    let mut body = json!({"description": description, "providerStates": states_json(states)});
    if let Some(r) = request {
        body["request"] = r.to_json(shipgate_rules::pact::SpecVersion::V4);
    }
    let mut req = client.post(&target.message_url).json(&body);
    for (k, v) in &target.headers {
        req = req.header(k, v);
    }
    let resp = req.send().await.map_err(|e| {
        format!(
            "cannot reach the message endpoint {}: {}",
            target.message_url,
            http_error(&e, target.timeouts)
        )
    })?;
    let status = resp.status();
    let headers = collect_headers(resp.headers());
    let bytes = read_capped(resp, target, "the message", true).await?;
    if !status.is_success() {
        return Err(format!(
            "the message endpoint {} answered {status} for {description:?}: {}",
            target.message_url,
            String::from_utf8_lossy(&bytes)
                .chars()
                .take(200)
                .collect::<String>()
        ));
    }
    let header_value = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.first())
    };
    if header_value("pact-message-responses").is_some() {
        return several_messages(&bytes);
    }
    let mut metadata = Map::new();
    if let Some(raw) = header_value("pact-message-metadata") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(raw.trim())
            .map_err(|e| format!("the Pact-Message-Metadata header is not base64: {e}"))?;
        match serde_json::from_slice::<Value>(&decoded) {
            Ok(Value::Object(m)) => metadata = m,
            _ => return Err("the Pact-Message-Metadata header is not a base64 JSON object".into()),
        }
    }
    let ct = header_value("content-type").cloned();
    if let Some(ct) = &ct {
        if !metadata.keys().any(|k| {
            k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
        }) {
            metadata.insert("contentType".into(), json!(ct));
        }
    }
    Ok(vec![Message {
        contents: body_from_bytes(bytes.to_vec(), ct),
        metadata,
        ..Message::default()
    }])
}

/// The body of a `Pact-Message-Responses` answer: a JSON array of
/// `{contents, metadata, contentType}`.
fn several_messages(bytes: &[u8]) -> Result<Vec<Message>, String> {
    let shape = "a Pact-Message-Responses answer must be a JSON array of {\"contents\": …, \"metadata\": {…}} objects";
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(bytes) else {
        return Err(shape.into());
    };
    items
        .into_iter()
        .map(|item| {
            let Value::Object(mut o) = item else {
                return Err(shape.to_owned());
            };
            let mut metadata = match o.remove("metadata") {
                Some(Value::Object(m)) => m,
                None | Some(Value::Null) => Map::new(),
                Some(_) => return Err(shape.to_owned()),
            };
            let ct = o
                .remove("contentType")
                .and_then(|v| v.as_str().map(str::to_owned))
                .or_else(|| {
                    metadata
                        .iter()
                        .find(|(k, _)| {
                            k.eq_ignore_ascii_case("contentType")
                                || k.eq_ignore_ascii_case("content-type")
                        })
                        .and_then(|(_, v)| v.as_str().map(str::to_owned))
                })
                .unwrap_or_else(|| "application/json".to_owned());
            if !metadata.keys().any(|k| {
                k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
            }) {
                metadata.insert("contentType".into(), json!(ct));
            }
            let contents = match o.remove("contents") {
                None => Body::Missing,
                Some(Value::Null) => Body::Null,
                Some(v) => Body::Present {
                    value: match v {
                        Value::String(t)
                            if !shipgate_rules::pact::model::is_json_content_type(&ct) =>
                        {
                            BodyValue::Text(t)
                        }
                        v => BodyValue::Json(v),
                    },
                    content_type: Some(ct),
                    encoded: None,
                    extra: Map::new(),
                },
            };
            Ok(Message {
                contents,
                metadata,
                ..Message::default()
            })
        })
        .collect()
}

/// `v` with object keys sorted at every level, so a diff of expected vs actual
/// shows only real differences, never key order.
fn sorted_keys(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted_keys(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

/// A body as pretty text for diffs (JSON pretty-printed, keys sorted).
fn pretty_body(body: &Body) -> Option<String> {
    match body {
        Body::Missing => None,
        Body::Null => Some("null".into()),
        Body::Present { value, .. } => Some(match value {
            BodyValue::Json(v) => serde_json::to_string_pretty(&sorted_keys(v)).unwrap_or_default(),
            BodyValue::Text(t) => pretty_text(t.as_bytes()),
            BodyValue::Bytes(b) => pretty_text(b),
        }),
    }
}

fn pretty_text(b: &[u8]) -> String {
    match serde_json::from_slice::<Value>(b) {
        Ok(v) => serde_json::to_string_pretty(&sorted_keys(&v)).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}
