//! Subcommand dispatch: one module per subcommand, each with its clap args and a `run`.

pub mod broker;
pub mod can_i_deploy;
pub mod check_contract;
pub mod completions;
pub mod create_version;
pub mod diff;
pub mod environment;
pub mod gate;
pub mod gitops;
pub mod init;
pub mod lint_migrations;
pub mod publish;
pub mod publish_migrations;
pub mod publish_provider_contract;
pub mod record;
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
        Command::Completions(args) => completions::run(&args),
        Command::Init(args) => init::run(&args, ctx.quiet),
        Command::Verify(args) => verify::run(&args, &config, &ctx),
        Command::Stub(args) => stub::run(&args, &ctx),
        Command::CheckContract(args) => check_contract::run(&args, &ctx),
        Command::Diff(args) => diff::run(&args, &ctx, &config.file.diff),
        Command::Broker(args) => broker::run(args, &ctx, &config.file.broker, &config.file.gate),
        Command::Publish(args) => publish::run(&args, &ctx),
        Command::CreateVersion(args) => create_version::run(&args, &ctx),
        Command::Environment(args) => environment::run(&args, &ctx),
        Command::RecordDeployment(args) => record::record(record::Kind::Deployment, &args, &ctx),
        Command::RecordRelease(args) => record::record(record::Kind::Release, &args, &ctx),
        Command::RecordUndeployment(a) => record::end(
            record::Kind::Deployment,
            &a.pacticipant,
            &a.environment,
            None,
            a.application_instance.as_deref(),
            &a.broker,
            &ctx,
        ),
        Command::RecordSupportEnded(a) => record::end(
            record::Kind::Release,
            &a.pacticipant,
            &a.environment,
            Some(&a.version),
            None,
            &a.broker,
            &ctx,
        ),
        Command::CanIDeploy(args) => can_i_deploy::run(&args, &ctx),
        Command::LintMigrations(args) => lint_migrations::run(&args, &ctx, &config),
        Command::PublishProviderContract(args) => publish_provider_contract::run(&args, &ctx),
        Command::PublishMigrations(args) => publish_migrations::run(&args, &ctx),
        Command::Gate(args) => gate::run(&args, &ctx),
        Command::Gitops(args) => gitops::run(&args, &ctx, &config),
    }
}
