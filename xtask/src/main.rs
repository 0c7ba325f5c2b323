//! Project tasks. `cargo xtask docs` regenerates the generated docs;
//! `cargo xtask docs --check` fails when the committed copies are stale (CI).
//!
//! Generated: `docs/cli.md` (from clap), `docs/rules/README.md` and
//! `docs/rules/<CODE>.md` (from each rule's doc comment and its examples), the
//! man pages `docs/man/*.1` (clap_mangen) and the shell completions in
//! `docs/completions/` (clap_complete).

mod docs;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "xtask", about = "shipgate project tasks")]
struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Generate docs/cli.md, docs/rules/, docs/man/ and docs/completions/ (or check they are current)
    Docs {
        /// Fail if any generated file differs from what is committed
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    // clap prints an env var's current value in help; keep generated docs independent of the caller.
    for (key, _) in std::env::vars_os() {
        let key_str = key.to_string_lossy();
        if key_str.starts_with("SHIPGATE_") || key_str.starts_with("PACT_BROKER_") {
            std::env::remove_var(&key);
        }
    }
    let root = workspace_root()?;
    match args.task {
        Task::Docs { check } => {
            let files = docs::generate(&root)?;
            if check {
                let stale = docs::stale(&root, &files)?;
                if stale.is_empty() {
                    println!("docs are current ({} generated files)", files.len());
                    Ok(ExitCode::SUCCESS)
                } else {
                    eprintln!("generated docs are stale; run `cargo xtask docs` and commit:");
                    for path in stale {
                        eprintln!("  {path}");
                    }
                    Ok(ExitCode::from(1))
                }
            } else {
                let written = docs::write(&root, &files)?;
                println!("wrote {written} of {} generated files", files.len());
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

fn workspace_root() -> anyhow::Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(PathBuf::from)
        .context("xtask has no parent directory")
}
