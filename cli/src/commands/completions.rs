//! `shipgate completions SHELL`: print a shell completion script (clap_complete).
//!
//! The same scripts are generated into `docs/completions/` by `cargo xtask docs`,
//! so a package can install them without running the binary.

use crate::ExitStatus;
use clap::Args;
use std::io::Write as _;

/// Arguments of `shipgate completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The completion script for `shell`, as bytes.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(
        shell,
        &mut crate::command_for_completions(),
        "shipgate",
        &mut out,
    );
    out
}

pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitStatus> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(&script(args.shell))?;
    lock.flush()?;
    Ok(ExitStatus::Success)
}
