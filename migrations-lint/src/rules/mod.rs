//! The rule registry (one code per rule, never reused), the dispatch from a
//! statement's facts to the rules, the lock model the lock rules share, the
//! expand → migrate → contract recipes, and level overrides from config.

use crate::engine::{Cx, RuleLevel, St};
use crate::model::{AlterOp, Column, ConstraintKind, Kind, Phase};
use shipgate_diagnostics::{Diagnostic, RuleMeta};

pub mod adding_column_with_volatile_default;
pub mod adding_exclusion_constraint;
pub mod adding_primary_key;
pub mod adding_required_column;
pub mod adding_stored_generated_column;
pub mod adding_unique_constraint;
pub mod altering_identity;
pub mod applied_migration_deleted;
pub mod applied_migration_edited;
pub mod backfill_in_transaction;
pub mod behaviour_change;
pub mod changing_column_type;
pub mod char_column;
pub mod concurrently_in_transaction;
pub mod contract_after_expand_in_change_set;
pub mod contract_without_deprecation;
pub mod domain_with_constraint;
pub mod dropping_column;
pub mod dropping_column_default;
pub mod dropping_constraint;
pub mod dropping_not_null;
pub mod dropping_object;
pub mod dropping_schema;
pub mod dropping_table;
pub mod duplicate_column_assignment;
pub mod foreign_key_without_index;
pub mod identifier_too_long;
pub mod int_key_column;
pub mod invalid_sql;
pub mod json_column;
pub mod malformed_ignore;
pub mod missing_lock_timeout;
pub mod missing_statement_timeout;
pub mod mixed_expand_contract;
pub mod multiple_alter_table;
pub mod naming_convention;
pub mod new_write_restriction;
pub mod non_concurrent_index;
pub mod non_concurrent_index_drop;
pub mod non_concurrent_partition_detach;
pub mod non_concurrent_reindex;
pub mod non_rerunnable_statement;
pub mod not_fully_analysed;
pub mod out_of_order_migration;
pub mod renaming_column;
pub mod renaming_object;
pub mod renaming_table;
pub mod rewrite_while_locked;
pub mod serial_column;
pub mod setting_not_null;
pub mod statements_after_access_exclusive;
pub mod timestamp_without_time_zone;
pub mod truncate_cascade;
pub mod uncommitted_transaction;
pub mod unordered_enum_value;
pub mod unparsable_sql;
pub mod unqualified_table_name;
pub mod unreadable_file;
pub mod unused_ignore;
pub mod vacuum_full_or_cluster;
pub mod validate_in_same_transaction;
pub mod validated_check_constraint;
pub mod validated_foreign_key;
pub mod varchar_with_length;
pub mod wide_non_unique_index;

/// Every migration rule, in code order. Codes are assigned here and never reused.
pub fn registry() -> Vec<RuleMeta> {
    vec![
        dropping_column::DroppingColumn::META,                // MIG001
        dropping_table::DroppingTable::META,                  // MIG002
        dropping_schema::DroppingSchema::META,                // MIG003
        dropping_object::DroppingObject::META,                // MIG004
        dropping_constraint::DroppingConstraint::META,        // MIG005
        dropping_not_null::DroppingNotNull::META,             // MIG006
        dropping_column_default::DroppingColumnDefault::META, // MIG007
        renaming_column::RenamingColumn::META,                // MIG008
        renaming_table::RenamingTable::META,                  // MIG009
        renaming_object::RenamingObject::META,                // MIG010
        changing_column_type::ChangingColumnType::META,       // MIG011
        altering_identity::AlteringIdentity::META,            // MIG012
        adding_required_column::AddingRequiredColumn::META,   // MIG013
        new_write_restriction::NewWriteRestriction::META,     // MIG014
        behaviour_change::BehaviourChange::META,              // MIG015
        non_concurrent_index::NonConcurrentIndex::META,       // MIG016
        non_concurrent_index_drop::NonConcurrentIndexDrop::META, // MIG017
        non_concurrent_reindex::NonConcurrentReindex::META,   // MIG018
        non_concurrent_partition_detach::NonConcurrentPartitionDetach::META, // MIG019
        vacuum_full_or_cluster::VacuumFullOrCluster::META,    // MIG020
        concurrently_in_transaction::ConcurrentlyInTransaction::META, // MIG021
        validated_foreign_key::ValidatedForeignKey::META,     // MIG022
        validated_check_constraint::ValidatedCheckConstraint::META, // MIG023
        validate_in_same_transaction::ValidateInSameTransaction::META, // MIG024
        setting_not_null::SettingNotNull::META,               // MIG025
        adding_unique_constraint::AddingUniqueConstraint::META, // MIG026
        adding_primary_key::AddingPrimaryKey::META,           // MIG027
        adding_exclusion_constraint::AddingExclusionConstraint::META, // MIG028
        adding_column_with_volatile_default::AddingColumnWithVolatileDefault::META, // MIG029
        adding_stored_generated_column::AddingStoredGeneratedColumn::META, // MIG030
        missing_lock_timeout::MissingLockTimeout::META,       // MIG031
        missing_statement_timeout::MissingStatementTimeout::META, // MIG032
        statements_after_access_exclusive::StatementsAfterAccessExclusive::META, // MIG033
        rewrite_while_locked::RewriteWhileLocked::META,       // MIG034
        multiple_alter_table::MultipleAlterTable::META,       // MIG035
        foreign_key_without_index::ForeignKeyWithoutIndex::META, // MIG036
        backfill_in_transaction::BackfillInTransaction::META, // MIG037
        not_fully_analysed::NotFullyAnalysed::META,           // MIG038
        mixed_expand_contract::MixedExpandContract::META,     // MIG039
        contract_after_expand_in_change_set::ContractAfterExpandInChangeSet::META, // MIG040
        contract_without_deprecation::ContractWithoutDeprecation::META, // MIG041
        unused_ignore::UnusedIgnore::META,                    // MIG042
        malformed_ignore::MalformedIgnore::META,              // MIG043
        unparsable_sql::UnparsableSql::META,                  // MIG044
        unreadable_file::UnreadableFile::META,                // MIG045
        truncate_cascade::TruncateCascade::META,              // MIG046
        uncommitted_transaction::UncommittedTransaction::META, // MIG047
        identifier_too_long::IdentifierTooLong::META,         // MIG048
        timestamp_without_time_zone::TimestampWithoutTimeZone::META, // MIG049
        non_rerunnable_statement::NonRerunnableStatement::META, // MIG050
        unordered_enum_value::UnorderedEnumValue::META,       // MIG051
        int_key_column::IntKeyColumn::META,                   // MIG052
        serial_column::SerialColumn::META,                    // MIG053
        varchar_with_length::VarcharWithLength::META,         // MIG054
        char_column::CharColumn::META,                        // MIG055
        json_column::JsonColumn::META,                        // MIG056
        domain_with_constraint::DomainWithConstraint::META,   // MIG057
        unqualified_table_name::UnqualifiedTableName::META,   // MIG058
        duplicate_column_assignment::DuplicateColumnAssignment::META, // MIG059
        wide_non_unique_index::WideNonUniqueIndex::META,      // MIG060
        applied_migration_edited::AppliedMigrationEdited::META, // MIG061
        out_of_order_migration::OutOfOrderMigration::META,    // MIG062
        naming_convention::NamingConvention::META,            // MIG063
        applied_migration_deleted::AppliedMigrationDeleted::META, // MIG064
        invalid_sql::InvalidSql::META,                        // MIG065
    ]
}

/// The lock a statement takes on an existing table, and whether it is slow.
#[derive(Debug, Clone)]
pub(crate) struct LockInfo {
    pub table: String,
    /// PostgreSQL lock mode name.
    pub mode: &'static str,
    /// Blocks reads or writes of running code (ACCESS EXCLUSIVE, SHARE, SHARE ROW EXCLUSIVE).
    pub blocking: bool,
    pub access_exclusive: bool,
    /// Rewrites or scans the table, or backfills it: runtime grows with the table.
    pub slow: bool,
}

/// The indefinite article for a lock mode: `an ACCESS EXCLUSIVE`, `a SHARE`.
pub(crate) fn article(mode: &str) -> &'static str {
    if mode.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The lock `kind` takes, if it touches an existing table.
pub(crate) fn lock_info(cx: &Cx<'_, '_>, kind: &Kind) -> Option<LockInfo> {
    let info = |table: &str, mode: &'static str, slow: bool| LockInfo {
        table: table.to_owned(),
        mode,
        blocking: matches!(mode, "ACCESS EXCLUSIVE" | "SHARE" | "SHARE ROW EXCLUSIVE"),
        access_exclusive: mode == "ACCESS EXCLUSIVE",
        slow,
    };
    let l = match kind {
        Kind::AlterTable { table, ops, .. } => {
            let weak = ops.iter().all(|op| {
                matches!(
                    op,
                    AlterOp::ValidateConstraint(_)
                        | AlterOp::AttachPartition
                        | AlterOp::DetachPartition { concurrently: true }
                )
            });
            let fk_only = ops.iter().all(|op| {
                matches!(op, AlterOp::AddConstraint(c) if matches!(c.kind, ConstraintKind::ForeignKey { .. }))
            });
            let slow = ops.iter().any(|op| op_is_slow(cx, table, op));
            let mode = if weak {
                "SHARE UPDATE EXCLUSIVE"
            } else if fk_only {
                "SHARE ROW EXCLUSIVE"
            } else {
                "ACCESS EXCLUSIVE"
            };
            info(table, mode, slow)
        }
        Kind::CreateIndex {
            table,
            concurrently: false,
            ..
        } => info(table, "SHARE", true),
        Kind::DropIndex {
            names,
            concurrently: false,
            ..
        } => {
            let table = names
                .first()
                .map(|n| {
                    cx.hist
                        .index_table
                        .get(n)
                        .cloned()
                        .unwrap_or_else(|| n.clone())
                })
                .unwrap_or_default();
            info(&table, "ACCESS EXCLUSIVE", false)
        }
        Kind::Drop { object, names, .. } if object == "TABLE" => info(
            names.first().map_or("", String::as_str),
            "ACCESS EXCLUSIVE",
            false,
        ),
        Kind::Reindex {
            concurrently: false,
        } => info("", "ACCESS EXCLUSIVE", true),
        Kind::VacuumFull | Kind::Cluster => info("", "ACCESS EXCLUSIVE", true),
        Kind::Truncate { .. } => info("", "ACCESS EXCLUSIVE", false),
        Kind::Update {
            table,
            whole_table: true,
            ..
        }
        | Kind::Delete {
            table,
            whole_table: true,
        }
        | Kind::InsertSelect { table, .. } => info(table, "ROW EXCLUSIVE", true),
        _ => return None,
    };
    if !l.table.is_empty() && cx.is_new(&l.table) {
        return None;
    }
    Some(l)
}

fn op_is_slow(cx: &Cx<'_, '_>, table: &str, op: &AlterOp) -> bool {
    match op {
        AlterOp::AlterType { column, ty } => {
            changing_column_type::is_widening(cx.column_type(table, column), ty) != Some(true)
        }
        AlterOp::SetNotNull(col) => {
            !setting_not_null::has_check(cx, table, col)
                && cx.column_not_null(table, col) != Some(true)
        }
        AlterOp::AddConstraint(c) => match c.kind {
            ConstraintKind::Check { .. } | ConstraintKind::ForeignKey { .. } => !c.not_valid,
            ConstraintKind::Unique | ConstraintKind::PrimaryKey => !c.using_index,
            ConstraintKind::Exclude => true,
        },
        AlterOp::AddColumn(c) => {
            adding_column_with_volatile_default::rewrites(cx, c).is_some()
                || adding_stored_generated_column::rewrites(c).is_some()
                // An inline REFERENCES is validated like ADD CONSTRAINT … FOREIGN KEY.
                || c.references.is_some()
        }
        AlterOp::Rewrite(_) | AlterOp::ValidateConstraint(_) => true,
        _ => false,
    }
}

/// Whether an opt-in rule is enabled by a configured level (the last setting
/// wins, as in [`apply_levels`]). Opt-in hygiene rules check this first, so
/// they cost nothing unless turned on.
pub(crate) fn enabled(cx: &Cx<'_, '_>, rule: &RuleMeta) -> bool {
    cx.opts
        .levels
        .iter()
        .rev()
        .find(|l| l.rule.eq_ignore_ascii_case(rule.code) || l.rule == rule.name)
        .is_some_and(|l| l.level.is_some())
}

/// Whether any of the opt-in section 1c hygiene rules (MIG050–MIG060, MIG063) is enabled.
fn hygiene_enabled(cx: &Cx<'_, '_>) -> bool {
    !cx.opts.levels.is_empty()
        && [
            &naming_convention::NamingConvention::META,
            &non_rerunnable_statement::NonRerunnableStatement::META,
            &unordered_enum_value::UnorderedEnumValue::META,
            &int_key_column::IntKeyColumn::META,
            &serial_column::SerialColumn::META,
            &varchar_with_length::VarcharWithLength::META,
            &char_column::CharColumn::META,
            &json_column::JsonColumn::META,
            &domain_with_constraint::DomainWithConstraint::META,
            &unqualified_table_name::UnqualifiedTableName::META,
            &duplicate_column_assignment::DuplicateColumnAssignment::META,
            &wide_non_unique_index::WideNonUniqueIndex::META,
        ]
        .into_iter()
        .any(|r| enabled(cx, r))
}

/// The opt-in hygiene rules (merged table section 1c) for one statement.
fn hygiene(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    non_rerunnable_statement::check(cx, st);
    unordered_enum_value::check(cx, st);
    domain_with_constraint::check(cx, st);
    unqualified_table_name::check(cx, st);
    duplicate_column_assignment::check(cx, st);
    wide_non_unique_index::check(cx, st);
    if !cx.opts.naming.is_empty() {
        naming_convention::check(cx, st);
    }
    match st.kind {
        Kind::CreateTable {
            table,
            columns,
            constraints,
            ..
        } => {
            for c in columns {
                let in_table_key = constraints.iter().any(|k| {
                    matches!(
                        k.kind,
                        ConstraintKind::PrimaryKey | ConstraintKind::ForeignKey { .. }
                    ) && k.columns.contains(&c.name)
                });
                column_hygiene(cx, st, table, c, in_table_key);
            }
        }
        Kind::AlterTable { table, ops, .. } => {
            for op in ops {
                if let AlterOp::AddColumn(c) = op {
                    column_hygiene(cx, st, table, c, false);
                }
            }
        }
        _ => {}
    }
}

fn column_hygiene(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, c: &Column, in_table_key: bool) {
    int_key_column::check(cx, st, table, c, int_key_column::is_key(c, in_table_key));
    serial_column::check(cx, st, table, c);
    varchar_with_length::check(cx, st, table, c);
    char_column::check(cx, st, table, c);
    json_column::check(cx, st, table, c);
}

/// Run every statement-level rule on `st`.
pub(crate) fn check_statement(cx: &mut Cx<'_, '_>, st: &St<'_>) {
    if hygiene_enabled(cx) {
        hygiene(cx, st);
    }
    let lock = lock_info(cx, st.kind);
    // Transaction- and lock-order rules look at the state before this statement.
    statements_after_access_exclusive::check(cx, st);
    rewrite_while_locked::check(cx, st, lock.as_ref());
    if let Some(l) = &lock {
        missing_lock_timeout::check(cx, st, l);
        missing_statement_timeout::check(cx, st, l);
        if l.access_exclusive && cx.in_tx() && cx.ae_lock.is_none() && !l.table.is_empty() {
            cx.ae_lock = Some((l.table.clone(), cx.loc(st.start, st.end)));
        }
    }
    if cx.in_tx() && is_ddl(st.kind) && cx.tx_ddl.is_none() {
        cx.tx_ddl = Some(cx.loc(st.start, st.end));
    }
    match st.kind {
        Kind::AlterTable { table, ops, .. } => {
            if lock.as_ref().is_some_and(|l| l.access_exclusive) {
                multiple_alter_table::record(cx, st, table);
            }
            for op in ops {
                alter_op(cx, st, table, op);
            }
        }
        Kind::CreateTable { table, columns, .. } => {
            identifier_too_long::check(
                cx,
                st,
                std::iter::once(table.as_str()).chain(columns.iter().map(|c| c.name.as_ref())),
            );
            for c in columns {
                timestamp_without_time_zone::check(cx, st, &c.name, &c.ty);
            }
        }
        Kind::CreateIndex {
            table,
            name,
            concurrently,
            ..
        } => {
            identifier_too_long::check(cx, st, name.iter().map(String::as_str));
            if *concurrently {
                concurrently_in_transaction::check(cx, st, "CREATE INDEX CONCURRENTLY");
            } else {
                non_concurrent_index::check(cx, st, table);
            }
            mixed_expand_contract::record(cx, st, table, Phase::Expand);
        }
        Kind::DropIndex {
            names,
            concurrently,
            ..
        } => {
            if *concurrently {
                concurrently_in_transaction::check(cx, st, "DROP INDEX CONCURRENTLY");
            } else {
                non_concurrent_index_drop::check(cx, st, names);
            }
        }
        Kind::Reindex { concurrently } => {
            if *concurrently {
                concurrently_in_transaction::check(cx, st, "REINDEX CONCURRENTLY");
            } else {
                non_concurrent_reindex::check(cx, st);
            }
        }
        Kind::Drop { object, names, .. } => match object.as_str() {
            "TABLE" => {
                for n in names {
                    dropping_table::check(cx, st, n);
                    mixed_expand_contract::record(cx, st, n, Phase::Contract);
                }
            }
            "SCHEMA" | "DATABASE" => dropping_schema::check(cx, st, object, names),
            _ => dropping_object::check(cx, st, object, names),
        },
        Kind::RenameObject { object, name } => renaming_object::check(cx, st, object, name),
        Kind::AlterTypeAddValue { .. } => behaviour_change::check(cx, st, "ALTER TYPE … ADD VALUE"),
        Kind::BehaviourChange(what) => behaviour_change::check(cx, st, what),
        Kind::VacuumFull | Kind::Cluster => vacuum_full_or_cluster::check(cx, st),
        Kind::Update {
            table,
            whole_table: true,
            ..
        }
        | Kind::Delete {
            table,
            whole_table: true,
        }
        | Kind::InsertSelect { table, .. } => backfill_in_transaction::record(cx, st, table),
        Kind::Truncate { cascade: true } => truncate_cascade::check(cx, st),
        _ => {}
    }
}

fn is_ddl(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::CreateTable { .. }
            | Kind::CreateIndex { .. }
            | Kind::DropIndex { .. }
            | Kind::AlterTable { .. }
            | Kind::Drop { .. }
            | Kind::RenameObject { .. }
            | Kind::Create { .. }
            | Kind::DomainConstraint { .. }
            | Kind::Truncate { .. }
    )
}

fn alter_op(cx: &mut Cx<'_, '_>, st: &St<'_>, table: &str, op: &AlterOp) {
    let phase = crate::engine::op_phase(cx, table, op);
    match op {
        AlterOp::AddColumn(c) => {
            identifier_too_long::check(cx, st, std::iter::once(c.name.as_ref()));
            timestamp_without_time_zone::check(cx, st, &c.name, &c.ty);
            adding_required_column::check(cx, st, table, c);
            adding_column_with_volatile_default::check(cx, st, table, c);
            adding_stored_generated_column::check(cx, st, table, c);
            if let Some(r) = &c.references {
                validated_foreign_key::check_inline(cx, st, table, c, r);
                foreign_key_without_index::record(cx, st, table, &c.name, r);
            }
        }
        AlterOp::DropColumn { column, .. } => dropping_column::check(cx, st, table, column),
        AlterOp::RenameColumn { from, to } => renaming_column::check(cx, st, table, from, to),
        // A rename onto a table dropped in this transaction is a swap (MIG002 says so).
        AlterOp::RenameTable { to } if dropping_table::on_rename(cx, st, table, to) => {}
        AlterOp::RenameTable { to } => renaming_table::check(cx, st, table, to),
        AlterOp::SetSchema => renaming_object::check(cx, st, "TABLE", table),
        AlterOp::RenameConstraint { from, .. } => {
            renaming_object::check(cx, st, "CONSTRAINT", from)
        }
        AlterOp::AlterType { column, ty } => changing_column_type::check(cx, st, table, column, ty),
        AlterOp::SetNotNull(col) => {
            setting_not_null::check(cx, st, table, col);
            contract_without_deprecation::check(cx, st, table, col);
        }
        AlterOp::DropNotNull(col) => dropping_not_null::check(cx, st, table, col),
        AlterOp::DropDefault(col) => dropping_column_default::check(cx, st, table, col),
        AlterOp::Identity(col) => altering_identity::check(cx, st, table, col),
        AlterOp::DropExpression(col) => {
            dropping_object::check(cx, st, "GENERATED EXPRESSION", std::slice::from_ref(col))
        }
        AlterOp::AddConstraint(k) => {
            if k.not_valid {
                if let Some(n) = &k.name {
                    cx.tx_not_valid.insert(n.clone());
                }
            }
            new_write_restriction::check(cx, st, table, k);
            match &k.kind {
                ConstraintKind::ForeignKey { ref_table } => {
                    validated_foreign_key::check(cx, st, table, k);
                    if let Some(col) = k.columns.first() {
                        foreign_key_without_index::record(cx, st, table, col, ref_table);
                    }
                }
                ConstraintKind::Check { .. } => validated_check_constraint::check(cx, st, table, k),
                ConstraintKind::Unique => adding_unique_constraint::check(cx, st, table, k),
                ConstraintKind::PrimaryKey => adding_primary_key::check(cx, st, table, k),
                ConstraintKind::Exclude => adding_exclusion_constraint::check(cx, st, table),
            }
        }
        AlterOp::ValidateConstraint(name) => validate_in_same_transaction::check(cx, st, name),
        AlterOp::DropConstraint { name, .. } => dropping_constraint::check(cx, st, table, name),
        AlterOp::DetachPartition { concurrently } => {
            if *concurrently {
                concurrently_in_transaction::check(cx, st, "DETACH PARTITION CONCURRENTLY");
            } else {
                non_concurrent_partition_detach::check(cx, st);
            }
        }
        AlterOp::Behaviour(what) => behaviour_change::check(cx, st, what),
        _ => {}
    }
    let tracked = match op {
        // Constraints are not expand steps for mixing: the NOT NULL recipe adds a
        // CHECK, validates it, sets NOT NULL and drops the CHECK in one file.
        AlterOp::AddColumn(_) => Some(Phase::Expand),
        _ if phase == Phase::Contract => Some(Phase::Contract),
        _ => None,
    };
    if let Some(p) = tracked {
        mixed_expand_contract::record(cx, st, table, p);
    }
}

/// File-level rules, after the last statement.
pub(crate) fn end_of_file(cx: &mut Cx<'_, '_>) {
    if !cx.report {
        return;
    }
    uncommitted_transaction::end_of_file(cx);
    multiple_alter_table::end_of_file(cx);
    foreign_key_without_index::end_of_file(cx);
    mixed_expand_contract::end_of_file(cx);
}

/// Apply configured levels: change a rule's level, turn it off, or enable an opt-in rule.
pub(crate) fn apply_levels(diags: &mut Vec<Diagnostic>, levels: &[RuleLevel]) {
    let opt_in_codes: Vec<&'static str> = registry()
        .iter()
        .filter(|r| r.opt_in)
        .map(|r| r.code)
        .collect();
    let setting = |d: &Diagnostic| {
        levels
            .iter()
            .rev()
            .find(|l| l.rule.eq_ignore_ascii_case(&d.code) || l.rule == d.name)
    };
    diags.retain_mut(|d| match setting(d) {
        Some(RuleLevel { level: None, .. }) => false,
        Some(RuleLevel { level: Some(l), .. }) => {
            d.level = *l;
            true
        }
        None => !opt_in_codes.contains(&d.code.as_ref()),
    });
}

/// The expand → migrate → contract recipe for replacing a column, as notes.
pub(crate) fn column_recipe(table: &str, old: &str, new: &str, ty: &str, why: &str) -> Vec<String> {
    vec![
        format!(
            "expand (release 1): ALTER TABLE {table} ADD COLUMN {new} {ty}; -- {why}; the app writes both {old} and {new} (or a trigger copies {old} → {new})"
        ),
        format!(
            "migrate (release 1, outside the DDL transaction, in batches): UPDATE {table} SET {new} = {old} WHERE {new} IS NULL AND id BETWEEN $1 AND $2;"
        ),
        format!(
            "contract (release 2, once no running version reads {old}): mark it deprecated (`-- shipgate-deprecate {table}.{old}: replaced by {new}`), deploy, then ALTER TABLE {table} DROP COLUMN {old};"
        ),
    ]
}

/// The recipe for removing a column or table safely.
pub(crate) fn drop_recipe(target: &str, drop_sql: &str) -> Vec<String> {
    vec![
        format!("1. release N: stop reading and writing {target} in the application (for Rails, `ignored_columns`)."),
        format!("2. release N: mark it deprecated in that migration: `-- shipgate-deprecate {target}: <why>` (or in shipgate.toml [lint-migrations] deprecations)."),
        format!("3. release N+1, after every running version ignores it: {drop_sql}"),
    ]
}
