//! Terminal concerns: colour choice, logging set-up, printing top-level errors.

use crate::args::{ColorChoice, GlobalArgs};
use std::io::{self, IsTerminal, Write};

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                return false;
            }
            if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
                || std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty())
            {
                return true;
            }
            std::env::var("TERM").map_or(true, |t| t != "dumb") && io::stdout().is_terminal()
        }
    }
}

/// Install a tracing subscriber on stderr: warnings by default, more with `-v`, none with `-q`.
pub fn init_logging(global: &GlobalArgs) {
    use tracing_subscriber::EnvFilter;
    let default = if global.quiet {
        "off"
    } else {
        match global.verbose {
            0 => "warn",
            1 => "info,shipgate=debug",
            _ => "debug",
        }
    };
    let filter =
        EnvFilter::try_from_env("SHIPGATE_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_target(false)
        .try_init();
}

/// Print a top-level error as one line (`shipgate: error: …: cause: cause`).
pub fn print_error(err: &anyhow::Error) {
    let _ = writeln!(io::stderr().lock(), "shipgate: error: {}", one_line(err));
}

/// An error and its causes joined by `: `, leaving out a cause whose text
/// an outer message already carries (errors that embed their source, such
/// as HTTP clients', would otherwise repeat it two or three times).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot reach the broker: {0}")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("connection refused")]
    struct Inner;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let err = anyhow::Error::new(Outer(Inner)).context("publishing the pacts of a");
        assert_eq!(
            one_line(&err),
            "publishing the pacts of a: cannot reach the broker: connection refused"
        );
    }

    #[test]
    fn distinct_causes_are_all_kept() {
        let err = anyhow::Error::new(Inner).context("reading x.json");
        assert_eq!(one_line(&err), "reading x.json: connection refused");
    }
}
