//! SQL migration analysis for `shipgate lint-migrations`: statement
//! splitting, the rule registry, and expand/migrate/contract phases.
//!
//! Pipeline: [`lex`] → [`split`] → [`classify`] (token-level facts, see
//! [`model`]) and [`syntax`] (a strict check: valid, invalid, or undecided) →
//! the engine (history, transactions, `DO` bodies, rules, phases) → sqlparser
//! validation of the undecided statements (those it rejects get an info note)
//! → suppressions. [`layout`] orders a migration directory the way its tool does.
//!
//! Architecture invariant: this crate does no I/O. Callers hand it file
//! names and text and receive [`shipgate_diagnostics::Diagnostic`]s back.

pub use shipgate_diagnostics as diagnostics;

pub mod classify;
mod engine;
pub mod layout;
pub mod lex;
pub mod model;
pub mod rules;
pub mod split;
pub mod steps;
mod suppress;
pub mod syntax;

pub use engine::{
    decode, lint, DeletedFile, Deprecation, Dialect, FileSummary, Options, Outcome, RuleLevel,
    SourceFile,
};
pub use rules::naming_convention::{Naming, NamingError};
pub use steps::{Step, Touch};

use shipgate_diagnostics::RuleMeta;

/// Every migration rule, by code.
pub fn registry() -> Vec<RuleMeta> {
    rules::registry()
}
