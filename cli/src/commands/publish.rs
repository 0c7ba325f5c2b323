//! `shipgate publish`: publish pact files to a broker for a consumer version,
//! with branch, tags and build URL (`POST /contracts/publish`).

use crate::broker_client::{BrokerArgs, BrokerClient};
use crate::render::OutputContext;
use crate::ExitStatus;
use anyhow::Context as _;
use base64::Engine as _;
use clap::Args;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Arguments of `shipgate publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Pact files, or directories holding them (*.json)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The consumer version these pacts belong to (a git SHA is best)
    #[arg(
        long,
        short = 'a',
        env = "SHIPGATE_CONSUMER_APP_VERSION",
        value_name = "VERSION"
    )]
    pub consumer_app_version: String,
    /// The consumer version's branch
    #[arg(long, env = "SHIPGATE_BRANCH")]
    pub branch: Option<String>,
    /// Tag the consumer version (repeatable)
    #[arg(long, short = 't', value_name = "TAG")]
    pub tag: Vec<String>,
    /// The CI build that produced the pacts
    #[arg(long, env = "SHIPGATE_BUILD_URL", value_name = "URL")]
    pub build_url: Option<String>,
    /// Merge with the already published pact instead of replacing it
    #[arg(long)]
    pub merge: bool,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Pact files named by `paths` (directories are searched, not recursively).
pub fn pact_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read directory {}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.is_file() && f.extension().is_some_and(|e| e == "json"))
                .collect();
            found.sort();
            if found.is_empty() {
                anyhow::bail!("{} holds no *.json pact files", p.display());
            }
            out.extend(found);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(out)
}

/// Read a pact file: its JSON and its consumer and provider names.
pub fn read_pact(path: &Path) -> anyhow::Result<(Value, String, String)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = text.trim_start_matches('\u{feff}');
    let pact: Value = serde_json::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: not valid JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    // The whole pact must load as `verify` would load it: a pact the
    // provider cannot replay is refused here, before anything is sent.
    shipgate_rules::pact::parse_pact(text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: not a valid pact: {}: {}",
            path.display(),
            e.line,
            e.column,
            e.path,
            e.message
        )
    })?;
    let name = |k: &str| {
        pact.get(k)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| anyhow::anyhow!("{}: not a pact: `{k}.name` is missing", path.display()))
    };
    let consumer = name("consumer")?;
    let provider = name("provider")?;
    Ok((pact, consumer, provider))
}

pub fn run(args: &PublishArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let files = pact_files(&args.paths)?;
    let mut by_consumer: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for f in &files {
        let (pact, consumer, provider) = read_pact(f)?;
        let content = base64::engine::general_purpose::STANDARD.encode(pact.to_string());
        by_consumer
            .entry(consumer.clone())
            .or_default()
            .push(json!({
                "consumerName": consumer,
                "providerName": provider,
                "specification": "pact",
                "contentType": "application/json",
                "content": content,
                "onConflict": if args.merge { "merge" } else { "overwrite" },
            }));
    }
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let mut results = Vec::new();
    for (consumer, contracts) in by_consumer {
        let body = json!({
            "pacticipantName": consumer,
            "pacticipantVersionNumber": args.consumer_app_version,
            "branch": args.branch,
            "tags": args.tag,
            "buildUrl": args.build_url,
            "contracts": contracts,
        });
        let resp = runtime
            .block_on(client.publish_contracts(&body))
            .map_err(|e| publish_error(e, &consumer))?;
        results.push(resp);
    }
    if ctx.format == crate::args::Format::Json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else if !ctx.quiet {
        for r in &results {
            for n in r
                .get("notices")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if n.get("type").and_then(Value::as_str) == Some("debug") && ctx.verbose == 0 {
                    continue;
                }
                println!("{}", n.get("text").and_then(Value::as_str).unwrap_or(""));
            }
        }
        println!(
            "published {} pact file{} for version {}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            args.consumer_app_version
        );
    }
    Ok(ExitStatus::Success)
}

fn publish_error(e: crate::broker_client::BrokerError, consumer: &str) -> anyhow::Error {
    if let crate::broker_client::BrokerError::Status {
        status,
        body,
        message,
        ..
    } = &e
    {
        if status.as_u16() == 409 {
            let diff = body
                .get("diff")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    body.get("notices")
                        .and_then(Value::as_array)
                        .and_then(|n| n.iter().find(|n| n["type"] == "info"))
                        .and_then(|n| n["text"].as_str())
                        .map(str::to_string)
                });
            return anyhow::anyhow!(
                "the broker refused the pacts of {consumer}: {message}{}",
                diff.map(|d| format!("\n{d}")).unwrap_or_default()
            );
        }
    }
    anyhow::Error::new(e).context(format!("publishing the pacts of {consumer}"))
}
