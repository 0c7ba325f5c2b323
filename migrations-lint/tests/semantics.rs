//! Behaviour of the linter as a library: PostgreSQL-version awareness, type
//! widening from history, exemptions for objects created in the same file or
//! change set, transactions, `DO` bodies, phases and 1-based locations.

use shipgate_migrations_lint::{lint, DeletedFile, Options, RuleLevel, SourceFile};

fn file(path: &str, text: &str, report: bool, change_set: usize) -> SourceFile {
    SourceFile {
        path: path.into(),
        text: text.into(),
        report,
        change_set,
        edited_at_line: None,
    }
}

/// Codes found in `sql` (one reported file) with `opts`.
fn codes_with(sql: &str, opts: &Options) -> Vec<String> {
    lint(&[file("m.sql", sql, true, 0)], opts)
        .diagnostics
        .into_iter()
        .map(|d| d.code.into_owned())
        .collect()
}

fn assert_flags(sql: &str, code: &str, opts: &Options) {
    let c = codes_with(sql, opts);
    assert!(
        c.iter().any(|x| x == code),
        "expected {code} for {sql:?}, got {c:?}"
    );
}

fn assert_ok(sql: &str, code: &str, opts: &Options) {
    let c = codes_with(sql, opts);
    assert!(
        !c.iter().any(|x| x == code),
        "unexpected {code} for {sql:?}, got {c:?}"
    );
}

fn pg(v: u32) -> Options {
    Options {
        pg_version: v,
        ..Options::default()
    }
}

#[test]
fn constant_default_is_safe_from_pg11_volatile_never() {
    let sql = "ALTER TABLE t ADD COLUMN c int DEFAULT 0;";
    assert_flags(sql, "MIG029", &pg(10));
    assert_ok(sql, "MIG029", &pg(11));
    assert_ok(
        "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();",
        "MIG029",
        &pg(15),
    );
    assert_ok(
        "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT CURRENT_TIMESTAMP;",
        "MIG029",
        &pg(15),
    );
    assert_flags(
        "ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid();",
        "MIG029",
        &pg(15),
    );
    assert_flags(
        "ALTER TABLE t ADD COLUMN c float DEFAULT random();",
        "MIG029",
        &pg(15),
    );
}

#[test]
fn set_not_null_after_validated_check_is_safe_from_pg12() {
    let sql = "ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\n\
               ALTER TABLE t VALIDATE CONSTRAINT c_nn;\n\
               ALTER TABLE t ALTER COLUMN c SET NOT NULL;";
    assert_flags(sql, "MIG025", &pg(11));
    assert_ok(sql, "MIG025", &pg(12));
    // Not validated: still a scan.
    assert_flags(
        "ALTER TABLE t ADD CONSTRAINT c_nn CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;",
        "MIG025",
        &pg(15),
    );
}

#[test]
fn varchar_widening_is_not_a_rewrite_but_narrowing_and_int_to_bigint_are() {
    let history = file(
        "V1__t.sql",
        "CREATE TABLE t (id bigint, c varchar(10), n int);",
        false,
        0,
    );
    let run = |sql: &str| -> Vec<(String, String)> {
        lint(
            &[history.clone(), file("V2__x.sql", sql, true, 1)],
            &Options::default(),
        )
        .diagnostics
        .into_iter()
        .map(|d| (d.code.into_owned(), d.level.to_string()))
        .collect()
    };
    for ok in [
        "ALTER TABLE t ALTER COLUMN c TYPE varchar(20);",
        "ALTER TABLE t ALTER COLUMN c TYPE text;",
        "ALTER TABLE t ALTER COLUMN c SET DATA TYPE character varying;",
    ] {
        assert!(
            !run(ok).iter().any(|(c, _)| c == "MIG011"),
            "{ok}: {:?}",
            run(ok)
        );
    }
    assert!(run("ALTER TABLE t ALTER COLUMN c TYPE varchar(5);")
        .contains(&("MIG011".into(), "error".into())));
    assert!(run("ALTER TABLE t ALTER COLUMN n TYPE bigint;")
        .contains(&("MIG011".into(), "error".into())));
}

#[test]
fn tables_created_in_the_same_file_or_change_set_are_exempt_from_lock_rules() {
    let opts = Options::default();
    assert_ok(
        "CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);",
        "MIG016",
        &opts,
    );
    let create = |cs| file("V1__t.sql", "CREATE TABLE t (id int);", false, cs);
    let index = file("V2__i.sql", "CREATE INDEX i ON t (id);", true, 1);
    let same_cs = lint(&[create(1), index.clone()], &opts);
    assert!(!same_cs.diagnostics.iter().any(|d| d.code == "MIG016"));
    let earlier = lint(&[create(0), index], &opts);
    assert!(earlier.diagnostics.iter().any(|d| d.code == "MIG016"));
}

#[test]
fn transactions_decide_concurrently_and_backfill_findings() {
    let ddl_and_backfill = "ALTER TABLE t ADD COLUMN c int;\nUPDATE t SET c = 1;";
    assert_ok(ddl_and_backfill, "MIG037", &Options::default());
    let wrapped = Options {
        assume_in_transaction: true,
        ..Options::default()
    };
    assert_flags(ddl_and_backfill, "MIG037", &wrapped);
    assert_flags(
        &format!("BEGIN;\n{ddl_and_backfill}\nCOMMIT;"),
        "MIG037",
        &Options::default(),
    );
    assert_ok(
        "CREATE INDEX CONCURRENTLY i ON t (a);",
        "MIG021",
        &Options::default(),
    );
    assert_flags("CREATE INDEX CONCURRENTLY i ON t (a);", "MIG021", &wrapped);
    // A batched backfill is not a whole-table one.
    assert_ok(
        "BEGIN;\nALTER TABLE t ADD COLUMN c int;\nUPDATE t SET c = 1 WHERE id < 100;\nCOMMIT;",
        "MIG037",
        &Options::default(),
    );
}

#[test]
fn do_bodies_are_linted_with_file_positions_and_contract_phase() {
    let sql = "SELECT 1;\nDO $$\nBEGIN\n  IF true THEN\n    ALTER TABLE accounts DROP COLUMN x;\n  END IF;\nEND $$;\n";
    let out = lint(&[file("m.sql", sql, true, 0)], &Options::default());
    let drop = out
        .diagnostics
        .iter()
        .find(|d| d.code == "MIG001")
        .expect("MIG001 inside DO");
    let span = drop.location.span.expect("span");
    assert_eq!((span.start.line, span.start.column), (5, 5));
    assert_eq!(drop.properties.get("in_do_block"), Some("true"));
    // The body was analysed: no "not fully analysed" note for the block.
    assert!(!out.diagnostics.iter().any(|d| d.code == "MIG038"));
    assert_eq!(drop.properties.get("file_phase"), Some("contract"));
    assert_eq!(out.file_summaries[0].phase.as_str(), "contract");
}

#[test]
fn one_statement_that_adds_and_drops_is_a_rename_in_disguise() {
    assert_flags(
        "ALTER TABLE users ADD COLUMN email_v2 text, DROP COLUMN email;",
        "MIG039",
        &Options::default(),
    );
}

#[test]
fn parser_gaps_do_not_abort_the_file() {
    let sql = "\\set ON_ERROR_STOP on\nDROP INDEX CONCURRENTLY a;\nREINDEX TABLE t;\nALTER TABLE p DETACH PARTITION c;\nCLUSTER t USING i;\nALTER TABLE t ADD COLUMN z int NOT NULL;\n";
    let c = codes_with(sql, &Options::default());
    for code in ["MIG018", "MIG019", "MIG020", "MIG013", "MIG038"] {
        assert!(c.iter().any(|x| x == code), "{code} missing from {c:?}");
    }
    assert!(
        !c.iter().any(|x| x == "MIG017"),
        "DROP INDEX CONCURRENTLY is fine: {c:?}"
    );
}

#[test]
fn schema_qualifiers_public_and_unqualified_are_one_table_other_schemas_are_not() {
    let opts = Options::default();
    // Same table: created as public.users, indexed as users (and the other way round).
    assert_ok(
        "CREATE TABLE public.users (id bigint);\nCREATE INDEX i ON users (id);",
        "MIG016",
        &opts,
    );
    assert_ok(
        "CREATE TABLE users (id bigint);\nCREATE INDEX i ON public.users (id);",
        "MIG016",
        &opts,
    );
    // A table in another schema is a different table: users is not new here.
    assert_flags(
        "CREATE TABLE audit.users (id bigint);\nCREATE INDEX i ON users (id);",
        "MIG016",
        &opts,
    );
    assert_flags(
        "CREATE TABLE users (id bigint);\nCREATE INDEX i ON audit.users (id);",
        "MIG016",
        &opts,
    );
    assert_ok(
        "CREATE TABLE audit.users (id bigint);\nCREATE INDEX i ON audit.users (id);",
        "MIG016",
        &opts,
    );
    // History: column types are tracked per schema.
    let history = file(
        "V1__t.sql",
        "CREATE TABLE public.t (c varchar(10));\nCREATE TABLE audit.t (c varchar(50));",
        false,
        0,
    );
    let run = |sql: &str| -> Vec<String> {
        lint(&[history.clone(), file("V2__x.sql", sql, true, 1)], &opts)
            .diagnostics
            .into_iter()
            .map(|d| d.code.into_owned())
            .collect()
    };
    // varchar(10) → varchar(20) widens public.t ...
    assert!(!run("ALTER TABLE t ALTER COLUMN c TYPE varchar(20);").contains(&"MIG011".into()));
    // ... but narrows audit.t (varchar(50)).
    assert!(run("ALTER TABLE audit.t ALTER COLUMN c TYPE varchar(20);").contains(&"MIG011".into()));
    // Deprecations name the schema for non-public tables.
    let deprecated = file(
        "V1__d.sql",
        "-- shipgate-deprecate audit.users.legacy: moved\n-- shipgate-deprecate public.accounts.old: moved\nSELECT 1;",
        false,
        0,
    );
    let drop = |sql: &str| -> bool {
        lint(
            &[deprecated.clone(), file("V2__x.sql", sql, true, 1)],
            &opts,
        )
        .diagnostics
        .iter()
        .any(|d| d.code == "MIG001")
    };
    assert!(!drop("ALTER TABLE audit.users DROP COLUMN legacy;"));
    assert!(drop("ALTER TABLE users DROP COLUMN legacy;"));
    assert!(!drop("ALTER TABLE accounts DROP COLUMN old;"));
}

#[test]
fn hygiene_rules_are_opt_in_and_off_wins_when_last() {
    use shipgate_migrations_lint::{diagnostics::Level, RuleLevel};
    let sql = "CREATE TABLE t (id serial PRIMARY KEY, doc json, name varchar(20), code char(2));";
    let none = codes_with(sql, &Options::default());
    for code in ["MIG052", "MIG053", "MIG054", "MIG055", "MIG056", "MIG058"] {
        assert!(
            !none.contains(&code.to_owned()),
            "{code} is opt-in: {none:?}"
        );
    }
    let level = |rule: &str, level: Option<Level>| RuleLevel {
        rule: rule.into(),
        level,
    };
    let on = Options {
        levels: [
            "MIG052",
            "MIG053",
            "serial-column",
            "MIG054",
            "MIG055",
            "MIG056",
            "MIG058",
        ]
        .into_iter()
        .map(|r| level(r, Some(Level::Warning)))
        .chain([level("MIG058", None)])
        .collect(),
        ..Options::default()
    };
    let c = codes_with(sql, &on);
    for code in ["MIG052", "MIG053", "MIG054", "MIG055", "MIG056"] {
        assert!(c.contains(&code.to_owned()), "{code} enabled: {c:?}");
    }
    assert!(!c.contains(&"MIG058".to_owned()), "turned off again: {c:?}");
}

#[test]
fn an_edited_applied_migration_is_reported_at_its_first_changed_line_and_only_that() {
    let edited = SourceFile {
        edited_at_line: Some(2),
        ..file(
            "V1__t.sql",
            "CREATE TABLE t (id bigint);\nCREATE INDEX i ON t (id);\n",
            false,
            0,
        )
    };
    let out = lint(
        &[edited, file("V2__x.sql", "SELECT 1;\n", true, 1)],
        &Options::default(),
    );
    let found: Vec<(String, String, u32)> = out
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.location.file.clone(),
                d.code.to_string(),
                d.location.span.map_or(0, |s| s.start.line),
            )
        })
        .collect();
    assert_eq!(found, vec![("V1__t.sql".into(), "MIG061".into(), 2)]);
    assert_eq!(out.files, 2, "the edited file counts as checked");
    assert_eq!(out.statements, 1, "but its statements are not reported on");
    // Its ignore comments were for findings that are not re-reported: not "unused".
    // A file-level ignore of MIG061 itself does apply.
    let edited = |text: &str| SourceFile {
        edited_at_line: Some(1),
        ..file("V1__t.sql", text, false, 0)
    };
    let codes = |text: &str| -> Vec<(String, bool)> {
        lint(&[edited(text)], &Options::default())
            .diagnostics
            .into_iter()
            .map(|d| (d.code.into_owned(), d.properties.contains_key("suppressed")))
            .collect()
    };
    assert_eq!(
        codes("-- shipgate-ignore MIG016: tiny table\nCREATE INDEX i ON t (id);\n"),
        vec![("MIG061".to_owned(), false)]
    );
    assert_eq!(
        codes("-- shipgate-ignore-file MIG061: never deployed anywhere\nSELECT 1;\n"),
        vec![("MIG061".to_owned(), true)]
    );
}

#[test]
fn a_deleted_applied_migration_is_reported_at_its_path_in_apply_order() {
    let gone = |path: &str| DeletedFile {
        path: path.into(),
        since: "origin/main".into(),
    };
    let opts = Options {
        deleted: vec![
            gone("db/V10__b.sql"),
            gone("db/R__views.sql"),
            gone("db/V2__a.sql"),
            gone("db/V3__a.undo.sql"),
            gone("db/README.md"),
        ],
        ..Options::default()
    };
    let out = lint(&[file("db/V11__x.sql", "SELECT 1;\n", true, 1)], &opts);
    let found: Vec<(String, String, bool, &str)> = out
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.location.file.clone(),
                d.code.to_string(),
                d.location.span.is_some(),
                d.level.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("db/V2__a.sql".into(), "MIG064".into(), false, "error"),
            ("db/V10__b.sql".into(), "MIG064".into(), false, "error"),
        ]
    );
    assert!(out.diagnostics[0].message.contains("origin/main"));
    assert_eq!(out.files, 1, "deleted files are not counted as checked");
    let off = Options {
        levels: vec![RuleLevel {
            rule: "applied-migration-deleted".into(),
            level: None,
        }],
        ..opts
    };
    assert!(lint(&[], &off).diagnostics.is_empty());
}

#[test]
fn a_new_migration_sorting_before_a_merged_one_in_the_same_directory_is_out_of_order() {
    use shipgate_migrations_lint::{diagnostics::Level, RuleLevel};
    let opts = Options {
        levels: vec![RuleLevel {
            rule: "out-of-order-migration".into(),
            level: Some(Level::Error),
        }],
        ..Options::default()
    };
    let run = |files: &[SourceFile]| -> Vec<String> {
        lint(files, &opts)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "MIG062")
            .map(|d| d.location.file)
            .collect()
    };
    let merged = file("db/V42__b.sql", "SELECT 1;", false, 0);
    assert_eq!(
        run(&[file("db/V41__a.sql", "SELECT 1;", true, 1), merged.clone()]),
        vec!["db/V41__a.sql".to_owned()]
    );
    // Another directory (another service's migrations) is not compared.
    assert!(run(&[
        file("other/V41__a.sql", "SELECT 1;", true, 1),
        merged.clone()
    ])
    .is_empty());
    // Repeatable migrations have no version.
    assert!(run(&[file("db/R__views.sql", "SELECT 1;", true, 1), merged]).is_empty());
}

#[test]
fn rerunnable_statements_only_matter_outside_a_transaction() {
    use shipgate_migrations_lint::{diagnostics::Level, RuleLevel};
    let on = |pg_version| Options {
        pg_version,
        levels: vec![RuleLevel {
            rule: "MIG050".into(),
            level: Some(Level::Warning),
        }],
        ..Options::default()
    };
    for sql in [
        "CREATE TABLE t (id bigint);",
        "DROP TABLE t;",
        "CREATE EXTENSION pgcrypto;",
        "ALTER TABLE t ADD COLUMN c int, DROP COLUMN IF EXISTS d;",
        "ALTER TABLE t DROP CONSTRAINT c;",
        "CREATE VIEW v AS SELECT 1;",
    ] {
        assert_flags(sql, "MIG050", &on(15));
        assert_ok(&format!("BEGIN;\n{sql}\nCOMMIT;"), "MIG050", &on(15));
    }
    for sql in [
        "CREATE TABLE IF NOT EXISTS t (id bigint);",
        "DROP TABLE IF EXISTS t;",
        "CREATE EXTENSION IF NOT EXISTS pgcrypto;",
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, DROP COLUMN IF EXISTS d;",
        "CREATE OR REPLACE VIEW v AS SELECT 1;",
        "DO $$ BEGIN IF true THEN DROP TABLE t; END IF; END $$;",
    ] {
        assert_ok(sql, "MIG050", &on(15));
    }
    let trigger = "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();";
    assert_flags(trigger, "MIG050", &on(14));
    assert_ok(trigger, "MIG050", &on(13));
}
