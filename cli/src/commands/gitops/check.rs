//! `shipgate gitops check`: the versions a manifests pull request changes in
//! each environment, judged by the broker as one deployment per environment.

use super::tree::{render_dir, Tree};
use super::{describe, entries, environments, CheckArgs, Entry, Key};
use crate::broker_client::{encode, BrokerClient};
use crate::config::Config;
use crate::render::{emit, OutputContext, Report};
use crate::ExitStatus;
use serde_json::Value;
use shipgate_diagnostics::{Diagnostic, Level};
use shipgate_rules::gitops::rules::{
    self as r, DeployBlocked, DeployUnknown, DeployWarning, VersionChange,
};
use std::collections::BTreeMap;

/// What the pull request does to one environment.
struct EnvChange {
    name: String,
    changed: Vec<(Option<String>, Entry)>,
    removed: Vec<Entry>,
}

pub fn run(args: &CheckArgs, ctx: &OutputContext, config: &Config) -> anyhow::Result<ExitStatus> {
    let cfg = &config.file.gitops;
    let envs = environments(&args.env, config)?;
    let cwd = std::env::current_dir()?;
    let resolved = crate::git::resolve(&args.base, &cwd)?;
    let label = if args.base.ends_with("...") {
        resolved.chars().take(12).collect()
    } else {
        args.base.clone()
    };
    let base_tree = Tree::at(&resolved, &label)?;
    let work = Tree::Work;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut checked = 0;
    let mut changes = Vec::new();
    for (name, dir) in &envs {
        if !work.is_dir(dir) {
            anyhow::bail!("environment {name}: {dir} is not a directory");
        }
        let head = render_dir(&work, dir)?;
        checked += head.files;
        diags.extend(head.diagnostics);
        let head = entries(head.workloads, cfg, &mut diags);
        // The base's own problems are not this change's; an unreadable base
        // only makes more versions count as changed, so nothing goes unjudged.
        let base: BTreeMap<Key, Entry> = if base_tree.is_dir(dir) {
            let b = render_dir(&base_tree, dir)?;
            entries(b.workloads, cfg, &mut Vec::new())
        } else {
            BTreeMap::new()
        };
        let changed = head
            .iter()
            .filter(|(k, e)| base.get(*k).is_none_or(|b| b.version != e.version))
            .map(|(k, e)| (base.get(k).map(|b| b.version.clone()), e.clone()))
            .collect();
        let removed = base
            .iter()
            .filter(|(k, _)| !head.contains_key(*k))
            .map(|(_, e)| e.clone())
            .collect();
        changes.push(EnvChange {
            name: name.clone(),
            changed,
            removed,
        });
    }
    if changes.iter().any(|c| !c.changed.is_empty()) {
        let client = BrokerClient::from_args(&args.broker)?;
        let runtime = tokio::runtime::Runtime::new()?;
        for c in &changes {
            if c.changed.is_empty() {
                continue;
            }
            let doc = runtime.block_on(client.matrix(&query(c, args.strict_api)))?;
            judge(c, &doc, &mut diags);
        }
    }
    for c in &changes {
        for e in &c.removed {
            diags.push(Diagnostic::new(
                &VersionChange::META,
                format!(
                    "{}: {} is removed (its manifests are gone); `shipgate gitops record` undeploys it after the merge",
                    c.name,
                    describe(&e.pacticipant, &e.version, e.instance.as_deref())
                ),
                e.location.clone(),
            ));
        }
    }
    if !ctx.quiet && ctx.format == crate::args::Format::Text {
        for c in &changes {
            if c.changed.is_empty() && c.removed.is_empty() {
                eprintln!("{}: no version changes", c.name);
            }
        }
    }
    shipgate_diagnostics::sort(&mut diags);
    emit(
        ctx,
        &Report {
            command: "gitops check",
            diagnostics: &diags,
            rules: r::ALL,
            checked,
            checked_noun: "manifest",
            fail_on: ctx.fail_on,
            files: &[],
        },
    )
}

/// The matrix question: every changed version, into the environment, as one deployment.
fn query(c: &EnvChange, strict_api: bool) -> String {
    let mut pairs: Vec<(&str, &str)> = c
        .changed
        .iter()
        .map(|(_, e)| (e.pacticipant.as_str(), e.version.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut parts: Vec<String> = pairs
        .iter()
        .map(|(p, v)| format!("q[][pacticipant]={}&q[][version]={}", encode(p), encode(v)))
        .collect();
    parts.push("latestby=cvpv".into());
    parts.push(format!("environment={}", encode(&c.name)));
    if strict_api {
        parts.push("strictApi=true".into());
    }
    parts.join("&")
}

/// The broker's reasons as findings, each on the changed image line of the
/// service it names (else the first change).
fn judge(c: &EnvChange, doc: &Value, diags: &mut Vec<Diagnostic>) {
    let deployable = doc.pointer("/summary/deployable").and_then(Value::as_bool);
    let set: Vec<String> = c
        .changed
        .iter()
        .map(|(_, e)| describe(&e.pacticipant, &e.version, e.instance.as_deref()))
        .collect();
    let together = format!("judged together in {}: {}", c.name, set.join(", "));
    let mut reasons: Vec<(String, String, String)> = doc
        .get("reasons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| {
            let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            (s("level"), s("kind"), s("text"))
        })
        .collect();
    if reasons.is_empty() && deployable != Some(true) {
        // A Pact Broker: no joined verdict, only the summary.
        let text = doc
            .pointer("/summary/reason")
            .and_then(Value::as_str)
            .unwrap_or("the broker gave no reason")
            .to_string();
        reasons.push(("error".into(), "contract".into(), text));
    }
    let at = |text: &str| -> &Entry {
        c.changed
            .iter()
            .map(|(_, e)| e)
            .find(|e| {
                text.contains(&format!("{} ", e.pacticipant))
                    || text.contains(&format!("`{}`", e.pacticipant))
            })
            .unwrap_or(&c.changed[0].1)
    };
    match deployable {
        Some(true) => {
            for (from, e) in &c.changed {
                diags.push(
                    Diagnostic::new(
                        &VersionChange::META,
                        format!(
                            "{}: {}{} → {}; the gate allows it",
                            c.name,
                            e.pacticipant,
                            from.as_deref()
                                .map(|f| format!(" {f}"))
                                .unwrap_or_else(|| " (new)".into()),
                            e.version
                        ),
                        e.location.clone(),
                    )
                    .with_note(together.clone()),
                );
            }
        }
        Some(false) => {
            if !reasons.iter().any(|r| r.0 == "error") {
                let text = doc
                    .pointer("/summary/reason")
                    .and_then(Value::as_str)
                    .unwrap_or("the broker says no, without an error-level reason");
                reasons.push(("error".into(), "contract".into(), text.to_string()));
            }
            for (level, kind, text) in reasons.iter().filter(|r| r.0 == "error") {
                diags.push(
                    Diagnostic::new(
                        &DeployBlocked::META,
                        format!("{}: {text}", c.name),
                        at(text).location.clone(),
                    )
                    .with_property("kind", kind.clone())
                    .with_property("level", level.clone())
                    .with_note(together.clone()),
                );
            }
        }
        None => {
            let why: Vec<String> = reasons.iter().map(|r| r.2.clone()).collect();
            for (_, e) in &c.changed {
                let mut d = Diagnostic::new(
                    &DeployUnknown::META,
                    format!(
                        "{}: the broker cannot tell whether {} can be deployed",
                        c.name,
                        describe(&e.pacticipant, &e.version, e.instance.as_deref())
                    ),
                    e.location.clone(),
                )
                .with_note(together.clone());
                for w in &why {
                    d = d.with_note(w.clone());
                }
                diags.push(d);
            }
        }
    }
    for (_, kind, text) in reasons.iter().filter(|r| r.0 == "warning") {
        diags.push(
            Diagnostic::new(
                &DeployWarning::META,
                format!("{}: {text}", c.name),
                at(text).location.clone(),
            )
            .with_level(Level::Warning)
            .with_property("kind", kind.clone()),
        );
    }
}
