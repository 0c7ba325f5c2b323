//! MIG064 `applied-migration-deleted`: in PR mode, a migration that existed at the base ref
//! was deleted or renamed away.

use crate::engine::DeletedFile;
use crate::layout::{self, Layout};
use shipgate_diagnostics::{declare_rule, Diagnostic, Location};

declare_rule! {
    /// ## What it flags
    ///
    /// With `--changed-since <ref>`: a migration file that existed at `<ref>` in a linted
    /// directory and has since been deleted or renamed (committed, staged or in the working
    /// tree). A rename counts as a deletion of the old name: the migration tool sees a new
    /// version and misses the applied one. The finding names the path the file had; there
    /// is no line to point at. Only files that look like migrations (the names the
    /// directory walk would read: no down/undo files, no non-SQL files) count, and Flyway
    /// repeatable migrations (`R__*.sql`) are not flagged.
    ///
    /// ## Why it is dangerous
    ///
    /// A migration that is on the base branch has already run in production (and on every
    /// colleague's database). Removing the file does not undo it: production keeps its
    /// effect while fresh databases built from the directory no longer get it, so the two
    /// drift apart. Flyway's validation fails with "Detected applied migration not resolved
    /// locally", and sqlx refuses to migrate ("migration N was previously applied but is
    /// missing"), which blocks the deploy.
    ///
    /// ## Safe alternative
    ///
    /// Instead of deleting `V3__audit_log.sql`, which is already applied:
    ///
    /// ```sql
    /// -- V3__audit_log.sql (deleted)
    /// CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);
    /// ```
    ///
    /// restore the file and undo its effect in a new migration:
    ///
    /// ```sql
    /// -- V7__drop_audit_log.sql (new)
    /// DROP TABLE IF EXISTS audit_log;
    /// ```
    ///
    /// ## Known false positives
    ///
    /// A migration that was never deployed anywhere (for example, merged and reverted
    /// before a release), or a directory squashed into a baseline on purpose, is flagged
    /// too. There is no file left to carry an ignore comment: turn the rule off for that
    /// run with `--rule MIG064=off`, or exclude the path with `exclude` in `shipgate.toml`.
    pub struct AppliedMigrationDeleted {
        code: "MIG064",
        name: "applied-migration-deleted",
        level: Error,
        summary: "A migration that was already merged (and applied) has been deleted or renamed",
    }
}

/// Whether a deleted file at `path` counts: it looks like an up-migration and is not a
/// Flyway repeatable one.
pub fn counts(path: &str) -> bool {
    layout::order_key(path).is_some_and(|k| k.layout != Layout::FlywayRepeatable)
}

/// The finding for a deleted file, at the path it had (no span).
pub(crate) fn finding(f: &DeletedFile) -> Diagnostic {
    Diagnostic::new(
        &AppliedMigrationDeleted::META,
        format!(
            "{} existed at {} and was deleted or renamed since; it has already been applied, so removing it does not undo it",
            f.path, f.since
        ),
        Location::file(f.path.clone()),
    )
    .with_help("restore the file; undo its effect in a new migration instead")
    .with_note("Flyway and sqlx refuse to migrate when an applied migration is missing locally")
}
