//! OpenAPI documents: loading (2.0, 3.0, 3.1; JSON or YAML) into a
//! version-neutral view, and the breaking-change rules behind `shipgate diff`.
//!
//! - [`source`]: JSON/YAML parsing with a position for every node.
//! - [`document`]: documents, multi-file specs, lazy `$ref` resolution.
//! - [`swagger2`]: Swagger 2.0 → 3.0 conversion on load.
//! - [`schema`]: the normalised schema view (`Flat`), `allOf` merged.
//! - [`compare`]: the comparer that turns differences into diagnostics.
//! - `group`: findings of one change to a shared schema grouped into one.
//! - [`rules`]: one file per rule and the code table.
//! - [`oasdiff`]: the mapping from oasdiff's 509 checks to shipgate codes.

pub mod compare;
pub mod document;
mod group;
pub mod oasdiff;
pub mod rules;
pub mod schema;
pub mod source;
pub mod swagger2;

pub use compare::{diff, DiffOptions, Stability};
pub use document::{Document, LoadError, Spec, Version};

use shipgate_diagnostics::RuleMeta;

/// Every OpenAPI diff rule.
pub fn registry() -> Vec<RuleMeta> {
    rules::ALL.iter().map(|(meta, _)| *meta).collect()
}

/// Load a single-file spec from text (no external `$ref`s) and check its refs.
pub fn load_str(name: &str, text: &str) -> Result<Spec, LoadError> {
    let spec = Spec::new(Document::parse(name, name, text.to_owned())?);
    spec.check_refs()?;
    Ok(spec)
}
