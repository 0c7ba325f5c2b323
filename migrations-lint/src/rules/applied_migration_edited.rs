//! MIG061 `applied-migration-edited`: in PR mode, a migration that existed at the base ref was edited.

use crate::engine::Cx;
use shipgate_diagnostics::{declare_rule, Diagnostic};

declare_rule! {
    /// ## What it flags
    ///
    /// With `--changed-since <ref>`: a migration file that already existed at `<ref>` and has
    /// been modified since (committed, staged or in the working tree). The finding points at
    /// the first changed line. Flyway repeatable migrations (`R__*.sql`) are re-applied when
    /// they change, by design, and are not flagged.
    ///
    /// ## Why it is dangerous
    ///
    /// A migration that is on the base branch has already run in production (and on every
    /// colleague's database). Migration tools apply each version once, so the edit never runs
    /// there: production and fresh databases drift apart silently. Flyway and sqlx refuse to
    /// migrate at all when an applied file's checksum changes, and Atlas reports it as a
    /// checksum error, which blocks the deploy.
    ///
    /// ## Safe alternative
    ///
    /// Instead of editing `V3__users.sql`, which is already applied:
    ///
    /// ```sql
    /// -- V3__users.sql (edited)
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
    /// ```
    ///
    /// leave it as it was and add a new migration with the change:
    ///
    /// ```sql
    /// -- V7__users_email_not_null.sql (new)
    /// ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
    /// ```
    ///
    /// ## Known false positives
    ///
    /// Comment-only or whitespace edits are flagged too (they still change Flyway's and
    /// sqlx's checksums). When an edit is intended (the file was never deployed, or the tool
    /// ignores checksums), turn the rule off for the run with `--rule MIG061=off`, or add
    /// `-- shipgate-ignore-file MIG061: reason` to the file. Only this finding is reported
    /// for the edited file; its other statements were reviewed when it was merged.
    pub struct AppliedMigrationEdited {
        code: "MIG061",
        name: "applied-migration-edited",
        level: Error,
        summary: "A migration that was already merged (and applied) has been edited",
    }
}

/// The finding for an edited file, at its first changed line (1-based).
pub(crate) fn finding(cx: &Cx<'_, '_>, line: usize) -> Diagnostic {
    let src = cx.src;
    let mut start = src.len();
    let mut offset = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            start = offset;
            break;
        }
        offset += l.len();
    }
    // A change past the end (lines deleted at the end) points at the last line.
    if start == src.len() {
        start = src.trim_end_matches('\n').rfind('\n').map_or(0, |p| p + 1);
    }
    let end = src[start..].find('\n').map_or(src.len(), |n| start + n);
    let end = src[start..end]
        .strip_suffix('\r')
        .map_or(end, |s| start + s.len());
    Diagnostic::new(
        &AppliedMigrationEdited::META,
        format!(
            "{} existed at the base ref and was edited since (first change at line {line}); it has already been applied, so the edit will never run there",
            cx.path
        ),
        cx.loc(start, end),
    )
    .with_help("restore the file and put the change in a new migration")
    .with_note("Flyway, sqlx and Atlas also reject the changed checksum of an applied migration")
}
