//! Diagnostic levels and their order (`info < warning < error`), used by `--fail-on`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Error, Level::Warning, Level::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level name that is not `error`, `warning` or `info`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}`: expected one of error, warning, info")]
pub struct ParseLevelError(pub String);

impl FromStr for Level {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "error" | "err" => Ok(Level::Error),
            "warning" | "warn" => Ok(Level::Warning),
            "info" | "note" => Ok(Level::Info),
            _ => Err(ParseLevelError(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_parse() {
        assert!(Level::Info < Level::Warning && Level::Warning < Level::Error);
        assert_eq!("WARN".parse::<Level>().unwrap(), Level::Warning);
        assert!("fatal".parse::<Level>().is_err());
    }
}
