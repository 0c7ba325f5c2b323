//! `shipgate environment create|list`: the deployment environments a broker knows.

use crate::broker_client::{BrokerArgs, BrokerClient};
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

/// Arguments of `shipgate environment`.
#[derive(Debug, Args)]
pub struct EnvironmentArgs {
    #[command(subcommand)]
    pub command: EnvironmentCommand,
}

#[derive(Debug, Subcommand)]
pub enum EnvironmentCommand {
    /// Create an environment
    #[command(
        after_help = "Examples:\n  shipgate environment create --name production --display-name Production \\\n    --production"
    )]
    Create(EnvironmentCreateArgs),
    /// List environments
    List(EnvironmentListArgs),
}

#[derive(Debug, Args)]
pub struct EnvironmentCreateArgs {
    /// A short name without spaces, used by record-deployment and can-i-deploy
    #[arg(long)]
    pub name: String,
    /// A human-friendly name
    #[arg(long)]
    pub display_name: Option<String>,
    /// Mark the environment as production
    #[arg(long)]
    pub production: bool,
    /// Contact name for the environment
    #[arg(long)]
    pub contact_name: Option<String>,
    /// Contact e-mail address
    #[arg(long)]
    pub contact_email_address: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

#[derive(Debug, Args)]
pub struct EnvironmentListArgs {
    #[command(flatten)]
    pub broker: BrokerArgs,
}

pub fn run(args: &EnvironmentArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let runtime = tokio::runtime::Runtime::new()?;
    match &args.command {
        EnvironmentCommand::Create(a) => {
            let client = BrokerClient::from_args(&a.broker)?;
            let mut body = json!({"name": a.name, "displayName": a.display_name.clone().unwrap_or_else(|| a.name.clone()), "production": a.production});
            if a.contact_name.is_some() || a.contact_email_address.is_some() {
                body["contacts"] = json!([{"name": a.contact_name, "details": {"emailAddress": a.contact_email_address}}]);
            }
            let doc = runtime.block_on(async {
                let href = client.index_link("pb:environments", &[]).await?;
                client.post(&href, &body).await
            })?;
            if ctx.format == crate::args::Format::Json {
                println!("{}", serde_json::to_string_pretty(&doc)?);
            } else if !ctx.quiet {
                println!(
                    "created environment {} ({})",
                    a.name,
                    doc.get("uuid").and_then(Value::as_str).unwrap_or("?")
                );
            }
        }
        EnvironmentCommand::List(a) => {
            let client = BrokerClient::from_args(&a.broker)?;
            let envs = runtime.block_on(client.environments())?;
            if ctx.format == crate::args::Format::Json {
                println!("{}", serde_json::to_string_pretty(&envs)?);
            } else {
                println!(
                    "{:<20} {:<24} {:<10} UUID",
                    "NAME", "DISPLAY NAME", "PRODUCTION"
                );
                for e in &envs {
                    let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    println!(
                        "{:<20} {:<24} {:<10} {}",
                        s("name"),
                        s("displayName"),
                        e.get("production")
                            .and_then(Value::as_bool)
                            .unwrap_or(false),
                        s("uuid")
                    );
                }
            }
        }
    }
    Ok(ExitStatus::Success)
}
