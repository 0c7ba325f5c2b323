//! Kubernetes manifests: multi-document YAML split into documents (each
//! with its line offset, so findings point at the right line), and the
//! container images of the workloads shipgate reads. A document of another
//! kind that mentions an image is reported, never skipped.

use super::image::ImageRef;
use super::rules::{ManifestUnreadable, ManifestUnsupported};
use serde_yaml_ng::Value;
use shipgate_diagnostics::{Diagnostic, LineIndex, Location};

/// One container of one workload, and the image it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `ReplicaSet`, `Job`, `CronJob`, `Pod` or `Rollout`.
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub container: String,
    pub image: ImageRef,
    /// Where the image (or the Kustomize override that sets its tag) is written.
    pub location: Location,
}

/// A file's text with its label, for locations.
pub struct Source<'a> {
    file: &'a str,
    text: &'a str,
    index: LineIndex,
}

impl<'a> Source<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Source {
            file,
            text,
            index: LineIndex::new(text),
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> usize {
        self.index.line_start(line).unwrap_or(self.text.len())
    }

    /// The whole of 1-based `line`, from its first non-blank character.
    pub fn line_location(&self, line: u32) -> Location {
        let start = self.line_start(line);
        let rest = &self.text[start..];
        let end = start + rest.find('\n').unwrap_or(rest.len());
        let indent = self.text[start..end].len() - self.text[start..end].trim_start().len();
        Location::from_bytes(self.file, &self.index, self.text, start + indent, end)
    }

    /// A YAML error in the document starting at byte `doc_start`.
    pub fn yaml_error(&self, doc_start: usize, e: &serde_yaml_ng::Error) -> Diagnostic {
        let at = doc_start + e.location().map_or(0, |l| l.index());
        // An error found at the end of the input belongs to the last line, not after it.
        let mut at = at.min(self.text.len());
        if at == self.text.len() {
            at = self.text.trim_end_matches(['\n', '\r']).len();
        }
        let message = e.to_string();
        // serde_yaml_ng appends " at line L column C" relative to the document; drop it.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        Diagnostic::new(
            &ManifestUnreadable::META,
            format!("{} is not valid YAML: {message}", self.file),
            Location::from_bytes(self.file, &self.index, self.text, at, at),
        )
        .with_help("fix the YAML; templates (Helm) must be rendered before they are checked")
    }
}

/// 1-based line of the first line at or after byte `from` of `text` that
/// contains every needle.
pub fn find_line(text: &str, from: usize, needles: &[&str]) -> Option<u32> {
    let from = from.min(text.len());
    let before = text[..from].matches('\n').count();
    text[from..]
        .lines()
        .position(|l| needles.iter().all(|n| l.contains(n)))
        .map(|i| u32::try_from(before + i + 1).unwrap_or(u32::MAX))
}

/// The raw text after `key:` on the first line at or after `from` that has it.
pub fn scalar_text(text: &str, from: usize, key: &str) -> Option<String> {
    let pat = format!("{key}:");
    text[from.min(text.len())..].lines().find_map(|l| {
        let (_, rest) = l.split_once(&pat)?;
        let v = rest.split(" #").next()?.trim().trim_matches(['"', '\'']);
        (!v.is_empty()).then(|| v.to_string())
    })
}

/// Split multi-document YAML: (byte offset of the document, its text).
pub fn documents(text: &str) -> Vec<(usize, &str)> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        let separator =
            bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t") || bare == "...";
        if separator {
            docs.push((start, &text[start..offset]));
            start = offset + line.len();
        }
        offset += line.len();
    }
    docs.push((start, &text[start..]));
    docs.into_iter()
        .filter(|(_, d)| {
            d.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        })
        .collect()
}

/// The pod spec of a workload document: `Some(spec)` for the kinds shipgate
/// reads (`Some(None)` when it has no template, as a Rollout with a
/// `workloadRef`), `None` for other kinds.
fn pod_spec<'v>(kind: &str, api_version: &str, doc: &'v Value) -> Option<Option<&'v Value>> {
    let at = |path: &[&str]| path.iter().try_fold(doc, |v, k| v.get(*k));
    match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job"
            if api_version.starts_with("apps/")
                || api_version.starts_with("batch/")
                || api_version.starts_with("extensions/") =>
        {
            Some(at(&["spec", "template", "spec"]))
        }
        "CronJob" if api_version.starts_with("batch/") => {
            Some(at(&["spec", "jobTemplate", "spec", "template", "spec"]))
        }
        "Pod" if api_version == "v1" => Some(at(&["spec"])),
        "Rollout" if api_version.starts_with("argoproj.io/") => {
            Some(at(&["spec", "template", "spec"]))
        }
        _ => None,
    }
}

/// Every `image:` string anywhere in a document, depth first.
fn images_anywhere(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("image") {
                    if let Some(s) = v.as_str() {
                        out.push(s.to_string());
                        continue;
                    }
                }
                images_anywhere(v, out);
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| images_anywhere(v, out)),
        Value::Tagged(t) => images_anywhere(&t.value, out),
        _ => {}
    }
}

/// The workloads of one manifest file, and findings for what cannot be read.
/// Documents without container images (Services, ConfigMaps, …) are not workloads.
pub fn parse_manifests(file: &str, text: &str) -> (Vec<Workload>, Vec<Diagnostic>) {
    let src = Source::new(file, text);
    let mut workloads = Vec::new();
    let mut diags = Vec::new();
    for (start, doc_text) in documents(text) {
        let doc: Value = match serde_yaml_ng::from_str(doc_text) {
            Ok(v) => v,
            Err(e) => {
                diags.push(src.yaml_error(start, &e));
                continue;
            }
        };
        let s = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or("");
        let kind = s("kind");
        let api_version = s("apiVersion");
        let name = doc
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let namespace = doc
            .get("metadata")
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let Some(spec) = pod_spec(kind, api_version, &doc) else {
            if kind == "Kustomization" && api_version.starts_with("kustomize.toolkit.fluxcd.io/") {
                if doc.get("spec").and_then(|s| s.get("images")).is_some() {
                    let line = find_line(text, start, &["images:"]).unwrap_or(1);
                    diags.push(Diagnostic::new(
                        &ManifestUnsupported::META,
                        format!("Flux Kustomization `{name}` sets images with `spec.images`, which shipgate does not read"),
                        src.line_location(line),
                    ).with_help("set the images in the kustomization.yaml of the path it applies (`images:`)"));
                }
                continue;
            }
            let mut found = Vec::new();
            images_anywhere(&doc, &mut found);
            let mut cursor = start;
            for image in found {
                let line = find_line(text, cursor, &["image", &image]).unwrap_or(1);
                cursor = src.line_start(line + 1);
                let what = if kind.is_empty() {
                    "a document without `kind`".to_string()
                } else {
                    format!(
                        "{kind} `{name}` ({})",
                        if api_version.is_empty() {
                            "no apiVersion"
                        } else {
                            api_version
                        }
                    )
                };
                diags.push(Diagnostic::new(
                    &ManifestUnsupported::META,
                    format!("{what} sets image `{image}`, but shipgate reads images only from Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, Pods and Argo Rollouts"),
                    src.line_location(line),
                ).with_help("if it is a service the broker knows, deploy it with a supported workload; otherwise list the image in [gitops] ignore-images"));
            }
            continue;
        };
        let Some(spec) = spec else { continue };
        let mut cursor = start;
        for key in ["initContainers", "containers"] {
            for c in spec
                .get(key)
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
            {
                let container = c
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let Some(image) = c.get("image").and_then(Value::as_str) else {
                    let line = find_line(text, start, &["name", &container]).unwrap_or(1);
                    diags.push(Diagnostic::new(
                        &ManifestUnreadable::META,
                        format!("container `{container}` of {kind} `{name}` has no image"),
                        src.line_location(line),
                    ));
                    continue;
                };
                let line = find_line(text, cursor, &["image", image])
                    .or_else(|| find_line(text, start, &["image", image]))
                    .unwrap_or(1);
                cursor = src.line_start(line + 1);
                workloads.push(Workload {
                    kind: kind.to_string(),
                    name: name.clone(),
                    namespace: namespace.clone(),
                    container,
                    image: ImageRef::parse(image),
                    location: src.line_location(line),
                });
            }
        }
    }
    (workloads, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTI: &str = "\
apiVersion: v1
kind: Service
metadata: {name: orders}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/orders-migrate:2.0.0
      containers:
        - name: app
          image: ghcr.io/acme/orders:2.0.0
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - {name: r, image: \"reports:7\"}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: checkout}
spec:
  template:
    spec:
      containers:
        - name: web
          image: checkout-ui:3.1.0
";

    #[test]
    fn reads_every_supported_workload_with_its_line() {
        let (w, d) = parse_manifests("m.yaml", MULTI);
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<(String, String, u32)> = w
            .iter()
            .map(|w| {
                (
                    w.kind.clone(),
                    w.image.to_string(),
                    w.location.span.unwrap().start.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Deployment".into(),
                    "ghcr.io/acme/orders-migrate:2.0.0".into(),
                    15
                ),
                ("Deployment".into(), "ghcr.io/acme/orders:2.0.0".into(), 18),
                ("CronJob".into(), "reports:7".into(), 29),
                ("Rollout".into(), "checkout-ui:3.1.0".into(), 39),
            ]
        );
        assert_eq!(w[1].namespace.as_deref(), Some("shop"));
        assert_eq!(w[1].container, "app");
    }

    #[test]
    fn broken_and_unsupported_documents_are_findings_with_lines() {
        let text = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n      containers:\n        - image: orders:1.0.0\n---\nkind: Deployment\nspec: [unclosed\n";
        let (w, d) = parse_manifests("m.yaml", text);
        assert!(w.is_empty());
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].code, "GIT005");
        assert_eq!(d[0].location.span.unwrap().start.line, 11);
        assert!(
            d[0].message.contains("serving.knative.dev/v1"),
            "{}",
            d[0].message
        );
        assert_eq!(d[1].code, "GIT004");
        let line = d[1].location.span.unwrap().start.line;
        assert!((14..=15).contains(&line), "{line}: {}", d[1].message);
    }

    #[test]
    fn documents_split_on_separators_only() {
        let docs = documents("a: 1\n---\n# only a comment\n---\nb: '---'\n...\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].0, 30);
    }
}
