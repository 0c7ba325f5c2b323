//! MIG062 `out-of-order-migration` (opt-in): in PR mode, a new migration that sorts before an already-merged one.

use crate::engine::{Cx, SourceFile};
use crate::layout::{order_key, Layout};
use shipgate_diagnostics::{declare_rule, Diagnostic};

declare_rule! {
    /// ## What it flags
    ///
    /// With `--changed-since <ref>`: a new versioned migration (Flyway `V…__`, `NNN_….up.sql`,
    /// numbered/timestamped files, diesel directories) whose version sorts before a migration
    /// in the same directory that was already merged at `<ref>`. This usually happens when a
    /// long-lived branch is merged after someone else's newer migration (Atlas's non-linear
    /// history check). Flyway repeatable (`R__`) and unversioned files are not compared.
    /// Opt-in: enable with `rules = { MIG062 = "error" }`.
    ///
    /// ## Why it is dangerous
    ///
    /// The databases that already applied the newer migration never apply the older-numbered
    /// one: golang-migrate only records the latest version, so it skips it silently; Flyway
    /// refuses to migrate ("detected resolved migration not applied to database") unless
    /// `outOfOrder` is set; and a fresh database applies the two in a different order than
    /// production did.
    ///
    /// ## Safe alternative
    ///
    /// Instead of merging `V41__add_nickname.sql` after `V42__orders.sql` is already on the
    /// main branch:
    ///
    /// ```sql
    /// -- V41__add_nickname.sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    ///
    /// renumber it after the newest merged migration before merging:
    ///
    /// ```sql
    /// -- V43__add_nickname.sql
    /// ALTER TABLE users ADD COLUMN nickname text;
    /// ```
    pub struct OutOfOrderMigration {
        code: "MIG062",
        name: "out-of-order-migration",
        level: Error,
        summary: "A new migration sorts before one that is already merged",
        opt_in: true,
    }
}

/// The directory a migration's version is ordered in (diesel's `<ts>_name/up.sql` counts
/// as its parent's).
fn group(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    let dir = |p: &'_ str| -> usize { p.rfind(['/', '\\']).unwrap_or(0) };
    let parent = &path[..dir(path)];
    if path[dir(path)..].trim_start_matches(['/', '\\']) == "up.sql" {
        &parent[..dir(parent)]
    } else {
        parent
    }
}

/// For reported file `i`: the first already-merged (not reported) file in the same
/// directory whose version is higher.
pub(crate) fn later_merged(files: &[SourceFile], i: usize) -> Option<&str> {
    let versioned = |p: &str| {
        order_key(p).filter(|k| {
            !matches!(k.layout, Layout::FlywayRepeatable | Layout::Other) && !k.version.is_empty()
        })
    };
    let me = versioned(&files[i].path)?;
    let dir = group(&files[i].path);
    files[i + 1..]
        .iter()
        .filter(|f| !f.report && group(&f.path) == dir)
        .find(|f| versioned(&f.path).is_some_and(|k| k.version > me.version))
        .map(|f| f.path.as_str())
}

pub(crate) fn finding(cx: &Cx<'_, '_>, later: &str) -> Diagnostic {
    let end = cx.src.find('\n').unwrap_or(cx.src.len());
    Diagnostic::new(
        &OutOfOrderMigration::META,
        format!(
            "{} is new but sorts before {later}, which is already merged: databases that applied {later} will skip or reject it",
            cx.path
        ),
        cx.loc(0, end),
    )
    .with_help(format!("renumber it so it sorts after {later}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups() {
        assert_eq!(group("db/V1__a.sql"), "db");
        assert_eq!(group("migrations/2024_a/up.sql"), "migrations");
        assert_eq!(group("V1__a.sql"), "");
    }
}
