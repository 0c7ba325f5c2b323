//! `shipgate.toml`: discovery (walking up from the current directory), parsing
//! with line/column errors, and the typed sections each subcommand reads.
//!
//! The schema is documented in `docs/config.md`; keep the two in step.

use anyhow::Context as _;
use serde::Deserialize;
use shipgate_diagnostics::{Level, LineIndex};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "shipgate.toml";

/// The parsed configuration and where it came from.
#[derive(Debug, Default)]
pub struct Config {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    pub file: ConfigFile,
}

/// The whole `shipgate.toml`. Unknown keys are errors, so typos are caught.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default)]
    pub output: OutputConfig,
    // section: lint-migrations
    #[serde(default)]
    pub lint_migrations: crate::commands::lint_migrations::LintMigrationsConfig,
    // section: diff
    #[serde(default)]
    pub diff: crate::commands::diff::DiffConfig,
    // section: verify
    #[serde(default)]
    pub verify: crate::commands::verify::VerifyConfig,
    // section: broker
    #[serde(default)]
    pub broker: crate::commands::broker::BrokerSection,
    // section: gate
    #[serde(default)]
    pub gate: crate::commands::gate::GateSection,
    // section: gitops
    #[serde(default)]
    pub gitops: crate::commands::gitops::GitopsSection,
}

/// `[output]`: defaults for the global output flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputConfig {
    pub format: Option<crate::args::Format>,
    #[serde(default, deserialize_with = "de_level_opt")]
    pub fail_on: Option<Level>,
}

fn de_level_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Level>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    s.map(|s| s.parse::<Level>().map_err(serde::de::Error::custom))
        .transpose()
}

impl Config {
    /// Load `explicit`, or the nearest `shipgate.toml` above the current directory, or defaults.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => discover(&std::env::current_dir().context("reading the current directory")?),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        let file = parse(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
        Ok(Config {
            path: Some(path),
            file,
        })
    }

    /// Directory of the config file, against which relative paths in it resolve.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

/// Nearest `shipgate.toml` in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// A config error as `line:column: message` (the caller prefixes the file).
#[derive(Debug, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ConfigError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Parse config text; errors carry 1-based line and column.
pub fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let pos = LineIndex::new(text).position(text, offset);
        ConfigError {
            line: pos.line,
            column: pos.column,
            message: e.message().trim().replace('\n', " "),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_default() {
        let c = parse("").unwrap();
        assert!(c.output.format.is_none());
    }

    #[test]
    fn output_section_parses() {
        let c = parse("[output]\nformat = \"json\"\nfail-on = \"warning\"\n").unwrap();
        assert_eq!(c.output.format, Some(crate::args::Format::Json));
        assert_eq!(c.output.fail_on, Some(Level::Warning));
    }

    #[test]
    fn unknown_key_has_line_and_column() {
        let err = parse("[output]\nformatt = \"json\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("formatt"), "{}", err.message);
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse("[output]\nformat = \n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&nested), Some(dir.path().join(FILE_NAME)));
    }
}
