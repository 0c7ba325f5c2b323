//! Reading OpenAPI documents for `diff` and `check-contract`: files and git
//! revisions (`main:api/openapi.yaml` through `git show`; `main...:api/openapi.yaml`
//! at the merge base of main and HEAD), and every document
//! their `$ref`s reach, under the reference policy.
//!
//! The policy (issue 10): a file `$ref` must stay inside a root, which is the
//! git top-level of the document, else its own directory, else `--ref-root`.
//! Absolute paths, other URL schemes, escapes from the root, symlinks that lead
//! out of it and special files (`/proc`, `/sys`, devices, FIFOs, directories)
//! are refused. For a document read through git the root is the revision's
//! tree. Remote `http(s)` references are fetched only with
//! `--allow-remote-refs`. A refused reference is an error naming the document,
//! line and column of the `$ref`. The lexical half of the policy (absolute
//! paths, schemes) lives in `shipgate_rules::openapi::document::resolve_target`,
//! which the broker shares; this module adds the filesystem half.

use anyhow::{bail, Context as _};
use clap::Args;
use shipgate_rules::openapi::document::{join, ExternalRef, RefTarget};
use shipgate_rules::openapi::{Document, Spec};
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Largest document followed through a `$ref` (bytes), local or remote.
const MAX_REF_BYTES: u64 = 256 << 20;

/// How `$ref`s to other documents are followed (shared by `diff` and `check-contract`).
#[derive(Debug, Clone, Default, Args)]
pub struct RefArgs {
    /// Directory that file `$ref`s must stay inside [default: the git top-level of the document, else its directory]
    ///
    /// `../common/schemas.yaml` is followed when it stays inside the root; absolute
    /// paths, paths and symlinks leading out of the root, and special files
    /// (`/proc`, devices, FIFOs) are refused. Documents read through git
    /// (`REV:PATH`) are confined to the repository's tree at that revision.
    #[arg(long, env = "SHIPGATE_REF_ROOT", value_name = "DIR")]
    pub ref_root: Option<PathBuf>,

    /// Fetch `http://` and `https://` `$ref`s (refused by default)
    #[arg(long, env = "SHIPGATE_ALLOW_REMOTE_REFS")]
    pub allow_remote_refs: bool,
}

/// Where a document comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    File(PathBuf),
    Git { rev: String, path: String },
}

impl Origin {
    /// A file if it exists, else `REV:PATH` (read through git), else a file (which
    /// then fails to read with a clear message).
    pub fn parse(arg: &str) -> Origin {
        if Path::new(arg).exists() {
            return Origin::File(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            // A one-letter prefix is a Windows drive, not a revision.
            Some((rev, path)) if rev.len() > 1 => Origin::Git {
                rev: rev.to_owned(),
                path: git_top_level_path(path),
            },
            _ => Origin::File(PathBuf::from(arg)),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Git { rev, path } => format!("{rev}:{path}"),
        }
    }

    /// The path used to resolve relative `$ref`s.
    pub fn key(&self) -> String {
        match self {
            Origin::File(p) => p.to_string_lossy().replace('\\', "/"),
            Origin::Git { path, .. } => path.clone(),
        }
    }

    fn with_key(&self, key: &str) -> Origin {
        match self {
            Origin::File(_) => Origin::File(PathBuf::from(key)),
            Origin::Git { rev, .. } => Origin::Git {
                rev: rev.clone(),
                path: key.to_owned(),
            },
        }
    }

    /// Read the document named on the command line (trusted: it may be a FIFO
    /// such as `<(curl …)`, or lie anywhere).
    pub fn read(&self) -> anyhow::Result<String> {
        match self {
            Origin::File(p) => std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read the file", p.display())),
            Origin::Git { rev, path } => {
                // `REV...` is the merge base of REV and HEAD (crate::git).
                let commit = crate::git::resolve(rev, Path::new("."))?;
                git(&["show", &format!("{commit}:{path}")])
                    .with_context(|| format!("{rev}:{path}: cannot read it through git"))
            }
        }
    }

    /// Documents in a directory (composed mode), by file name without extension.
    pub fn list(&self) -> anyhow::Result<BTreeMap<String, Origin>> {
        let mut out = BTreeMap::new();
        let is_doc = |name: &str| {
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| name.to_ascii_lowercase().ends_with(ext))
        };
        let stem = |name: &str| {
            let file = name.rsplit('/').next().unwrap_or(name);
            file.rsplit_once('.').map_or(file, |(s, _)| s).to_owned()
        };
        match self {
            Origin::File(dir) => {
                let entries = std::fs::read_dir(dir)
                    .with_context(|| format!("{}: cannot read the directory", dir.display()))?;
                for e in entries {
                    let p = e?.path();
                    let name = p.to_string_lossy().replace('\\', "/");
                    if p.is_file() && is_doc(&name) {
                        out.insert(stem(&name), Origin::File(p));
                    }
                }
            }
            Origin::Git { rev, path } => {
                let commit = crate::git::resolve(rev, Path::new("."))?;
                let listing = git(&["ls-tree", "--name-only", &format!("{commit}:{path}")])
                    .with_context(|| format!("{rev}:{path}: cannot list it through git"))?;
                for name in listing.lines().filter(|n| is_doc(n)) {
                    let full = format!("{}/{name}", path.trim_end_matches('/'));
                    out.insert(
                        stem(name),
                        Origin::Git {
                            rev: rev.clone(),
                            path: full.trim_start_matches('/').to_owned(),
                        },
                    );
                }
            }
        }
        Ok(out)
    }
}

/// `REV:./x` and `REV:../x` are relative to the current directory in git; make
/// them relative to the top-level, like every other `REV:PATH`, so that `$ref`s
/// resolve against one kind of path.
fn git_top_level_path(path: &str) -> String {
    if !(path.starts_with("./") || path.starts_with("../") || path == "." || path == "..") {
        return path.to_owned();
    }
    let prefix = git(&["rev-parse", "--show-prefix"]).unwrap_or_default();
    join(&format!("{}_", prefix.trim()), path)
}

pub fn git(args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        bail!(
            "{}",
            String::from_utf8_lossy(&out.stderr)
                .trim()
                .trim_start_matches("fatal: ")
        );
    }
    String::from_utf8(out.stdout).context("git printed non-UTF-8 output")
}

/// The directory (or tree) that file `$ref`s of one document must stay inside.
enum Root {
    /// A canonical directory on disk.
    Dir(PathBuf),
    /// The tree of a git revision: keys are relative to its top-level.
    Tree,
}

impl Root {
    fn of(origin: &Origin, refs: &RefArgs) -> anyhow::Result<Root> {
        let Origin::File(doc) = origin else {
            return Ok(Root::Tree);
        };
        if let Some(dir) = &refs.ref_root {
            return std::fs::canonicalize(dir)
                .ok()
                .filter(|d| d.is_dir())
                .map(Root::Dir)
                .with_context(|| format!("--ref-root {}: not a directory", dir.display()));
        }
        let dir = match doc.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = std::fs::canonicalize(&dir)
            .with_context(|| format!("{}: cannot resolve its directory", doc.display()))?;
        let top = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|t| std::fs::canonicalize(t.trim()).ok());
        Ok(Root::Dir(top.unwrap_or(dir)))
    }

    /// Read the document `key` (already joined to the referring document's
    /// path), or say why it is refused.
    fn read(&self, origin: &Origin, key: &str) -> Result<String, String> {
        match self {
            Root::Tree => {
                if key == ".." || key.starts_with("../") || key.is_empty() {
                    return Err("it leads outside the repository".into());
                }
                origin.with_key(key).read().map_err(|e| format!("{e:#}"))
            }
            Root::Dir(root) => {
                read_confined(root, Path::new(if key.is_empty() { "." } else { key }))
            }
        }
    }
}

/// Read `path` if it is a regular file inside `root` (canonical), symlinks resolved.
fn read_confined(root: &Path, path: &Path) -> Result<String, String> {
    let outside = || {
        format!(
            "it leads outside {} (the document's repository, or its directory outside git; --ref-root sets another)",
            root.display()
        )
    };
    let lexical = std::env::current_dir()
        .map(|cwd| normalise(&cwd.join(path)))
        .unwrap_or_else(|_| path.to_path_buf());
    let real = match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(e) if lexical.starts_with(root) => {
            return Err(format!("cannot read {}: {e}", path.display()))
        }
        Err(_) => return Err(outside()),
    };
    if !real.starts_with(root) {
        if lexical.starts_with(root) {
            return Err(format!(
                "{} is a symlink to {}, outside {}",
                path.display(),
                real.display(),
                root.display()
            ));
        }
        return Err(outside());
    }
    if ["/proc", "/sys", "/dev"]
        .iter()
        .any(|special| real.starts_with(special))
    {
        return Err(format!("{} is a special file", real.display()));
    }
    let is_regular = |m: &std::fs::Metadata| m.file_type().is_file();
    match std::fs::metadata(&real) {
        Ok(m) if is_regular(&m) => {}
        Ok(_) => {
            return Err(format!(
                "{} is not a regular file (a directory, FIFO, socket or device)",
                path.display()
            ))
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    }
    let file =
        std::fs::File::open(&real).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // The file may have been swapped since the check: check the open handle too.
    match file.metadata() {
        Ok(m) if is_regular(&m) => {}
        _ => return Err(format!("{} is not a regular file", path.display())),
    }
    let mut bytes = Vec::new();
    file.take(MAX_REF_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_REF_BYTES {
        return Err(format!(
            "{} is larger than {} MiB",
            path.display(),
            MAX_REF_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

/// `a/./b/../c` → `a/c`, without touching the filesystem.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Fetch a remote document (only with `--allow-remote-refs`).
fn fetch(url: &str) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
        let mut resp = client
            .get(url)
            .send()
            .await
            .map_err(|e| format!("cannot fetch it: {e}"))?;
        if !resp.status().is_success() {
            return Err(format!("fetching it answered {}", resp.status()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| format!("cannot fetch it: {e}"))?
        {
            body.extend_from_slice(&chunk);
            if body.len() as u64 > MAX_REF_BYTES {
                return Err(format!("it is larger than {} MiB", MAX_REF_BYTES >> 20));
            }
        }
        String::from_utf8(body).map_err(|_| "it is not UTF-8 text".to_owned())
    })
}

/// Load a document and everything its `$ref`s reach, under the reference policy.
pub fn load(origin: &Origin, refs: &RefArgs) -> anyhow::Result<Spec> {
    let text = origin.read()?;
    let main = Document::parse(&origin.name(), &origin.key(), text)?;
    let mut spec = Spec::new(main);
    let mut root: Option<Root> = None;
    loop {
        let missing = spec.missing_refs();
        if missing.is_empty() {
            break;
        }
        for r in missing {
            let doc = follow(&spec, &r, origin, refs, &mut root)?;
            spec.add(doc);
        }
    }
    spec.check_refs()?;
    Ok(spec)
}

fn follow(
    spec: &Spec,
    r: &ExternalRef,
    origin: &Origin,
    refs: &RefArgs,
    root: &mut Option<Root>,
) -> anyhow::Result<Document> {
    match &r.target {
        RefTarget::Refused(why) => Err(spec.ref_error(r, *why).into()),
        RefTarget::Remote(url) => {
            if !refs.allow_remote_refs {
                return Err(spec
                    .ref_error(
                        r,
                        "remote references are fetched only with --allow-remote-refs; or vendor the file",
                    )
                    .into());
            }
            let text = fetch(url).map_err(|why| spec.ref_error(r, why))?;
            Ok(Document::parse_fragment(url, url, text)?)
        }
        RefTarget::File(key) => {
            if root.is_none() {
                *root = Some(Root::of(origin, refs)?);
            }
            let root = root.as_ref().expect("set above");
            let text = root
                .read(origin, key)
                .map_err(|why| spec.ref_error(r, why))?;
            Ok(Document::parse_fragment(
                &origin.with_key(key).name(),
                key,
                text,
            )?)
        }
    }
}
