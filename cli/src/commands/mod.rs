//! Subcommand dispatch: one module per subcommand, each with its clap args and a `run`.

pub mod diff;
pub mod lint_migrations;
pub mod check_contract;
pub mod rules;
pub mod stub;
pub mod verify;

use crate::args::{Cli, Command};
use crate::config::Config;
use crate::ExitStatus;

/// Load the configuration and run the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    let config = Config::load(cli.global.config.as_deref())?;
    let ctx = crate::render::OutputContext::new(&cli.global, &config);
    match cli.command {
        Command::Rules(args) => rules::run(&args, &ctx),
        Command::Verify(args) => verify::run(&args, &config.file.verify, &ctx),
        Command::Stub(args) => stub::run(&args, &ctx),
        Command::CheckContract(args) => check_contract::run(&args, &ctx),
        Command::Diff(args) => diff::run(&args, &ctx, &config.file.diff),
        Command::LintMigrations(args) => lint_migrations::run(&args, &ctx, &config),
    }
}
