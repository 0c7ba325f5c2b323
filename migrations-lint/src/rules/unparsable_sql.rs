//! MIG044 `unparsable-sql`: text the lexer cannot read (unterminated string, quote, comment or dollar quote).

use crate::engine::Cx;
use crate::lex::LexError;
use shipgate_diagnostics::{declare_rule, Diagnostic};

declare_rule! {
    /// ## What it flags
    ///
    /// An unterminated string literal, quoted identifier, `/* comment`, `${placeholder}` or
    /// dollar-quoted string (`$$ …` with no closing `$$`). The finding points at the line and
    /// column where the unterminated token starts; statements before it are still linted.
    ///
    /// ## Why it is dangerous
    ///
    /// PostgreSQL will reject the file at deploy time, and everything after the opening quote
    /// could not be checked.
    ///
    /// ## Safe alternative
    ///
    /// Instead of
    ///
    /// ```sql
    /// DO $$ BEGIN RAISE NOTICE 'hi'; END;
    /// ```
    ///
    /// close the quote:
    ///
    /// ```sql
    /// DO $$ BEGIN RAISE NOTICE 'hi'; END $$;
    /// ```
    pub struct UnparsableSql {
        code: "MIG044",
        name: "unparsable-sql",
        level: Error,
        summary: "Unterminated string, identifier, comment or dollar quote",
    }
}

pub(crate) fn finding(cx: &Cx<'_, '_>, e: &LexError) -> Diagnostic {
    let end = cx.src[e.offset..]
        .find('\n')
        .map_or(cx.src.len(), |n| e.offset + n);
    let pos = cx.index.position(cx.src, e.offset);
    Diagnostic::new(
        &UnparsableSql::META,
        format!(
            "{} starting at line {}, column {}; the rest of the file was not linted",
            e.message, pos.line, pos.column
        ),
        cx.loc(e.offset, end),
    )
    .with_help("close the quote or comment; statements before this point were linted")
}
