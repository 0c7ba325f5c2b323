//! `shipgate verify`: replay every interaction of the given pacts (files,
//! directories, URLs, or a broker's pacts-for-verification) against a running
//! provider and report mismatches; optionally publish the results to the broker.

use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use serde::Deserialize;

use crate::args::Format;
use crate::render::{OutputContext, Report};
use crate::verify::report::{diagnostics, tally, write_text, Progress};
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
    pub timeout: Option<f64>,
    /// Default for `--deadline` (seconds).
    pub deadline: Option<f64>,
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

    /// Stop the whole verification after this many seconds: interactions not
    /// verified by then are reported as such, results are not published, and the
    /// exit status is 2 [default: no deadline]
    #[arg(long, env = "SHIPGATE_VERIFY_DEADLINE", value_name = "SECONDS", value_parser = crate::broker_client::parse_seconds)]
    pub deadline: Option<Duration>,

    /// The largest provider response or message body kept for matching (`10MB`,
    /// `512KB`, bytes); a larger one is reported as not verified [default: 10MB]
    #[arg(long, value_name = "SIZE", value_parser = crate::verify::parse_size)]
    pub max_body_size: Option<u64>,

    /// How many interactions to verify at once [default: 1]. Raise it only when
    /// provider states do not interfere with each other.
    #[arg(long, short = 'j', value_name = "N")]
    pub concurrency: Option<usize>,

    /// Fetch the pacts this provider must verify from the broker (pacts for verification)
    #[arg(
        long,
        alias = "provider-name",
        value_name = "NAME",
        help_heading = "Broker"
    )]
    pub provider: Option<String>,

    /// Consumer version selector as JSON, such as '{"mainBranch": true}' (repeatable)
    #[arg(
        long = "consumer-version-selectors",
        value_name = "JSON",
        requires = "provider",
        help_heading = "Broker"
    )]
    pub consumer_version_selectors: Vec<String>,

    /// Ask the broker which pacts are pending; failures of pending pacts never fail the build
    #[arg(long, requires = "provider", help_heading = "Broker")]
    pub enable_pending: bool,

    /// Also verify work-in-progress pacts published since this date (YYYY-MM-DD); they are pending
    #[arg(
        long,
        value_name = "DATE",
        requires = "provider",
        help_heading = "Broker"
    )]
    pub include_wip_pacts_since: Option<String>,

    /// Publish the verification results to the broker
    #[arg(long, requires_all = ["provider", "provider_version"], help_heading = "Broker")]
    pub publish: bool,

    /// The provider version being verified (required with --publish)
    #[arg(
        long,
        env = "SHIPGATE_PROVIDER_VERSION",
        value_name = "VERSION",
        help_heading = "Broker"
    )]
    pub provider_version: Option<String>,

    /// The provider version's branch (recorded with --publish; decides pending status)
    #[arg(
        long,
        env = "SHIPGATE_PROVIDER_BRANCH",
        value_name = "BRANCH",
        help_heading = "Broker"
    )]
    pub provider_branch: Option<String>,

    /// Tag for the provider version (repeatable)
    #[arg(
        long = "provider-version-tag",
        value_name = "TAG",
        help_heading = "Broker"
    )]
    pub provider_tags: Vec<String>,

    /// CI build URL recorded with published results
    #[arg(long, value_name = "URL", help_heading = "Broker")]
    pub build_url: Option<String>,

    #[command(flatten)]
    pub broker: crate::broker_client::BrokerArgs,
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

pub fn run(
    args: &VerifyArgs,
    full_config: &crate::config::Config,
    ctx: &OutputContext,
) -> anyhow::Result<ExitStatus> {
    let config = &full_config.file.verify;
    // Relative pact paths in shipgate.toml resolve against the file's directory.
    let config_dir = full_config
        .path
        .as_deref()
        .and_then(std::path::Path::parent)
        .map(std::path::Path::to_path_buf);
    let config_pacts: Vec<String> = config
        .pacts
        .iter()
        .map(|p| match &config_dir {
            Some(dir) if !p.contains("://") && std::path::Path::new(p).is_relative() => {
                dir.join(p).display().to_string()
            }
            _ => p.clone(),
        })
        .collect();
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
    let sources = if args.pacts.is_empty() && args.provider.is_none() {
        config_pacts.clone()
    } else {
        args.pacts.clone()
    };
    if sources.is_empty() && args.provider.is_none() {
        anyhow::bail!("no pacts: pass --pact FILE|DIR|URL, or --provider NAME with a broker URL");
    }
    let selectors = args
        .consumer_version_selectors
        .iter()
        .map(|s| {
            serde_json::from_str::<serde_json::Value>(s)
                .ok()
                .filter(serde_json::Value::is_object)
                .with_context(|| format!("--consumer-version-selectors {s:?} is not a JSON object"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(date) = &args.include_wip_pacts_since {
        if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
            && chrono::DateTime::parse_from_rfc3339(date).is_err()
        {
            anyhow::bail!("--include-wip-pacts-since {date:?} is not a date (YYYY-MM-DD)");
        }
    }
    let concurrency = args.concurrency.or(config.concurrency).unwrap_or(1);
    if concurrency == 0 {
        anyhow::bail!("--concurrency must be at least 1");
    }
    let config_seconds = |key: &str, value: Option<f64>| -> anyhow::Result<Option<Duration>> {
        value
            .map(|v| {
                crate::broker_client::parse_seconds(&v.to_string())
                    .map_err(|e| anyhow::anyhow!("[verify] {key} in shipgate.toml: {e}"))
            })
            .transpose()
    };
    let timeouts = crate::broker_client::Timeouts::new(
        args.broker
            .timeout
            .or(config_seconds("timeout", config.timeout)?),
        args.broker.connect_timeout,
    );
    let broker = match &args.provider {
        Some(_) => {
            let mut broker_args = args.broker.clone();
            broker_args.timeout = Some(timeouts.request);
            broker_args.connect_timeout = Some(timeouts.connect);
            Some(crate::broker_client::BrokerClient::from_args(&broker_args)?)
        }
        None => None,
    };
    let deadline_limit = args
        .deadline
        .or(config_seconds("deadline", config.deadline)?);
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
        timeouts,
        max_body: args.max_body_size.unwrap_or(10 * 1024 * 1024),
        concurrency,
    };
    let deadline = deadline_limit.map(|d| (tokio::time::Instant::now() + d, d));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let fetch = async {
        let mut pacts = load_sources(&sources, &target.headers, timeouts).await?;
        if let (Some(client), Some(provider)) = (&broker, &args.provider) {
            let mut body = serde_json::json!({
                "consumerVersionSelectors": selectors,
                "includePendingStatus": args.enable_pending,
            });
            if let Some(date) = &args.include_wip_pacts_since {
                body["includeWipPactsSince"] = serde_json::json!(date);
            }
            if let Some(branch) = &args.provider_branch {
                body["providerVersionBranch"] = serde_json::json!(branch);
            }
            if !args.provider_tags.is_empty() {
                body["providerVersionTags"] = serde_json::json!(args.provider_tags);
            }
            pacts.extend(broker_pacts(client, provider, &body).await?);
        }
        anyhow::Ok(pacts)
    };
    let pacts = runtime.block_on(within(deadline, "fetching the pacts", fetch))?;
    if pacts.is_empty() {
        anyhow::bail!(
            "the broker has no pacts for provider {:?} matching the selectors",
            args.provider.as_deref().unwrap_or("")
        );
    }
    // Text output streams one line per interaction as it finishes, so CI logs
    // show progress; the failures and the summary follow at the end.
    let streaming = ctx.format == Format::Text && !ctx.quiet;
    let mut progress = Progress::new(ctx.color);
    let run = {
        let stdout = std::io::stdout();
        let mut write_error = None;
        let run = runtime.block_on(verify_all(pacts.clone(), &target, deadline, |r| {
            if streaming && write_error.is_none() {
                if let Err(e) = progress.line(&mut stdout.lock(), &pacts, r) {
                    write_error = Some(e);
                }
            }
        }))?;
        if let Some(e) = write_error {
            return Err(e.into());
        }
        run
    };
    let results = run.results;
    let t = tally(&results);
    if args.publish && run.unfinished > 0 {
        eprintln!(
            "shipgate: verification results not published: {} interaction(s) were not verified before the --deadline",
            run.unfinished
        );
    } else if args.publish {
        let (Some(client), Some(version)) = (&broker, &args.provider_version) else {
            anyhow::bail!("--publish needs --provider and --provider-version");
        };
        let published = runtime.block_on(within(
            deadline,
            "publishing the verification results",
            publish_results(client, version, args, &pacts, &results),
        ))?;
        if !ctx.quiet {
            eprintln!("published verification results for {published} pact(s) as {version}");
        }
    }
    if ctx.format == Format::Text {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        if streaming {
            progress.finish(&mut lock, &pacts)?;
        }
        write_text(&mut lock, &pacts, &results, ctx.color, true)?;
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
                files: &[],
            },
        )?;
    }
    if let Some((_, limit)) = deadline.filter(|_| run.unfinished > 0) {
        anyhow::bail!(
            "verification stopped at the --deadline of {}: {} of {} interactions were not verified",
            crate::broker_client::human_duration(limit),
            run.unfinished,
            t.total
        );
    }
    Ok(if t.failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Run `fut`, or fail once the `--deadline` passes.
async fn within<T>(
    deadline: Option<(tokio::time::Instant, Duration)>,
    doing: &str,
    fut: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    match deadline {
        None => fut.await,
        Some((at, limit)) => tokio::time::timeout_at(at, fut).await.unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "the --deadline of {} passed while {doing}",
                crate::broker_client::human_duration(limit)
            ))
        }),
    }
}

/// Fetch the pacts for verification: index → `pb:provider-pacts-for-verification`
/// → POST the selectors → GET each pact.
async fn broker_pacts(
    client: &crate::broker_client::BrokerClient,
    provider: &str,
    body: &serde_json::Value,
) -> anyhow::Result<Vec<crate::verify::LoadedPact>> {
    let listing = client
        .pacts_for_verification(provider, body)
        .await
        .context("fetching pacts for verification")?;
    let mut out = Vec::new();
    let entries = listing
        .pointer("/_embedded/pacts")
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default();
    for entry in entries {
        let Some(href) = entry
            .pointer("/_links/self/href")
            .and_then(serde_json::Value::as_str)
        else {
            anyhow::bail!("the broker listed a pact without `_links.self.href`: {entry}");
        };
        let doc = client
            .get(href)
            .await
            .with_context(|| format!("fetching pact {href}"))?;
        let pact = shipgate_rules::pact::Pact::from_value(&doc)
            .map_err(|e| anyhow::anyhow!("{href}: {}: {}", e.path, e.message))?;
        let props = entry.get("verificationProperties");
        let pending = props
            .and_then(|p| p.get("pending"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let notices = props
            .and_then(|p| p.get("notices"))
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter(|n| {
                n.get("when").and_then(serde_json::Value::as_str) == Some("before_verification")
            })
            .filter_map(|n| {
                n.get("text")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        out.push(crate::verify::LoadedPact {
            source: href.to_owned(),
            pact,
            pending,
            broker_doc: Some(doc),
            notices,
        });
    }
    Ok(out)
}

/// Publish one verification result per broker pact, in the Pact Broker's format.
async fn publish_results(
    client: &crate::broker_client::BrokerClient,
    version: &str,
    args: &VerifyArgs,
    pacts: &[crate::verify::LoadedPact],
    results: &[crate::verify::InteractionResult],
) -> anyhow::Result<usize> {
    use crate::verify::Outcome;
    let mut published = 0;
    for (pi, p) in pacts.iter().enumerate() {
        let Some(doc) = &p.broker_doc else { continue };
        if doc
            .pointer("/_links/pb:publish-verification-results")
            .is_none()
        {
            continue;
        }
        let mine: Vec<&crate::verify::InteractionResult> =
            results.iter().filter(|r| r.pact_index == pi).collect();
        let test_results: Vec<serde_json::Value> = mine
            .iter()
            .map(|r| {
                let interaction = &p.pact.interactions[r.interaction_index];
                let mismatches: Vec<serde_json::Value> = match &r.outcome {
                    Outcome::Passed => Vec::new(),
                    Outcome::Error(e) => vec![serde_json::json!({"attribute": "error", "description": e})],
                    Outcome::Failed { mismatches, .. } => mismatches
                        .iter()
                        .map(|m| serde_json::json!({
                            "attribute": m.kind.label(),
                            "identifier": m.path,
                            "description": m.explanation,
                        }))
                        .collect(),
                };
                serde_json::json!({
                    "interactionId": interaction.key.clone().unwrap_or_else(|| interaction.description.clone()),
                    "interactionDescription": interaction.description,
                    "success": r.passed(),
                    "mismatches": mismatches,
                })
            })
            .collect();
        let mut result = serde_json::json!({
            "success": mine.iter().all(|r| r.passed()),
            "providerApplicationVersion": version,
            "testResults": test_results,
            "verifiedBy": {"implementation": "shipgate", "version": env!("CARGO_PKG_VERSION")},
        });
        if let Some(url) = &args.build_url {
            result["buildUrl"] = serde_json::json!(url);
        }
        client
            .publish_verification_results(
                doc,
                version,
                args.provider_branch.as_deref(),
                &args.provider_tags,
                &result,
            )
            .await
            .with_context(|| format!("publishing verification results for {}", p.source))?;
        published += 1;
    }
    Ok(published)
}
