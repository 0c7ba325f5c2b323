//! The command-line surface: global flags and the subcommand tree (clap derive).
//!
//! Every flag CI would set also reads a `SHIPGATE_*` environment variable.
//! Precedence: flag, then environment, then `shipgate.toml`, then default.

use clap::{Args, Parser, Subcommand, ValueEnum};
use shipgate_diagnostics::Level;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Exit status:
  0  clean: nothing at or above --fail-on, or deployable
  1  the gate blocks: findings at or above --fail-on, or not deployable
  2  usage or internal error

Examples:
  shipgate lint-migrations migrations/
  shipgate diff main...:api/openapi.yaml api/openapi.yaml --format github
  shipgate can-i-deploy --pacticipant orders --version 1.4.0 \\
    --to-environment production
  shipgate completions bash > /etc/bash_completion.d/shipgate

Configuration is read from shipgate.toml, found by walking up from the current
directory (or given with --config). See docs/config.md.";

/// Stop a release before it breaks someone: contract, API and migration checks for CI.
#[derive(Debug, Parser)]
#[command(
    name = "shipgate",
    version,
    about,
    long_about = "shipgate answers one question in CI: can I deploy this version to that environment?\n\n\
It checks consumer-driven contracts (Pact) against providers and a broker, OpenAPI documents \
for breaking changes, and SQL migrations for expand/migrate/contract safety.",
    after_help = AFTER_HELP,
    propagate_version = true,
    disable_help_subcommand = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted by every subcommand.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Path to shipgate.toml [default: found by walking up from the current directory]
    #[arg(long, global = true, env = "SHIPGATE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format for findings
    #[arg(long, global = true, env = "SHIPGATE_FORMAT", value_enum)]
    pub format: Option<Format>,

    /// Lowest level that makes the gate block (exit 1) [default: error]
    #[arg(long, global = true, env = "SHIPGATE_FAIL_ON", value_name = "LEVEL", value_parser = parse_level)]
    pub fail_on: Option<Level>,

    /// When to colour output
    #[arg(long, global = true, env = "SHIPGATE_COLOR", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only findings, no summary or progress
    #[arg(
        short,
        long,
        global = true,
        env = "SHIPGATE_QUIET",
        conflicts_with = "verbose"
    )]
    pub quiet: bool,

    /// Print more detail (repeat for debug logs)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Version of the output contract to write [default: 2]
    ///
    /// Version 2 groups findings by cause (one change to a shared OpenAPI schema is
    /// one finding listing every place it reaches; JSON keeps them as `occurrences`).
    /// Version 1, kept for one release, writes each place as its own finding, as
    /// before. See docs/output.md.
    #[arg(long, global = true, env = "SHIPGATE_OUTPUT_VERSION", value_name = "N", value_parser = clap::value_parser!(u32).range(i64::from(crate::render::OLDEST_JSON_SCHEMA_VERSION)..=i64::from(crate::render::JSON_SCHEMA_VERSION)))]
    pub output_version: Option<u32>,
}

fn parse_level(s: &str) -> Result<Level, String> {
    s.parse::<Level>().map_err(|e| e.to_string())
}

/// Output formats for findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Human-readable, coloured on a terminal, with source lines and help
    Text,
    /// Stable machine-readable JSON (schema in docs/output.md)
    Json,
    /// GitHub Actions workflow commands (annotations on the PR)
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// JUnit XML, for CI test reports
    Junit,
    /// A compact Markdown table, for a PR comment
    Markdown,
    /// GitLab Code Quality JSON, for a merge request's `codequality` report
    Gitlab,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset
    Auto,
    Always,
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the rules, or explain one rule
    #[command(
        after_help = "Examples:\n  shipgate rules\n  shipgate rules MIG001\n  shipgate rules --format json"
    )]
    Rules(crate::commands::rules::RulesArgs),
    /// Run the contract broker, or manage its tokens
    #[command(
        after_help = "Examples:\n  shipgate broker serve\n  shipgate broker serve --listen 0.0.0.0:9292 \\\n    --database-url postgres://broker@db/broker \\\n    --basic-auth-username ci --basic-auth-password \"$PW\"\n  shipgate broker token create --name ci --role write"
    )]
    Broker(crate::commands::broker::BrokerCmdArgs),
    /// Publish pact files to a broker for a consumer version
    #[command(
        after_help = "Examples:\n  shipgate publish pacts/ --consumer-app-version \"$GIT_SHA\" --branch main\n  shipgate publish pacts/web-users.json -a 1.4.0 --tag prod \\\n    --build-url \"$CI_JOB_URL\""
    )]
    Publish(crate::commands::publish::PublishArgs),
    /// Create or update a pacticipant version with its branch and tags
    #[command(
        disable_version_flag = true,
        after_help = "Examples:\n  shipgate create-version --pacticipant users --version \"$GIT_SHA\" \\\n    --branch main"
    )]
    CreateVersion(crate::commands::create_version::CreateVersionArgs),
    /// Create or list the broker's deployment environments
    #[command(
        after_help = "Examples:\n  shipgate environment create --name production --production\n  shipgate environment list"
    )]
    Environment(crate::commands::environment::EnvironmentArgs),
    /// Record that a version was deployed to an environment
    #[command(
        disable_version_flag = true,
        after_help = "Examples:\n  shipgate record-deployment --pacticipant users --version \"$GIT_SHA\" \\\n    --environment production"
    )]
    RecordDeployment(crate::commands::record::RecordArgs),
    /// Record that a pacticipant is no longer deployed to an environment
    #[command(
        after_help = "Examples:\n  shipgate record-undeployment --pacticipant users --environment staging"
    )]
    RecordUndeployment(crate::commands::record::UndeployArgs),
    /// Record that a version was released (mobile apps, libraries) to an environment
    #[command(
        disable_version_flag = true,
        after_help = "Examples:\n  shipgate record-release --pacticipant ios-app --version 4.2.0 \\\n    --environment production"
    )]
    RecordRelease(crate::commands::record::RecordArgs),
    /// Record that a released version is no longer supported in an environment
    #[command(
        disable_version_flag = true,
        after_help = "Examples:\n  shipgate record-support-ended --pacticipant ios-app --version 4.0.0 \\\n    --environment production"
    )]
    RecordSupportEnded(crate::commands::record::RecordArgs),
    /// Ask the broker whether a version can be deployed to an environment (exit 0 yes, 1 no)
    #[command(
        disable_version_flag = true,
        after_help = "Examples:\n  shipgate can-i-deploy --pacticipant web --version \"$GIT_SHA\" \\\n    --to-environment production\n  shipgate can-i-deploy -a web -e 1.4.0 --to-environment production \\\n    --retry-while-unknown 6 --retry-interval 10\n  shipgate can-i-deploy -a web -e 1.4.0 --to-environment production --dry-run"
    )]
    CanIDeploy(crate::commands::can_i_deploy::CanIDeployArgs),
    /// Lint SQL migrations for expand/migrate/contract safety and dangerous locks
    #[command(
        name = "lint-migrations",
        after_help = "Examples:\n  shipgate lint-migrations migrations/\n  shipgate lint-migrations db/migrations --changed-since origin/main... \\\n    --format github\n  shipgate lint-migrations V7__add_index.sql --pg-version 12 \\\n    --assume-in-transaction\n  shipgate lint-migrations migrations/ --var schema=public \\\n    --rule MIG046=warning"
    )]
    LintMigrations(crate::commands::lint_migrations::LintMigrationsArgs),
    /// Report breaking changes between two versions of an OpenAPI document
    #[command(
        after_help = "Exit status: 0 no finding at or above --fail-on, 1 breaking changes found, 2 bad input.\n\nExamples:\n  shipgate diff main:api/openapi.yaml api/openapi.yaml\n  shipgate diff old.json new.json --changelog --format markdown\n  shipgate diff origin/main:api/ api/ --composed --fail-on warning\n  shipgate diff v1.yaml v2.yaml --match-path '^/users' --format github"
    )]
    Diff(crate::commands::diff::DiffArgs),
    /// Verify pacts against a running provider (replays every interaction)
    #[command(
        after_help = "Exit status: 0 every non-pending interaction verified, 1 a non-pending interaction failed, 2 bad input.\n\nExamples:\n  shipgate verify --provider-base-url http://127.0.0.1:8080 --pact pacts/\n  shipgate verify --provider-base-url http://127.0.0.1:8080 \\\n    --pact pacts/web-users.json \\\n    --provider-states-setup-url http://127.0.0.1:8080/_pact/state\n  shipgate verify --provider-base-url http://127.0.0.1:8080 \\\n    --pact \"$PACT_BROKER_BASE_URL/pacts/provider/users/consumer/web/latest\" \\\n    -H \"Authorization: Bearer $TOKEN\" --concurrency 8 --format junit"
    )]
    Verify(crate::commands::verify::VerifyArgs),
    /// Serve pacts as an HTTP stub of the provider, for offline consumer tests
    #[command(
        after_help = "Requests are matched with the same matcher as verify. Send the header X-Pact-Provider-State: <state> to pick among interactions by provider state. Unmatched requests get a 404 whose JSON body explains the closest interaction and its mismatches.\n\nExamples:\n  shipgate stub --pact pacts/ --port 8080\n  shipgate stub --pact pacts/web-users.json --port 0 \\\n    --provider-state-header X-State"
    )]
    Stub(crate::commands::stub::StubArgs),
    /// Check that a pact's interactions are valid against the provider's OpenAPI document
    #[command(
        name = "check-contract",
        after_help = "Exit status: 0 every interaction is documented, 1 findings at or above --fail-on, 2 bad input.\n\nExamples:\n  shipgate check-contract --pact pacts/web-users.json \\\n    --openapi api/openapi.yaml\n  shipgate check-contract --pact pacts/web-users.json \\\n    --openapi api/openapi.yaml --format github"
    )]
    CheckContract(crate::commands::check_contract::CheckContractArgs),
    /// Detect migrations and OpenAPI documents; write shipgate.toml (and a CI workflow)
    #[command(
        after_help = "Detects Flyway, golang-migrate, dbmate, sqlx, diesel, Alembic and Django migrations and OpenAPI documents. For Alembic and Django, the CI it writes renders the new migrations as SQL (alembic upgrade --sql, manage.py sqlmigrate) and lints that. Existing files are not overwritten without --force.\n\nExamples:\n  shipgate init\n  shipgate init --ci github\n  shipgate init --dir services/orders --ci gitlab --force"
    )]
    Init(crate::commands::init::InitArgs),
    /// Publish a provider's OpenAPI document with its self-verification result (bi-directional contracts)
    #[command(
        name = "publish-provider-contract",
        disable_version_flag = true,
        after_help = "Same flags and request as `pact pactflow publish-provider-contract`. Consumers' pacts are then schema-checked against the document when the provider version has no replayed verification (verificationType BDCT).\n\nExamples:\n  shipgate publish-provider-contract api/openapi.yaml --provider orders \\\n    --provider-app-version \"$GIT_SHA\" --branch main \\\n    --verification-success --verifier schemathesis\n  shipgate publish-provider-contract openapi.json --provider orders -a 2.0.0 \\\n    --verification-exit-code \"$?\" --verification-results report.txt"
    )]
    PublishProviderContract(
        crate::commands::publish_provider_contract::PublishProviderContractArgs,
    ),
    /// Record the SQL migrations a version carries, for the gate's migration checks
    #[command(
        name = "publish-migrations",
        disable_version_flag = true,
        after_help = "The broker works out each statement's phase (expand / migrate / contract) and the tables and columns it touches, and can-i-deploy uses them.\n\nExamples:\n  shipgate publish-migrations migrations/ --pacticipant orders \\\n    --version \"$GIT_SHA\"\n  shipgate publish-migrations db/migrations --pacticipant billing \\\n    --version 5.1.0 --database orders"
    )]
    PublishMigrations(crate::commands::publish_migrations::PublishMigrationsArgs),
    /// Overrides of the gate: let a known break through until a date, and list them
    #[command(
        after_help = "Examples:\n  shipgate gate allow --pacticipant orders --version 3.0.0 \\\n    --environment production --reason \"accepted: INC-42\" --expires 2026-12-31\n  shipgate gate overrides"
    )]
    Gate(crate::commands::gate::GateArgs),
    /// GitOps: gate a manifests pull request, and keep the broker in step with the manifests
    #[command(
        after_help = "Examples:\n  shipgate gitops check --base origin/main... --env production=envs/production\n  shipgate gitops record --env production=envs/production"
    )]
    Gitops(crate::commands::gitops::GitopsArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  shipgate completions bash \\\n    > ~/.local/share/bash-completion/completions/shipgate\n  shipgate completions zsh > ~/.zfunc/_shipgate\n  shipgate completions fish > ~/.config/fish/completions/shipgate.fish"
    )]
    Completions(crate::commands::completions::CompletionsArgs),
    // xtask:new-command (helpers add their subcommands below this line)
}
