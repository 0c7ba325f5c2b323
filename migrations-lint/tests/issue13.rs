//! Regression tests for issue 13 ("Accuracy on real-world inputs"), section
//! "Migration linter": each test names its item and fails without the fix.
//!
//! See: `issues show 13`.

use shipgate_migrations_lint::diagnostics::Level;
use shipgate_migrations_lint::{lint, Dialect, Options, Outcome, SourceFile};

fn file(path: &str, text: &str, report: bool, change_set: usize) -> SourceFile {
    SourceFile {
        path: path.into(),
        text: text.into(),
        report,
        change_set,
        edited_at_line: None,
    }
}

/// Lint `history` (already merged, one change set each) then `sql` (reported).
fn run(history: &[&str], sql: &str, opts: &Options) -> Outcome {
    let mut files: Vec<SourceFile> = history
        .iter()
        .enumerate()
        .map(|(i, h)| file(&format!("V{}__h.sql", i + 1), h, false, i))
        .collect();
    files.push(file("V99__new.sql", sql, true, history.len()));
    lint(&files, opts)
}

fn codes(history: &[&str], sql: &str, opts: &Options) -> Vec<String> {
    run(history, sql, opts)
        .diagnostics
        .into_iter()
        .map(|d| d.code.into_owned())
        .collect()
}

fn has(history: &[&str], sql: &str, code: &str) -> bool {
    codes(history, sql, &Options::default())
        .iter()
        .any(|c| c == code)
}

const USERS: &str =
    "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text NOT NULL, bio varchar(200));";

/// Item 1: SET NOT NULL on an existing table scans it, even when the column was
/// added earlier in the same file (add nullable → backfill → SET NOT NULL).
#[test]
fn issue13_item1_set_not_null_on_a_column_added_in_the_same_file_is_flagged() {
    let sql = "ALTER TABLE users ADD COLUMN tier text;\n\
               UPDATE users SET tier = 'free' WHERE id < 1000;\n\
               ALTER TABLE users ALTER COLUMN tier SET NOT NULL;\n";
    let out = run(&[USERS], sql, &Options::default());
    let d = out
        .diagnostics
        .iter()
        .find(|d| d.code == "MIG025")
        .unwrap_or_else(|| panic!("MIG025 expected: {:?}", out.diagnostics));
    assert_eq!(d.location.span.map(|s| s.start.line), Some(3));
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("NOT VALID") && help.contains("VALIDATE") && help.contains("SET NOT NULL"),
        "{help}"
    );
    assert!(
        help.contains("12"),
        "says the recipe needs PostgreSQL 12+: {help}"
    );
    // A table created in this file is empty: nothing to scan.
    assert!(!has(
        &[],
        "CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN c text;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;",
        "MIG025"
    ));
}

/// Item 2: `CREATE TABLE IF NOT EXISTS t` of a table from earlier migrations is a
/// no-op and does not make `t` new.
#[test]
fn issue13_item2_create_table_if_not_exists_of_an_existing_table_is_not_new() {
    let sql = "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, body text);\n\
               CREATE INDEX users_body ON users (body);\n";
    assert!(
        has(&[USERS], sql, "MIG016"),
        "{:?}",
        codes(&[USERS], sql, &Options::default())
    );
    // Without the history the table is new and the index is fine.
    assert!(!has(&[], sql, "MIG016"));
}

/// Item 3: per-file transaction markers turn off `--assume-in-transaction`.
#[test]
fn issue13_item3_runner_markers_turn_off_transaction_wrapping() {
    let wrapped = Options {
        assume_in_transaction: true,
        ..Options::default()
    };
    let index = "CREATE INDEX CONCURRENTLY users_email ON users (email);\n";
    assert!(codes(&[USERS], index, &wrapped).contains(&"MIG021".to_owned()));
    for marker in [
        "-- migrate:up transaction:false",
        "-- morph:nontransactional",
        "-- no-transaction",
        "-- +goose NO TRANSACTION",
        "--! no-transaction",
    ] {
        let sql = format!("{marker}\n{index}");
        let found = codes(&[USERS], &sql, &wrapped);
        assert!(!found.contains(&"MIG021".to_owned()), "{marker}: {found:?}");
    }
    // goose's marker may follow `-- +goose Up`; dbmate's marker only counts on its up line.
    let goose = format!("-- +goose Up\n-- +goose NO TRANSACTION\n{index}");
    assert!(!codes(&[USERS], &goose, &wrapped).contains(&"MIG021".to_owned()));
    let not_a_marker = format!("-- this is not transaction:false\n{index}");
    assert!(codes(&[USERS], &not_a_marker, &wrapped).contains(&"MIG021".to_owned()));
    // An explicit BEGIN still counts.
    let begin = format!("-- morph:nontransactional\nBEGIN;\n{index}COMMIT;\n");
    assert!(codes(&[USERS], &begin, &Options::default()).contains(&"MIG021".to_owned()));
}

/// Item 4: nullability and types are tracked through earlier migrations.
#[test]
fn issue13_item4_no_op_nullability_and_type_changes_are_not_flagged() {
    // Already NOT NULL (in the CREATE TABLE, by a later SET NOT NULL, or as a primary key).
    assert!(!has(
        &[USERS],
        "ALTER TABLE users ALTER COLUMN name SET NOT NULL;",
        "MIG025"
    ));
    assert!(!has(
        &[USERS, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        "MIG025"
    ));
    assert!(!has(
        &["CREATE TABLE t (a bigint, b text, PRIMARY KEY (a));"],
        "ALTER TABLE t ALTER COLUMN a SET NOT NULL;",
        "MIG025"
    ));
    assert!(has(
        &[USERS],
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        "MIG025"
    ));
    // Already nullable.
    assert!(!has(
        &[USERS],
        "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
        "MIG006"
    ));
    assert!(!has(
        &[USERS, "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;"],
        "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;",
        "MIG006"
    ));
    assert!(has(
        &[USERS],
        "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;",
        "MIG006"
    ));
    // Already text, however it was spelt or reached.
    for history in [
        &[USERS][..],
        &["CREATE TABLE users (id bigint, EMAIL TEXT COLLATE \"C\" NOT NULL)"],
        &["CREATE TABLE public.users (id bigint, \"email\" text DEFAULT '')"],
        &[
            "CREATE TABLE users (id bigint, email varchar(10))",
            "ALTER TABLE users ALTER COLUMN email TYPE text USING email::text",
        ],
        &[
            "CREATE TABLE accounts (id bigint, email text)",
            "ALTER TABLE accounts RENAME TO users",
        ],
        &[
            "CREATE TABLE users (id bigint, mail text)",
            "ALTER TABLE users RENAME COLUMN mail TO email",
        ],
        &[
            "CREATE TABLE users (id bigint)",
            "ALTER TABLE users ADD COLUMN email text",
        ],
    ] {
        for sql in [
            "ALTER TABLE users ALTER COLUMN email TYPE text;",
            "ALTER TABLE users ALTER COLUMN email SET DATA TYPE TEXT;",
            "ALTER TABLE public.users ALTER email TYPE text USING email::text;",
        ] {
            let found = codes(history, sql, &Options::default());
            assert!(
                !found.contains(&"MIG011".to_owned()),
                "{history:?} then {sql}: {found:?}"
            );
        }
    }
    assert!(has(
        &[USERS],
        "ALTER TABLE users ALTER COLUMN id TYPE int;",
        "MIG011"
    ));
}

/// Item 5: `ADD COLUMN … REFERENCES` validates and locks like `ADD CONSTRAINT … FOREIGN KEY`.
#[test]
fn issue13_item5_foreign_key_in_add_column_is_flagged_like_add_constraint() {
    let history = [USERS, "CREATE TABLE orders (id bigint PRIMARY KEY)"];
    let inline = codes(
        &history,
        "ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);",
        &Options::default(),
    );
    let constraint = codes(
        &history,
        "ALTER TABLE orders ADD COLUMN user_id bigint;\nALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);",
        &Options::default(),
    );
    assert!(constraint.contains(&"MIG022".to_owned()), "{constraint:?}");
    assert!(inline.contains(&"MIG022".to_owned()), "{inline:?}");
    let named = codes(
        &history,
        "ALTER TABLE orders ADD COLUMN user_id bigint CONSTRAINT fk_user REFERENCES users;",
        &Options::default(),
    );
    assert!(named.contains(&"MIG022".to_owned()), "{named:?}");
    // A new table has no rows to validate.
    assert!(!has(
        &[USERS],
        "CREATE TABLE orders (id bigint);\nALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);",
        "MIG022"
    ));
}

/// Item 6: SQL that PostgreSQL rejects is at least a warning, not an info. A
/// missing `;` between two statements (here `CREATE INDEX` swallowed by the
/// `ALTER TABLE` before it), a misspelt `COLUMN` and `NOT NUL` are MIG065
/// `invalid-sql` warnings at the offending line; before, they were at most the
/// MIG038 info note.
#[test]
fn issue13_item6_sql_postgres_rejects_is_a_warning() {
    let sql = "SET lock_timeout = '2s';\n\
               ALTER TABLE users ADD COLUMN nickname text\n\
               CREATE INDEX CONCURRENTLY users_nickname ON users (nickname);\n\
               ALTER TABLE users ADD COLUM city text;\n\
               ALTER TABLE users ADD COLUMN zip text NOT NUL;\n\
               INSERT INTO users (id, email, name) VALUES (1, 'a', 'b')\n\
               UPDATE users SET bio = 'x' WHERE id = 1;\n";
    let out = run(&[USERS], sql, &Options::default());
    let rejected: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|d| d.level >= Level::Warning && d.message.contains("PostgreSQL rejects"))
        .map(|d| {
            format!(
                "{:?} {} line {}: {}",
                d.level,
                d.code,
                d.location.span.map_or(0, |s| s.start.line),
                d.message
            )
        })
        .collect();
    insta::assert_snapshot!(rejected.join("\n"));
    // Each invalid statement is reported once: no MIG038 info note besides.
    assert!(
        !out.diagnostics.iter().any(|d| d.code == "MIG038"),
        "{:?}",
        out.diagnostics
    );
    // Valid SQL around it is not flagged.
    let ok = "ALTER TABLE users ADD COLUMN nickname text;\n\
              CREATE INDEX CONCURRENTLY users_nickname ON users (nickname);\n";
    assert!(!codes(&[USERS], ok, &Options::default()).contains(&"MIG065".to_owned()));
    // The check follows PostgreSQL's grammar: other dialects are left to sqlparser.
    let mysql = Options {
        dialect: Dialect::MySql,
        ..Options::default()
    };
    assert!(!codes(&[USERS], sql, &mysql).contains(&"MIG065".to_owned()));
}

/// Item 7: a table swap in one transaction keeps the name: say so.
#[test]
fn issue13_item7_table_swap_in_one_transaction_keeps_the_name() {
    let history = [
        "CREATE TABLE events (id bigint, body text)",
        "CREATE TABLE events_new (id bigint, body text)",
    ];
    let swap = "BEGIN;\nDROP TABLE events;\nALTER TABLE events_new RENAME TO events;\nCOMMIT;\n";
    let out = run(&history, swap, &Options::default());
    let drop = out
        .diagnostics
        .iter()
        .find(|d| d.code == "MIG002")
        .unwrap_or_else(|| panic!("{:?}", out.diagnostics));
    assert!(drop.message.contains("swap"), "{}", drop.message);
    assert!(!drop.message.contains("breaks"), "{}", drop.message);
    assert_eq!(drop.level.as_str(), "warning");
    assert!(
        !out.diagnostics.iter().any(|d| d.code == "MIG009"),
        "{:?}",
        out.diagnostics
    );
    // With the migration tool's transaction it is a swap too.
    let wrapped = Options {
        assume_in_transaction: true,
        ..Options::default()
    };
    let out = run(
        &history,
        "DROP TABLE events;\nALTER TABLE events_new RENAME TO events;\n",
        &wrapped,
    );
    let drop = out.diagnostics.iter().find(|d| d.code == "MIG002").unwrap();
    assert!(drop.message.contains("swap"), "{}", drop.message);
    // Outside a transaction there is a moment with no `events` table.
    let out = run(
        &history,
        "DROP TABLE events;\nALTER TABLE events_new RENAME TO events;\n",
        &Options::default(),
    );
    let drop = out.diagnostics.iter().find(|d| d.code == "MIG002").unwrap();
    assert!(drop.message.contains("breaks"), "{}", drop.message);
    assert_eq!(drop.level.as_str(), "error");
}

fn file_phase(history: &[&str], sql: &str) -> Option<String> {
    let out = run(history, sql, &Options::default());
    out.file_summaries
        .iter()
        .find(|f| f.path == "V99__new.sql")
        .map(|f| f.phase.as_str().to_owned())
}

/// Item 8: phases for people.
#[test]
fn issue13_item8_phases_for_people() {
    // Every file has a phase, even without findings.
    let out = run(&[USERS], "SELECT 1;", &Options::default());
    assert!(out.diagnostics.is_empty());
    let files = &out.file_summaries;
    assert_eq!(files.len(), 1, "only reported files: {files:?}");
    assert_eq!(files[0].path, "V99__new.sql");
    assert_eq!(files[0].phase.as_str(), "expand");
    assert_eq!(files[0].statements, 1);
    assert_eq!(
        file_phase(&[USERS], "UPDATE users SET bio = '' WHERE id < 10;").as_deref(),
        Some("migrate")
    );
    // DROP NOT NULL is usually an expand step.
    assert_eq!(
        file_phase(
            &[USERS],
            "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;"
        )
        .as_deref(),
        Some("expand")
    );
    let out = run(
        &[USERS],
        "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;",
        &Options::default(),
    );
    let d = out.diagnostics.iter().find(|d| d.code == "MIG006").unwrap();
    assert_eq!(d.properties.get("phase"), Some("expand"));
    // DROP INDEX on a table created in the same file is not a contract step.
    assert_eq!(
        file_phase(
            &[USERS],
            "CREATE TABLE t (id bigint);\nCREATE INDEX t_id ON t (id);\nDROP INDEX t_id;"
        )
        .as_deref(),
        Some("expand")
    );
    assert_eq!(
        file_phase(
            &[USERS, "CREATE INDEX users_bio ON users (bio)"],
            "DROP INDEX CONCURRENTLY users_bio;"
        )
        .as_deref(),
        Some("contract")
    );
    // A DO block whose body was analysed gets no "not fully analysed" note.
    let sql = "DO $$\nBEGIN\n  ALTER TABLE users DROP COLUMN bio;\nEND $$;\n";
    let c = codes(&[USERS], sql, &Options::default());
    assert!(c.contains(&"MIG001".to_owned()), "{c:?}");
    assert!(!c.contains(&"MIG038".to_owned()), "{c:?}");
}

/// Item 9: "a SHARE lock", not "an SHARE lock".
#[test]
fn issue13_item9_lock_mode_articles() {
    let out = run(
        &[USERS],
        "CREATE INDEX users_email ON users (email);",
        &Options::default(),
    );
    let d = out.diagnostics.iter().find(|d| d.code == "MIG031").unwrap();
    assert!(d.message.contains("takes a SHARE lock"), "{}", d.message);
    let out = run(
        &[USERS],
        "ALTER TABLE users DROP COLUMN bio;",
        &Options::default(),
    );
    let d = out.diagnostics.iter().find(|d| d.code == "MIG031").unwrap();
    assert!(
        d.message.contains("takes an ACCESS EXCLUSIVE lock"),
        "{}",
        d.message
    );
}
