//! What `shipgate init` finds in a repository: migration directories and the
//! tool whose naming they follow, Alembic and Django projects (migrations in
//! Python, linted as the SQL they render), and OpenAPI documents.

use std::path::{Path, PathBuf};

/// A migration tool, by its file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Flyway,
    GolangMigrate,
    Dbmate,
    Sqlx,
    Diesel,
    /// Numbered `.sql` files of no known tool.
    Numbered,
    Alembic,
    Django,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Flyway => "Flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Dbmate => "dbmate",
            Layout::Sqlx => "sqlx",
            Layout::Diesel => "diesel",
            Layout::Numbered => "numbered SQL files",
            Layout::Alembic => "Alembic",
            Layout::Django => "Django",
        }
    }

    /// Whether the tool runs each migration in a transaction by default.
    pub fn transactional(self) -> bool {
        !matches!(self, Layout::GolangMigrate | Layout::Numbered)
    }

    /// Migrations written in Python, linted as the SQL they render.
    pub fn renders_sql(self) -> bool {
        matches!(self, Layout::Alembic | Layout::Django)
    }
}

/// One migration set found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrations {
    pub layout: Layout,
    /// The migrations directory, relative to the repository root (`/`-separated).
    /// For Alembic, the directory of `alembic.ini`; for Django, of `manage.py`.
    pub dir: String,
}

/// Everything found.
#[derive(Debug, Default, Clone)]
pub struct Found {
    pub migrations: Vec<Migrations>,
    pub openapi: Vec<String>,
}

const SKIP: [&str; 12] = [
    ".git",
    "target",
    "node_modules",
    "vendor",
    ".venv",
    "venv",
    "dist",
    "build",
    "__pycache__",
    ".tox",
    ".cargo",
    ".github",
];

/// Walk `root` (at most 8 levels, skipping build and dependency directories).
pub fn detect(root: &Path) -> Found {
    let mut found = Found::default();
    walk(root, root, 0, &mut found);
    found.migrations.sort_by(|a, b| a.dir.cmp(&b.dir));
    found.migrations.dedup();
    found.openapi.sort();
    found
}

fn rel(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    let s = r.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

fn walk(root: &Path, dir: &Path, depth: usize, found: &mut Found) {
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<String> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            if !SKIP.contains(&name.as_str()) && !name.starts_with('.') {
                dirs.push(e.path());
            }
        } else if kind.is_file() {
            files.push(name);
        }
    }
    files.sort();
    dirs.sort();
    if files.iter().any(|f| f == "alembic.ini") {
        found.migrations.push(Migrations {
            layout: Layout::Alembic,
            dir: rel(root, dir),
        });
    }
    if files.iter().any(|f| f == "manage.py") && has_django_migrations(dir) {
        found.migrations.push(Migrations {
            layout: Layout::Django,
            dir: rel(root, dir),
        });
    }
    if let Some(layout) = sql_layout(dir, &files, &dirs) {
        found.migrations.push(Migrations {
            layout,
            dir: rel(root, dir),
        });
    }
    for f in &files {
        let lower = f.to_ascii_lowercase();
        if [".yaml", ".yml", ".json"]
            .iter()
            .any(|x| lower.ends_with(x))
            && is_openapi(&dir.join(f))
        {
            found.openapi.push(rel(root, &dir.join(f)));
        }
    }
    for d in dirs {
        walk(root, &d, depth + 1, found);
    }
}

fn has_django_migrations(dir: &Path) -> bool {
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() && depth < 4 && !SKIP.contains(&name.as_str()) {
                if name == "migrations" && p.join("0001_initial.py").is_file() {
                    return true;
                }
                stack.push((p, depth + 1));
            }
        }
    }
    false
}

fn digits_then(name: &str, sep: char) -> Option<(usize, &str)> {
    let n = name.find(|c: char| !c.is_ascii_digit())?;
    (n > 0 && name[n..].starts_with(sep)).then(|| (n, &name[n + 1..]))
}

/// The layout of a directory of migrations, if it is one.
fn sql_layout(dir: &Path, files: &[String], dirs: &[PathBuf]) -> Option<Layout> {
    // diesel: <timestamp>_name/up.sql, the timestamp as 2024-01-01-120000 or 20240101120000
    let diesel = dirs
        .iter()
        .filter(|d| {
            d.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                let stamp = n.split('_').next().unwrap_or("");
                n.contains('_')
                    && stamp.starts_with(|c: char| c.is_ascii_digit())
                    && stamp.chars().all(|c| c.is_ascii_digit() || c == '-')
            }) && d.join("up.sql").is_file()
        })
        .count();
    if diesel > 0 {
        return Some(Layout::Diesel);
    }
    let sql: Vec<&String> = files.iter().filter(|f| f.ends_with(".sql")).collect();
    if sql.is_empty() {
        return None;
    }
    let flyway = sql
        .iter()
        .filter(|f| {
            f.strip_prefix('V')
                .or_else(|| f.strip_prefix('R'))
                .is_some_and(|r| {
                    r.contains("__")
                        && r.split("__").next().is_some_and(|v| {
                            v.chars()
                                .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
                        })
                })
        })
        .count();
    if flyway * 2 >= sql.len() {
        return Some(Layout::Flyway);
    }
    let numbered: Vec<(usize, &str)> = sql.iter().filter_map(|f| digits_then(f, '_')).collect();
    if numbered.len() * 2 < sql.len() {
        return None;
    }
    let up_down = numbered
        .iter()
        .any(|(_, rest)| rest.ends_with(".up.sql") || rest.ends_with(".down.sql"));
    let dbmate = sql
        .iter()
        .any(|f| std::fs::read_to_string(dir.join(f)).is_ok_and(|t| t.contains("-- migrate:up")));
    let timestamps = numbered.iter().all(|(n, _)| *n == 14);
    Some(if dbmate {
        Layout::Dbmate
    } else if up_down && !timestamps {
        Layout::GolangMigrate
    } else if timestamps {
        Layout::Sqlx
    } else if up_down {
        Layout::GolangMigrate
    } else {
        Layout::Numbered
    })
}

/// A YAML or JSON file whose top level has `openapi:` or `swagger:`.
fn is_openapi(path: &Path) -> bool {
    use std::io::Read as _;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = String::new();
    if file.take(8192).read_to_string(&mut head).is_err() {
        return false;
    }
    head.lines().any(|l| {
        let l = l.trim_end();
        l.starts_with("openapi:")
            || l.starts_with("swagger:")
            || l.trim_start().starts_with("\"openapi\"") && l.trim_start().contains(':')
            || l.trim_start().starts_with("\"swagger\"") && l.trim_start().contains(':')
            || l.trim_start().starts_with("{\"openapi\"")
            || l.trim_start().starts_with("{\"swagger\"")
    })
}
