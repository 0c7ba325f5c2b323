//! The manifests of an environment, read from the working tree or from a git
//! revision, rendered into workloads the way Kustomize would for the parts
//! shipgate reads (resources, `namespace`, `images:`). A directory without a
//! kustomization is read file by file (`*.yaml`, `*.yml`, recursively).

use anyhow::{bail, Context as _};
use shipgate_diagnostics::{Diagnostic, Location};
use shipgate_rules::gitops::kustomize::{self, Patch};
use shipgate_rules::gitops::manifest::Source;
use shipgate_rules::gitops::rules::{ManifestUnreadable, ManifestUnsupported};
use shipgate_rules::gitops::{parse_manifests, Workload};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Where files come from.
pub enum Tree {
    /// The working tree, paths relative to the current directory.
    Work,
    /// A git revision: `label` prefixes file names in findings, `prefix` is
    /// the current directory inside the repository, `files` every path in it.
    Rev {
        rev: String,
        label: String,
        prefix: String,
        files: BTreeSet<String>,
    },
}

fn git(args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
                .trim()
                .trim_start_matches("fatal: ")
        );
    }
    Ok(out.stdout)
}

/// `a/b/../c` → `a/c`; `./x` → `x`. Leading `..` that cannot be removed stay.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        normalize(rel)
    } else {
        normalize(&format!("{dir}/{rel}"))
    }
}

impl Tree {
    /// The tree at `rev` (already resolved), labelled `label` in findings.
    pub fn at(rev: &str, label: &str) -> anyhow::Result<Tree> {
        let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
            .trim()
            .to_string();
        let listing = git(&["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev])?;
        let files = listing
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        Ok(Tree::Rev {
            rev: rev.to_string(),
            label: label.to_string(),
            prefix,
            files,
        })
    }

    fn repo_path(prefix: &str, path: &str) -> String {
        normalize(&format!("{prefix}{path}"))
    }

    /// The name a finding shows for `path`.
    pub fn label(&self, path: &str) -> String {
        match self {
            Tree::Work => path.to_string(),
            Tree::Rev { label, .. } => format!("{label}:{path}"),
        }
    }

    pub fn is_file(&self, path: &str) -> bool {
        match self {
            Tree::Work => Path::new(path).is_file(),
            Tree::Rev { prefix, files, .. } => files.contains(&Tree::repo_path(prefix, path)),
        }
    }

    pub fn is_dir(&self, path: &str) -> bool {
        match self {
            Tree::Work => Path::new(if path.is_empty() { "." } else { path }).is_dir(),
            Tree::Rev { prefix, files, .. } => {
                let p = Tree::repo_path(prefix, path);
                let p = if p.is_empty() { p } else { format!("{p}/") };
                files
                    .range(p.clone()..)
                    .next()
                    .is_some_and(|f| f.starts_with(&p))
            }
        }
    }

    /// The entries of directory `dir`: (path, is a directory), sorted.
    pub fn list(&self, dir: &str) -> anyhow::Result<Vec<(String, bool)>> {
        let mut out = Vec::new();
        match self {
            Tree::Work => {
                let d = if dir.is_empty() { "." } else { dir };
                for e in std::fs::read_dir(d).with_context(|| format!("cannot read {d}"))? {
                    let e = e?;
                    let name = e.file_name().to_string_lossy().into_owned();
                    out.push((join(dir, &name), e.file_type()?.is_dir()));
                }
            }
            Tree::Rev { prefix, files, .. } => {
                let p = Tree::repo_path(prefix, dir);
                let p = if p.is_empty() { p } else { format!("{p}/") };
                let mut seen = BTreeSet::new();
                for f in files.range(p.clone()..).take_while(|f| f.starts_with(&p)) {
                    let rest = &f[p.len()..];
                    let (name, is_dir) = match rest.split_once('/') {
                        Some((n, _)) => (n, true),
                        None => (rest, false),
                    };
                    if seen.insert(name.to_string()) {
                        out.push((join(dir, name), is_dir));
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// The bytes of file `path`.
    pub fn read(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        match self {
            Tree::Work => std::fs::read(path).with_context(|| format!("cannot read {path}")),
            Tree::Rev { rev, prefix, .. } => git(&[
                "cat-file",
                "blob",
                &format!("{rev}:{}", Tree::repo_path(prefix, path)),
            ]),
        }
    }
}

/// An environment's workloads and the findings about its manifests.
#[derive(Default)]
pub struct Rendered {
    pub workloads: Vec<Workload>,
    pub diagnostics: Vec<Diagnostic>,
    /// Manifest files read.
    pub files: usize,
}

const MAX_DEPTH: usize = 32;

/// Read every manifest under `dir` of `tree`.
pub fn render_dir(tree: &Tree, dir: &str) -> anyhow::Result<Rendered> {
    let mut out = Rendered::default();
    let dir = normalize(dir);
    walk(tree, &dir, &mut out, 0)?;
    Ok(out)
}

fn kustomization_in(tree: &Tree, dir: &str) -> Option<String> {
    kustomize::FILE_NAMES
        .iter()
        .map(|n| join(dir, n))
        .find(|p| tree.is_file(p))
}

fn walk(tree: &Tree, dir: &str, out: &mut Rendered, depth: usize) -> anyhow::Result<()> {
    if let Some(k) = kustomization_in(tree, dir) {
        let ws = render_kustomization(tree, dir, &k, out, depth)?;
        out.workloads.extend(ws);
        return Ok(());
    }
    for (path, is_dir) in tree.list(dir)? {
        let name = path.rsplit('/').next().unwrap_or(&path);
        if name.starts_with('.') {
            continue;
        }
        if is_dir {
            walk(tree, &path, out, depth + 1)?;
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            let ws = read_manifest(tree, &path, out)?;
            out.workloads.extend(ws);
        }
    }
    Ok(())
}

/// The text of `path`, or a finding when it is not UTF-8.
fn text_of(tree: &Tree, path: &str, out: &mut Rendered) -> anyhow::Result<Option<String>> {
    let bytes = tree.read(path)?;
    match String::from_utf8(bytes) {
        Ok(t) => Ok(Some(t)),
        Err(e) => {
            out.diagnostics.push(Diagnostic::new(
                &ManifestUnreadable::META,
                format!(
                    "{} is not UTF-8 (byte {})",
                    tree.label(path),
                    e.utf8_error().valid_up_to()
                ),
                Location::file(tree.label(path)),
            ));
            Ok(None)
        }
    }
}

fn read_manifest(tree: &Tree, path: &str, out: &mut Rendered) -> anyhow::Result<Vec<Workload>> {
    out.files += 1;
    let Some(text) = text_of(tree, path, out)? else {
        return Ok(Vec::new());
    };
    let (ws, diags) = parse_manifests(&tree.label(path), &text);
    out.diagnostics.extend(diags);
    Ok(ws)
}

fn render_kustomization(
    tree: &Tree,
    dir: &str,
    file: &str,
    out: &mut Rendered,
    depth: usize,
) -> anyhow::Result<Vec<Workload>> {
    out.files += 1;
    let Some(text) = text_of(tree, file, out)? else {
        return Ok(Vec::new());
    };
    let label = tree.label(file);
    let src = Source::new(&label, &text);
    if depth > MAX_DEPTH {
        out.diagnostics.push(Diagnostic::new(
            &ManifestUnreadable::META,
            format!(
                "Kustomize resources nest deeper than {MAX_DEPTH} levels at {label} (a cycle?)"
            ),
            src.line_location(1),
        ));
        return Ok(Vec::new());
    }
    let (k, diags) = kustomize::parse(&label, &text);
    out.diagnostics.extend(diags);
    let mut ws = Vec::new();
    for (res, line) in &k.resources {
        let path = join(dir, res);
        if tree.is_dir(&path) {
            match kustomization_in(tree, &path) {
                Some(inner) => {
                    ws.extend(render_kustomization(tree, &path, &inner, out, depth + 1)?)
                }
                None => out.diagnostics.push(Diagnostic::new(
                    &ManifestUnreadable::META,
                    format!("resource `{res}` is a directory without a kustomization.yaml"),
                    src.line_location(*line),
                )),
            }
        } else if tree.is_file(&path) {
            ws.extend(read_manifest(tree, &path, out)?);
        } else {
            out.diagnostics.push(Diagnostic::new(
                &ManifestUnreadable::META,
                format!("resource `{res}` does not exist ({})", tree.label(&path)),
                src.line_location(*line),
            ));
        }
    }
    for patch in &k.patches {
        let (text, line) = match patch {
            Patch::Inline { text, line } => (Some(text.clone()), *line),
            Patch::File { path, line } => {
                let p = join(dir, path);
                let t = if tree.is_file(&p) {
                    text_of(tree, &p, out)?
                } else {
                    None
                };
                (t, *line)
            }
        };
        if text.as_deref().is_some_and(kustomize::patch_sets_image) {
            out.diagnostics.push(
                Diagnostic::new(
                    &ManifestUnsupported::META,
                    "a patch sets a container image; shipgate reads images from resources and `images:` only".to_string(),
                    src.line_location(line),
                )
                .with_help("set the image's tag with Kustomize's `images:` instead of a patch"),
            );
        }
    }
    for w in &mut ws {
        if let Some(ns) = &k.namespace {
            w.namespace = Some(ns.clone());
        }
        if let Some(o) = k.images.iter().find(|o| o.name == w.image.name) {
            o.apply(&mut w.image);
            w.location = src.line_location(o.line);
        }
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("./a/b/../c"), "a/c");
        assert_eq!(normalize("../../base"), "../../base");
        assert_eq!(join("envs/prod", "../../base"), "base");
        assert_eq!(join("", "x.yaml"), "x.yaml");
    }
}
