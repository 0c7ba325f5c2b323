//! Migration evidence: the expand / migrate / contract steps a deployment
//! brings to an environment's database, judged against what runs there.
//!
//! The migrations applied to a database in an environment are the union of
//! the migrations of every version ever deployed there for that database (a
//! rollback does not un-apply them). A deployment is blocked when:
//! 1. it brings, in one deployment, an expand or migrate step and a contract
//!    step on the same table (the environment skips the release in between);
//! 2. the version it replaces (where a rollback returns) predates an expand
//!    step whose contract step it brings, although the database already has
//!    the expand (this follows an earlier rollback);
//! 3. it brings a contract step on an object that another service sharing
//!    the database still uses in the version deployed there;
//! 4. it is an older version (a rollback) and the database already has a
//!    contract step removing something that version uses.
//!
//! Phases and touched objects come from `shipgate-migrations-lint`, run here
//! on the uploaded SQL so that every client gets the same answer.

use super::{Level, Reason, ReasonKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One object a step touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchRec {
    pub table: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub phase: String,
}

/// One statement of a migration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRec {
    pub line: u32,
    pub phase: String,
    pub text: String,
    pub touches: Vec<TouchRec>,
}

/// One migration file as recorded: name, checksum, and its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRec {
    pub name: String,
    pub checksum: String,
    pub steps: Vec<StepRec>,
}

/// SHA-256 of a file's text, hex.
pub fn checksum(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Analyse uploaded migrations (`(file name, SQL text)`, any order): sort them
/// in apply order, lint them as one history, and record each statement's phase
/// and touched objects. Files the layout does not read as up-migrations (such
/// as `.down.sql`) are left out.
pub fn analyse(files: &[(String, String)]) -> Vec<FileRec> {
    let mut ordered: Vec<(&String, &String)> = files
        .iter()
        .filter(|(n, _)| shipgate_migrations_lint::layout::order_key(n).is_some())
        .map(|(n, t)| (n, t))
        .collect();
    ordered.sort_by(|a, b| {
        shipgate_migrations_lint::layout::order_key(a.0)
            .cmp(&shipgate_migrations_lint::layout::order_key(b.0))
            .then(a.0.cmp(b.0))
    });
    let sources: Vec<shipgate_migrations_lint::SourceFile> = ordered
        .iter()
        .enumerate()
        .map(|(i, (n, t))| shipgate_migrations_lint::SourceFile {
            path: (*n).clone(),
            text: (*t).clone(),
            report: true,
            change_set: i,
            edited_at_line: None,
        })
        .collect();
    let opts = shipgate_migrations_lint::Options {
        steps: true,
        parse: false,
        ..shipgate_migrations_lint::Options::default()
    };
    let outcome = shipgate_migrations_lint::lint(&sources, &opts);
    let mut out: Vec<FileRec> = ordered
        .iter()
        .map(|(n, t)| FileRec {
            name: (*n).clone(),
            checksum: checksum(t),
            steps: Vec::new(),
        })
        .collect();
    for s in outcome.steps {
        if let Some(f) = out.get_mut(s.file) {
            f.steps.push(StepRec {
                line: s.line,
                phase: s.phase.as_str().to_owned(),
                text: s.text,
                touches: s
                    .touches
                    .into_iter()
                    .map(|t| TouchRec {
                        table: t.table,
                        column: t.column,
                        phase: t.phase.as_str().to_owned(),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// A version and the migrations it carries for one database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VersionFiles {
    pub pacticipant: String,
    pub version: String,
    pub files: Vec<FileRec>,
}

impl VersionFiles {
    fn label(&self) -> String {
        format!("{} {}", self.pacticipant, self.version)
    }

    fn carries(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }
}

/// A migration the environment's database already has.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub file: FileRec,
    /// The application whose version first brought it there.
    pub pacticipant: String,
    /// The version that first brought it there (`orders 2.0.0`).
    pub brought_by: String,
}

/// The earliest recorded version carrying a file, and the files it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Introducer {
    pub pacticipant: String,
    pub version: String,
    pub files: Vec<String>,
}

/// What one database's migration evidence is judged on.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    pub database: &'a str,
    pub environment: &'a str,
    /// The versions deployed together, with their migrations for this database.
    pub candidates: &'a [VersionFiles],
    /// The versions of the candidates' applications running in the environment now.
    pub replaced: &'a [VersionFiles],
    /// Other applications sharing the database, as deployed in the environment.
    pub others: &'a [VersionFiles],
    pub applied: &'a [Applied],
    /// File name → the earliest recorded version carrying it.
    pub introducers: &'a HashMap<String, Introducer>,
}

struct Hit<'a> {
    file: &'a str,
    step: &'a StepRec,
    touch: &'a TouchRec,
}

impl Hit<'_> {
    fn statement(&self) -> String {
        format!("{}:{}: {}", self.file, self.step.line, self.step.text)
    }

    fn object(&self) -> String {
        match &self.touch.column {
            Some(c) => format!("`{}.{c}`", self.touch.table),
            None => format!("`{}`", self.touch.table),
        }
    }
}

fn hits<'a>(files: impl Iterator<Item = &'a FileRec>, phases: &[&str]) -> Vec<Hit<'a>> {
    let mut out = Vec::new();
    for f in files {
        for step in &f.steps {
            for touch in &step.touches {
                if phases.contains(&touch.phase.as_str()) {
                    out.push(Hit {
                        file: &f.name,
                        step,
                        touch,
                    });
                }
            }
        }
    }
    out
}

fn created_tables<'a>(files: impl Iterator<Item = &'a FileRec>) -> BTreeSet<&'a str> {
    files
        .flat_map(|f| &f.steps)
        .filter(|s| s.text.to_ascii_uppercase().starts_with("CREATE TABLE"))
        .flat_map(|s| s.touches.first())
        .map(|t| t.table.as_str())
        .collect()
}

fn uniq(mut v: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// Whether `uses` (a touch of another version) uses the object `removed` touches.
fn uses(uses: &TouchRec, removed: &TouchRec) -> bool {
    uses.table == removed.table
        && uses.phase != "contract"
        && match (&removed.column, &uses.column) {
            (None, _) => true,
            (Some(c), Some(u)) => c == u,
            (Some(_), None) => false,
        }
}

/// The migration reasons for one database.
pub fn reasons(e: &Evidence<'_>) -> Vec<Reason> {
    let mut out = Vec::new();
    let applied_names: BTreeSet<&str> = e.applied.iter().map(|a| a.file.name.as_str()).collect();
    let applied_by_name: BTreeMap<&str, &Applied> = e
        .applied
        .iter()
        .map(|a| (a.file.name.as_str(), a))
        .collect();
    let deployment: String = e
        .candidates
        .iter()
        .map(VersionFiles::label)
        .collect::<Vec<_>>()
        .join(" + ");
    let base = |level, text: String| Reason {
        pacticipant: e.candidates.first().map(|c| c.pacticipant.clone()),
        version: e.candidates.first().map(|c| c.version.clone()),
        environment: Some(e.environment.to_owned()),
        ..Reason::new(ReasonKind::Migration, level, text)
    };
    // The files this deployment brings, once each, in candidate order.
    let mut pending: Vec<&FileRec> = Vec::new();
    for c in e.candidates {
        for f in &c.files {
            match applied_by_name.get(f.name.as_str()) {
                Some(a) if a.file.checksum != f.checksum => out.push(Reason {
                    files: vec![f.name.clone()],
                    ..base(
                        Level::Warning,
                        format!(
                            "Migration: {} in {} differs from the {} that {}'s database `{}` already has (brought by {}); an applied migration is not run again",
                            f.name, c.label(), f.name, e.environment, e.database, a.brought_by
                        ),
                    )
                }),
                Some(_) => {}
                None if !pending.iter().any(|p| p.name == f.name) => pending.push(f),
                None => {}
            }
        }
    }
    let new_tables = created_tables(pending.iter().copied());
    let contracts = hits(pending.iter().copied(), &["contract"]);
    let expands = hits(pending.iter().copied(), &["expand", "migrate"]);
    let running: Vec<&VersionFiles> = e.replaced.iter().chain(e.others).collect();

    // Rule 1: expand (or migrate) and contract on one table in one deployment.
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    if !running.is_empty() {
        for c in &contracts {
            let table = c.touch.table.as_str();
            if new_tables.contains(table) || reported.contains(table) {
                continue;
            }
            let mut exp: Vec<&Hit<'_>> = expands
                .iter()
                .filter(|x| x.touch.table == table && x.file != c.file)
                .collect();
            if exp.is_empty() {
                exp = expands
                    .iter()
                    .filter(|x| {
                        x.touch.table == table && x.step.line < c.step.line && x.file == c.file
                    })
                    .collect();
            }
            let Some(first) = exp.first() else { continue };
            reported.insert(table);
            let contract_steps: Vec<&Hit<'_>> = contracts
                .iter()
                .filter(|h| h.touch.table == table)
                .collect();
            let mut files: Vec<String> = exp.iter().map(|h| h.file.to_owned()).collect();
            files.extend(contract_steps.iter().map(|h| h.file.to_owned()));
            let mut statements: Vec<String> = exp.iter().map(|h| h.statement()).collect();
            statements.extend(contract_steps.iter().map(|h| h.statement()));
            let runs = running
                .iter()
                .map(|v| v.label())
                .collect::<Vec<_>>()
                .join(", ");
            let safe = safe_order(e, first.file, c.file, &exp);
            out.push(Reason {
                files: uniq(files),
                statements: uniq(statements),
                safe_order: Some(safe.clone()),
                ..base(
                    Level::Error,
                    format!(
                        "Migration: {deployment} would bring to {env}, in one deployment, {first_file} ({phase}: `{first_text}`) and {c_file} (contract: `{c_text}`) on table `{table}`; {runs}, which runs in {env} now and is where a rollback returns, still uses the old schema. {safe}",
                        env = e.environment,
                        first_file = first.file,
                        phase = first.touch.phase,
                        first_text = first.step.text,
                        c_file = c.file,
                        c_text = c.step.text,
                    ),
                )
            });
        }
    }

    // Rule 2: the replaced version predates an applied expand whose contract this brings.
    for c in &contracts {
        let table = c.touch.table.as_str();
        if new_tables.contains(table) || reported.contains(table) {
            continue;
        }
        for cand in e.candidates {
            if !cand.carries(c.file) {
                continue;
            }
            let Some(r) = e
                .replaced
                .iter()
                .find(|r| r.pacticipant == cand.pacticipant)
            else {
                continue;
            };
            let missing: Vec<Hit<'_>> = hits(
                cand.files
                    .iter()
                    .filter(|f| applied_names.contains(f.name.as_str()) && !r.carries(&f.name)),
                &["expand", "migrate"],
            )
            .into_iter()
            .filter(|h| h.touch.table == table)
            .collect();
            let Some(x) = missing.first() else { continue };
            reported.insert(table);
            let brought = applied_by_name
                .get(x.file)
                .map_or(String::new(), |a| format!(", brought by {}", a.brought_by));
            let safe = match e.introducers.get(x.file) {
                Some(i) if i.pacticipant == cand.pacticipant && i.version != cand.version => format!(
                    "Deploy {} {}, which brings {} ({}), to {} first, so that the running version reads the new schema",
                    i.pacticipant, i.version, x.file, x.object(), e.environment
                ),
                _ => format!(
                    "Deploy a version of {} that has {} but not the contract step to {} first",
                    cand.pacticipant, x.file, e.environment
                ),
            };
            out.push(Reason {
                files: uniq(vec![x.file.to_owned(), c.file.to_owned()]),
                statements: uniq(vec![x.statement(), c.statement()]),
                safe_order: Some(safe.clone()),
                ..base(
                    Level::Error,
                    format!(
                        "Migration: {} runs in {env} now (a rollback of {} returns to it) and predates {} ({}: `{}`), which {env}'s database already has{brought}; {} brings the contract step {} (`{}`) on table `{table}`, and {} still uses the old schema. {safe}",
                        r.label(),
                        cand.version,
                        x.file,
                        x.touch.phase,
                        x.step.text,
                        cand.label(),
                        c.file,
                        c.step.text,
                        r.label(),
                        env = e.environment,
                    ),
                )
            });
            break;
        }
    }

    // Rule 3: a contract step on an object another service still uses.
    let candidates: BTreeSet<&str> = e
        .candidates
        .iter()
        .map(|c| c.pacticipant.as_str())
        .collect();
    for c in &contracts {
        if new_tables.contains(c.touch.table.as_str()) {
            continue;
        }
        for o in e
            .others
            .iter()
            .filter(|o| !candidates.contains(o.pacticipant.as_str()))
        {
            let contracted_by_them = o
                .files
                .iter()
                .flat_map(|f| &f.steps)
                .flat_map(|s| &s.touches)
                .any(|t| {
                    t.phase == "contract" && t.table == c.touch.table && t.column == c.touch.column
                });
            let user = hits(o.files.iter(), &["expand", "migrate"])
                .into_iter()
                .find(|h| uses(h.touch, c.touch));
            let (Some(u), false) = (user, contracted_by_them) else {
                continue;
            };
            out.push(Reason {
                consumer: Some(o.pacticipant.clone()),
                files: uniq(vec![c.file.to_owned(), u.file.to_owned()]),
                statements: uniq(vec![c.statement(), u.statement()]),
                safe_order: Some(format!(
                    "Deploy a version of {} that no longer uses {} to {} first",
                    o.pacticipant,
                    c.object(),
                    e.environment
                )),
                ..base(
                    Level::Error,
                    format!(
                        "Migration: {deployment} brings the contract step {} (`{}`) to the database `{}` it shares with {} in {}; {}, deployed there, still uses {} ({}). Deploy a version of {} that no longer uses it to {} first",
                        c.file,
                        c.step.text,
                        e.database,
                        o.pacticipant,
                        e.environment,
                        o.label(),
                        c.object(),
                        u.statement(),
                        o.pacticipant,
                        e.environment,
                    ),
                )
            });
        }
    }

    // Rule 4: an older version (a rollback) against the schema the environment has now.
    for cand in e.candidates {
        // What the database has that this version does not carry: its own
        // application's later migrations, and other applications' contract steps.
        let lacking: Vec<&Applied> = e
            .applied
            .iter()
            .filter(|a| !cand.carries(&a.file.name))
            .filter(|a| {
                a.pacticipant == cand.pacticipant
                    || a.file.steps.iter().any(|s| s.phase == "contract")
            })
            .collect();
        if lacking.is_empty() || cand.files.is_empty() {
            continue;
        }
        let own = hits(cand.files.iter(), &["expand", "migrate"]);
        let mut unsafe_found = false;
        for a in &lacking {
            for h in hits(std::iter::once(&a.file), &["contract"]) {
                if let Some(u) = own.iter().find(|u| uses(u.touch, h.touch)) {
                    unsafe_found = true;
                    out.push(Reason {
                        files: uniq(vec![a.file.name.clone(), u.file.to_owned()]),
                        statements: uniq(vec![h.statement(), u.statement()]),
                        ..base(
                            Level::Error,
                            format!(
                                "Migration: {}'s database `{}` no longer serves {}: it has {} (contract: `{}`), brought by {}, which removes {} that {} uses ({}). A rollback to {} is unsafe",
                                e.environment,
                                e.database,
                                cand.label(),
                                a.file.name,
                                h.step.text,
                                a.brought_by,
                                h.object(),
                                cand.version,
                                u.statement(),
                                cand.version
                            ),
                        )
                    });
                }
            }
        }
        if !unsafe_found {
            out.push(base(
                Level::Info,
                format!(
                    "Migration: {}'s database `{}` still serves {}: the {} migration{} it lacks ({}) remove nothing it uses",
                    e.environment,
                    e.database,
                    cand.label(),
                    lacking.len(),
                    if lacking.len() == 1 { "" } else { "s" },
                    lacking
                        .iter()
                        .map(|a| a.file.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }

    if !out.iter().any(Reason::blocks) {
        let summary = if pending.is_empty() {
            format!(
                "Migration: {deployment} brings no new migration to {}'s database `{}`",
                e.environment, e.database
            )
        } else {
            format!(
                "Migration: {deployment} brings {} migration{} to {}'s database `{}` ({}); the schema there is ready for {}",
                pending.len(),
                if pending.len() == 1 { "" } else { "s" },
                e.environment,
                e.database,
                pending
                    .iter()
                    .map(|f| format!("{}: {}", f.name, file_phase(f)))
                    .collect::<Vec<_>>()
                    .join(", "),
                if pending.len() == 1 { "it" } else { "them" }
            )
        };
        out.insert(
            0,
            Reason {
                files: pending.iter().map(|f| f.name.clone()).collect(),
                ..base(Level::Info, summary)
            },
        );
    }
    out
}

fn file_phase(f: &FileRec) -> &'static str {
    let has = |p: &str| f.steps.iter().any(|s| s.phase == p);
    if has("contract") {
        "contract"
    } else if has("migrate") {
        "migrate"
    } else {
        "expand"
    }
}

/// "Deploy orders 2.0.0, which brings V2 (adds `discount_code`), to production first".
fn safe_order(
    e: &Evidence<'_>,
    expand_file: &str,
    contract_file: &str,
    exp: &[&Hit<'_>],
) -> String {
    let what = exp
        .iter()
        .filter(|h| h.file == expand_file)
        .map(|h| h.object())
        .collect::<Vec<_>>();
    let what = uniq(what).join(", ");
    match e.introducers.get(expand_file) {
        Some(i) if !i.files.iter().any(|f| f == contract_file) => format!(
            "Deploy {} {}, which brings {expand_file} ({what}), to {} first",
            i.pacticipant, i.version, e.environment
        ),
        _ => format!(
            "No recorded version brings {expand_file} ({what}) without {contract_file}: release the expand step on its own, deploy it to {} first, then the contract step",
            e.environment
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: (&str, &str) = (
        "V1__create_orders.sql",
        "CREATE TABLE orders (id bigint PRIMARY KEY, total integer NOT NULL);\n",
    );
    const V2: (&str, &str) = (
        "V2__add_amount_minor.sql",
        "ALTER TABLE orders ADD COLUMN amount_minor bigint;\n",
    );
    const V3: (&str, &str) = (
        "V3__drop_total.sql",
        "ALTER TABLE orders DROP COLUMN total;\n",
    );

    fn version(p: &str, v: &str, files: &[(&str, &str)]) -> VersionFiles {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        VersionFiles {
            pacticipant: p.into(),
            version: v.into(),
            files: analyse(&files),
        }
    }

    fn applied(v: &VersionFiles) -> Vec<Applied> {
        v.files
            .iter()
            .map(|f| Applied {
                file: f.clone(),
                pacticipant: v.pacticipant.clone(),
                brought_by: v.label(),
            })
            .collect()
    }

    fn blocking(rs: &[Reason]) -> Vec<String> {
        rs.iter()
            .filter(|r| r.blocks())
            .map(|r| r.text.clone())
            .collect()
    }

    #[test]
    fn analyse_orders_files_and_records_phases() {
        let v = version(
            "orders",
            "3",
            &[V3, V1, V2, ("V1__x.down.sql", "DROP TABLE orders;")],
        );
        let names: Vec<&str> = v.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec![V1.0, V2.0, V3.0]);
        assert_eq!(v.files[2].steps[0].phase, "contract");
        assert_eq!(
            v.files[2].steps[0].touches[0].column.as_deref(),
            Some("total")
        );
        assert_eq!(v.files[0].checksum, checksum(V1.1));
    }

    #[test]
    fn the_blocking_rules() {
        let v1 = version("orders", "1.0.0", &[V1]);
        let v2 = version("orders", "2.0.0", &[V1, V2]);
        let v3 = version("orders", "3.0.0", &[V1, V2, V3]);
        let mut intro = HashMap::new();
        intro.insert(
            V2.0.to_owned(),
            Introducer {
                pacticipant: "orders".into(),
                version: "2.0.0".into(),
                files: vec![V1.0.into(), V2.0.into()],
            },
        );
        let e = |cands: &[VersionFiles],
                 replaced: &[VersionFiles],
                 others: &[VersionFiles],
                 app: &[Applied]| {
            let ev = Evidence {
                database: "orders",
                environment: "production",
                candidates: cands,
                replaced,
                others,
                applied: app,
                introducers: &intro,
            };
            reasons(&ev)
        };
        // Rule 1: production runs 1.0.0 with only V1; 3.0.0 brings V2 + V3.
        let rs = e(
            std::slice::from_ref(&v3),
            std::slice::from_ref(&v1),
            &[],
            &applied(&v1),
        );
        let b = blocking(&rs);
        assert_eq!(b.len(), 1, "{rs:#?}");
        assert!(b[0].contains("in one deployment"), "{}", b[0]);
        let r = rs.iter().find(|r| r.blocks()).unwrap();
        assert_eq!(r.files, vec![V2.0.to_owned(), V3.0.to_owned()]);
        assert_eq!(
            r.safe_order.as_deref(),
            Some("Deploy orders 2.0.0, which brings V2__add_amount_minor.sql (`orders.amount_minor`), to production first")
        );
        assert!(r.statements[1]
            .starts_with("V3__drop_total.sql:1: ALTER TABLE orders DROP COLUMN total"));
        // After 2.0.0 reached production, 3.0.0 is fine.
        let mut app = applied(&v1);
        app.extend(applied(&v2).into_iter().skip(1));
        let rs = e(
            std::slice::from_ref(&v3),
            std::slice::from_ref(&v2),
            &[],
            &app,
        );
        assert!(blocking(&rs).is_empty(), "{rs:#?}");
        assert!(rs[0].text.contains("brings 1 migration"), "{}", rs[0].text);
        // Rule 2: 2.0.0 was rolled back to 1.0.0; the database keeps V2.
        let rs = e(
            std::slice::from_ref(&v3),
            std::slice::from_ref(&v1),
            &[],
            &app,
        );
        let b = blocking(&rs);
        assert_eq!(b.len(), 1, "{rs:#?}");
        assert!(
            b[0].contains("predates V2__add_amount_minor.sql"),
            "{}",
            b[0]
        );
        // Rule 3: billing shares the database and reads `total`.
        let billing = version(
            "billing",
            "5",
            &[(
                "V1__billing.sql",
                "CREATE INDEX orders_total ON orders (total);",
            )],
        );
        let rs = e(
            std::slice::from_ref(&v3),
            std::slice::from_ref(&v2),
            std::slice::from_ref(&billing),
            &app,
        );
        let b = blocking(&rs);
        assert_eq!(b.len(), 1, "{rs:#?}");
        assert!(b[0].contains("shares with billing"), "{}", b[0]);
        // Rule 4: production has V3 now; rolling back to 1.0.0 is unsafe,
        // and 2.0.0 is unsafe too (both read `total`).
        let mut all = app.clone();
        all.extend(applied(&v3).into_iter().skip(2));
        let rs = e(
            std::slice::from_ref(&v1),
            std::slice::from_ref(&v3),
            &[],
            &all,
        );
        let b = blocking(&rs);
        assert_eq!(b.len(), 1, "{rs:#?}");
        assert!(b[0].contains("A rollback to 1.0.0 is unsafe"), "{}", b[0]);
        // An older version whose missing migrations only expand is served.
        let rs = e(
            std::slice::from_ref(&v1),
            std::slice::from_ref(&v2),
            &[],
            &app,
        );
        assert!(blocking(&rs).is_empty(), "{rs:#?}");
        assert!(
            rs.iter()
                .any(|r| r.text.contains("still serves orders 1.0.0")),
            "{rs:#?}"
        );
        // Nothing running on the database: bringing everything at once is fine.
        let rs = e(std::slice::from_ref(&v3), &[], &[], &[]);
        assert!(blocking(&rs).is_empty(), "{rs:#?}");
    }

    #[test]
    fn a_changed_applied_file_is_a_warning() {
        let v1 = version("orders", "1", &[V1]);
        let edited = version("orders", "2", &[(V1.0, "CREATE TABLE orders (id int);")]);
        let intro = HashMap::new();
        let app = applied(&v1);
        let rs = reasons(&Evidence {
            database: "orders",
            environment: "production",
            candidates: std::slice::from_ref(&edited),
            replaced: std::slice::from_ref(&v1),
            others: &[],
            applied: &app,
            introducers: &intro,
        });
        assert!(
            rs.iter()
                .any(|r| r.level == Level::Warning && r.text.contains("differs")),
            "{rs:#?}"
        );
    }
}
