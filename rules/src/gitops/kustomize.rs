//! `kustomization.yaml`: the resources it includes, its `namespace`, and its
//! `images:` overrides (the usual way a GitOps pull request bumps a version).
//! Remote resources, Helm charts and patches that set images are reported as
//! unsupported rather than ignored.

use super::image::ImageRef;
use super::manifest::{find_line, scalar_text, Source};
use super::rules::{ManifestUnreadable, ManifestUnsupported};
use serde_yaml_ng::Value;
use shipgate_diagnostics::Diagnostic;

/// The file names Kustomize looks for in a directory.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// One `images:` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageOverride {
    pub name: String,
    pub new_name: Option<String>,
    pub new_tag: Option<String>,
    pub digest: Option<String>,
    /// 1-based line of the entry in the kustomization file.
    pub line: u32,
}

impl ImageOverride {
    /// Apply to `image` if its name matches; true when it did.
    pub fn apply(&self, image: &mut ImageRef) -> bool {
        if image.name != self.name {
            return false;
        }
        if let Some(n) = &self.new_name {
            image.name.clone_from(n);
        }
        if let Some(t) = &self.new_tag {
            image.tag = Some(t.clone());
            image.digest = None;
        }
        if let Some(d) = &self.digest {
            image.digest = Some(d.clone());
            image.tag = None;
        }
        true
    }
}

/// A patch that a kustomization applies: inline text or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Patch {
    Inline { text: String, line: u32 },
    File { path: String, line: u32 },
}

/// What shipgate reads of a kustomization.
#[derive(Debug, Clone, Default)]
pub struct Kustomization {
    /// `resources`, `bases` and `components` entries (local paths), with their lines.
    pub resources: Vec<(String, u32)>,
    pub namespace: Option<String>,
    pub images: Vec<ImageOverride>,
    pub patches: Vec<Patch>,
}

/// Parse a kustomization file. Problems (unparseable, remote resources, Helm
/// charts) are returned as findings next to whatever could be read.
pub fn parse(file: &str, text: &str) -> (Kustomization, Vec<Diagnostic>) {
    let mut out = Kustomization::default();
    let mut diags = Vec::new();
    let src = Source::new(file, text);
    let doc: Value = match serde_yaml_ng::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(src.yaml_error(0, &e));
            return (out, diags);
        }
    };
    if !doc.is_mapping() {
        diags.push(Diagnostic::new(
            &ManifestUnreadable::META,
            format!("{file} is not a Kustomization (a YAML mapping)"),
            src.line_location(1),
        ));
        return (out, diags);
    }
    out.namespace = doc
        .get("namespace")
        .and_then(Value::as_str)
        .map(str::to_string);
    for key in ["resources", "bases", "components"] {
        for entry in doc
            .get(key)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
        {
            let Some(path) = entry.as_str() else { continue };
            let line = find_line(text, 0, &[path]).unwrap_or(1);
            if is_remote(path) {
                diags.push(Diagnostic::new(
                    &ManifestUnsupported::META,
                    format!("remote Kustomize resource `{path}`: shipgate reads only resources in this repository, so the images it sets are not checked"),
                    src.line_location(line),
                ).with_help("vendor the resource into the repository, or set its images with `images:` here"));
                continue;
            }
            out.resources.push((path.to_string(), line));
        }
    }
    for key in ["helmCharts", "helmChartInflationGenerator"] {
        if doc.get(key).is_some() {
            let line = find_line(text, 0, &[key]).unwrap_or(1);
            diags.push(Diagnostic::new(
                &ManifestUnsupported::META,
                format!("`{key}`: the images of a Helm chart are not read"),
                src.line_location(line),
            ).with_help("render the chart into the repository (helm template), or set its images with `images:`"));
        }
    }
    let mut cursor = 0;
    for entry in doc
        .get("images")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let Some(name) = entry.get("name").and_then(Value::as_str) else {
            let line = find_line(text, cursor, &["images"]).unwrap_or(1);
            diags.push(Diagnostic::new(
                &ManifestUnreadable::META,
                "an `images:` entry without a `name`".to_string(),
                src.line_location(line),
            ));
            continue;
        };
        let line = find_line(text, cursor, &["name", name]).unwrap_or(1);
        cursor = src.line_start(line);
        let field = |k: &str| -> Option<String> {
            let v = entry.get(k)?;
            // A tag such as 1.10 is a number to YAML; take the text as written.
            if v.is_number() {
                return scalar_text(text, cursor, k).or_else(|| Some(number_text(v)));
            }
            v.as_str().map(str::to_string)
        };
        out.images.push(ImageOverride {
            name: name.to_string(),
            new_name: field("newName"),
            new_tag: field("newTag"),
            digest: field("digest"),
            line,
        });
    }
    for key in ["patches", "patchesStrategicMerge", "patchesJson6902"] {
        let mut cursor = 0;
        for entry in doc
            .get(key)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
        {
            let (inline, path) = match entry {
                Value::String(s) if s.contains('\n') => (Some(s.clone()), None),
                Value::String(s) => (None, Some(s.clone())),
                other => (
                    other
                        .get("patch")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    other
                        .get("path")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                ),
            };
            let line = find_line(text, cursor, &[path.as_deref().unwrap_or(key)]).unwrap_or(1);
            cursor = src.line_start(line);
            if let Some(text) = inline {
                out.patches.push(Patch::Inline { text, line });
            }
            if let Some(path) = path {
                out.patches.push(Patch::File { path, line });
            }
        }
    }
    (out, diags)
}

/// Whether a patch's text sets a container image.
pub fn patch_sets_image(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start().trim_start_matches("- ");
        l.starts_with("image:") || l.contains("/image")
    })
}

fn is_remote(path: &str) -> bool {
    path.contains("://")
        || path.starts_with("github.com/")
        || path.starts_with("git@")
        || path.contains("?ref=")
}

fn number_text(v: &Value) -> String {
    serde_yaml_ng::to_string(v)
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_resources_images_and_flags_remote_ones() {
        let text = "resources:\n  - ../../base\n  - https://github.com/acme/x//base?ref=v1\nnamespace: shop\nimages:\n  - name: ghcr.io/acme/orders\n    newTag: 1.10\n  - name: billing\n    newName: ghcr.io/acme/billing\n    newTag: \"2.0.0\"\n";
        let (k, d) = parse("k.yaml", text);
        assert_eq!(k.resources, vec![("../../base".to_string(), 2)]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "GIT005");
        assert_eq!(d[0].location.span.unwrap().start.line, 3);
        assert_eq!(k.namespace.as_deref(), Some("shop"));
        assert_eq!(k.images[0].new_tag.as_deref(), Some("1.10"));
        assert_eq!(k.images[0].line, 6);
        assert_eq!(k.images[1].line, 8);
        let mut i = ImageRef::parse("billing:1.0.0");
        assert!(k.images[1].apply(&mut i));
        assert_eq!(i.to_string(), "ghcr.io/acme/billing:2.0.0");
    }

    #[test]
    fn image_patches_are_recognised() {
        assert!(patch_sets_image(
            "spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x:2\n"
        ));
        assert!(patch_sets_image(
            "- op: replace\n  path: /spec/template/spec/containers/0/image\n"
        ));
        assert!(!patch_sets_image("spec:\n  replicas: 3\n"));
    }
}
