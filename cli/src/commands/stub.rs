//! `shipgate stub`: an HTTP stub server that answers requests from the
//! interactions in pact files, using the same matcher as `verify`. A header
//! picks among interactions by provider state; unmatched requests get a 404
//! that explains the closest near-miss. Response generators apply as in a
//! Pact mock server (random values, dates, `MockServerURL` with this stub's URL).

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use clap::Args;
use serde_json::{json, Value};
use shipgate_rules::pact::model::{Body, BodyValue, Headers, HttpRequest, Query};
use shipgate_rules::pact::{match_request, HttpResponse, InteractionKind, Mismatch, SpecVersion};

use crate::render::OutputContext;
use crate::verify::load_sources;
use crate::ExitStatus;

/// Arguments of `shipgate stub`.
#[derive(Debug, Args)]
pub struct StubArgs {
    /// A pact file or a directory of pact files (repeatable)
    #[arg(long = "pact", value_name = "FILE|DIR", required = true)]
    pub pacts: Vec<String>,

    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "HOST")]
    pub host: String,

    /// Port to listen on (0 picks a free port)
    #[arg(long, default_value_t = 8080, value_name = "PORT")]
    pub port: u16,

    /// Request header that names the provider state to answer from
    #[arg(long, default_value = "X-Pact-Provider-State", value_name = "NAME")]
    pub provider_state_header: String,
}

struct Candidate {
    consumer: String,
    description: String,
    states: Vec<String>,
    spec: SpecVersion,
    request: HttpRequest,
    response: HttpResponse,
}

struct Stub {
    candidates: Vec<Candidate>,
    state_header: HeaderName,
    /// `http://127.0.0.1:PORT`, for `MockServerURL` generators.
    base_url: String,
}

pub fn run(args: &StubArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let state_header =
        HeaderName::from_bytes(args.provider_state_header.as_bytes()).with_context(|| {
            format!(
                "--provider-state-header {:?} is not a valid header name",
                args.provider_state_header
            )
        })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let pacts =
            load_sources(&args.pacts, &[], crate::broker_client::Timeouts::default()).await?;
        let mut candidates = Vec::new();
        for p in &pacts {
            for i in &p.pact.interactions {
                if let InteractionKind::Http { request, response } = &i.kind {
                    candidates.push(Candidate {
                        consumer: p.pact.consumer.clone(),
                        description: i.description.clone(),
                        states: i.provider_states.iter().map(|s| s.name.clone()).collect(),
                        spec: p.pact.spec,
                        request: request.clone(),
                        response: response.clone(),
                    });
                }
            }
        }
        if candidates.is_empty() {
            anyhow::bail!("the pacts contain no HTTP interactions to serve");
        }
        let n = candidates.len();
        let addr: SocketAddr = format!("{}:{}", args.host, args.port)
            .parse()
            .or_else(|_| {
                std::net::ToSocketAddrs::to_socket_addrs(&(args.host.as_str(), args.port))
                    .ok()
                    .and_then(|mut a| a.next())
                    .ok_or(())
            })
            .map_err(|()| anyhow::anyhow!("--host {:?} is not an address", args.host))?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let stub = Arc::new(Stub {
            candidates,
            state_header,
            base_url: format!("http://{local}"),
        });
        let app = axum::Router::new().fallback(handle).with_state(stub);
        if !ctx.quiet {
            println!(
                "shipgate stub: serving {n} interactions from {} pact(s) on http://{local}",
                pacts.len()
            );
        }
        use std::io::Write as _;
        std::io::stdout().flush().ok();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                tokio::signal::ctrl_c().await.ok();
            })
            .await
            .context("serving")?;
        anyhow::Ok(())
    })?;
    Ok(ExitStatus::Success)
}

fn to_request(method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> HttpRequest {
    let mut h = Headers::new();
    for (k, v) in headers {
        h.entry(k.as_str().to_owned())
            .or_default()
            .push(String::from_utf8_lossy(v.as_bytes()).into_owned());
    }
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let path = percent_decode(uri.path());
    HttpRequest {
        method: method.as_str().to_owned(),
        path,
        query: uri.query().map(|q| Query::Map(Query::parse_str(q))),
        headers: Some(h),
        body: if body.is_empty() {
            Body::Missing
        } else {
            Body::Present {
                value: BodyValue::Bytes(body.to_vec()),
                content_type: ct,
                encoded: None,
                extra: serde_json::Map::new(),
            }
        },
        ..HttpRequest::default()
    }
}

fn percent_decode(p: &str) -> String {
    let bytes = p.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&p[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Mismatches that make an interaction a poor candidate (lower is closer).
fn distance(ms: &[Mismatch]) -> usize {
    use shipgate_rules::pact::MismatchKind as K;
    ms.iter()
        .map(|m| match m.kind {
            K::Method | K::Path => 10,
            _ => 1,
        })
        .sum()
}

async fn handle(
    State(stub): State<Arc<Stub>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let wanted_state = headers
        .get(&stub.state_header)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let actual = to_request(&method, &uri, &headers, &body);
    let mut best: Option<(usize, &Candidate, Vec<Mismatch>)> = None;
    for c in &stub.candidates {
        if let Some(state) = &wanted_state {
            if !c.states.iter().any(|s| s == state) {
                continue;
            }
        }
        let mut ms = match_request(&c.request, &actual, c.spec.max(SpecVersion::V1_1));
        // The stub's own state header is not part of the consumer's request.
        ms.retain(|m| !m.path.eq_ignore_ascii_case(stub.state_header.as_str()));
        if ms.is_empty() {
            return respond(&generated(&stub, c));
        }
        let d = distance(&ms);
        if best.as_ref().is_none_or(|(bd, _, _)| d < *bd) {
            best = Some((d, c, ms));
        }
    }
    let request_line = match uri.query() {
        Some(q) => format!("{method} {}?{q}", uri.path()),
        None => format!("{method} {}", uri.path()),
    };
    let body = match best {
        Some((_, c, ms)) => json!({
            "error": format!("no interaction matched {request_line}"),
            "closest": {
                "consumer": c.consumer,
                "description": c.description,
                "providerStates": c.states,
                "mismatches": ms.iter().map(|m| json!({
                    "code": m.code(), "path": m.path, "expected": m.expected, "actual": m.actual, "explanation": m.explanation
                })).collect::<Vec<Value>>(),
            }
        }),
        None => json!({
            "error": format!("no interaction matched {request_line}"),
            "detail": match wanted_state {
                Some(s) => format!("no interaction has the provider state {s:?}"),
                None => "the pacts have no interactions".to_owned(),
            }
        }),
    };
    (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
}

/// The candidate's response with its generators applied as a mock server
/// does: random values, dates and times, and `MockServerURL` with this stub's
/// URL (`ProviderState` generators keep their example).
fn generated(stub: &Stub, c: &Candidate) -> HttpResponse {
    use rand::SeedableRng as _;
    use shipgate_rules::pact::generators::{generate_response, GeneratorContext, GeneratorMode};
    let no_state = serde_json::Map::new();
    let ctx = GeneratorContext {
        mode: GeneratorMode::Consumer,
        now: chrono::Local::now().fixed_offset(),
        provider_state: &no_state,
        mock_server_url: Some(&stub.base_url),
    };
    let mut rng = rand::rngs::StdRng::from_entropy();
    let (response, notes) = generate_response(&c.response, &ctx, &mut rng);
    for n in notes {
        tracing::warn!("{}: {n}", c.description);
    }
    response
}

fn respond(r: &HttpResponse) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = Response::builder().status(status);
    let mut has_ct = false;
    if let Some(h) = &r.headers {
        for (k, vs) in h {
            has_ct |= k.eq_ignore_ascii_case("content-type");
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(&vs.join(", ")),
            ) {
                builder = builder.header(name, value);
            }
        }
    }
    if !has_ct {
        if let Some(ct) = r.body.content_type() {
            builder = builder.header("content-type", ct);
        } else if matches!(
            r.body,
            Body::Present {
                value: BodyValue::Json(_),
                ..
            }
        ) {
            builder = builder.header("content-type", "application/json");
        }
    }
    let bytes = r.body.to_bytes().unwrap_or_default();
    builder
        .body(axum::body::Body::from(bytes))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
