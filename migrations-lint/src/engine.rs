//! The lint engine: walks files in apply order, keeps the schema history
//! (tables, columns, indexes, deprecations, what each change set expanded),
//! tracks transactions and timeouts per file, lints `DO` bodies, runs the
//! rules, validates statements with sqlparser and applies suppressions.

use crate::classify::{classify, ident_text};
use crate::lex::{substitute, Tok, Token};
use crate::model::{AlterOp, Kind, Phase};
use crate::rules;
use crate::split::{split, RawStmt, Splitter};
use crate::suppress;
use shipgate_diagnostics::{Diagnostic, Level, LineIndex, Location, RuleMeta};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::mpsc;

/// FNV-1a: a fast hasher for the engine's small string-keyed maps (input is
/// the user's own migrations, so hash flooding is not a concern).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// Which sqlparser dialect validates statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    PostgreSql,
    MySql,
    Sqlite,
    Generic,
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::PostgreSql),
            "mysql" => Ok(Dialect::MySql),
            "sqlite" => Ok(Dialect::Sqlite),
            "generic" => Ok(Dialect::Generic),
            _ => Err(format!(
                "unknown dialect `{s}`: expected one of postgres, mysql, sqlite, generic"
            )),
        }
    }
}

/// A column or table marked deprecated in `shipgate.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub table: String,
    pub column: Option<String>,
    pub reason: String,
}

/// A rule's configured level; `None` turns it off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLevel {
    /// Code (`MIG016`) or name (`non-concurrent-index`).
    pub rule: String,
    pub level: Option<Level>,
}

/// How to lint.
#[derive(Debug, Clone)]
pub struct Options {
    /// PostgreSQL major version of the target server.
    pub pg_version: u32,
    pub dialect: Dialect,
    /// Treat each file as wrapped in one transaction (Flyway, sqlx, Rails, …).
    pub assume_in_transaction: bool,
    pub deprecations: Vec<Deprecation>,
    /// `--var NAME=VALUE` placeholder substitutions.
    pub vars: Vec<(String, String)>,
    /// Level overrides; opt-in rules are enabled by giving them a level.
    pub levels: Vec<RuleLevel>,
    /// Validate statements with sqlparser (the "not fully analysed" notes).
    pub parse: bool,
    /// Naming patterns for `naming-convention` (MIG063).
    pub naming: rules::naming_convention::Naming,
    /// Already-merged migrations deleted or renamed away since the `--changed-since`
    /// ref, reported as `applied-migration-deleted` (MIG064).
    pub deleted: Vec<DeletedFile>,
    /// Collect every statement's phase and touched objects ([`Outcome::steps`]).
    pub steps: bool,
}

/// A migration that existed at the `--changed-since` ref and no longer does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedFile {
    /// The path it had, as shown in findings.
    pub path: String,
    /// The ref it existed at, as given.
    pub since: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pg_version: 15,
            dialect: Dialect::PostgreSql,
            assume_in_transaction: false,
            deprecations: Vec::new(),
            vars: Vec::new(),
            levels: Vec::new(),
            parse: true,
            naming: rules::naming_convention::Naming::default(),
            deleted: Vec::new(),
            steps: false,
        }
    }
}

/// One migration file, in apply order.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in findings.
    pub path: String,
    pub text: String,
    /// Report findings for this file (false: read for history only).
    pub report: bool,
    /// Files with the same change-set id are deployed together (one PR).
    pub change_set: usize,
    /// For an already-merged file (`report: false`) that was modified since the
    /// `--changed-since` ref: the first changed line (1-based). It is reported as
    /// `applied-migration-edited` and otherwise read for history only.
    pub edited_at_line: Option<usize>,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Reported files that were analysed (at least partly), and edited
    /// already-merged files (checked for the edit only).
    pub files: usize,
    pub statements: usize,
    /// With [`Options::steps`]: every statement's phase and touched objects, in apply order.
    pub steps: Vec<crate::steps::Step>,
    /// One entry per reported file (and edited already-merged file), in apply
    /// order: its phase and statement count, whether or not it has findings.
    pub file_summaries: Vec<FileSummary>,
    /// The schema history, kept so that a caller about to exit can skip
    /// freeing it (`std::mem::forget`): for 50,000 statements that is 4% of the run.
    history: History,
}

/// What one linted file is, for people: its phase, even when it has no findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The path as shown in findings.
    pub path: String,
    /// The strongest phase of its statements (`expand` for a file with none).
    pub phase: Phase,
    pub statements: usize,
    /// The runner marker that turned off transaction wrapping for this file, if any.
    pub no_transaction_marker: Option<&'static str>,
}

/// Decode file bytes; invalid UTF-8 becomes an `unreadable-file` finding at its line and column.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
        let idx = LineIndex::new(prefix);
        let pos = idx.position(prefix, valid);
        let mut loc = Location::from_bytes(path, &idx, prefix, valid, valid);
        if let Some(span) = &mut loc.span {
            span.start = pos;
            span.end = pos;
        }
        Box::new(
            Diagnostic::new(
                &rules::unreadable_file::UnreadableFile::META,
                format!(
                    "invalid UTF-8 at line {}, column {} (byte {valid}); the file was not linted",
                    pos.line, pos.column
                ),
                loc,
            )
            .with_help("save the migration as UTF-8"),
        )
    })
}

/// A table known from the migrations read so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableInfo {
    pub change_set: usize,
    pub columns: FastMap<String, ColumnInfo>,
}

#[derive(Debug, Clone)]
pub(crate) struct ColumnInfo {
    pub ty: String,
    pub change_set: usize,
    /// Declared NOT NULL (or part of a primary key, or an identity column).
    pub not_null: bool,
}

/// A deprecation and where it came from (`None`: `shipgate.toml`).
#[derive(Debug, Clone)]
pub(crate) struct DeprecationInfo {
    pub change_set: Option<usize>,
}

/// Everything learnt from the files read so far.
#[derive(Debug, Default)]
pub(crate) struct History {
    pub tables: FastMap<String, TableInfo>,
    /// `(table, column)`; the column is empty for a whole table.
    pub deprecated: FastMap<(String, String), DeprecationInfo>,
    /// Validated `CHECK (col IS NOT NULL)` constraints.
    pub not_null_checks: FastSet<(String, String)>,
    /// `NOT VALID` CHECK (col IS NOT NULL) constraints by name, awaiting VALIDATE.
    pub pending_checks: FastMap<String, (String, String)>,
    /// Index name → table.
    pub index_table: FastMap<String, String>,
    /// (table, first column) of every index, primary key and unique constraint.
    pub indexed: FastSet<(String, String)>,
    /// Constraint name → change set that created it.
    pub constraints: FastMap<String, usize>,
    /// Table → (change set, file, location) of the first expand step in that change set.
    pub expanded: FastMap<String, (usize, usize, Location)>,
}

/// Per-file state, and the API the rules use.
pub(crate) struct Cx<'a, 'q> {
    pub opts: &'a Options,
    pub hist: &'a mut History,
    pub path: &'a str,
    pub src: &'a str,
    pub index: LineIndex,
    pub file: usize,
    pub change_set: usize,
    pub report: bool,
    pub diags: Vec<Diagnostic>,
    // Transactions.
    pub explicit_tx: bool,
    /// A runner marker (`-- migrate:up transaction:false`, …) says the tool does
    /// not wrap this file in a transaction, whatever `--assume-in-transaction` says.
    pub no_tx_marker: Option<&'static str>,
    /// Tables dropped in the current transaction, with the index of their
    /// `dropping-table` finding in `diags` (a later rename onto the name is a swap).
    pub tx_drops: Vec<(String, Option<usize>)>,
    pub tx_begin: Option<Location>,
    pub nested_begin_reported: bool,
    /// Tables created in this file.
    pub created_here: FastSet<String>,
    pub lock_timeout: bool,
    pub statement_timeout: bool,
    pub lock_timeout_reported: bool,
    pub statement_timeout_reported: bool,
    /// ACCESS EXCLUSIVE lock held in the current transaction: table and where taken.
    pub ae_lock: Option<(String, Location)>,
    pub after_lock_reported: bool,
    /// DDL seen in the current transaction (first location).
    pub tx_ddl: Option<Location>,
    /// Backfills in the current transaction: (table, statement).
    pub tx_backfills: Vec<(String, Pos)>,
    /// Constraints added NOT VALID in the current transaction.
    pub tx_not_valid: FastSet<String>,
    /// Per table: first expand and first contract statement in this file.
    pub expand_at: FastMap<String, Pos>,
    pub contract_at: Vec<(String, Pos)>,
    /// Per table: ALTER TABLE statements taking ACCESS EXCLUSIVE in this file.
    pub alter_count: FastMap<String, Vec<Pos>>,
    /// Foreign keys added in this file: (table, column, referenced table, statement).
    pub fks: Vec<(String, String, String, Pos)>,
    pub file_phase: Option<Phase>,
    /// With [`Options::steps`]: the steps of this file so far.
    pub steps: Vec<crate::steps::Step>,
    /// Statements queued for sqlparser: (start, end, label, phase).
    pub parse_jobs: Vec<ParseJob>,
    pub queue: &'a mut ParseQueue<'q>,
}

/// A statement's byte range, phase and whether it is inside a `DO` block.
pub(crate) type Pos = (usize, usize, Phase, bool);

/// A statement as the rules see it.
#[derive(Debug)]
pub(crate) struct St<'k> {
    pub start: usize,
    pub end: usize,
    pub kind: &'k Kind,
    pub in_do: bool,
    pub phase: Phase,
}

impl St<'_> {
    pub fn pos(&self) -> Pos {
        (self.start, self.end, self.phase, self.in_do)
    }
}

impl<'a, 'q> Cx<'a, 'q> {
    fn new(
        opts: &'a Options,
        hist: &'a mut History,
        queue: &'a mut ParseQueue<'q>,
        f: &'a SourceFile,
        file: usize,
        src: &'a str,
    ) -> Self {
        Cx {
            opts,
            hist,
            path: &f.path,
            src,
            index: LineIndex::new(src),
            file,
            change_set: f.change_set,
            report: f.report,
            diags: Vec::new(),
            explicit_tx: false,
            no_tx_marker: None,
            tx_drops: Vec::new(),
            tx_begin: None,
            nested_begin_reported: false,
            created_here: FastSet::default(),
            lock_timeout: false,
            statement_timeout: false,
            lock_timeout_reported: false,
            statement_timeout_reported: false,
            ae_lock: None,
            after_lock_reported: false,
            tx_ddl: None,
            tx_backfills: Vec::new(),
            tx_not_valid: FastSet::default(),
            expand_at: FastMap::default(),
            contract_at: Vec::new(),
            alter_count: FastMap::default(),
            fks: Vec::new(),
            file_phase: None,
            steps: Vec::new(),
            parse_jobs: Vec::new(),
            queue,
        }
    }
}

impl Cx<'_, '_> {
    pub fn in_tx(&self) -> bool {
        self.explicit_tx || (self.opts.assume_in_transaction && self.no_tx_marker.is_none())
    }

    pub fn loc(&self, start: usize, end: usize) -> Location {
        Location::from_bytes(self.path, &self.index, self.src, start, end)
    }

    /// A finding for `rule` at statement `st`.
    pub fn diag(&self, rule: &RuleMeta, st: &St<'_>, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::new(rule, message, self.loc(st.start, st.end))
            .with_property("phase", st.phase.as_str());
        if st.in_do {
            d = d.with_property("in_do_block", "true");
        }
        d
    }

    /// A finding for `rule` at a recorded statement position.
    pub fn diag_at(&self, rule: &RuleMeta, pos: &Pos, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::new(rule, message, self.loc(pos.0, pos.1))
            .with_property("phase", pos.2.as_str());
        if pos.3 {
            d = d.with_property("in_do_block", "true");
        }
        d
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Whether `table` is new: created in this file or in the same change set.
    pub fn is_new(&self, table: &str) -> bool {
        self.created_here.contains(table)
            || self
                .hist
                .tables
                .get(table)
                .is_some_and(|t| t.change_set == self.change_set)
    }

    /// Whether `column` of `table` was added in this change set.
    pub fn is_new_column(&self, table: &str, column: &str) -> bool {
        self.is_new(table)
            || self
                .hist
                .tables
                .get(table)
                .and_then(|t| t.columns.get(column))
                .is_some_and(|c| c.change_set == self.change_set)
    }

    /// Whether `column` of `table` is NOT NULL, when the migrations read say.
    pub fn column_not_null(&self, table: &str, column: &str) -> Option<bool> {
        self.hist
            .tables
            .get(table)?
            .columns
            .get(column)
            .map(|c| c.not_null)
    }

    pub fn column_type(&self, table: &str, column: &str) -> Option<&str> {
        self.hist
            .tables
            .get(table)?
            .columns
            .get(column)
            .map(|c| c.ty.as_str())
    }

    /// A deprecation of `table` (or of `table.column`) made before this change set.
    pub fn deprecation(&self, table: &str, column: Option<&str>) -> Option<&DeprecationInfo> {
        let valid = |d: &&DeprecationInfo| d.change_set != Some(self.change_set);
        column
            .and_then(|c| {
                self.hist
                    .deprecated
                    .get(&(table.to_owned(), c.to_owned()))
                    .filter(valid)
            })
            .or_else(|| {
                self.hist
                    .deprecated
                    .get(&(table.to_owned(), String::new()))
                    .filter(valid)
            })
    }
}

/// Lint `files` (in apply order) and return the findings for the reported ones.
///
/// sqlparser validates statements on worker threads *while* the engine lints:
/// the engine queues each statement as it reaches it, so on two cores the
/// validation costs no wall time.
pub fn lint(files: &[SourceFile], opts: &Options) -> Outcome {
    let mut hist = History::default();
    for d in &opts.deprecations {
        hist.deprecated.insert(
            (
                crate::model::table_key_str(&d.table),
                d.column.clone().unwrap_or_default().to_ascii_lowercase(),
            ),
            DeprecationInfo { change_set: None },
        );
    }
    let mut out = Outcome::default();
    let mut jobs: FastMap<usize, Vec<ParseJob>> = FastMap::default();
    let mut per_file: Vec<(usize, Vec<Diagnostic>, Option<Phase>)> = Vec::new();
    let substituted: Vec<Option<String>> = files
        .iter()
        .map(|f| substitute(&f.text, &opts.vars))
        .collect();
    let text = |f: usize| substituted[f].as_deref().unwrap_or(&files[f].text);
    // The last already-merged file: a reported file before it may be out of order.
    let last_merged = files.iter().rposition(|f| !f.report);
    let failures = std::thread::scope(|scope| {
        let mut queue = ParseQueue::start(scope, opts, text);
        for (i, f) in files.iter().enumerate() {
            let src = text(i);
            let mut cx = Cx::new(opts, &mut hist, &mut queue, f, i, src);
            let n = lint_file(&mut cx);
            out.steps.append(&mut cx.steps);
            if f.report && last_merged.is_some_and(|m| m > i) {
                if let Some(later) = rules::out_of_order_migration::later_merged(files, i) {
                    let d = rules::out_of_order_migration::finding(&cx, later);
                    cx.push(d);
                }
            }
            if f.report || f.edited_at_line.is_some() {
                out.file_summaries.push(FileSummary {
                    path: f.path.clone(),
                    phase: cx.file_phase.unwrap_or(Phase::Expand),
                    statements: n,
                    no_transaction_marker: cx.no_tx_marker,
                });
            }
            if f.report {
                out.statements += n;
                out.files += 1;
                let Cx {
                    diags,
                    parse_jobs,
                    file_phase,
                    ..
                } = cx;
                jobs.insert(i, parse_jobs);
                per_file.push((i, diags, file_phase));
            } else if let Some(line) = f.edited_at_line {
                out.files += 1;
                let d = rules::applied_migration_edited::finding(&cx, line);
                per_file.push((i, vec![d], cx.file_phase));
            }
        }
        queue.finish()
    });
    let mut notes: FastMap<usize, Vec<ParseNote>> = FastMap::default();
    for (f, start, end, err) in failures {
        let Some(list) = jobs.get(&f) else { continue };
        if let Ok(j) = list.binary_search_by_key(&start, |j| j.0) {
            let (_, _, label, phase) = list[j];
            notes
                .entry(f)
                .or_default()
                .push((start, end, label, phase, err));
        }
    }
    for (i, mut diags, phase) in per_file {
        let f = &files[i];
        let src = text(i);
        let index = LineIndex::new(src);
        if let Some(list) = notes.get(&i) {
            for (start, end, label, phase, err) in list {
                diags.push(
                    rules::not_fully_analysed::note(&f.path, &index, src, *start, *end, label, err)
                        .with_property("phase", phase.as_str()),
                );
            }
        }
        rules::apply_levels(&mut diags, &opts.levels);
        let mut diags = suppress::apply(&f.path, src, &index, diags);
        if !f.report {
            // An edited, already-merged file reports only the edit: its ignore
            // comments were for findings that are not re-reported now.
            let edited = rules::applied_migration_edited::AppliedMigrationEdited::META.code;
            diags.retain(|d| d.code == edited);
        }
        // Findings not tied to one statement (unterminated quotes, ignores, an
        // unclosed transaction) carry the file's phase.
        let p = phase.unwrap_or(Phase::Expand).as_str();
        for d in &mut diags {
            d.properties.insert("file_phase", p);
            d.properties.insert_if_absent("phase", p);
        }
        // Files stay in apply order; within a file, by position then code.
        shipgate_diagnostics::sort_in_file(&mut diags);
        if out.diagnostics.is_empty() {
            // One file (the common case): move, never copy, the findings.
            out.diagnostics = diags;
        } else {
            out.diagnostics.extend(diags);
        }
    }
    // Deleted files have no text (no spans, no ignore comments); they follow
    // the files that exist, in apply order.
    let mut deleted: Vec<&DeletedFile> = opts
        .deleted
        .iter()
        .filter(|d| rules::applied_migration_deleted::counts(&d.path))
        .collect();
    deleted.sort_by_key(|d| crate::layout::order_key(&d.path));
    let mut diags: Vec<Diagnostic> = deleted
        .into_iter()
        .map(rules::applied_migration_deleted::finding)
        .collect();
    rules::apply_levels(&mut diags, &opts.levels);
    for d in &mut diags {
        d.properties.insert("file_phase", Phase::Expand.as_str());
        d.properties
            .insert_if_absent("phase", Phase::Expand.as_str());
    }
    out.diagnostics.extend(diags);
    out.history = hist;
    out
}

/// A statement queued for sqlparser: (start, end, label, phase).
type ParseJob = (usize, usize, &'static str, Phase);
/// A rejected statement, ready to report: (start, end, label, phase, error).
type ParseNote = (usize, usize, &'static str, Phase, String);
/// A statement sqlparser rejected: (file, start, end, error).
type ParseFailure = (usize, usize, usize, String);

/// Statements on their way to the sqlparser workers, sent in batches.
pub(crate) struct ParseQueue<'scope> {
    senders: Vec<mpsc::Sender<Vec<(usize, usize, usize)>>>,
    workers: Vec<std::thread::ScopedJoinHandle<'scope, Vec<ParseFailure>>>,
    batch: Vec<(usize, usize, usize)>,
    next: usize,
}

impl<'scope> ParseQueue<'scope> {
    const BATCH: usize = 256;

    /// Start the workers: one per core but the one the engine runs on, at least one.
    /// With `opts.parse` off there are none and [`ParseQueue::push`] does nothing.
    fn start<'env, F>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        opts: &Options,
        text: F,
    ) -> Self
    where
        F: Fn(usize) -> &'env str + Copy + Send + 'scope,
    {
        let n = if opts.parse {
            std::thread::available_parallelism()
                .map_or(1, std::num::NonZeroUsize::get)
                .saturating_sub(1)
                .clamp(1, 7)
        } else {
            0
        };
        let dialect = opts.dialect;
        let (senders, workers) = (0..n)
            .map(|_| {
                let (tx, rx) = mpsc::channel::<Vec<(usize, usize, usize)>>();
                let worker = scope.spawn(move || {
                    let mut failed = Vec::new();
                    for batch in rx {
                        for (f, start, end) in batch {
                            if let Some(e) = parse_one(&text(f)[start..end], dialect) {
                                failed.push((f, start, end, e));
                            }
                        }
                    }
                    failed
                });
                (tx, worker)
            })
            .unzip();
        ParseQueue {
            senders,
            workers,
            batch: Vec::with_capacity(Self::BATCH),
            next: 0,
        }
    }

    pub(crate) fn push(&mut self, file: usize, start: usize, end: usize) {
        if self.senders.is_empty() {
            return;
        }
        self.batch.push((file, start, end));
        if self.batch.len() == Self::BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(Self::BATCH));
        let i = self.next % self.senders.len();
        self.next += 1;
        // A worker only stops early by panicking; its statements then go unvalidated.
        let _ = self.senders[i].send(batch);
    }

    /// Send what is left, close the queues and collect every rejection.
    fn finish(mut self) -> Vec<ParseFailure> {
        self.flush();
        self.senders.clear();
        self.workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    }
}

/// Parse one statement; `Some(error)` when sqlparser rejects it.
fn parse_one(sql: &str, dialect: Dialect) -> Option<String> {
    use sqlparser::dialect::{GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    // Tolerated placeholders become identifiers of the same shape.
    let owned;
    let sql = if sql.contains("{{") || sql.contains("${") {
        owned = replace_placeholders(sql);
        owned.as_str()
    } else {
        sql
    };
    let r = match dialect {
        Dialect::PostgreSql => sqlparser::parser::Parser::parse_sql(&PostgreSqlDialect {}, sql),
        Dialect::MySql => sqlparser::parser::Parser::parse_sql(&MySqlDialect {}, sql),
        Dialect::Sqlite => sqlparser::parser::Parser::parse_sql(&SQLiteDialect {}, sql),
        Dialect::Generic => sqlparser::parser::Parser::parse_sql(&GenericDialect {}, sql),
    };
    r.err().map(|e| e.to_string())
}

fn replace_placeholders(sql: &str) -> String {
    let (toks, _) = crate::lex::lex(sql);
    let mut out = String::with_capacity(sql.len());
    let mut last = 0;
    for t in toks.iter().filter(|t| t.kind == Tok::Placeholder) {
        out.push_str(&sql[last..t.start]);
        out.push_str("shipgate_placeholder");
        last = t.end;
    }
    out.push_str(&sql[last..]);
    out
}

/// Lint one file; returns the number of statements.
fn lint_file(cx: &mut Cx<'_, '_>) -> usize {
    let src = cx.src;
    cx.no_tx_marker = no_transaction_marker(src);
    // Streamed: only the current statement's tokens are in memory.
    let mut sp = Splitter::new(src, 0);
    let mut n = 0;
    for s in sp.by_ref() {
        n += 1;
        if s.meta {
            continue;
        }
        let kind = classify(src, &s.toks);
        statement(cx, &s, &kind, false);
    }
    if let Some(e) = &sp.error {
        let d = rules::unparsable_sql::finding(cx, e);
        cx.push(d);
    }
    // Deprecation markers only count for later files, so reading them last is fine.
    record_comment_markers(cx, &sp.comments);
    end_transaction(cx);
    rules::end_of_file(cx);
    n
}

/// Runner markers that turn off transaction wrapping for one file, as
/// (what the comment says, normalised; the marker as documented).
const NO_TRANSACTION_MARKERS: [(&str, &str); 5] = [
    // dbmate: options follow `migrate:up` on its line.
    (
        "migrate:up transaction:false",
        "-- migrate:up transaction:false",
    ),
    // mattermost/morph.
    ("morph:nontransactional", "-- morph:nontransactional"),
    // sqlx: the first line of the file.
    ("no-transaction", "-- no-transaction"),
    // goose.
    ("+goose no transaction", "-- +goose NO TRANSACTION"),
    // graphile-migrate: `--! no-transaction`.
    ("! no-transaction", "--! no-transaction"),
];

/// The runner marker among the comments before the first statement, if any.
/// Every runner that has one reads it from the head of the file.
fn no_transaction_marker(src: &str) -> Option<&'static str> {
    for t in crate::lex::Lexer::new(src) {
        if t.kind != Tok::Comment {
            return None;
        }
        let text = t.text(src);
        let Some(body) = text.strip_prefix("--") else {
            continue;
        };
        let body = body.trim().to_ascii_lowercase();
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some((_, shown)) = NO_TRANSACTION_MARKERS.iter().find(|(m, _)| {
            if *m == "migrate:up transaction:false" {
                // `-- migrate:up transaction:false` possibly among other options.
                body.starts_with("migrate:up") && body.split(' ').any(|w| w == "transaction:false")
            } else {
                body == *m
            }
        }) {
            return Some(shown);
        }
    }
    None
}

/// Markers in comments: `-- shipgate-deprecate table[.column]: reason`.
fn record_comment_markers(cx: &mut Cx<'_, '_>, comments: &[Token]) {
    for c in comments {
        let text = c.text(cx.src);
        let body = text
            .trim_start_matches("--")
            .trim_start_matches("/*")
            .trim();
        let Some(rest) = body.strip_prefix("shipgate-deprecate") else {
            continue;
        };
        let target = rest.split_once(':').map_or(rest, |(t, _)| t);
        let target = target.trim().to_ascii_lowercase();
        // `table`, `table.column` or `schema.table.column`.
        let (table, column) = match target.rsplit_once('.') {
            Some((t, c)) => (crate::model::table_key_str(t), c.to_owned()),
            None => (target.clone(), String::new()),
        };
        if !table.is_empty() {
            cx.hist.deprecated.insert(
                (table, column),
                DeprecationInfo {
                    change_set: Some(cx.change_set),
                },
            );
        }
    }
}

fn end_transaction(cx: &mut Cx<'_, '_>) {
    rules::backfill_in_transaction::end_of_transaction(cx);
    cx.tx_ddl = None;
    cx.tx_backfills.clear();
    cx.tx_not_valid.clear();
    cx.tx_drops.clear();
    cx.ae_lock = None;
    cx.after_lock_reported = false;
}

fn statement(cx: &mut Cx<'_, '_>, s: &RawStmt, kind: &Kind, in_do: bool) {
    let phase = phase_of(cx, kind);
    cx.file_phase = Some(cx.file_phase.map_or(phase, |p| p.max(phase)));
    let st = St {
        start: s.start,
        end: s.end,
        kind,
        in_do,
        phase,
    };
    if cx.report && !in_do {
        validate(cx, s, &st);
    }
    match kind {
        Kind::Begin if !in_do => {
            rules::uncommitted_transaction::on_begin(cx, &st);
            cx.explicit_tx = true;
            cx.tx_begin = Some(cx.loc(s.start, s.end));
        }
        Kind::Commit | Kind::Rollback if !in_do => {
            end_transaction(cx);
            cx.explicit_tx = false;
            cx.tx_begin = None;
        }
        Kind::Set { name, .. } => match name.as_str() {
            "lock_timeout" => cx.lock_timeout = true,
            "statement_timeout" => cx.statement_timeout = true,
            _ => {}
        },
        _ => {}
    }
    if cx.report {
        rules::check_statement(cx, &st);
    }
    if cx.opts.steps && !in_do {
        crate::steps::record(cx, s.start, s.end, kind);
    }
    learn(cx, kind);
    if let Kind::Do {
        body: Some((bs, be)),
    } = kind
    {
        // The DO block is in the phase of the strongest statement in its body.
        let before = cx.file_phase.take();
        do_body(cx, *bs, *be);
        let body_phase = cx.file_phase.unwrap_or(phase).max(phase);
        cx.file_phase = before.max(Some(body_phase));
        if let Some(job) = cx.parse_jobs.iter_mut().rev().find(|j| j.0 == s.start) {
            job.3 = body_phase;
        }
    }
}

/// Decide whether a reported statement is valid SQL: shipgate's own syntax
/// check first (PostgreSQL only); what it cannot decide is queued for sqlparser,
/// except plain INSERT/SELECT/SET/transaction statements, which no rule needs.
fn validate(cx: &mut Cx<'_, '_>, s: &RawStmt, st: &St<'_>) {
    let kind = st.kind;
    let needs_parse = !matches!(
        kind,
        Kind::Insert { .. }
            | Kind::Select
            | Kind::Set { .. }
            | Kind::Begin
            | Kind::Commit
            | Kind::Rollback
            // A DO block whose body is linted is analysed already.
            | Kind::Do { body: Some(_) }
    );
    if cx.opts.dialect == Dialect::PostgreSql {
        let verdict = if needs_parse {
            crate::syntax::check(cx.src, &s.toks)
        } else {
            crate::syntax::missing_semicolon(cx.src, &s.toks).map_or(
                crate::syntax::Syntax::Valid,
                |(i, message)| crate::syntax::Syntax::Invalid {
                    at: s.toks[i].start,
                    message,
                },
            )
        };
        match verdict {
            crate::syntax::Syntax::Valid => return,
            crate::syntax::Syntax::Invalid { at, message } => {
                rules::invalid_sql::report(cx, st, at, &message);
                return;
            }
            crate::syntax::Syntax::Unknown => {}
        }
    }
    if needs_parse && cx.opts.parse {
        cx.parse_jobs.push((s.start, s.end, kind.label(), st.phase));
        cx.queue.push(cx.file, s.start, s.end);
    }
}

/// Lint the body of a `DO` block as SQL, skipping PL/pgSQL control words.
fn do_body(cx: &mut Cx<'_, '_>, bs: usize, be: usize) {
    let src = cx.src;
    let body = &src[bs..be];
    let sp = split(body, bs);
    for s in &sp.stmts {
        let toks = strip_plpgsql(src, &s.toks);
        let Some(first) = toks.first() else {
            continue;
        };
        // EXECUTE 'literal SQL'
        if first.is_kw(src, "EXECUTE") && toks.len() == 2 && toks[1].kind == Tok::Str {
            if let Some((ss, se)) = toks[1].body(src) {
                if !src[ss..se].contains('\'') {
                    do_body(cx, ss, se);
                }
            }
            continue;
        }
        let kind = classify(src, toks);
        if matches!(
            kind,
            Kind::Begin | Kind::Commit | Kind::Rollback | Kind::Other
        ) {
            continue;
        }
        let raw = RawStmt {
            start: first.start,
            end: s.end,
            toks: toks.to_vec(),
            meta: false,
        };
        statement(cx, &raw, &kind, true);
    }
}

fn strip_plpgsql<'t>(src: &str, mut t: &'t [Token]) -> &'t [Token] {
    loop {
        let Some(first) = t.first() else { return t };
        let w = if first.kind == Tok::Word {
            first.text(src).to_ascii_uppercase()
        } else {
            return t;
        };
        match w.as_str() {
            "BEGIN" | "THEN" | "ELSE" | "LOOP" | "DECLARE" => t = &t[1..],
            "END" => return &[],
            "IF" | "ELSIF" | "WHILE" | "FOR" | "WHEN" | "EXCEPTION" => {
                let mut depth = 0i32;
                let pos = t.iter().position(|x| {
                    match x.kind {
                        Tok::Punct(b'(') => depth += 1,
                        Tok::Punct(b')') => depth -= 1,
                        _ => {}
                    }
                    depth == 0 && (x.is_kw(src, "THEN") || x.is_kw(src, "LOOP"))
                });
                match pos {
                    Some(p) => t = &t[p + 1..],
                    None if w == "EXCEPTION" => t = &t[1..],
                    None => return &[],
                }
            }
            _ => return t,
        }
    }
}

/// Expand, migrate or contract.
pub(crate) fn phase_of(cx: &Cx<'_, '_>, kind: &Kind) -> Phase {
    match kind {
        Kind::AlterTable { table, ops, .. } => ops
            .iter()
            .map(|op| op_phase(cx, table, op))
            .max()
            .unwrap_or(Phase::Expand),
        // Dropping an index of a table created in this change set takes nothing
        // away from running code.
        Kind::DropIndex { names, .. }
            if !names.is_empty()
                && names
                    .iter()
                    .all(|n| cx.hist.index_table.get(n).is_some_and(|t| cx.is_new(t))) =>
        {
            Phase::Expand
        }
        Kind::Drop { .. }
        | Kind::DropIndex { .. }
        | Kind::RenameObject { .. }
        | Kind::Truncate { .. } => Phase::Contract,
        Kind::Update { .. }
        | Kind::Delete { .. }
        | Kind::InsertSelect { .. }
        | Kind::Insert { .. } => Phase::Migrate,
        _ => Phase::Expand,
    }
}

pub(crate) fn op_phase(cx: &Cx<'_, '_>, table: &str, op: &AlterOp) -> Phase {
    match op {
        AlterOp::DropColumn { .. }
        | AlterOp::RenameColumn { .. }
        | AlterOp::RenameTable { .. }
        | AlterOp::SetSchema
        | AlterOp::DropDefault(_)
        | AlterOp::Identity(_)
        | AlterOp::DropExpression(_)
        | AlterOp::DropConstraint { .. }
        | AlterOp::RenameConstraint { .. }
        | AlterOp::DetachPartition { .. } => Phase::Contract,
        AlterOp::AlterType { column, ty } => {
            if rules::changing_column_type::is_widening(cx.column_type(table, column), ty)
                == Some(true)
            {
                Phase::Expand
            } else {
                Phase::Contract
            }
        }
        // Already NOT NULL: a no-op.
        AlterOp::SetNotNull(col)
            if !cx.is_new_column(table, col) && cx.column_not_null(table, col) != Some(true) =>
        {
            Phase::Contract
        }
        // Relaxing a column lets new code write NULLs: usually the expand step of a
        // change (old code keeps writing values), flagged on its own by MIG006.
        AlterOp::DropNotNull(_) => Phase::Expand,
        AlterOp::ValidateConstraint(_) => Phase::Migrate,
        _ => Phase::Expand,
    }
}

/// Update the history with what `kind` did.
fn learn(cx: &mut Cx<'_, '_>, kind: &Kind) {
    let cs = cx.change_set;
    match kind {
        // `IF NOT EXISTS` of a table the migrations already created does nothing.
        Kind::CreateTable {
            table,
            if_not_exists: true,
            ..
        } if cx.hist.tables.contains_key(table) => {}
        Kind::CreateTable {
            table,
            columns,
            constraints,
            ..
        } => {
            cx.created_here.insert(table.clone());
            let mut info = TableInfo {
                change_set: cs,
                columns: FastMap::default(),
            };
            let in_pk = |name: &str| {
                constraints.iter().any(|k| {
                    matches!(k.kind, crate::model::ConstraintKind::PrimaryKey)
                        && k.columns.iter().any(|c| c == name)
                })
            };
            for c in columns {
                info.columns.insert(
                    c.name.clone(),
                    ColumnInfo {
                        ty: c.ty.clone(),
                        change_set: cs,
                        not_null: c.not_null || in_pk(&c.name),
                    },
                );
                if c.primary_key || c.unique {
                    cx.hist.indexed.insert((table.clone(), c.name.clone()));
                }
            }
            for k in constraints {
                learn_constraint(cx, table, k);
            }
            cx.hist.tables.insert(table.clone(), info);
        }
        Kind::CreateIndex {
            table,
            name,
            columns,
            ..
        } => {
            if let Some(n) = name {
                cx.hist.index_table.insert(n.clone(), table.clone());
            }
            if let Some(c) = columns.first() {
                cx.hist.indexed.insert((table.clone(), c.clone()));
            }
        }
        Kind::AlterTable { table, ops, .. } => {
            for op in ops {
                match op {
                    AlterOp::AddColumn(c) => {
                        let t = cx
                            .hist
                            .tables
                            .entry(table.clone())
                            .or_insert_with(|| TableInfo {
                                change_set: usize::MAX,
                                columns: FastMap::default(),
                            });
                        t.columns.insert(
                            c.name.clone(),
                            ColumnInfo {
                                ty: c.ty.clone(),
                                change_set: cs,
                                not_null: c.not_null,
                            },
                        );
                    }
                    AlterOp::DropColumn { column: c, .. } => {
                        if let Some(t) = cx.hist.tables.get_mut(table) {
                            t.columns.remove(c);
                        }
                    }
                    AlterOp::RenameColumn { from, to } => {
                        if let Some(t) = cx.hist.tables.get_mut(table) {
                            if let Some(ci) = t.columns.remove(from) {
                                t.columns.insert(to.clone(), ci);
                            }
                        }
                    }
                    AlterOp::RenameTable { to } => {
                        if let Some(t) = cx.hist.tables.remove(table) {
                            cx.hist.tables.insert(to.clone(), t);
                        }
                    }
                    AlterOp::AlterType { column, ty } => {
                        if let Some(c) = column_mut(cx, table, column) {
                            c.ty.clone_from(ty);
                        }
                    }
                    AlterOp::SetNotNull(col) | AlterOp::DropNotNull(col) => {
                        let not_null = matches!(op, AlterOp::SetNotNull(_));
                        if let Some(c) = column_mut(cx, table, col) {
                            c.not_null = not_null;
                        }
                    }
                    AlterOp::AddConstraint(k) => {
                        if matches!(k.kind, crate::model::ConstraintKind::PrimaryKey) {
                            for col in &k.columns {
                                if let Some(c) = column_mut(cx, table, col) {
                                    c.not_null = true;
                                }
                            }
                        }
                        learn_constraint(cx, table, k);
                    }
                    AlterOp::ValidateConstraint(name) => {
                        if let Some(tc) = cx.hist.pending_checks.remove(name) {
                            cx.hist.not_null_checks.insert(tc);
                        }
                    }
                    _ => {}
                }
            }
        }
        Kind::Drop { object, names, .. } if object == "TABLE" => {
            for n in names {
                cx.hist.tables.remove(n);
                cx.created_here.remove(n);
            }
        }
        Kind::CommentOn {
            table,
            column,
            text: Some(text),
        } => {
            let lower = text.trim_start().to_ascii_lowercase();
            if lower.starts_with("deprecated") {
                cx.hist.deprecated.insert(
                    (table.clone(), column.clone().unwrap_or_default()),
                    DeprecationInfo {
                        change_set: Some(cs),
                    },
                );
            }
        }
        _ => {}
    }
}

fn column_mut<'c>(cx: &'c mut Cx<'_, '_>, table: &str, column: &str) -> Option<&'c mut ColumnInfo> {
    cx.hist.tables.get_mut(table)?.columns.get_mut(column)
}

fn learn_constraint(cx: &mut Cx<'_, '_>, table: &str, k: &crate::model::Constraint) {
    use crate::model::ConstraintKind as C;
    if let Some(n) = &k.name {
        cx.hist.constraints.insert(n.clone(), cx.change_set);
    }
    match &k.kind {
        C::Check {
            not_null_col: Some(col),
        } => {
            let tc = (table.to_owned(), col.clone());
            if k.not_valid {
                if let Some(n) = &k.name {
                    cx.hist.pending_checks.insert(n.clone(), tc);
                }
            } else {
                cx.hist.not_null_checks.insert(tc);
            }
        }
        C::PrimaryKey | C::Unique => {
            if let Some(c) = k.columns.first() {
                cx.hist.indexed.insert((table.to_owned(), c.clone()));
            }
        }
        _ => {}
    }
}

/// The normalised name of an identifier token (re-exported for rules).
#[allow(dead_code)]
pub(crate) fn ident(src: &str, t: &Token) -> Option<String> {
    ident_text(src, t)
}
