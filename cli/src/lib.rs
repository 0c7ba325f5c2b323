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

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

/// The clap command tree as the binary parses and documents it (`--help`,
/// `docs/cli.md`, the man pages).
///
/// The global options are listed once, in `shipgate --help`: every subcommand
/// still accepts them, but its help hides them and ends with one line that
/// names them instead of repeating their descriptions.
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    let globals: Vec<clap::Arg> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let flags: Vec<String> = globals
        .iter()
        .map(|a| match (a.get_short(), a.get_long()) {
            (Some(s), Some(l)) => format!("-{s}/--{l}"),
            (None, Some(l)) => format!("--{l}"),
            (Some(s), None) => format!("-{s}"),
            (None, None) => a.get_id().to_string(),
        })
        .collect();
    let note = format!(
        "Global options ({}) apply here too; see `shipgate --help`.",
        flags.join(", ")
    );
    hide_globals(cmd, &globals, &note)
}

/// The raw command tree, with the global options in every subcommand: what
/// shell completions are generated from, so that `shipgate diff --for<TAB>`
/// still completes `--format`.
pub fn command_for_completions() -> clap::Command {
    Cli::command()
}

/// Give every subcommand (before the tree is built) a hidden copy of each
/// global option: clap then skips propagating the visible one into it, and
/// the copy, global too, still takes the value wherever it is written.
fn hide_globals(mut cmd: clap::Command, globals: &[clap::Arg], note: &str) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| {
            let mut sub = hide_globals(sub, globals, note);
            for arg in globals {
                sub = sub.arg(arg.clone().hide(true));
            }
            let after = match sub.get_after_help() {
                Some(text) => format!("{text}\n\n{note}"),
                None => note.to_owned(),
            };
            sub.after_help(after)
        });
    }
    cmd
}

/// Entry point shared by the binary and tests.
pub fn main() -> ExitCode {
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
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

#[cfg(test)]
mod tests {
    /// Every command's help, rendered at `width` columns, with its path.
    fn helps(width: usize) -> Vec<(String, String)> {
        fn walk(
            cmd: &mut clap::Command,
            path: &str,
            width: usize,
            out: &mut Vec<(String, String)>,
        ) {
            let mut c = cmd.clone().term_width(width);
            out.push((path.to_owned(), c.render_long_help().to_string()));
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|s| s.get_name().to_owned())
                .collect();
            for name in names {
                if let Some(sub) = cmd.find_subcommand_mut(&name) {
                    walk(sub, &format!("{path} {name}"), width, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&mut super::command(), "shipgate", width, &mut out);
        out
    }

    /// Examples can be pasted into a shell: at 80 columns no example line is
    /// wrapped, and a command spread over lines continues them with ` \`.
    #[test]
    fn examples_are_copyable() {
        let mut checked = 0;
        for width in [80, 100] {
            for (path, help) in helps(width) {
                let mut lines = help.lines().skip_while(|l| l.trim() != "Examples:").skip(1);
                let mut previous: Option<&str> = None;
                for line in lines.by_ref().take_while(|l| !l.trim().is_empty()) {
                    checked += 1;
                    assert!(
                        line.len() <= 80,
                        "{path}: example longer than 80 columns: {line}"
                    );
                    if let Some(rest) = line.strip_prefix("    ") {
                        assert!(
                            !rest.starts_with(' ') && previous.is_some_and(|p| p.ends_with(" \\")),
                            "{path} at {width} columns: a wrapped example line (continue with ` \\`):\n{line}"
                        );
                    } else {
                        assert!(
                            line.starts_with("  ") && line.contains("shipgate"),
                            "{path} at {width} columns: not an example command:\n{line}"
                        );
                    }
                    previous = Some(line);
                }
            }
        }
        assert!(checked > 40, "only {checked} example lines found");
    }

    /// The global options are described once, in `shipgate --help`, and every
    /// subcommand's help names them in one line instead.
    #[test]
    fn global_options_are_listed_once() {
        for (path, help) in helps(100) {
            let described = help.contains("Output format for findings");
            if path == "shipgate" {
                assert!(described, "{help}");
                assert!(help.contains("Global options:"), "{help}");
            } else {
                assert!(!described, "{path} repeats the global options:\n{help}");
                // Compared with whitespace collapsed: the line wraps at the help width.
                let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    flat.contains("Global options (--config, --format, --fail-on, --color, -q/--quiet, -v/--verbose, --output-version) apply here too"),
                    "{path}:\n{help}"
                );
            }
        }
    }

    /// Hidden in help, the global options still parse after a subcommand.
    #[test]
    fn global_options_still_parse_after_a_subcommand() {
        use clap::FromArgMatches as _;
        let m = super::command()
            .try_get_matches_from(["shipgate", "rules", "--format", "json", "-q"])
            .unwrap();
        let cli = super::Cli::from_arg_matches(&m).unwrap();
        assert_eq!(cli.global.format, Some(crate::args::Format::Json));
        assert!(cli.global.quiet);
    }
}
