//! MIG063 `naming-convention` (opt-in, enabled by `naming` patterns): names that do not match the team's patterns.

use crate::engine::{Cx, St};
use crate::model::{AlterOp, ConstraintKind, Kind};
use regex::Regex;
use shipgate_diagnostics::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// A new table, column, index or named constraint (in `CREATE TABLE`, `ADD COLUMN`,
    /// `ADD CONSTRAINT`, `CREATE INDEX`, `RENAME … TO`) whose name does not match the regular
    /// expression configured for that kind of object (Atlas NM102–NM106):
    ///
    /// ```toml
    /// [lint-migrations]
    /// naming = { default = "^[a-z][a-z0-9_]*$", index = "^[a-z0-9_]+_idx$", foreign-key = "_fkey$" }
    /// ```
    ///
    /// Keys: `default` (every kind without its own pattern), `table`, `column`, `index`,
    /// `foreign-key`, `check`, `unique`, `primary-key`. A pattern matches anywhere in the
    /// name unless anchored. Configuring `naming` enables the rule at `warning`; set
    /// `rules = { MIG063 = "error" }` to change its level. Schema names are not checked, and a
    /// table name is checked without its schema.
    ///
    /// ## Why it is dangerous
    ///
    /// Mixed conventions (`UserID`, `user_id`, `"userId"`) make every query a guess: a quoted
    /// mixed-case name must be quoted forever, and ORMs map it inconsistently. Conventional
    /// index and constraint names are what later migrations and runbooks refer to
    /// (`DROP INDEX CONCURRENTLY …_idx`), and PostgreSQL's generated names differ between
    /// versions.
    ///
    /// ## Safe alternative
    ///
    /// Instead of (with `index = "^[a-z0-9_]+_idx$"`)
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY "UsersEmail" ON users (email);
    /// ```
    ///
    /// name it by the convention:
    ///
    /// ```sql
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ```
    pub struct NamingConvention {
        code: "MIG063",
        name: "naming-convention",
        level: Warning,
        summary: "A name that does not match the configured naming pattern",
        opt_in: true,
    }
}

/// A kind of named object that naming patterns apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedObject {
    Table,
    Column,
    Index,
    ForeignKey,
    Check,
    Unique,
    PrimaryKey,
}

impl NamedObject {
    const ALL: [(&'static str, NamedObject); 7] = [
        ("table", NamedObject::Table),
        ("column", NamedObject::Column),
        ("index", NamedObject::Index),
        ("foreign-key", NamedObject::ForeignKey),
        ("check", NamedObject::Check),
        ("unique", NamedObject::Unique),
        ("primary-key", NamedObject::PrimaryKey),
    ];

    fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map_or("default", |(k, _)| k)
    }

    fn noun(self) -> &'static str {
        match self {
            NamedObject::Table => "table",
            NamedObject::Column => "column",
            NamedObject::Index => "index",
            NamedObject::ForeignKey => "foreign key",
            NamedObject::Check => "check constraint",
            NamedObject::Unique => "unique constraint",
            NamedObject::PrimaryKey => "primary key",
        }
    }
}

/// An invalid `naming` setting.
#[derive(Debug, thiserror::Error)]
pub enum NamingError {
    #[error("unknown naming key `{0}`: expected default, table, column, index, foreign-key, check, unique or primary-key")]
    UnknownKey(String),
    #[error("naming pattern for `{key}` is not a valid regular expression: {source}")]
    Pattern {
        key: String,
        #[source]
        source: Box<regex::Error>,
    },
}

/// Naming patterns by kind of object (empty: the rule does nothing).
#[derive(Debug, Clone, Default)]
pub struct Naming {
    default: Option<Regex>,
    by_object: Vec<(NamedObject, Regex)>,
}

impl Naming {
    /// Compile `(key, pattern)` pairs, keys as in `shipgate.toml` (`default`, `table`, …).
    pub fn new<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, NamingError> {
        let mut naming = Naming::default();
        for (key, pattern) in pairs {
            let re = Regex::new(pattern).map_err(|e| NamingError::Pattern {
                key: key.to_owned(),
                source: Box::new(e),
            })?;
            if key == "default" {
                naming.default = Some(re);
                continue;
            }
            let object = NamedObject::ALL
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, o)| *o)
                .ok_or_else(|| NamingError::UnknownKey(key.to_owned()))?;
            naming.by_object.retain(|(o, _)| *o != object);
            naming.by_object.push((object, re));
        }
        Ok(naming)
    }

    pub fn is_empty(&self) -> bool {
        self.default.is_none() && self.by_object.is_empty()
    }

    /// The pattern for `object` and the key it came from.
    fn pattern(&self, object: NamedObject) -> Option<(&Regex, &'static str)> {
        self.by_object
            .iter()
            .find(|(o, _)| *o == object)
            .map(|(_, r)| (r, object.key()))
            .or_else(|| self.default.as_ref().map(|r| (r, "default")))
    }
}

fn check_name(cx: &mut Cx<'_, '_>, st: &St<'_>, object: NamedObject, name: &str) {
    // A table or index name may carry its schema (`audit.events`): check the name itself.
    let name = name.rsplit_once('.').map_or(name, |(_, n)| n);
    let Some((re, key)) = cx.opts.naming.pattern(object) else {
        return;
    };
    if name.is_empty() || re.is_match(name) {
        return;
    }
    let d = cx
        .diag(
            &NamingConvention::META,
            st,
            format!(
                "{} name `{name}` does not match the naming pattern `{}` (naming.{key})",
                object.noun(),
                re.as_str()
            ),
        )
        .with_help(format!("rename it to match `{}`", re.as_str()));
    cx.push(d);
}

fn constraint_object(kind: &ConstraintKind) -> Option<NamedObject> {
    match kind {
        ConstraintKind::ForeignKey { .. } => Some(NamedObject::ForeignKey),
        ConstraintKind::Check { .. } => Some(NamedObject::Check),
        ConstraintKind::Unique => Some(NamedObject::Unique),
        ConstraintKind::PrimaryKey => Some(NamedObject::PrimaryKey),
        ConstraintKind::Exclude => None,
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    match st.kind {
        Kind::CreateTable {
            table,
            columns,
            constraints,
            ..
        } => {
            check_name(cx, st, NamedObject::Table, table);
            for c in columns {
                check_name(cx, st, NamedObject::Column, &c.name);
            }
            for k in constraints {
                if let (Some(n), Some(o)) = (&k.name, constraint_object(&k.kind)) {
                    check_name(cx, st, o, n);
                }
            }
        }
        Kind::AlterTable { ops, .. } => {
            for op in ops {
                match op {
                    AlterOp::AddColumn(c) => check_name(cx, st, NamedObject::Column, &c.name),
                    AlterOp::RenameColumn { to, .. } => {
                        check_name(cx, st, NamedObject::Column, to);
                    }
                    AlterOp::RenameTable { to } => check_name(cx, st, NamedObject::Table, to),
                    AlterOp::AddConstraint(k) => {
                        if let (Some(n), Some(o)) = (&k.name, constraint_object(&k.kind)) {
                            check_name(cx, st, o, n);
                        }
                    }
                    _ => {}
                }
            }
        }
        Kind::CreateIndex {
            name: Some(name), ..
        } => check_name(cx, st, NamedObject::Index, name),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_patterns_are_validated() {
        let n = Naming::new([("default", "^[a-z_]+$"), ("index", "_idx$")]).expect("valid");
        assert_eq!(n.pattern(NamedObject::Index).map(|p| p.1), Some("index"));
        assert_eq!(n.pattern(NamedObject::Table).map(|p| p.1), Some("default"));
        assert!(Naming::new([("indexes", "x")])
            .unwrap_err()
            .to_string()
            .contains("indexes"));
        assert!(Naming::new([("table", "(")])
            .unwrap_err()
            .to_string()
            .contains("`table`"));
        assert!(Naming::new([]).expect("empty").is_empty());
    }
}
