//! `shipgate gitops check` and `shipgate gitops record`: in a GitOps setup a
//! deploy is a pull request to a manifests repository, and the version a
//! service runs in an environment is an image tag in Git. `check` gates that
//! pull request (every version it changes in an environment, judged together
//! as one deployment); `record` makes the broker's deployed versions match
//! the manifests. Also the `[gitops]` section of `shipgate.toml`.

mod check;
mod record;
pub mod tree;

use crate::broker_client::BrokerArgs;
use crate::config::Config;
use crate::render::OutputContext;
use crate::ExitStatus;
use clap::{Args, Subcommand};
use serde::Deserialize;
use shipgate_diagnostics::{Diagnostic, Location};
use shipgate_rules::gitops::rules::{ConflictingVersions, ImageVersionUnknown};
use shipgate_rules::gitops::Workload;
use std::collections::BTreeMap;

/// `[gitops]` in `shipgate.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GitopsSection {
    /// Environment name → directory of its manifests (relative to this file),
    /// used when no `--env` is given.
    #[serde(default)]
    pub environments: BTreeMap<String, String>,
    /// Image name (without tag; the full name or its last segment) → pacticipant.
    /// Unlisted images map to their name's last segment.
    #[serde(default)]
    pub images: BTreeMap<String, String>,
    /// Images that are not services the broker knows (sidecars, databases):
    /// full names or last segments.
    #[serde(default)]
    pub ignore_images: Vec<String>,
    /// Namespace → application instance. Namespaces not listed are not instances.
    #[serde(default)]
    pub namespaces: BTreeMap<String, String>,
}

/// Arguments of `shipgate gitops`.
#[derive(Debug, Args)]
pub struct GitopsArgs {
    #[command(subcommand)]
    pub command: GitopsCommand,
}

#[derive(Debug, Subcommand)]
pub enum GitopsCommand {
    /// Gate a manifests pull request: can every version it changes be deployed, together?
    #[command(
        disable_version_flag = true,
        after_help = "Reads Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, Pods and Argo Rollouts (multi-document YAML) and Kustomize `images:` overrides under each environment's directory, at --base and in the working tree. Each image maps to a pacticipant ([gitops.images], default: the image name's last segment) and its tag is the version. Every version the change sets in an environment is judged by the broker as one deployment. Unreadable or unsupported manifests are findings (GIT004, GIT005) with file and line.\n\nExit status: 0 the gate allows it, 1 it blocks (or a manifest cannot be read), 2 bad input.\n\nExamples:\n  shipgate gitops check --base origin/main... \\\n    --env staging=envs/staging --env production=envs/production\n  shipgate gitops check --base origin/main... --format github"
    )]
    Check(CheckArgs),
    /// Make the broker's deployed versions match the manifests
    #[command(
        disable_version_flag = true,
        after_help = "Records a deployment for every version the manifests set that the broker does not have as deployed, and an undeployment for every service deployed in the environment whose manifests are gone. Changes nothing when they already match, and nothing at all when a manifest cannot be read. Run it after a merge, or from an Argo CD Notifications webhook (examples/gitops/).\n\nExamples:\n  shipgate gitops record --env production=envs/production\n  shipgate gitops record --dry-run"
    )]
    Record(RecordArgs),
}

/// Arguments of `shipgate gitops check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The revision to compare with, usually the pull request's base (`REV...`: the merge base of REV and HEAD)
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// An environment and the directory of its manifests (repeatable; default: [gitops.environments])
    #[arg(long = "env", value_name = "NAME=DIR")]
    pub env: Vec<String>,
    /// Let every error-level API change block, even one no deployed consumer relies on
    #[arg(long)]
    pub strict_api: bool,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Arguments of `shipgate gitops record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// An environment and the directory of its manifests (repeatable; default: [gitops.environments])
    #[arg(long = "env", value_name = "NAME=DIR")]
    pub env: Vec<String>,
    /// Print what would be recorded and undeployed, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub broker: BrokerArgs,
}

pub fn run(args: &GitopsArgs, ctx: &OutputContext, config: &Config) -> anyhow::Result<ExitStatus> {
    match &args.command {
        GitopsCommand::Check(a) => check::run(a, ctx, config),
        GitopsCommand::Record(a) => record::run(a, ctx, config),
    }
}

/// The environments to read: `--env NAME=DIR` (relative to the current
/// directory), else `[gitops.environments]` (relative to the config file).
fn environments(flags: &[String], config: &Config) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for f in flags {
        let Some((name, dir)) = f
            .split_once('=')
            .filter(|(n, d)| !n.is_empty() && !d.is_empty())
        else {
            anyhow::bail!(
                "--env `{f}`: write NAME=DIR, for example --env production=envs/production"
            );
        };
        out.push((name.to_string(), tree::normalize(dir)));
    }
    if out.is_empty() {
        let base = config.base_dir();
        let cwd = std::env::current_dir()?;
        for (name, dir) in &config.file.gitops.environments {
            let abs = base.join(dir);
            let rel = abs
                .strip_prefix(&cwd)
                .map_or_else(|_| abs.display().to_string(), |p| p.display().to_string());
            out.push((name.clone(), tree::normalize(&rel)));
        }
    }
    if out.is_empty() {
        anyhow::bail!(
            "no environments: give --env NAME=DIR, or list them in shipgate.toml under [gitops.environments]"
        );
    }
    Ok(out)
}

/// One service's version in one environment, from the manifests.
#[derive(Debug, Clone)]
pub struct Entry {
    pub pacticipant: String,
    pub instance: Option<String>,
    pub version: String,
    pub image: String,
    pub location: Location,
}

/// (pacticipant, application instance).
pub type Key = (String, Option<String>);

/// Map workloads to pacticipant versions; images without a version, and
/// one service with two versions, are findings.
pub fn entries(
    workloads: Vec<Workload>,
    cfg: &GitopsSection,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<Key, Entry> {
    let mut out: BTreeMap<Key, Entry> = BTreeMap::new();
    for w in workloads {
        let full = w.image.name.as_str();
        let last = w.image.last_segment();
        if cfg.ignore_images.iter().any(|i| i == full || i == last) {
            continue;
        }
        let pacticipant = cfg
            .images
            .get(full)
            .or_else(|| cfg.images.get(last))
            .cloned()
            .unwrap_or_else(|| last.to_string());
        let instance = w
            .namespace
            .as_ref()
            .and_then(|ns| cfg.namespaces.get(ns))
            .cloned();
        let Some(version) = w.image.version() else {
            diags.push(
                Diagnostic::new(
                    &ImageVersionUnknown::META,
                    format!(
                        "{} `{}` runs `{}`: no tag names the version of {pacticipant}",
                        w.kind, w.name, w.image
                    ),
                    w.location.clone(),
                )
                .with_help("tag the image with the version published to the broker, or list it in [gitops] ignore-images"),
            );
            continue;
        };
        let entry = Entry {
            pacticipant: pacticipant.clone(),
            instance: instance.clone(),
            version: version.to_string(),
            image: w.image.to_string(),
            location: w.location.clone(),
        };
        match out.get(&(pacticipant.clone(), instance.clone())) {
            Some(first) if first.version != entry.version => {
                diags.push(
                    Diagnostic::new(
                        &ConflictingVersions::META,
                        format!(
                            "{pacticipant}{} runs {} here and {} elsewhere in this environment",
                            instance.as_deref().map(|i| format!(" (instance {i})")).unwrap_or_default(),
                            entry.version,
                            first.version
                        ),
                        entry.location.clone(),
                    )
                    .with_related("the other version", first.location.clone())
                    .with_help("map the namespaces to application instances ([gitops.namespaces]) or one image to another pacticipant ([gitops.images])"),
                );
            }
            Some(_) => {}
            None => {
                out.insert((pacticipant, instance), entry);
            }
        }
    }
    out
}

/// `orders 2.0.0` or `orders 2.0.0 (instance eu)`.
fn describe(p: &str, v: &str, instance: Option<&str>) -> String {
    match instance {
        Some(i) => format!("{p} {v} (instance {i})"),
        None => format!("{p} {v}"),
    }
}
