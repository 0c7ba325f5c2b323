//! `shipgate diff BASE REVISION`: breaking changes between two versions of an
//! OpenAPI document (or two sets of documents, one per service, with `--composed`).
//!
//! This module does the I/O the rules crate may not: it reads files and git
//! revisions through [`crate::openapi_source`] (which also loads the documents
//! their `$ref`s reach, under the reference policy), applies the `[diff]`
//! section of `shipgate.toml` (ignore entries, deprecation days, stability
//! gate) and the path filters.

use crate::openapi_source::{load, Origin, RefArgs};
use crate::render::{OutputContext, Report};
use crate::ExitStatus;
use anyhow::{bail, Context as _};
use chrono::NaiveDate;
use clap::Args;
use serde::Deserialize;
use shipgate_diagnostics::{Level, Properties};
use shipgate_rules::openapi::{
    self, compare::template_key, DiffOptions, Document, Spec, Stability,
};
use std::collections::BTreeMap;

/// Arguments of `shipgate diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a file, or `REV:PATH` read through git (for example `main:api/openapi.yaml`;
    /// `main...:api/openapi.yaml` reads it at the merge base of main and HEAD)
    pub base: String,

    /// The new version: a file, or `REV:PATH` read through git
    pub revision: String,

    /// List every change (info level too), not only breaking ones
    #[arg(long, env = "SHIPGATE_DIFF_CHANGELOG")]
    pub changelog: bool,

    /// Only report operations whose path matches this regular expression
    #[arg(long, value_name = "REGEX")]
    pub match_path: Option<String>,

    /// Do not report operations whose path matches this regular expression
    #[arg(long, value_name = "REGEX")]
    pub exclude_path: Option<String>,

    /// BASE and REVISION are directories (or `REV:DIR`) with one document per service
    ///
    /// Documents are matched by service name: `x-service-name` (at the top level or in
    /// `info`) if present, else `info.title`, lowercased with words joined by `-`. A name
    /// shared by several documents on one side, or a missing one, falls back to the file
    /// name without extension; documents left unmatched with the same file name are
    /// paired too (a service whose title changed).
    #[arg(long)]
    pub composed: bool,

    /// The date sunset dates are compared with [default: today, UTC]
    #[arg(long, env = "SHIPGATE_DIFF_DATE", value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,

    #[command(flatten)]
    pub refs: RefArgs,
}

/// `[diff]` in `shipgate.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiffConfig {
    /// Same as `--changelog`.
    #[serde(default)]
    pub changelog: bool,
    /// Default for `--match-path`.
    pub match_path: Option<String>,
    /// Default for `--exclude-path`.
    pub exclude_path: Option<String>,
    /// Operations with an `x-stability-level` below this are reported at info level
    /// (`draft`, `alpha`, `beta`, `stable`; default `beta`).
    pub stability_level: Option<String>,
    /// Minimum days between deprecation and sunset, per stability level.
    #[serde(default)]
    pub deprecation_days: DeprecationDays,
    /// Acknowledged changes.
    #[serde(default)]
    pub ignore: Vec<IgnoreEntry>,
}

/// `[diff.deprecation-days]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DeprecationDays {
    #[serde(default)]
    pub draft: u32,
    #[serde(default)]
    pub alpha: u32,
    #[serde(default)]
    pub beta: u32,
    #[serde(default)]
    pub stable: u32,
}

/// One `[[diff.ignore]]` entry: an acknowledged change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IgnoreEntry {
    /// HTTP method, or `*` for any.
    #[serde(default = "any")]
    pub method: String,
    /// Path template as in the document (parameter names do not matter).
    pub path: String,
    /// Rule code, such as `OAS029`.
    pub code: String,
    /// Why the change is acceptable. Required.
    pub reason: String,
    /// The entry stops applying after this date.
    pub expires: Option<NaiveDate>,
}

fn any() -> String {
    "*".into()
}

/// The service a document describes: its `x-service-name` (top level or in `info`),
/// else its `info.title`, normalised to lowercase words joined by `-`.
fn service_name(spec: &Spec) -> Option<String> {
    let root = &spec.main().root;
    let info = root.get("info");
    let named = root
        .get("x-service-name")
        .or_else(|| info.and_then(|i| i.get("x-service-name")))
        .or_else(|| info.and_then(|i| i.get("title")))?
        .as_str()?;
    let mut out = String::new();
    for word in named
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    (!out.is_empty()).then_some(out)
}

/// Pair the documents of two directories by service name (see [`service_name`]).
/// A name shared by several documents on one side identifies none of them: those
/// use their file stem. Documents left unpaired on both sides with the same file
/// stem are paired too (a service whose title changed). Input: (file stem, spec).
fn pair_services(
    base: Vec<(String, Spec)>,
    rev: Vec<(String, Spec)>,
) -> Vec<(String, Option<Spec>, Option<Spec>)> {
    fn named(side: Vec<(String, Spec)>) -> Vec<(String, String, Spec)> {
        let names: Vec<Option<String>> = side.iter().map(|(_, s)| service_name(s)).collect();
        side.into_iter()
            .zip(names.iter())
            .map(|((stem, spec), name)| {
                let unique = name
                    .as_ref()
                    .filter(|n| names.iter().filter(|m| m.as_ref() == Some(n)).count() == 1);
                (unique.cloned().unwrap_or_else(|| stem.clone()), stem, spec)
            })
            .collect()
    }
    let mut rev: Vec<Option<(String, String, Spec)>> = named(rev).into_iter().map(Some).collect();
    let mut out = Vec::new();
    let mut unpaired = Vec::new();
    for (name, stem, spec) in named(base) {
        let hit = rev
            .iter()
            .position(|r| r.as_ref().is_some_and(|(n, _, _)| *n == name));
        match hit.and_then(|i| rev[i].take()) {
            Some((_, _, r)) => out.push((name, Some(spec), Some(r))),
            None => unpaired.push((name, stem, spec)),
        }
    }
    for (name, stem, spec) in unpaired {
        let hit = rev
            .iter()
            .position(|r| r.as_ref().is_some_and(|(_, s, _)| *s == stem));
        match hit.and_then(|i| rev[i].take()) {
            Some((_, _, r)) => out.push((name, Some(spec), Some(r))),
            None => out.push((name, Some(spec), None)),
        }
    }
    for (name, _, spec) in rev.into_iter().flatten() {
        out.push((name, None, Some(spec)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn empty_spec(name: &str) -> Spec {
    let doc = Document::parse(
        name,
        name,
        "openapi: 3.0.0\ninfo: {title: none, version: '0'}\npaths: {}\n".into(),
    )
    .expect("the empty document parses");
    Spec::new(doc)
}

pub fn run(
    args: &DiffArgs,
    ctx: &OutputContext,
    config: &DiffConfig,
) -> anyhow::Result<ExitStatus> {
    let today = args.date.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut opts = DiffOptions::new(today);
    let d = &config.deprecation_days;
    opts.deprecation_days = [d.draft, d.alpha, d.beta, d.stable];
    if let Some(s) = &config.stability_level {
        opts.gate_stability = Stability::parse(s).with_context(|| {
            format!("shipgate.toml: [diff] stability-level `{s}` is not one of draft, alpha, beta, stable")
        })?;
    }
    let compile = |flag: &str, re: Option<&String>| -> anyhow::Result<Option<regex::Regex>> {
        re.map(|r| {
            regex::Regex::new(r)
                .with_context(|| format!("{flag} `{r}` is not a valid regular expression"))
        })
        .transpose()
    };
    let matcher = compile(
        "--match-path",
        args.match_path.as_ref().or(config.match_path.as_ref()),
    )?;
    let excluder = compile(
        "--exclude-path",
        args.exclude_path.as_ref().or(config.exclude_path.as_ref()),
    )?;
    let changelog = args.changelog || config.changelog;

    let base = Origin::parse(&args.base);
    let rev = Origin::parse(&args.revision);
    let mut diagnostics = Vec::new();
    let mut checked = 0;
    if args.composed {
        let bset = base.list()?;
        let rset = rev.list()?;
        if bset.is_empty() && rset.is_empty() {
            bail!(
                "--composed: no .yaml, .yml or .json documents in {} or {}",
                base.name(),
                rev.name()
            );
        }
        let load_all = |set: &BTreeMap<String, Origin>| -> anyhow::Result<Vec<(String, Spec)>> {
            set.iter()
                .map(|(stem, o)| Ok((stem.clone(), load(o, &args.refs)?)))
                .collect()
        };
        let (bdocs, rdocs) = (load_all(&bset)?, load_all(&rset)?);
        for (service, b, r) in pair_services(bdocs, rdocs) {
            let b = b.unwrap_or_else(|| empty_spec(&format!("{}/{service} (absent)", base.name())));
            let r = r.unwrap_or_else(|| empty_spec(&format!("{}/{service} (absent)", rev.name())));
            checked += 1;
            for d in openapi::diff(&b, &r, &opts) {
                diagnostics.push(d.with_property("service", service.clone()));
            }
        }
    } else {
        // The two sides are independent: load them on two threads.
        let (b, r) = std::thread::scope(|s| {
            let b = s.spawn(|| load(&base, &args.refs));
            let r = load(&rev, &args.refs);
            (b.join(), r)
        });
        let b = b.map_err(|_| anyhow::anyhow!("loading {} panicked", base.name()))??;
        let r = r?;
        checked = 1;
        diagnostics = openapi::diff(&b, &r, &opts);
        // The process ends after rendering: freeing two large document trees node
        // by node would only delay the exit.
        std::mem::forget((b, r));
    }

    // Filters: changelog, paths, ignore entries. A grouped finding is filtered
    // place by place (each occurrence has its own method and path).
    diagnostics.retain(|d| changelog || d.level > Level::Info);
    let path_ok = |props: &Properties| {
        let path = props.get("path");
        if let Some(m) = &matcher {
            if !path.is_some_and(|p| m.is_match(p)) {
                return false;
            }
        }
        if let Some(x) = &excluder {
            if path.is_some_and(|p| x.is_match(p)) {
                return false;
            }
        }
        true
    };
    diagnostics.retain_mut(|d| d.retain_occurrences(path_ok));
    let mut ignored = 0;
    let mut expired_used = Vec::new();
    diagnostics.retain_mut(|d| {
        let code = d.code.clone();
        d.retain_occurrences(|props| {
            for (i, e) in config.ignore.iter().enumerate() {
                if ignore_matches(e, &code, props) {
                    if e.expires.is_some_and(|x| x < today) {
                        expired_used.push(i);
                        continue;
                    }
                    ignored += 1;
                    return false;
                }
            }
            true
        })
    });
    expired_used.sort_unstable();
    expired_used.dedup();
    for i in expired_used {
        let e = &config.ignore[i];
        eprintln!(
            "warning: shipgate.toml ignore entry {} {} {} expired on {}; its findings are reported again",
            e.method,
            e.path,
            e.code,
            e.expires.map(|x| x.to_string()).unwrap_or_default()
        );
    }
    if ignored > 0 && !ctx.quiet {
        eprintln!("{ignored} finding(s) acknowledged by [[diff.ignore]] entries in shipgate.toml");
    }
    shipgate_diagnostics::sort(&mut diagnostics);
    let rules = openapi::registry();
    crate::render::emit(
        ctx,
        &Report {
            command: "diff",
            diagnostics: &diagnostics,
            rules: &rules,
            checked,
            checked_noun: "document",
            fail_on: ctx.fail_on,
            files: &[],
        },
    )
}

fn ignore_matches(e: &IgnoreEntry, code: &str, props: &Properties) -> bool {
    if !e.code.eq_ignore_ascii_case(code) {
        return false;
    }
    let (Some(method), Some(path)) = (props.get("method"), props.get("path")) else {
        return false;
    };
    (e.method == "*" || e.method.eq_ignore_ascii_case(method))
        && template_key(&e.path) == template_key(path)
}
