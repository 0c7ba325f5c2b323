//! Exit statuses: 0 clean, 1 the gate blocks, 2 usage or internal error.

use std::io::{self, Write};
use std::process::ExitCode;

/// The outcome of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above `--fail-on`, or deployable.
    Success,
    /// The gate blocks: findings at or above `--fail-on`, or not deployable.
    Failure,
    /// Usage or internal error.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// True when any error in the chain is a broken pipe (the reader went away).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Print a clap error. `--help` and `--version` go to stdout and exit 0;
/// usage errors become one line on stderr and exit 2.
pub fn clap_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Printing help can hit a broken pipe too (`shipgate --help | head -1`).
            let _ = err.print();
            if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitStatus::Error.into()
            } else {
                ExitStatus::Success.into()
            }
        }
        _ => {
            let rendered = err.render().to_string();
            let first = rendered
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments")
                .trim();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(
                io::stderr().lock(),
                "shipgate: error: {first} (see `shipgate --help`)"
            );
            ExitStatus::Error.into()
        }
    }
}
