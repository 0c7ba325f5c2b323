//! Rule metadata and the `declare_rule!` macro that turns a rule's doc comment into its docs.

use crate::Level;
use serde::Serialize;

/// The headings every rule's doc comment must have, in this order.
pub const REQUIRED_DOC_SECTIONS: [&str; 3] = [
    "## What it flags",
    "## Why it is dangerous",
    "## Safe alternative",
];

/// What a rule is: its stable code, name, default level and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable code, such as `MIG012`. Never reused.
    pub code: &'static str,
    /// Kebab-case name that reads as "allow <name>".
    pub name: &'static str,
    pub default_level: Level,
    /// One-line summary, used in indexes and SARIF `shortDescription`.
    pub summary: &'static str,
    /// The rule's doc comment, as Markdown.
    pub doc: &'static str,
    /// Off unless enabled in config.
    pub opt_in: bool,
}

impl RuleMeta {
    /// The doc comment with the single leading space of each `///` line removed.
    pub fn doc_markdown(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// Headings from [`REQUIRED_DOC_SECTIONS`] that the doc comment lacks.
    pub fn missing_doc_sections(&self) -> Vec<&'static str> {
        let doc = self.doc_markdown();
        REQUIRED_DOC_SECTIONS
            .iter()
            .copied()
            .filter(|h| !doc.lines().any(|l| l.trim_end() == *h))
            .collect()
    }
}

/// Declares a rule as a unit struct whose doc comment becomes its documentation.
///
/// ```
/// shipgate_diagnostics::declare_rule! {
///     /// ## What it flags
///     /// Something.
///     /// ## Why it is dangerous
///     /// Because.
///     /// ## Safe alternative
///     /// Instead of this, use that.
///     pub struct ExampleRule {
///         code: "EX001",
///         name: "example-rule",
///         level: Warning,
///         summary: "An example",
///     }
/// }
/// assert_eq!(ExampleRule::META.code, "EX001");
/// assert!(ExampleRule::META.missing_doc_sections().is_empty());
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            level: $level:ident,
            summary: $summary:literal
            $(, opt_in: $opt_in:literal)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                code: $code,
                name: $rname,
                default_level: $crate::Level::$level,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                opt_in: false $(|| $opt_in)?,
            };
        }
    };
}
