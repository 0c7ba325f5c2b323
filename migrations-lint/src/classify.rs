//! The token-level classifier: reads a statement's tokens into a [`Kind`].
//!
//! It is the single source of statement facts for the rules, used both for
//! statements sqlparser accepts and for those it rejects (`DROP INDEX
//! CONCURRENTLY`, `DO`, `REINDEX`, partitions, `CLUSTER`, …), so both get the
//! same rule coverage. It never fails: what it cannot read becomes `Other`.

use crate::lex::{Tok, Token};
use crate::model::{table_key, AlterOp, Column, Constraint, ConstraintKind, DefaultExpr, Kind};

/// A cursor over one statement's tokens.
struct Cur<'a> {
    src: &'a str,
    t: &'a [Token],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(src: &'a str, t: &'a [Token]) -> Self {
        Cur { src, t, i: 0 }
    }
    fn peek(&self) -> Option<&'a Token> {
        self.t.get(self.i)
    }
    fn kw(&self, k: &str) -> bool {
        self.peek().is_some_and(|t| t.is_kw(self.src, k))
    }
    fn kw_at(&self, off: usize, k: &str) -> bool {
        self.t
            .get(self.i + off)
            .is_some_and(|t| t.is_kw(self.src, k))
    }
    fn eat(&mut self, k: &str) -> bool {
        let hit = self.kw(k);
        if hit {
            self.i += 1;
        }
        hit
    }
    /// Eat the whole keyword sequence, or nothing.
    fn eat_seq(&mut self, ks: &[&str]) -> bool {
        if ks.iter().enumerate().all(|(o, k)| self.kw_at(o, k)) {
            self.i += ks.len();
            true
        } else {
            false
        }
    }
    fn punct(&self, c: u8) -> bool {
        self.peek().is_some_and(|t| t.kind == Tok::Punct(c))
    }
    fn done(&self) -> bool {
        self.i >= self.t.len()
    }
    /// One identifier, normalised (unquoted words lower-cased).
    fn ident(&mut self) -> Option<String> {
        let t = self.peek()?;
        let s = ident_text(self.src, t)?;
        self.i += 1;
        Some(s)
    }
    /// A possibly qualified name, as its [`table_key`] (`public.` dropped,
    /// other schemas kept).
    fn name(&mut self) -> Option<String> {
        self.qname().map(|(n, _)| n)
    }
    /// A possibly qualified name as its [`table_key`], and whether a schema was written.
    fn qname(&mut self) -> Option<(String, bool)> {
        // `[catalog.]schema.name`: only the last two parts matter.
        let mut last = self.ident()?;
        let mut schema: Option<String> = None;
        while self.punct(b'.') {
            self.i += 1;
            match self.ident() {
                Some(n) => schema = Some(std::mem::replace(&mut last, n)),
                None => break,
            }
        }
        Some(match schema {
            None => (last, false),
            Some(s) => (table_key(&[s, last]), true),
        })
    }
    /// If at `(`, the tokens inside the matching parentheses; moves past `)`.
    fn parens(&mut self) -> Option<&'a [Token]> {
        if !self.punct(b'(') {
            return None;
        }
        let open = self.i;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t.kind {
                Tok::Punct(b'(') => depth += 1,
                Tok::Punct(b')') => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return Some(&self.t[open + 1..self.i - 1]);
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        Some(&self.t[open + 1..])
    }
    fn rest(&self) -> &'a [Token] {
        &self.t[self.i.min(self.t.len())..]
    }
    /// Whether the bare word `k` occurs anywhere from here at parenthesis depth 0.
    fn has_top_kw(&self, k: &str) -> bool {
        top_level(self.rest()).any(|t| t.is_kw(self.src, k))
    }
}

/// Tokens at parenthesis depth 0.
fn top_level(t: &[Token]) -> impl Iterator<Item = &Token> {
    let mut depth = 0i32;
    t.iter().filter(move |t| match t.kind {
        Tok::Punct(b'(') | Tok::Punct(b'[') => {
            depth += 1;
            false
        }
        Tok::Punct(b')') | Tok::Punct(b']') => {
            depth -= 1;
            false
        }
        _ => depth == 0,
    })
}

/// Split a token list at depth-0 commas.
fn split_commas(t: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, tok) in t.iter().enumerate() {
        match tok.kind {
            Tok::Punct(b'(') | Tok::Punct(b'[') => depth += 1,
            Tok::Punct(b')') | Tok::Punct(b']') => depth -= 1,
            Tok::Punct(b',') if depth == 0 => {
                out.push(&t[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < t.len() {
        out.push(&t[start..]);
    }
    out
}

/// The normalised text of an identifier token, or `None` if it is not one.
pub fn ident_text(src: &str, t: &Token) -> Option<String> {
    match t.kind {
        Tok::Word | Tok::Placeholder => Some(t.text(src).to_ascii_lowercase()),
        Tok::QuotedIdent => {
            let s = t.text(src);
            Some(s[1..s.len() - 1].replace("\"\"", "\""))
        }
        _ => None,
    }
}

/// Token texts joined into normalised SQL (lower-case words, no space before `(`, `,`, `)`).
fn join(src: &str, t: &[Token]) -> String {
    let mut out = String::new();
    let mut prev: Option<Tok> = None;
    for tok in t {
        let glue = matches!(
            tok.kind,
            Tok::Punct(b'(' | b')' | b',' | b'.' | b'[' | b']')
        ) || matches!(prev, Some(Tok::Punct(b'(' | b'.' | b'[')))
            || (tok.kind == Tok::Op && tok.text(src) == "::")
            || (prev == Some(Tok::Op) && out.ends_with("::"));
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        if tok.kind == Tok::Word {
            out.push_str(&tok.text(src).to_ascii_lowercase());
        } else {
            out.push_str(tok.text(src));
        }
        prev = Some(tok.kind);
    }
    out
}

/// Classify one statement.
pub fn classify(src: &str, toks: &[Token]) -> Kind {
    let mut c = Cur::new(src, toks);
    if c.done() {
        return Kind::Other;
    }
    if c.kw("WITH") {
        skip_ctes(&mut c);
    }
    let Some(first) = c.peek() else {
        return Kind::Other;
    };
    if first.kind != Tok::Word {
        return Kind::Other;
    }
    let kw = first.text(src).to_ascii_uppercase();
    c.i += 1;
    match kw.as_str() {
        "CREATE" => create(&mut c),
        "ALTER" => alter(&mut c),
        "DROP" => drop(&mut c),
        "REINDEX" => {
            if c.punct(b'(') {
                let opts = c.parens().unwrap_or(&[]);
                if opts.iter().any(|t| t.is_kw(src, "CONCURRENTLY")) {
                    return Kind::Reindex { concurrently: true };
                }
            }
            Kind::Reindex {
                concurrently: c.has_top_kw("CONCURRENTLY"),
            }
        }
        "VACUUM" => {
            let full = c.kw("FULL")
                || c.parens()
                    .is_some_and(|o| o.iter().any(|t| t.is_kw(src, "FULL")));
            if full {
                Kind::VacuumFull
            } else {
                Kind::Other
            }
        }
        "CLUSTER" => Kind::Cluster,
        "UPDATE" => {
            c.eat("ONLY");
            let table = c.name().unwrap_or_default();
            Kind::Update {
                table,
                whole_table: !c.has_top_kw("WHERE"),
                duplicate_column: update_duplicate(&mut c),
            }
        }
        "DELETE" => {
            c.eat("FROM");
            c.eat("ONLY");
            let table = c.name().unwrap_or_default();
            Kind::Delete {
                table,
                whole_table: !c.has_top_kw("WHERE"),
            }
        }
        "INSERT" => {
            c.eat("INTO");
            let table = c.name().unwrap_or_default();
            if c.eat("AS") {
                c.ident();
            }
            let duplicate_column = c
                .parens()
                .and_then(|cols| duplicate(src, split_commas(cols).into_iter()));
            c.eat_seq(&["OVERRIDING", "SYSTEM", "VALUE"]);
            c.eat_seq(&["OVERRIDING", "USER", "VALUE"]);
            if (c.kw("SELECT") || c.kw("WITH") || c.kw("TABLE")) && c.has_top_kw("FROM")
                || c.kw("TABLE")
            {
                Kind::InsertSelect {
                    table,
                    duplicate_column,
                }
            } else {
                Kind::Insert { duplicate_column }
            }
        }
        "SELECT" => {
            // `SELECT set_config('lock_timeout', '1s', false)` is a SET.
            if c.kw("set_config") {
                c.i += 1;
                if let Some(args) = c.parens() {
                    let parts = split_commas(args);
                    if let (Some(n), Some(v)) = (parts.first(), parts.get(1)) {
                        let strip = |p: &[Token]| join(src, p).trim_matches('\'').to_owned();
                        return Kind::Set {
                            name: strip(n).to_ascii_lowercase(),
                            value: strip(v),
                        };
                    }
                }
            }
            Kind::Select
        }
        "SET" => {
            if !c.eat("LOCAL") {
                c.eat("SESSION");
            }
            let name = c.ident().unwrap_or_default();
            if !c.eat("TO") && c.peek().is_some_and(|t| t.text(src) == "=") {
                c.i += 1;
            }
            Kind::Set {
                name,
                value: join(src, c.rest()).trim_matches('\'').to_owned(),
            }
        }
        "BEGIN" | "START" => Kind::Begin,
        "COMMIT" | "END" => Kind::Commit,
        "ROLLBACK" | "ABORT" if !c.has_top_kw("TO") => Kind::Rollback,
        "COMMENT" => comment(&mut c),
        "DO" => {
            let body = top_level(c.rest())
                .find(|t| matches!(t.kind, Tok::Dollar { .. } | Tok::Str))
                .and_then(|t| t.body(src));
            Kind::Do { body }
        }
        "TRUNCATE" => Kind::Truncate {
            cascade: c.has_top_kw("CASCADE"),
        },
        "REVOKE" => Kind::BehaviourChange("REVOKE".to_owned()),
        _ => Kind::Other,
    }
}

/// The first column named twice among `items` (each starts with the column
/// name; a subscript or field such as `tags[1]` or `addr.city` is not a plain
/// assignment and is skipped). No allocation unless a duplicate is found.
fn duplicate<'t>(src: &str, items: impl Iterator<Item = &'t [Token]>) -> Option<String> {
    let mut seen: Vec<&Token> = Vec::new();
    for item in items {
        let Some(first) = item.first() else { continue };
        if item
            .get(1)
            .is_some_and(|t| matches!(t.kind, Tok::Punct(b'[' | b'.')))
            || !matches!(first.kind, Tok::Word | Tok::QuotedIdent)
        {
            continue;
        }
        let same = |a: &Token, b: &Token| match (a.kind, b.kind) {
            (Tok::Word, Tok::Word) => a.text(src).eq_ignore_ascii_case(b.text(src)),
            _ => ident_text(src, a) == ident_text(src, b),
        };
        if seen.iter().any(|s| same(s, first)) {
            return ident_text(src, first);
        }
        seen.push(first);
    }
    None
}

/// The duplicate target of `UPDATE t [AS a] SET …`, up to `FROM`/`WHERE`/`RETURNING`.
fn update_duplicate(c: &mut Cur<'_>) -> Option<String> {
    while !c.done() && !c.kw("SET") {
        c.i += 1;
    }
    if !c.eat("SET") {
        return None;
    }
    let start = c.i;
    let mut depth = 0i32;
    while let Some(t) = c.peek() {
        match t.kind {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => depth -= 1,
            _ if depth == 0
                && (t.is_kw(c.src, "FROM")
                    || t.is_kw(c.src, "WHERE")
                    || t.is_kw(c.src, "RETURNING")) =>
            {
                break
            }
            _ => {}
        }
        c.i += 1;
    }
    let set = &c.t[start..c.i];
    // `SET (a, b) = (…)` assigns a list; split it into its columns too.
    let mut items: Vec<&[Token]> = Vec::new();
    for a in split_commas(set) {
        if a.first().is_some_and(|t| t.kind == Tok::Punct(b'(')) {
            let mut inner = Cur::new(c.src, a);
            if let Some(cols) = inner.parens() {
                items.extend(split_commas(cols));
            }
        } else {
            items.push(a);
        }
    }
    duplicate(c.src, items.into_iter())
}

fn skip_ctes(c: &mut Cur<'_>) {
    c.eat("WITH");
    c.eat("RECURSIVE");
    loop {
        c.ident();
        if c.punct(b'(') {
            c.parens();
        }
        c.eat("AS");
        c.eat("NOT");
        c.eat("MATERIALIZED");
        if c.parens().is_none() {
            return;
        }
        if c.punct(b',') {
            c.i += 1;
        } else {
            return;
        }
    }
}

fn comment(c: &mut Cur<'_>) -> Kind {
    if !c.eat("ON") {
        return Kind::Other;
    }
    let column = c.eat("COLUMN");
    if !column && !c.eat("TABLE") {
        return Kind::Other;
    }
    let mut parts = Vec::new();
    while let Some(p) = c.ident() {
        parts.push(p);
        if c.punct(b'.') {
            c.i += 1;
        } else {
            break;
        }
    }
    if !c.eat("IS") {
        return Kind::Other;
    }
    let text = c
        .peek()
        .filter(|t| t.kind == Tok::Str)
        .and_then(|t| t.body(c.src))
        .map(|(s, e)| c.src[s..e].replace("''", "'"));
    let column = if column { parts.pop() } else { None };
    let table = table_key(&parts);
    Kind::CommentOn {
        table,
        column,
        text,
    }
}

fn create(c: &mut Cur<'_>) -> Kind {
    let or_replace = c.eat_seq(&["OR", "REPLACE"]);
    let unique = c.eat("UNIQUE");
    for k in ["GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED"] {
        c.eat(k);
    }
    if c.eat("INDEX") {
        let concurrently = c.eat("CONCURRENTLY");
        let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let name = if c.kw("ON") { None } else { c.name() };
        c.eat("ON");
        c.eat("ONLY");
        let (table, qualified) = c.qname().unwrap_or_default();
        // An index lives in its table's schema.
        let name = name.map(|n| match table.rsplit_once('.') {
            Some((schema, _)) if !n.contains('.') => format!("{schema}.{n}"),
            _ => n,
        });
        if c.eat("USING") {
            c.ident();
        }
        let columns = c
            .parens()
            .map(|cols| {
                split_commas(cols)
                    .into_iter()
                    .filter_map(|e| e.first().and_then(|t| ident_text(c.src, t)))
                    .collect()
            })
            .unwrap_or_default();
        return Kind::CreateIndex {
            table,
            name,
            concurrently,
            columns,
            unique,
            if_not_exists,
            qualified,
        };
    }
    if c.eat("TABLE") {
        let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let (table, qualified) = c.qname().unwrap_or_default();
        let mut columns = Vec::new();
        let mut constraints = Vec::new();
        if let Some(body) = c.parens() {
            for el in split_commas(body) {
                let mut e = Cur::new(c.src, el);
                if is_constraint_start(&e) {
                    if let Some(k) = constraint(&mut e) {
                        constraints.push(k);
                    }
                } else if !e.kw("LIKE") {
                    if let Some(col) = column(c.src, el) {
                        columns.push(col);
                    }
                }
            }
        }
        return Kind::CreateTable {
            table,
            columns,
            constraints,
            if_not_exists,
            qualified,
        };
    }
    if c.kw("POLICY") {
        return Kind::BehaviourChange("CREATE POLICY".to_owned());
    }
    if c.eat("DOMAIN") {
        let name = c.name().unwrap_or_default();
        if c.has_top_kw("CHECK") {
            return Kind::DomainConstraint { name, alter: false };
        }
        return Kind::Create {
            object: "DOMAIN".to_owned(),
            or_replace,
            if_not_exists: false,
        };
    }
    let mut object = String::new();
    while let Some(t) = c.peek() {
        if t.kind != Tok::Word
            || !matches!(
                t.text(c.src).to_ascii_uppercase().as_str(),
                "MATERIALIZED" | "RECURSIVE" | "TRUSTED" | "PROCEDURAL" | "CONSTRAINT"
            )
        {
            break;
        }
        object.push_str(&t.text(c.src).to_ascii_uppercase());
        object.push(' ');
        c.i += 1;
    }
    if let Some(t) = c.peek() {
        object.push_str(&t.text(c.src).to_ascii_uppercase());
        c.i += 1;
    }
    let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
    Kind::Create {
        object,
        or_replace,
        if_not_exists,
    }
}

fn is_constraint_start(c: &Cur<'_>) -> bool {
    [
        "CONSTRAINT",
        "PRIMARY",
        "UNIQUE",
        "CHECK",
        "FOREIGN",
        "EXCLUDE",
    ]
    .iter()
    .any(|k| c.kw(k))
}

/// A table constraint: `[CONSTRAINT name] PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|EXCLUDE … [NOT VALID]`.
fn constraint(c: &mut Cur<'_>) -> Option<Constraint> {
    let name = if c.eat("CONSTRAINT") { c.name() } else { None };
    let not_valid = top_level(c.rest())
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0].is_kw(c.src, "NOT") && w[1].is_kw(c.src, "VALID"));
    let using_index = c.has_top_kw("USING") && top_level(c.rest()).any(|t| t.is_kw(c.src, "INDEX"));
    let idents = |c: &Cur<'_>, t: &[Token]| -> Vec<String> {
        split_commas(t)
            .into_iter()
            .filter_map(|e| e.first().and_then(|t| ident_text(c.src, t)))
            .collect()
    };
    let (kind, columns) = if c.eat_seq(&["PRIMARY", "KEY"]) {
        let cols = c.parens().map(|p| idents(c, p)).unwrap_or_default();
        (ConstraintKind::PrimaryKey, cols)
    } else if c.eat("UNIQUE") {
        c.eat_seq(&["NULLS", "NOT", "DISTINCT"]);
        c.eat_seq(&["NULLS", "DISTINCT"]);
        let cols = c.parens().map(|p| idents(c, p)).unwrap_or_default();
        (ConstraintKind::Unique, cols)
    } else if c.eat("CHECK") {
        let body = c.parens().unwrap_or(&[]);
        let words: Vec<Option<String>> = body.iter().map(|t| ident_text(c.src, t)).collect();
        let not_null_col = match words.as_slice() {
            [Some(col), Some(is), Some(not), Some(null)]
                if is == "is" && not == "not" && null == "null" =>
            {
                Some(col.clone())
            }
            _ => None,
        };
        let cols = words.into_iter().flatten().collect();
        (ConstraintKind::Check { not_null_col }, cols)
    } else if c.eat_seq(&["FOREIGN", "KEY"]) {
        let cols = c.parens().map(|p| idents(c, p)).unwrap_or_default();
        c.eat("REFERENCES");
        let ref_table = c.name().unwrap_or_default();
        (ConstraintKind::ForeignKey { ref_table }, cols)
    } else if c.eat("EXCLUDE") {
        (ConstraintKind::Exclude, Vec::new())
    } else {
        return None;
    };
    Some(Constraint {
        name,
        kind,
        columns,
        not_valid,
        using_index,
    })
}

const COLUMN_CONSTRAINT_WORDS: [&str; 12] = [
    "NOT",
    "NULL",
    "DEFAULT",
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "CHECK",
    "REFERENCES",
    "GENERATED",
    "COLLATE",
    "DEFERRABLE",
    "INITIALLY",
];

fn is_column_constraint_word(src: &str, t: &Token) -> bool {
    COLUMN_CONSTRAINT_WORDS.iter().any(|k| t.is_kw(src, k))
}

/// A column definition: `name type [constraints…]`.
pub fn column(src: &str, el: &[Token]) -> Option<Column> {
    let mut c = Cur::new(src, el);
    let name = c.ident()?;
    let ty_start = c.i;
    let mut depth = 0i32;
    while let Some(t) = c.peek() {
        match t.kind {
            Tok::Punct(b'(') => depth += 1,
            Tok::Punct(b')') => depth -= 1,
            _ if depth == 0 && is_column_constraint_word(src, t) => break,
            _ => {}
        }
        c.i += 1;
    }
    let ty = normalize_type(&join(src, &el[ty_start..c.i]));
    let mut col = Column {
        name,
        serial: matches!(
            ty.as_str(),
            "serial" | "bigserial" | "smallserial" | "serial4" | "serial8" | "serial2"
        ),
        ty,
        ..Column::default()
    };
    let mut constraint_name = None;
    while !c.done() {
        if c.eat("CONSTRAINT") {
            constraint_name = c.ident();
            continue;
        }
        if c.eat_seq(&["NOT", "NULL"]) {
            col.not_null = true;
        } else if c.eat("DEFAULT") {
            let start = c.i;
            let mut depth = 0i32;
            while let Some(t) = c.peek() {
                match t.kind {
                    Tok::Punct(b'(') => depth += 1,
                    Tok::Punct(b')') => depth -= 1,
                    _ if depth == 0 && is_column_constraint_word(src, t) => break,
                    _ => {}
                }
                c.i += 1;
            }
            col.default = Some(default_expr(src, &el[start..c.i]));
        } else if c.eat_seq(&["PRIMARY", "KEY"]) {
            col.primary_key = true;
            col.not_null = true;
        } else if c.eat("UNIQUE") {
            col.unique = true;
        } else if c.eat("CHECK") {
            c.parens();
            col.check = true;
        } else if c.eat("REFERENCES") {
            col.references = c.name();
            col.references_name = constraint_name.take();
        } else if c.eat("GENERATED") {
            let _ = c.eat("ALWAYS") || c.eat_seq(&["BY", "DEFAULT"]);
            c.eat("AS");
            if c.eat("IDENTITY") {
                col.identity = true;
                col.not_null = true;
            } else {
                c.parens();
                if c.eat("STORED") {
                    col.generated_stored = true;
                }
            }
        } else {
            c.i += 1;
        }
    }
    Some(col)
}

/// Functions that are safe as a `DEFAULT` (immutable or stable: no rewrite on PG 11+).
const NON_VOLATILE_FUNCTIONS: [&str; 40] = [
    "now",
    "transaction_timestamp",
    "statement_timestamp",
    "current_timestamp",
    "current_date",
    "localtimestamp",
    "current_time",
    "current_user",
    "session_user",
    "current_setting",
    "lower",
    "upper",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "length",
    "to_jsonb",
    "to_json",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "array",
    "make_interval",
    "interval",
    "date_trunc",
    "to_timestamp",
    "to_date",
    "concat",
    "format",
    "abs",
    "round",
    "trim",
    "md5",
    "array_fill",
    "timezone",
    "cast",
    "row",
    "char_length",
];

fn default_expr(src: &str, t: &[Token]) -> DefaultExpr {
    let mut volatile_call = None;
    for w in t.windows(2) {
        if w[0].kind == Tok::Word && w[1].kind == Tok::Punct(b'(') {
            let f = w[0].text(src).to_ascii_lowercase();
            if !NON_VOLATILE_FUNCTIONS.contains(&f.as_str()) {
                volatile_call = Some(f);
                break;
            }
        }
    }
    DefaultExpr {
        text: join(src, t),
        volatile_call,
    }
}

/// Canonical spelling of a type, so `character varying(10)` and `varchar(10)` compare equal.
pub fn normalize_type(ty: &str) -> String {
    let t = ty.trim().to_ascii_lowercase();
    let (base, rest) = match t.find(['(', '[']) {
        Some(p) => (t[..p].trim(), &t[p..]),
        None => (t.as_str(), ""),
    };
    let (base, suffix) = match base.strip_suffix(" with time zone") {
        Some(b) => (b, "tz"),
        None => (base.strip_suffix(" without time zone").unwrap_or(base), ""),
    };
    let rest_tz = rest
        .replace(" with time zone", "")
        .replace(" without time zone", "");
    let suffix = if rest.contains(" with time zone") {
        "tz"
    } else {
        suffix
    };
    let base = match base {
        "character varying" => "varchar",
        "character" | "bpchar" => "char",
        "int" | "integer" | "int4" => "int",
        "int8" => "bigint",
        "int2" => "smallint",
        "decimal" => "numeric",
        "bool" => "boolean",
        "float8" | "double precision" => "double precision",
        "float4" | "real" => "real",
        "timestamptz" => "timestamptz",
        "timetz" => "timetz",
        b => b,
    };
    let base = match (base, suffix) {
        ("timestamp", "tz") => "timestamptz",
        ("time", "tz") => "timetz",
        (b, _) => b,
    };
    format!("{base}{rest_tz}")
}

fn alter(c: &mut Cur<'_>) -> Kind {
    if c.eat("TABLE") {
        c.eat_seq(&["IF", "EXISTS"]);
        c.eat("ONLY");
        let (table, qualified) = c.qname().unwrap_or_default();
        if c.kw("*") || c.peek().is_some_and(|t| t.text(c.src) == "*") {
            c.i += 1;
        }
        let mut ops: Vec<AlterOp> = split_commas(c.rest())
            .into_iter()
            .map(|a| alter_op(c.src, a))
            .collect();
        // `ALTER TABLE audit.a RENAME TO b` keeps the table in `audit`.
        if let Some((schema, _)) = table.rsplit_once('.') {
            for op in &mut ops {
                if let AlterOp::RenameTable { to } = op {
                    if !to.contains('.') {
                        *to = format!("{schema}.{to}");
                    }
                }
            }
        }
        return Kind::AlterTable {
            table,
            ops,
            qualified,
        };
    }
    if c.eat("SYSTEM") {
        return Kind::BehaviourChange("ALTER SYSTEM".to_owned());
    }
    let mut object = String::new();
    for k in ["MATERIALIZED", "FOREIGN"] {
        if c.eat(k) {
            object.push_str(k);
            object.push(' ');
        }
    }
    let Some(t) = c.peek() else {
        return Kind::Other;
    };
    object.push_str(&t.text(c.src).to_ascii_uppercase());
    c.i += 1;
    c.eat_seq(&["IF", "EXISTS"]);
    let name = c.name().unwrap_or_default();
    if object == "DOMAIN" && c.kw("ADD") {
        return Kind::DomainConstraint { name, alter: true };
    }
    if object == "TYPE" && c.eat("ADD") && c.eat("VALUE") {
        return Kind::AlterTypeAddValue {
            ordered: c.has_top_kw("BEFORE") || c.has_top_kw("AFTER"),
        };
    }
    if c.has_top_kw("RENAME") || (c.has_top_kw("SET") && c.has_top_kw("SCHEMA")) {
        return Kind::RenameObject { object, name };
    }
    match object.as_str() {
        "SEQUENCE" if c.has_top_kw("RESTART") || c.has_top_kw("INCREMENT") => {
            Kind::BehaviourChange("ALTER SEQUENCE".to_owned())
        }
        "EXTENSION" | "POLICY" => Kind::BehaviourChange(format!("ALTER {object}")),
        _ => Kind::Other,
    }
}

fn alter_op(src: &str, a: &[Token]) -> AlterOp {
    let mut c = Cur::new(src, a);
    let text = || join(src, a);
    if c.eat("ADD") {
        if is_constraint_start(&c) {
            return constraint(&mut c)
                .map_or_else(|| AlterOp::Other(text()), AlterOp::AddConstraint);
        }
        c.eat("COLUMN");
        let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
        return column(src, c.rest()).map_or_else(
            || AlterOp::Other(text()),
            |col| {
                AlterOp::AddColumn(Column {
                    if_not_exists,
                    ..col
                })
            },
        );
    }
    if c.eat("DROP") {
        if c.eat("CONSTRAINT") {
            let if_exists = c.eat_seq(&["IF", "EXISTS"]);
            return AlterOp::DropConstraint {
                name: c.ident().unwrap_or_default(),
                if_exists,
            };
        }
        c.eat("COLUMN");
        let if_exists = c.eat_seq(&["IF", "EXISTS"]);
        return AlterOp::DropColumn {
            column: c.ident().unwrap_or_default(),
            if_exists,
        };
    }
    if c.eat("ALTER") {
        if c.eat("CONSTRAINT") {
            return AlterOp::Other(text());
        }
        c.eat("COLUMN");
        let col = c.ident().unwrap_or_default();
        if c.eat_seq(&["SET", "DATA", "TYPE"]) || c.eat("TYPE") {
            let start = c.i;
            while !c.done() && !c.kw("USING") && !c.kw("COLLATE") {
                c.i += 1;
            }
            return AlterOp::AlterType {
                column: col,
                ty: normalize_type(&join(src, &a[start..c.i])),
            };
        }
        if c.eat_seq(&["SET", "NOT", "NULL"]) {
            return AlterOp::SetNotNull(col);
        }
        if c.eat_seq(&["DROP", "NOT", "NULL"]) {
            return AlterOp::DropNotNull(col);
        }
        if c.eat_seq(&["SET", "DEFAULT"]) {
            return AlterOp::SetDefault(col, default_expr(src, c.rest()));
        }
        if c.eat_seq(&["DROP", "DEFAULT"]) {
            return AlterOp::DropDefault(col);
        }
        if c.eat_seq(&["DROP", "EXPRESSION"]) {
            return AlterOp::DropExpression(col);
        }
        if c.has_top_kw("IDENTITY") || c.eat_seq(&["SET", "GENERATED"]) || c.kw("RESTART") {
            return AlterOp::Identity(col);
        }
        return AlterOp::Other(text());
    }
    if c.eat_seq(&["VALIDATE", "CONSTRAINT"]) {
        return AlterOp::ValidateConstraint(c.ident().unwrap_or_default());
    }
    if c.eat("RENAME") {
        if c.eat("CONSTRAINT") {
            let from = c.ident().unwrap_or_default();
            c.eat("TO");
            return AlterOp::RenameConstraint {
                from,
                to: c.ident().unwrap_or_default(),
            };
        }
        if c.eat("TO") {
            return AlterOp::RenameTable {
                to: c.name().unwrap_or_default(),
            };
        }
        c.eat("COLUMN");
        let from = c.ident().unwrap_or_default();
        c.eat("TO");
        return AlterOp::RenameColumn {
            from,
            to: c.ident().unwrap_or_default(),
        };
    }
    if c.eat_seq(&["SET", "SCHEMA"]) {
        return AlterOp::SetSchema;
    }
    if c.eat_seq(&["ATTACH", "PARTITION"]) {
        return AlterOp::AttachPartition;
    }
    if c.eat_seq(&["DETACH", "PARTITION"]) {
        return AlterOp::DetachPartition {
            concurrently: c.has_top_kw("CONCURRENTLY") || c.has_top_kw("FINALIZE"),
        };
    }
    if c.eat_seq(&["SET", "TABLESPACE"]) || c.kw_at(1, "LOGGED") || c.kw_at(1, "UNLOGGED") {
        return AlterOp::Rewrite(text());
    }
    if ["ENABLE", "DISABLE", "FORCE", "REPLICA", "INHERIT"]
        .iter()
        .any(|k| c.kw(k))
        || c.eat_seq(&["NO", "FORCE"])
        || c.eat_seq(&["NO", "INHERIT"])
    {
        return AlterOp::Behaviour(text());
    }
    AlterOp::Other(text())
}

fn drop(c: &mut Cur<'_>) -> Kind {
    let mut object = String::new();
    for k in ["MATERIALIZED", "FOREIGN"] {
        if c.eat(k) {
            object.push_str(k);
            object.push(' ');
        }
    }
    let Some(t) = c.peek() else {
        return Kind::Other;
    };
    object.push_str(&t.text(c.src).to_ascii_uppercase());
    c.i += 1;
    if object == "OWNED" {
        return Kind::Other;
    }
    let concurrently = c.eat("CONCURRENTLY");
    let if_exists = c.eat_seq(&["IF", "EXISTS"]);
    let cascade = c.has_top_kw("CASCADE");
    let mut names = Vec::new();
    while let Some(n) = c.name() {
        names.push(n);
        if c.punct(b'(') {
            c.parens();
        }
        if c.punct(b',') {
            c.i += 1;
        } else {
            break;
        }
    }
    if object == "INDEX" {
        return Kind::DropIndex {
            names,
            concurrently,
            if_exists,
        };
    }
    Kind::Drop {
        object,
        names,
        cascade,
        if_exists,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::split;

    fn k(sql: &str) -> Kind {
        let s = split(sql, 0);
        classify(sql, &s.stmts[0].toks)
    }

    #[test]
    fn alter_table_actions() {
        let Kind::AlterTable { table, ops, .. } = k(
            "ALTER TABLE public.\"Users\" ADD COLUMN score int NOT NULL DEFAULT gen_random_uuid(), \
             ALTER COLUMN name TYPE character varying(20), ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID",
        ) else {
            panic!()
        };
        assert_eq!(table, "Users");
        let AlterOp::AddColumn(col) = &ops[0] else {
            panic!("{ops:?}")
        };
        assert!(col.not_null);
        assert_eq!(col.ty, "int");
        assert_eq!(
            col.default.as_ref().unwrap().volatile_call.as_deref(),
            Some("gen_random_uuid")
        );
        assert_eq!(
            ops[1],
            AlterOp::AlterType {
                column: "name".into(),
                ty: "varchar(20)".into()
            }
        );
        let AlterOp::AddConstraint(c) = &ops[2] else {
            panic!()
        };
        assert!(c.not_valid);
        assert_eq!(
            c.kind,
            ConstraintKind::Check {
                not_null_col: Some("email".into())
            }
        );
    }

    #[test]
    fn unparseable_by_sqlparser_still_classified() {
        assert_eq!(
            k("DROP INDEX CONCURRENTLY IF EXISTS idx_a"),
            Kind::DropIndex {
                names: vec!["idx_a".into()],
                concurrently: true,
                if_exists: true,
            }
        );
        assert_eq!(
            k("REINDEX INDEX CONCURRENTLY i"),
            Kind::Reindex { concurrently: true }
        );
        assert_eq!(k("CLUSTER t USING i"), Kind::Cluster);
        assert!(matches!(
            k("DO $$ BEGIN END $$"),
            Kind::Do { body: Some(_) }
        ));
    }

    #[test]
    fn types_normalise() {
        assert_eq!(normalize_type("timestamp with time zone"), "timestamptz");
        assert_eq!(normalize_type("character varying(255)"), "varchar(255)");
        assert_eq!(normalize_type("integer[]"), "int[]");
    }

    #[test]
    fn backfills() {
        assert_eq!(
            k("UPDATE users SET a = 1"),
            Kind::Update {
                table: "users".into(),
                whole_table: true,
                duplicate_column: None,
            }
        );
        assert_eq!(
            k("UPDATE users SET a = (select 1 where true) WHERE id = 1"),
            Kind::Update {
                table: "users".into(),
                whole_table: false,
                duplicate_column: None,
            }
        );
        assert_eq!(
            k("INSERT INTO t (a) VALUES (1)"),
            Kind::Insert {
                duplicate_column: None
            }
        );
        assert_eq!(
            k("INSERT INTO t (a) SELECT a FROM u"),
            Kind::InsertSelect {
                table: "t".into(),
                duplicate_column: None,
            }
        );
    }

    fn dup(sql: &str) -> Option<String> {
        match k(sql) {
            Kind::Update {
                duplicate_column, ..
            }
            | Kind::Insert { duplicate_column }
            | Kind::InsertSelect {
                duplicate_column, ..
            } => duplicate_column,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicate_assignments() {
        assert_eq!(
            dup("UPDATE t SET a = 1, \"A\" = 2, a = 3 WHERE id = 1"),
            Some("a".into())
        );
        assert_eq!(
            dup("UPDATE t AS x SET (a, b) = (1, 2), b = 3"),
            Some("b".into())
        );
        assert_eq!(dup("UPDATE t SET tags[1] = 'x', tags[2] = 'y'"), None);
        assert_eq!(
            dup("UPDATE t SET a = 1 FROM u WHERE u.a = t.a AND a = 1"),
            None
        );
        assert_eq!(
            dup("INSERT INTO t (a, b, A) VALUES (1, 2, 3)"),
            Some("a".into())
        );
        assert_eq!(
            dup("INSERT INTO t (a, b) SELECT a, a FROM u"),
            None,
            "the SELECT list may repeat"
        );
    }

    #[test]
    fn schema_qualifiers_public_is_the_default_other_schemas_are_distinct() {
        let table = |sql: &str| match k(sql) {
            Kind::CreateTable {
                table, qualified, ..
            }
            | Kind::AlterTable {
                table, qualified, ..
            }
            | Kind::CreateIndex {
                table, qualified, ..
            } => (table, qualified),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            table("CREATE TABLE users (id int)"),
            ("users".into(), false)
        );
        assert_eq!(
            table("CREATE TABLE public.users (id int)"),
            ("users".into(), true)
        );
        assert_eq!(
            table("CREATE TABLE \"Audit\".users (id int)"),
            ("Audit.users".into(), true)
        );
        assert_eq!(
            table("ALTER TABLE mydb.audit.users ADD COLUMN a int"),
            ("audit.users".into(), true)
        );
        assert_eq!(
            table("CREATE INDEX ON ${schema}.users (a)"),
            ("users".into(), true),
            "a placeholder schema is the default schema"
        );
        // An index is in its table's schema; RENAME TO stays in the schema.
        let Kind::CreateIndex { name, .. } = k("CREATE INDEX i ON audit.users (a)") else {
            panic!()
        };
        assert_eq!(name.as_deref(), Some("audit.i"));
        let Kind::AlterTable { ops, .. } = k("ALTER TABLE audit.a RENAME TO b") else {
            panic!()
        };
        assert_eq!(
            ops[0],
            AlterOp::RenameTable {
                to: "audit.b".into()
            }
        );
        let Kind::CommentOn { table, column, .. } =
            k("COMMENT ON COLUMN public.users.email IS 'deprecated'")
        else {
            panic!()
        };
        assert_eq!(
            (table.as_str(), column.as_deref()),
            ("users", Some("email"))
        );
    }

    #[test]
    fn robustness_and_domain_facts() {
        assert!(matches!(
            k("CREATE TABLE IF NOT EXISTS t (a int)"),
            Kind::CreateTable {
                if_not_exists: true,
                ..
            }
        ));
        assert!(matches!(
            k("CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a)"),
            Kind::CreateIndex {
                if_not_exists: true,
                unique: true,
                ..
            }
        ));
        assert!(matches!(
            k("CREATE EXTENSION IF NOT EXISTS pgcrypto"),
            Kind::Create {
                if_not_exists: true,
                ..
            }
        ));
        let Kind::AlterTable { ops, .. } = k(
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN IF EXISTS b, DROP CONSTRAINT c",
        ) else {
            panic!()
        };
        assert!(matches!(&ops[0], AlterOp::AddColumn(c) if c.if_not_exists));
        assert_eq!(
            ops[1],
            AlterOp::DropColumn {
                column: "b".into(),
                if_exists: true
            }
        );
        assert_eq!(
            ops[2],
            AlterOp::DropConstraint {
                name: "c".into(),
                if_exists: false
            }
        );
        assert_eq!(
            k("CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%')"),
            Kind::DomainConstraint {
                name: "email".into(),
                alter: false
            }
        );
        assert_eq!(
            k("ALTER DOMAIN app.email ADD CONSTRAINT c CHECK (true)"),
            Kind::DomainConstraint {
                name: "app.email".into(),
                alter: true
            }
        );
        assert!(matches!(
            k("CREATE DOMAIN posint AS int"),
            Kind::Create { ref object, .. } if object == "DOMAIN"
        ));
    }
}
