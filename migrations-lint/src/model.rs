//! The statement model: what a migration statement does, as facts the rules
//! read (tables, columns, constraints, locks), independent of how it was parsed.

/// A column definition from `CREATE TABLE` or `ADD COLUMN`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Normalised type text, such as `varchar(255)` or `timestamptz`.
    pub ty: String,
    pub not_null: bool,
    pub default: Option<DefaultExpr>,
    pub generated_stored: bool,
    pub identity: bool,
    pub serial: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub references: Option<String>,
    /// The name given to the column's foreign key (`CONSTRAINT name REFERENCES …`).
    pub references_name: Option<String>,
    pub check: bool,
    /// `ADD COLUMN IF NOT EXISTS` (always false inside `CREATE TABLE`).
    pub if_not_exists: bool,
}

/// A `DEFAULT` expression: its text and whether it calls a volatile function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultExpr {
    pub text: String,
    /// The first volatile (or unknown) function called, such as `gen_random_uuid`.
    pub volatile_call: Option<String>,
}

/// What kind of table constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintKind {
    /// `CHECK (…)`; `not_null_col` is set for exactly `CHECK (col IS NOT NULL)`.
    Check {
        not_null_col: Option<String>,
    },
    ForeignKey {
        ref_table: String,
    },
    Unique,
    PrimaryKey,
    Exclude,
}

/// A table constraint (`ADD CONSTRAINT …` or inside `CREATE TABLE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub columns: Vec<String>,
    pub not_valid: bool,
    pub using_index: bool,
}

/// One action of an `ALTER TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlterOp {
    AddColumn(Column),
    DropColumn {
        column: String,
        if_exists: bool,
    },
    RenameColumn {
        from: String,
        to: String,
    },
    RenameTable {
        to: String,
    },
    SetSchema,
    AlterType {
        column: String,
        ty: String,
    },
    SetNotNull(String),
    DropNotNull(String),
    SetDefault(String, DefaultExpr),
    DropDefault(String),
    /// `ADD GENERATED … AS IDENTITY`, `SET GENERATED`, `DROP IDENTITY`, …
    Identity(String),
    DropExpression(String),
    AddConstraint(Constraint),
    ValidateConstraint(String),
    DropConstraint {
        name: String,
        if_exists: bool,
    },
    RenameConstraint {
        from: String,
        to: String,
    },
    AttachPartition,
    DetachPartition {
        concurrently: bool,
    },
    /// Changes behaviour for running code: RLS, triggers, rules, replica identity, inheritance.
    Behaviour(String),
    /// `SET TABLESPACE`, `SET LOGGED`/`UNLOGGED`: rewrites the table.
    Rewrite(String),
    /// Anything else (`SET (…)`, `OWNER TO`, `ALTER CONSTRAINT`, …).
    Other(String),
}

/// What a statement is.
///
/// Table names are schema-aware: an unqualified name and one in `public` are
/// the same table (`users`), a name in any other schema keeps its schema
/// (`audit.users`); see [`table_key`]. `qualified` records whether the
/// statement spelled a schema out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    CreateTable {
        table: String,
        columns: Vec<Column>,
        constraints: Vec<Constraint>,
        if_not_exists: bool,
        qualified: bool,
    },
    CreateIndex {
        table: String,
        name: Option<String>,
        concurrently: bool,
        columns: Vec<String>,
        unique: bool,
        if_not_exists: bool,
        qualified: bool,
    },
    DropIndex {
        names: Vec<String>,
        concurrently: bool,
        if_exists: bool,
    },
    Reindex {
        concurrently: bool,
    },
    AlterTable {
        table: String,
        ops: Vec<AlterOp>,
        qualified: bool,
    },
    Drop {
        /// Upper-case object words: `TABLE`, `MATERIALIZED VIEW`, …
        object: String,
        names: Vec<String>,
        cascade: bool,
        if_exists: bool,
    },
    /// `ALTER INDEX|SEQUENCE|VIEW|TYPE|… name RENAME …` or `SET SCHEMA`.
    RenameObject {
        object: String,
        name: String,
    },
    AlterTypeAddValue {
        ordered: bool,
    },
    /// `ALTER SEQUENCE … RESTART`, `ALTER SYSTEM`, `ALTER EXTENSION`, `CREATE POLICY`, `REVOKE`, …
    BehaviourChange(String),
    VacuumFull,
    Cluster,
    Update {
        table: String,
        whole_table: bool,
        /// A column assigned twice in `SET`.
        duplicate_column: Option<String>,
    },
    Delete {
        table: String,
        whole_table: bool,
    },
    InsertSelect {
        table: String,
        /// A column named twice in the column list.
        duplicate_column: Option<String>,
    },
    Insert {
        /// A column named twice in the column list.
        duplicate_column: Option<String>,
    },
    Select,
    Set {
        name: String,
        value: String,
    },
    Begin,
    Commit,
    Rollback,
    CommentOn {
        table: String,
        column: Option<String>,
        text: Option<String>,
    },
    /// `DO [LANGUAGE l] $$ … $$`: the body's byte range in the file.
    Do {
        body: Option<(usize, usize)>,
    },
    Truncate {
        cascade: bool,
    },
    /// Any other `CREATE` (view, function, type, extension, …).
    Create {
        object: String,
        or_replace: bool,
        if_not_exists: bool,
    },
    /// `CREATE DOMAIN … CHECK (…)` (`alter: false`) or `ALTER DOMAIN … ADD CONSTRAINT` (`alter: true`).
    DomainConstraint {
        name: String,
        alter: bool,
    },
    /// A psql meta-command.
    Meta,
    Other,
}

impl Kind {
    /// A short name for messages: `ALTER TABLE`, `CREATE INDEX`, …
    pub fn label(&self) -> &'static str {
        match self {
            Kind::CreateTable { .. } => "CREATE TABLE",
            Kind::CreateIndex { .. } => "CREATE INDEX",
            Kind::DropIndex { .. } => "DROP INDEX",
            Kind::Reindex { .. } => "REINDEX",
            Kind::AlterTable { .. } => "ALTER TABLE",
            Kind::Drop { .. } => "DROP",
            Kind::RenameObject { .. } => "ALTER … RENAME",
            Kind::AlterTypeAddValue { .. } => "ALTER TYPE … ADD VALUE",
            Kind::BehaviourChange(_) => "behaviour change",
            Kind::VacuumFull => "VACUUM FULL",
            Kind::Cluster => "CLUSTER",
            Kind::Update { .. } => "UPDATE",
            Kind::Delete { .. } => "DELETE",
            Kind::InsertSelect { .. } => "INSERT … SELECT",
            Kind::Insert { .. } => "INSERT",
            Kind::Select => "SELECT",
            Kind::Set { .. } => "SET",
            Kind::Begin => "BEGIN",
            Kind::Commit => "COMMIT",
            Kind::Rollback => "ROLLBACK",
            Kind::CommentOn { .. } => "COMMENT ON",
            Kind::Do { .. } => "DO",
            Kind::Truncate { .. } => "TRUNCATE",
            Kind::Create { .. } => "CREATE",
            Kind::DomainConstraint { alter: false, .. } => "CREATE DOMAIN",
            Kind::DomainConstraint { alter: true, .. } => "ALTER DOMAIN",
            Kind::Meta => "psql meta-command",
            Kind::Other => "statement",
        }
    }
}

/// The key a table name is tracked under: `public.users` and `users` are the
/// same table (`users`); other schemas stay distinct (`audit.users`). Takes the
/// normalised parts of a possibly qualified name (`[catalog.]schema.name`); a
/// template placeholder as the schema (`${schema}.users`) counts as the default
/// schema, since templates usually put every object in the same one.
pub fn table_key(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [name] => name.clone(),
        [.., schema, name] => {
            if schema == "public" || schema.starts_with("${") || schema.starts_with("{{") {
                name.clone()
            } else {
                format!("{schema}.{name}")
            }
        }
    }
}

/// [`table_key`] for a dotted name as written in config or a comment marker
/// (`public.users` → `users`, `Audit.Users` → `audit.users`).
pub fn table_key_str(name: &str) -> String {
    let parts: Vec<String> = name
        .split('.')
        .map(|p| p.trim().to_ascii_lowercase())
        .collect();
    table_key(&parts)
}

/// Expand (additive), migrate (data change) or contract (destructive or narrowing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Expand,
    Migrate,
    Contract,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Expand => "expand",
            Phase::Migrate => "migrate",
            Phase::Contract => "contract",
        }
    }
}
