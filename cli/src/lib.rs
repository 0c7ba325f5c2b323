//! The shipgate command line. This crate is the only one that knows argv,
//! exit codes, terminals and output formats.
//!
//! `main` parses arguments, loads `shipgate.toml`, runs one subcommand and
//! maps its [`ExitStatus`] to a process exit code: 0 clean, 1 the gate
//! blocks, 2 usage or internal error. A broken pipe exits 0.

pub mod args;
pub mod broker_client;
pub mod commands;
pub mod config;
pub mod exit;
pub mod git;
pub mod openapi_source;
pub mod render;
pub mod terminal;
pub mod verify;

pub use args::Cli;
pub use exit::ExitStatus;

use clap::{CommandFactory, Parser};
use std::process::ExitCode;

/// The clap command tree, used by `docs/cli.md` generation.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Entry point shared by the binary and tests.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return exit::clap_error(&err),
    };
    terminal::init_logging(&cli.global);
    let status = match commands::run(cli) {
        Ok(status) => status,
        Err(err) => {
            if exit::is_broken_pipe(&err) {
                ExitStatus::Success
            } else {
                terminal::print_error(&err);
                ExitStatus::Error
            }
        }
    };
    status.into()
}
