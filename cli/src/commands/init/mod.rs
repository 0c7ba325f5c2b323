//! `shipgate init`: look at a repository (migration layout, Alembic and Django
//! projects, OpenAPI documents) and write a commented `shipgate.toml`, and on
//! request (`--ci github|gitlab`) a CI workflow that uses it. Existing files
//! are never overwritten without `--force`; nothing is written when one would be.

mod detect;
mod templates;

pub use detect::{detect, Found, Layout, Migrations};

use crate::ExitStatus;
use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// Arguments of `shipgate init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to set up [default: the current directory]
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Also write a CI workflow: `.github/workflows/shipgate.yml` or `.gitlab-ci.yml`
    #[arg(long, value_enum)]
    pub ci: Option<Ci>,
    /// Overwrite files that already exist
    #[arg(long)]
    pub force: bool,
}

/// Which CI to write a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    Github,
    Gitlab,
}

pub fn run(args: &InitArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let root = &args.dir;
    if !root.is_dir() {
        bail!("{}: not a directory", root.display());
    }
    let found = detect(root);
    let mut files: Vec<(PathBuf, String)> = vec![(
        PathBuf::from(crate::config::FILE_NAME),
        templates::config(&found),
    )];
    match args.ci {
        Some(Ci::Github) => files.push((
            PathBuf::from(".github/workflows/shipgate.yml"),
            templates::github(&found),
        )),
        Some(Ci::Gitlab) => {
            files.push((PathBuf::from(".gitlab-ci.yml"), templates::gitlab(&found)))
        }
        None => {}
    }
    // Refuse before writing anything, so a refused run changes nothing.
    let existing: Vec<String> = files
        .iter()
        .filter(|(rel, _)| root.join(rel).exists())
        .map(|(rel, _)| rel.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        bail!(
            "{} already exist{}; nothing was written (pass --force to overwrite)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    for (rel, content) in &files {
        write(&root.join(rel), content)?;
    }
    if !quiet {
        report(&found, &files);
    }
    Ok(ExitStatus::Success)
}

fn write(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, content).with_context(|| format!("writing {}", path.display()))
}

fn report(found: &Found, files: &[(PathBuf, String)]) {
    if found.migrations.is_empty() {
        eprintln!("no migrations found");
    }
    for m in &found.migrations {
        eprintln!("migrations: {} ({})", m.dir, m.layout.name());
    }
    if found.openapi.is_empty() {
        eprintln!("no OpenAPI document found");
    }
    for doc in &found.openapi {
        eprintln!("OpenAPI: {doc}");
    }
    for (rel, _) in files {
        println!("wrote {}", rel.display());
    }
}
