//! `shipgate record-deployment|record-undeployment|record-release|record-support-ended`:
//! tell the broker what runs where, following the same HAL links as the Pact CLI.

use crate::broker_client::{BrokerArgs, BrokerClient, BrokerError};
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::Args;
use serde_json::{json, Value};

/// Arguments of `shipgate record-deployment` and `record-release`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The application (pacticipant) name
    #[arg(long, short = 'a')]
    pub pacticipant: String,
    /// The version deployed or released
    #[arg(long, short = 'e')]
    pub version: String,
    /// The environment name
    #[arg(long)]
    pub environment: String,
    /// For deployments: the instance replaced by this deployment (blue/green, regions)
    #[arg(long)]
    pub application_instance: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Arguments of `shipgate record-undeployment`.
#[derive(Debug, Args)]
pub struct UndeployArgs {
    /// The application (pacticipant) name
    #[arg(long, short = 'a')]
    pub pacticipant: String,
    /// The environment name
    #[arg(long)]
    pub environment: String,
    /// Only this application instance
    #[arg(long)]
    pub application_instance: Option<String>,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Which recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    Release,
}

pub fn record(kind: Kind, args: &RecordArgs, ctx: &OutputContext) -> anyhow::Result<ExitStatus> {
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let (rel, verb) = match kind {
        Kind::Deployment => ("pb:record-deployment", "deployment"),
        Kind::Release => ("pb:record-release", "release"),
    };
    let doc = runtime.block_on(async {
        let version = client.version(&args.pacticipant, &args.version).await?;
        let entry = BrokerClient::links(&version, rel)
            .into_iter()
            .find(|l| l.get("name").and_then(Value::as_str) == Some(args.environment.as_str()))
            .and_then(|l| l.get("href").and_then(Value::as_str))
            .map(str::to_string)
            .ok_or_else(|| BrokerError::MissingLink {
                url: format!("version {} of {}", args.version, args.pacticipant),
                rel: format!("{rel} for environment {}", args.environment),
                hint: "; create the environment first (shipgate environment create)".into(),
            })?;
        let body = match (&args.application_instance, kind) {
            (Some(i), Kind::Deployment) => json!({"applicationInstance": i, "target": i}),
            _ => json!({}),
        };
        client.post(&entry, &body).await
    })?;
    if ctx.format == crate::args::Format::Json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else if !ctx.quiet {
        println!(
            "recorded {verb} of {} version {} to {}",
            args.pacticipant, args.version, args.environment
        );
    }
    Ok(ExitStatus::Success)
}

/// Undeploy (or end support): find the environment, list what is current
/// there for the pacticipant, and PATCH each entry.
pub fn end(
    kind: Kind,
    pacticipant: &str,
    environment: &str,
    version: Option<&str>,
    instance: Option<&str>,
    broker: &BrokerArgs,
    ctx: &OutputContext,
) -> anyhow::Result<ExitStatus> {
    let client = BrokerClient::from_args(broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let ended = runtime.block_on(async {
        let envs = client.environments().await?;
        let env = envs
            .iter()
            .find(|e| e.get("name").and_then(Value::as_str) == Some(environment))
            .ok_or_else(|| anyhow::anyhow!("the broker has no environment `{environment}`"))?;
        let env_href = BrokerClient::link(env, "self", &[])?;
        let env_doc = client.get(&env_href).await?;
        let (rels, key, patch) = match kind {
            Kind::Deployment => (
                [
                    "pb:currently-deployed-deployed-versions",
                    "pb:currently-deployed-versions",
                ],
                "deployedVersions",
                json!({"currentlyDeployed": false}),
            ),
            Kind::Release => (
                [
                    "pb:currently-supported-released-versions",
                    "pb:currently-supported-released-versions",
                ],
                "releasedVersions",
                json!({"currentlySupported": false}),
            ),
        };
        let href = BrokerClient::link(&env_doc, rels[0], &[])
            .or_else(|_| BrokerClient::link(&env_doc, rels[1], &[]))?;
        let list = client.get(&href).await?;
        let mut ended = 0;
        for item in list
            .pointer(&format!("/_embedded/{key}"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = item
                .pointer("/_embedded/pacticipant/name")
                .and_then(Value::as_str);
            let number = item
                .pointer("/_embedded/version/number")
                .and_then(Value::as_str);
            let inst = item.get("applicationInstance").and_then(Value::as_str);
            if name != Some(pacticipant)
                || version.is_some_and(|v| number != Some(v))
                || instance.is_some_and(|i| inst != Some(i))
            {
                continue;
            }
            let self_href = BrokerClient::link(item, "self", &[])?;
            client.patch(&self_href, &patch).await?;
            ended += 1;
        }
        Ok::<usize, anyhow::Error>(ended)
    })?;
    let what = match kind {
        Kind::Deployment => "currently deployed",
        Kind::Release => "currently supported",
    };
    if ended == 0 {
        anyhow::bail!(
            "{pacticipant}{} is not {what} in {environment}; nothing was changed",
            version.map(|v| format!(" version {v}")).unwrap_or_default()
        );
    }
    if !ctx.quiet {
        let verb = match kind {
            Kind::Deployment => "undeployment",
            Kind::Release => "support ended",
        };
        println!(
            "recorded {verb} of {pacticipant} in {environment} ({ended} entr{})",
            if ended == 1 { "y" } else { "ies" }
        );
    }
    Ok(ExitStatus::Success)
}
