//! `shipgate gitops record`: make the broker's deployed versions in each
//! environment match the manifests. Reads and checks everything first
//! (manifests, environments, pacticipants), so a refusal changes nothing.

use super::tree::{render_dir, Tree};
use super::{describe, entries, environments, Entry, Key, RecordArgs};
use crate::broker_client::{encode, BrokerClient, BrokerError};
use crate::config::Config;
use crate::render::{render, OutputContext, Report};
use crate::ExitStatus;
use serde_json::{json, Value};
use shipgate_diagnostics::Level;
use std::collections::BTreeMap;

/// A deployment the broker has as current.
struct Current {
    pacticipant: String,
    instance: Option<String>,
    version: String,
    href: String,
}

/// What to do in one environment.
struct Plan {
    env: String,
    record: Vec<Entry>,
    undeploy: Vec<Current>,
    unchanged: Vec<Entry>,
}

pub fn run(args: &RecordArgs, ctx: &OutputContext, config: &Config) -> anyhow::Result<ExitStatus> {
    let cfg = &config.file.gitops;
    let envs = environments(&args.env, config)?;
    let work = Tree::Work;
    let mut desired: Vec<(String, BTreeMap<Key, Entry>)> = Vec::new();
    let mut diags = Vec::new();
    let mut files = 0;
    for (name, dir) in &envs {
        if !work.is_dir(dir) {
            anyhow::bail!("environment {name}: {dir} is not a directory");
        }
        let r = render_dir(&work, dir)?;
        files += r.files;
        diags.extend(r.diagnostics);
        desired.push((name.clone(), entries(r.workloads, cfg, &mut diags)));
    }
    if diags.iter().any(|d| d.level >= Level::Error) {
        shipgate_diagnostics::sort(&mut diags);
        let report = Report {
            command: "gitops record",
            diagnostics: &diags,
            rules: shipgate_rules::gitops::rules::ALL,
            checked: files,
            checked_noun: "manifest",
            fail_on: Level::Error,
            files: &[],
        };
        render(
            crate::args::Format::Text,
            &report,
            ctx.color,
            false,
            &mut std::io::stderr(),
        )?;
        anyhow::bail!("the manifests cannot be read as they are; nothing was recorded");
    }
    let client = BrokerClient::from_args(&args.broker)?;
    let runtime = tokio::runtime::Runtime::new()?;
    let plans = runtime.block_on(plan(&client, desired))?;
    if !args.dry_run {
        runtime.block_on(apply(&client, &plans))?;
    }
    report(&plans, args.dry_run, ctx)?;
    Ok(ExitStatus::Success)
}

async fn plan(
    client: &BrokerClient,
    desired: Vec<(String, BTreeMap<Key, Entry>)>,
) -> anyhow::Result<Vec<Plan>> {
    let known_envs = client.environments().await?;
    let mut plans = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut known_pacticipants: BTreeMap<String, bool> = BTreeMap::new();
    for (env, want) in desired {
        let Some(e) = known_envs
            .iter()
            .find(|e| e.get("name").and_then(Value::as_str) == Some(env.as_str()))
        else {
            anyhow::bail!(
                "the broker has no environment `{env}`; create it first (shipgate environment create --name {env}); nothing was recorded"
            );
        };
        let current = currently_deployed(client, e).await?;
        let mut p = Plan {
            env: env.clone(),
            record: Vec::new(),
            undeploy: Vec::new(),
            unchanged: Vec::new(),
        };
        for ((pacticipant, instance), entry) in &want {
            let same = current.iter().any(|c| {
                &c.pacticipant == pacticipant
                    && &c.instance == instance
                    && c.version == entry.version
            });
            if same {
                p.unchanged.push(entry.clone());
                continue;
            }
            let exists = match known_pacticipants.get(pacticipant) {
                Some(k) => *k,
                None => {
                    let k = match client
                        .get(&format!("/pacticipants/{}", encode(pacticipant)))
                        .await
                    {
                        Ok(_) => true,
                        Err(e) if e.status() == Some(reqwest::StatusCode::NOT_FOUND) => false,
                        Err(e) => return Err(e.into()),
                    };
                    known_pacticipants.insert(pacticipant.clone(), k);
                    k
                }
            };
            if !exists {
                missing.push(format!(
                    "{}: image `{}` maps to pacticipant `{pacticipant}`, which the broker does not know",
                    crate::render::location_label_of(&entry.location),
                    entry.image
                ));
            }
            p.record.push(entry.clone());
        }
        for c in current {
            if !want.contains_key(&(c.pacticipant.clone(), c.instance.clone())) {
                p.undeploy.push(c);
            }
        }
        plans.push(p);
    }
    if !missing.is_empty() {
        anyhow::bail!(
            "{}\nmap the image to a pacticipant in [gitops.images], or list it in [gitops] ignore-images; nothing was recorded",
            missing.join("\n")
        );
    }
    Ok(plans)
}

async fn currently_deployed(client: &BrokerClient, env: &Value) -> anyhow::Result<Vec<Current>> {
    let href = BrokerClient::link(env, "self", &[])?;
    let env_doc = client.get(&href).await?;
    let list_href = BrokerClient::link(&env_doc, "pb:currently-deployed-deployed-versions", &[])
        .or_else(|_| BrokerClient::link(&env_doc, "pb:currently-deployed-versions", &[]))?;
    let list = client.get(&list_href).await?;
    let mut out = Vec::new();
    for item in list
        .pointer("/_embedded/deployedVersions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = |p: &str| {
            item.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        out.push(Current {
            pacticipant: s("/_embedded/pacticipant/name"),
            instance: Some(s("/applicationInstance")).filter(|i| !i.is_empty()),
            version: s("/_embedded/version/number"),
            href: BrokerClient::link(item, "self", &[])?,
        });
    }
    Ok(out)
}

async fn apply(client: &BrokerClient, plans: &[Plan]) -> anyhow::Result<()> {
    for p in plans {
        for e in &p.record {
            let path = format!(
                "/pacticipants/{}/versions/{}",
                encode(&e.pacticipant),
                encode(&e.version)
            );
            let version = match client.get(&path).await {
                Ok(v) => v,
                Err(err) if err.status() == Some(reqwest::StatusCode::NOT_FOUND) => {
                    // The manifests say it runs: the broker learns the version exists.
                    client.put(&path, &json!({})).await?;
                    client.get(&path).await?
                }
                Err(err) => return Err(err.into()),
            };
            let entry = BrokerClient::links(&version, "pb:record-deployment")
                .into_iter()
                .find(|l| l.get("name").and_then(Value::as_str) == Some(p.env.as_str()))
                .and_then(|l| l.get("href").and_then(Value::as_str))
                .map(str::to_string)
                .ok_or_else(|| BrokerError::MissingLink {
                    url: path.clone(),
                    rel: format!("pb:record-deployment for environment {}", p.env),
                    hint: String::new(),
                })?;
            let body = match &e.instance {
                Some(i) => json!({"applicationInstance": i}),
                None => json!({}),
            };
            client.post(&entry, &body).await?;
        }
        for c in &p.undeploy {
            client
                .patch(&c.href, &json!({"currentlyDeployed": false}))
                .await?;
        }
    }
    Ok(())
}

fn report(plans: &[Plan], dry_run: bool, ctx: &OutputContext) -> anyhow::Result<()> {
    if ctx.format == crate::args::Format::Json {
        let envs: Vec<Value> = plans
            .iter()
            .map(|p| {
                let entry = |e: &Entry| json!({"pacticipant": e.pacticipant, "version": e.version, "applicationInstance": e.instance, "image": e.image, "manifest": crate::render::location_label_of(&e.location)});
                json!({
                    "name": p.env,
                    "recorded": p.record.iter().map(entry).collect::<Vec<_>>(),
                    "undeployed": p.undeploy.iter().map(|c| json!({"pacticipant": c.pacticipant, "version": c.version, "applicationInstance": c.instance})).collect::<Vec<_>>(),
                    "unchanged": p.unchanged.iter().map(entry).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"dryRun": dry_run, "environments": envs}))?
        );
        return Ok(());
    }
    if ctx.quiet {
        return Ok(());
    }
    let (rec, und) = if dry_run {
        ("would record", "would undeploy")
    } else {
        ("recorded", "undeployed")
    };
    for p in plans {
        for e in &p.record {
            println!(
                "{}: {rec} {} ({})",
                p.env,
                describe(&e.pacticipant, &e.version, e.instance.as_deref()),
                crate::render::location_label_of(&e.location)
            );
        }
        for c in &p.undeploy {
            println!(
                "{}: {und} {} (no manifest sets it)",
                p.env,
                describe(&c.pacticipant, &c.version, c.instance.as_deref())
            );
        }
        if p.record.is_empty() && p.undeploy.is_empty() {
            println!(
                "{}: in step with the manifests ({} service{}), nothing changed",
                p.env,
                p.unchanged.len(),
                if p.unchanged.len() == 1 { "" } else { "s" }
            );
        }
    }
    Ok(())
}
