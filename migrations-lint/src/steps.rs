//! The steps of a migration history: for every statement, its phase (expand,
//! migrate, contract) and the objects it touches (tables and columns), as
//! data. The broker's gate reads these to decide whether an environment's
//! database is ready for a release; the rules never need them.
//!
//! Collected by the engine when [`crate::Options::steps`] is on, so that a
//! plain lint pays nothing for them.

use crate::engine::{op_phase, phase_of, Cx};
use crate::model::{AlterOp, Kind, Phase};

/// One object a statement touches, with the phase of what it does to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    /// The table key (`orders`, `audit.events`); for `DROP INDEX` of an index
    /// whose table is unknown, the index name.
    pub table: String,
    /// The column, when the statement names one.
    pub column: Option<String>,
    pub phase: Phase,
}

/// One statement of a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index of the file in the slice given to [`crate::lint`].
    pub file: usize,
    /// 1-based line where the statement starts.
    pub line: u32,
    /// The statement's phase: the strongest of its touches.
    pub phase: Phase,
    /// A short label (`ALTER TABLE`, `DROP`, …).
    pub label: &'static str,
    /// The statement text, whitespace collapsed, cut to 200 characters.
    pub text: String,
    pub touches: Vec<Touch>,
}

/// The longest statement text kept in a [`Step`].
const MAX_TEXT: usize = 200;

fn short_text(src: &str) -> String {
    let mut out = String::new();
    for (i, w) in src.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if out.len() > MAX_TEXT {
            break;
        }
    }
    if out.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

fn touch(table: &str, column: Option<&str>, phase: Phase) -> Touch {
    Touch {
        table: table.to_owned(),
        column: column.map(str::to_owned),
        phase,
    }
}

/// What `kind` touches, before the history learns from it (so that a column's
/// phase sees the table as it was).
pub(crate) fn touches(cx: &Cx<'_, '_>, kind: &Kind) -> Vec<Touch> {
    let phase = phase_of(cx, kind);
    match kind {
        Kind::CreateTable { table, columns, .. } => {
            let mut out = vec![touch(table, None, Phase::Expand)];
            out.extend(
                columns
                    .iter()
                    .map(|c| touch(table, Some(&c.name), Phase::Expand)),
            );
            out
        }
        Kind::CreateIndex { table, columns, .. } => {
            let mut out = vec![touch(table, None, Phase::Expand)];
            out.extend(columns.iter().map(|c| touch(table, Some(c), Phase::Expand)));
            out
        }
        Kind::DropIndex { names, .. } => names
            .iter()
            .map(|n| {
                let table = cx.hist.index_table.get(n).cloned();
                touch(table.as_deref().unwrap_or(n), None, Phase::Contract)
            })
            .collect(),
        Kind::AlterTable { table, ops, .. } => ops
            .iter()
            .map(|op| {
                let p = op_phase(cx, table, op);
                let column = match op {
                    AlterOp::AddColumn(c) => Some(c.name.as_str()),
                    AlterOp::DropColumn { column, .. }
                    | AlterOp::AlterType { column, .. }
                    | AlterOp::SetNotNull(column)
                    | AlterOp::DropNotNull(column)
                    | AlterOp::SetDefault(column, _)
                    | AlterOp::DropDefault(column)
                    | AlterOp::Identity(column)
                    | AlterOp::DropExpression(column) => Some(column.as_str()),
                    AlterOp::RenameColumn { from, .. } => Some(from.as_str()),
                    _ => None,
                };
                touch(table, column, p)
            })
            .collect(),
        Kind::Drop { names, .. } => names
            .iter()
            .map(|n| touch(&crate::model::table_key_str(n), None, Phase::Contract))
            .collect(),
        Kind::RenameObject { name, .. } => {
            vec![touch(&crate::model::table_key_str(name), None, phase)]
        }
        Kind::Update { table, .. }
        | Kind::Delete { table, .. }
        | Kind::InsertSelect { table, .. } => vec![touch(table, None, phase)],
        Kind::CommentOn { table, column, .. } => {
            vec![touch(table, column.as_deref(), Phase::Expand)]
        }
        _ => Vec::new(),
    }
}

/// Record the step for a statement at `start..end` (called by the engine).
pub(crate) fn record(cx: &mut Cx<'_, '_>, start: usize, end: usize, kind: &Kind) {
    let touches = touches(cx, kind);
    if touches.is_empty() {
        return;
    }
    let phase = touches
        .iter()
        .map(|t| t.phase)
        .max()
        .unwrap_or(Phase::Expand);
    let line = cx.index.position(cx.src, start).line;
    cx.steps.push(Step {
        file: cx.file,
        line,
        phase,
        label: kind.label(),
        text: short_text(&cx.src[start..end]),
        touches,
    });
}

#[cfg(test)]
mod tests {
    use crate::{lint, Options, SourceFile};

    fn steps(files: &[(&str, &str)]) -> Vec<(usize, u32, &'static str, Vec<String>)> {
        let files: Vec<SourceFile> = files
            .iter()
            .enumerate()
            .map(|(i, (p, t))| SourceFile {
                path: (*p).into(),
                text: (*t).into(),
                report: true,
                change_set: i,
                edited_at_line: None,
            })
            .collect();
        let opts = Options {
            steps: true,
            parse: false,
            ..Options::default()
        };
        lint(&files, &opts)
            .steps
            .into_iter()
            .map(|s| {
                (
                    s.file,
                    s.line,
                    s.phase.as_str(),
                    s.touches
                        .iter()
                        .map(|t| match &t.column {
                            Some(c) => format!("{}.{c}:{}", t.table, t.phase.as_str()),
                            None => format!("{}:{}", t.table, t.phase.as_str()),
                        })
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn phases_and_touched_objects_per_statement() {
        let got = steps(&[
            ("V1.sql", "CREATE TABLE orders (id int, total int);\n"),
            (
                "V2.sql",
                "ALTER TABLE orders ADD COLUMN amount_minor bigint;\nUPDATE orders SET amount_minor = total * 100;\n",
            ),
            (
                "V3.sql",
                "-- the contract step\nALTER TABLE public.orders DROP COLUMN total;\nDROP TABLE legacy;\n",
            ),
        ]);
        assert_eq!(
            got,
            vec![
                (
                    0,
                    1,
                    "expand",
                    vec![
                        "orders:expand".into(),
                        "orders.id:expand".into(),
                        "orders.total:expand".into()
                    ]
                ),
                (1, 1, "expand", vec!["orders.amount_minor:expand".into()]),
                (1, 2, "migrate", vec!["orders:migrate".into()]),
                (2, 2, "contract", vec!["orders.total:contract".into()]),
                (2, 3, "contract", vec!["legacy:contract".into()]),
            ]
        );
    }

    #[test]
    fn steps_are_off_by_default() {
        let files = [SourceFile {
            path: "a.sql".into(),
            text: "ALTER TABLE t DROP COLUMN c;".into(),
            report: true,
            change_set: 0,
            edited_at_line: None,
        }];
        assert!(lint(&files, &Options::default()).steps.is_empty());
    }

    #[test]
    fn long_statements_are_cut() {
        let long = format!("UPDATE t SET c = '{}';", "x".repeat(500));
        let got = super::short_text(&long);
        assert!(
            got.ends_with('…') && got.len() <= super::MAX_TEXT + 3,
            "{got}"
        );
    }
}
