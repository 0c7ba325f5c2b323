//! `shipgate verify`: replay every interaction of the given pacts (files,
//! directories, URLs, or a broker's pacts-for-verification) against a running
//! provider and report mismatches; optionally publish the results to the broker.

use std::io::IsTerminal as _;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use serde::Deserialize;

use crate::args::Format;
use crate::render::{OutputContext, Report};
use crate::verify::report::{diagnostics, tally, write_text};
use crate::verify::{load_sources, verify_all, ProviderTarget};
use crate::ExitStatus;

/// `[verify]` in shipgate.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VerifyConfig {
    /// Default for `--provider-base-url`.
    pub provider_base_url: Option<String>,
    /// Default for `--provider-states-setup-url`.
    pub provider_states_setup_url: Option<String>,
    /// Default for `--message-url`.
    pub message_url: Option<String>,
    /// Default pact sources when no `--pact` is given.
    #[serde(default)]
    pub pacts: Vec<String>,
    /// Default for `--concurrency`.
    pub concurrency: Option<usize>,
    /// Default for `--timeout` (seconds).
    pub timeout: Option<u64>,
}

/// Arguments of `shipgate verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Base URL of the running provider, such as http://127.0.0.1:8080
    #[arg(long, env = "SHIPGATE_PROVIDER_BASE_URL", value_name = "URL")]
    pub provider_base_url: Option<String>,

    /// A pact file, a directory of pact files, or a pact URL (repeatable)
    #[arg(long = "pact", value_name = "FILE|DIR|URL")]
    pub pacts: Vec<String>,

    /// Provider-state endpoint; receives POST {state, params, action: setup|teardown}
    #[arg(long, env = "SHIPGATE_PROVIDER_STATES_SETUP_URL", value_name = "URL")]
    pub provider_states_setup_url: Option<String>,

    /// Endpoint that returns messages for message interactions [default: the provider base URL]
    #[arg(long, value_name = "URL")]
    pub message_url: Option<String>,

    /// Extra request header sent with every request, such as "Authorization: Bearer …" (repeatable)
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// Per-request timeout in seconds [default: 30]
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,

    /// How many interactions to verify at once [default: 1]. Raise it only when
    /// provider states do not interfere with each other.
    #[arg(long, short = 'j', value_name = "N")]
    pub concurrency: Option<usize>,
}

fn parse_header(h: &str) -> anyhow::Result<(String, String)> {
    let Some((k, v)) = h.split_once(':') else {
        anyhow::bail!("--header {h:?} must look like \"Name: value\"");
    };
    let k = k.trim();
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
        anyhow::bail!("--header {h:?} has an invalid header name");
    }
    Ok((k.to_owned(), v.trim().to_owned()))
}

pub fn run(args: &VerifyArgs, config: &VerifyConfig, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let base_url = args
        .provider_base_url
        .clone()
        .or_else(|| config.provider_base_url.clone())
        .context("no provider: pass --provider-base-url (or set [verify] provider-base-url)")?;
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        anyhow::bail!("--provider-base-url {base_url:?} must start with http:// or https://");
    }
    let headers = args
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let sources = if args.pacts.is_empty() { config.pacts.clone() } else { args.pacts.clone() };
    if sources.is_empty() {
        anyhow::bail!("no pacts: pass --pact FILE|DIR|URL");
    }
    let concurrency = args.concurrency.or(config.concurrency).unwrap_or(1);
    if concurrency == 0 {
        anyhow::bail!("--concurrency must be at least 1");
    }
    let target = ProviderTarget {
        message_url: args
            .message_url
            .clone()
            .or_else(|| config.message_url.clone())
            .unwrap_or_else(|| format!("{}/", base_url.trim_end_matches('/'))),
        base_url,
        state_url: args
            .provider_states_setup_url
            .clone()
            .or_else(|| config.provider_states_setup_url.clone()),
        headers,
        timeout: Duration::from_secs(args.timeout.or(config.timeout).unwrap_or(30).max(1)),
        concurrency,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let (pacts, results) = runtime.block_on(async {
        let pacts = load_sources(&sources, &target.headers).await?;
        let total: usize = pacts.iter().map(|p| p.pact.interactions.len()).sum();
        let bar = (ctx.format == Format::Text && !ctx.quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} verifying {pos}/{len} interactions {wide_bar} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        let results = verify_all(pacts.clone(), &target, |_| {
            if let Some(b) = &bar {
                b.inc(1);
            }
        })
        .await?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        anyhow::Ok((pacts, results))
    })?;
    let t = tally(&results);
    if ctx.format == Format::Text {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        write_text(&mut lock, &pacts, &results, ctx.color, ctx.quiet)?;
    } else {
        let diags = diagnostics(&pacts, &results);
        let rules = shipgate_rules::pact::codes::registry();
        crate::render::emit(
            ctx,
            &Report {
                command: "verify",
                diagnostics: &diags,
                rules: &rules,
                checked: t.total,
                checked_noun: "interaction",
                fail_on: ctx.fail_on,
            },
        )?;
    }
    Ok(if t.failed > 0 { ExitStatus::Failure } else { ExitStatus::Success })
}
