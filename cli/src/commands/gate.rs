//! `shipgate gate allow` and `shipgate gate overrides`: record an expiring,
//! attributed decision to let a known break through the gate, and list every
//! such decision. Also the broker's `[gate]` section of `shipgate.toml`.

use crate::broker_client::{encode, BrokerArgs, BrokerClient};
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::{Args, Subcommand};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::Write as _;

/// `[gate]` in the broker's `shipgate.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GateSection {
    /// `relied-on` (default): an error-level API change blocks only when a
    /// consumer deployed in the environment relies on it; `strict`: every
    /// error-level API change blocks.
    pub api: Option<ApiMode>,
}

/// How API changes block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiMode {
    ReliedOn,
    Strict,
}

impl GateSection {
    pub fn strict_api(&self) -> bool {
        self.api == Some(ApiMode::Strict)
    }
}

/// Arguments of `shipgate gate`.
#[derive(Debug, Args)]
pub struct GateArgs {
    #[command(subcommand)]
    pub command: GateCommand,
}

#[derive(Debug, Subcommand)]
pub enum GateCommand {
    /// Let one version into one environment although the gate blocks, until a date
    #[command(
        disable_version_flag = true,
        after_help = "The override is stored with who made it (the token's name or basic auth user), shows as a reason of kind `override` wherever the verdict is shown, and expires.\n\nExamples:\n  shipgate gate allow --pacticipant orders --version 3.0.0 \\\n    --environment production --expires 2026-12-31 \\\n    --reason \"INC-42: billing reads total from the replica\""
    )]
    Allow(AllowArgs),
    /// List every override, active and expired
    #[command(
        after_help = "Examples:\n  shipgate gate overrides\n  shipgate gate overrides --environment production --format json"
    )]
    Overrides(OverridesArgs),
}

#[derive(Debug, Args)]
pub struct AllowArgs {
    #[arg(long, short = 'a')]
    pub pacticipant: String,
    #[arg(long, short = 'e')]
    pub version: String,
    #[arg(long)]
    pub environment: String,
    /// Why the break is accepted (shown with every verdict it changes)
    #[arg(long)]
    pub reason: String,
    /// When the override stops applying: a date (the end of that day, UTC) or an RFC 3339 time
    #[arg(long, value_name = "DATE")]
    pub expires: String,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

#[derive(Debug, Args)]
pub struct OverridesArgs {
    /// Only this application's overrides
    #[arg(long, short = 'a')]
    pub pacticipant: Option<String>,
    /// Only this environment's overrides
    #[arg(long)]
    pub environment: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

pub fn run(args: &GateArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let runtime = tokio::runtime::Runtime::new()?;
    match &args.command {
        GateCommand::Allow(a) => {
            let client = BrokerClient::from_args(&a.broker)?;
            let body = json!({
                "pacticipant": a.pacticipant, "version": a.version, "environment": a.environment,
                "reason": a.reason, "expires": a.expires,
            });
            let resp = runtime
                .block_on(client.post("/gates/overrides", &body))
                .map_err(|e| crate::commands::publish_migrations::refused(e, "the override"))?;
            crate::commands::publish_provider_contract::print_notices(&resp, ctx)?;
        }
        GateCommand::Overrides(a) => {
            let client = BrokerClient::from_args(&a.broker)?;
            let mut query = Vec::new();
            if let Some(p) = &a.pacticipant {
                query.push(format!("pacticipant={}", encode(p)));
            }
            if let Some(e) = &a.environment {
                query.push(format!("environment={}", encode(e)));
            }
            let path = if query.is_empty() {
                "/gates/overrides".to_string()
            } else {
                format!("/gates/overrides?{}", query.join("&"))
            };
            let resp = runtime.block_on(client.get(&path))?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if ctx.format == crate::args::Format::Json {
                serde_json::to_writer_pretty(&mut out, &resp["overrides"])?;
                writeln!(out)?;
            } else {
                let list = resp["overrides"].as_array().cloned().unwrap_or_default();
                if list.is_empty() && !ctx.quiet {
                    writeln!(out, "no overrides")?;
                }
                for o in &list {
                    let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    let state = if o["active"] == json!(true) {
                        "active"
                    } else {
                        "expired"
                    };
                    writeln!(
                        out,
                        "{state:<7}  {} {} -> {}  until {}  by {}  ({})  {}",
                        s("pacticipant"),
                        s("version"),
                        s("environment"),
                        s("expiresAt"),
                        s("createdBy"),
                        s("createdAt"),
                        s("reason")
                    )?;
                }
            }
        }
    }
    Ok(ExitStatus::Success)
}
