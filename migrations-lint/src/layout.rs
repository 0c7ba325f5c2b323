//! Migration directory layouts and apply order: Flyway (`V1__name.sql`, `R__name.sql`),
//! golang-migrate / dbmate / sqlx reversible (`NNN_name.up.sql`), sqlx (`<ts>_name.sql`),
//! diesel (`<ts>_name/up.sql`) and plain numbered files. Down/undo files are skipped.

use std::cmp::Ordering;

/// The layout a file name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layout {
    Flyway,
    FlywayRepeatable,
    /// `NNN_name.up.sql` (golang-migrate, dbmate, sqlx reversible).
    UpDown,
    /// `<number>_name.sql` (sqlx, dbmate, plain numbered).
    Numbered,
    /// `<ts>_name/up.sql`.
    Diesel,
    /// Any other `.sql` file: applied after the others, by name.
    Other,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Flyway => "flyway",
            Layout::FlywayRepeatable => "flyway-repeatable",
            Layout::UpDown => "golang-migrate/dbmate (.up.sql)",
            Layout::Numbered => "numbered (sqlx/dbmate/plain)",
            Layout::Diesel => "diesel",
            Layout::Other => "unordered",
        }
    }
}

/// Where a file goes in apply order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderKey {
    pub layout: Layout,
    /// Numeric version parts (`V1.2.10` → `[1, 2, 10]`).
    pub version: Vec<u128>,
    pub path: String,
}

impl OrderKey {
    fn class(&self) -> u8 {
        match self.layout {
            Layout::FlywayRepeatable => 1,
            Layout::Other => 2,
            _ => 0,
        }
    }
}

impl Ord for OrderKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.class()
            .cmp(&other.class())
            .then_with(|| self.version.cmp(&other.version))
            .then_with(|| self.path.cmp(&other.path))
    }
}

impl PartialOrd for OrderKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn leading_number(s: &str) -> Option<(u128, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// The order key of a migration at `path` (`/`-separated, relative to the directory),
/// or `None` when the file is not an up-migration (not `.sql`, a down or undo file).
pub fn order_key(path: &str) -> Option<OrderKey> {
    let path_norm = path.replace('\\', "/");
    let mut parts = path_norm.rsplit('/');
    let name = parts.next()?;
    let parent = parts.next().unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if !lower.ends_with(".sql") {
        return None;
    }
    let key = |layout, version| {
        Some(OrderKey {
            layout,
            version,
            path: path_norm.clone(),
        })
    };
    if lower == "down.sql" || lower.ends_with(".down.sql") || lower.ends_with(".undo.sql") {
        return None;
    }
    if lower == "up.sql" {
        let digits: String = parent
            .split('_')
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        return match digits.parse::<u128>() {
            Ok(v) if !digits.is_empty() => key(Layout::Diesel, vec![v]),
            _ => key(Layout::Other, Vec::new()),
        };
    }
    // Flyway: V<version>__<desc>.sql, R__<desc>.sql; U… is undo.
    if let Some((ver, _)) = name.split_once("__") {
        let first = ver.chars().next().unwrap_or(' ');
        if (first == 'V' || first == 'v') && ver.len() > 1 {
            let version: Option<Vec<u128>> = ver[1..]
                .split(['.', '_'])
                .map(|p| p.parse::<u128>().ok())
                .collect();
            if let Some(version) = version {
                return key(Layout::Flyway, version);
            }
        }
        if ver.eq_ignore_ascii_case("R") {
            return key(Layout::FlywayRepeatable, Vec::new());
        }
        if first == 'U' || first == 'u' {
            return None;
        }
    }
    if let Some((n, rest)) = leading_number(name) {
        if lower.ends_with(".up.sql") {
            return key(Layout::UpDown, vec![n]);
        }
        if rest.starts_with(['_', '-', '.', ' ']) {
            return key(Layout::Numbered, vec![n]);
        }
    }
    key(Layout::Other, Vec::new())
}

/// Sort migration paths into apply order, dropping down/undo and non-SQL files.
pub fn order(paths: impl IntoIterator<Item = String>) -> Vec<(String, OrderKey)> {
    let mut keyed: Vec<(String, OrderKey)> = paths
        .into_iter()
        .filter_map(|p| order_key(&p).map(|k| (p, k)))
        .collect();
    keyed.sort_by(|a, b| a.1.cmp(&b.1));
    keyed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        order(v.iter().map(|s| (*s).to_owned()))
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn flyway_versions_sort_numerically_and_repeatables_last() {
        assert_eq!(
            names(&[
                "R__views.sql",
                "V10__c.sql",
                "V2__b.sql",
                "V1.1__a2.sql",
                "V1__a.sql",
                "U2__undo.sql"
            ]),
            [
                "V1__a.sql",
                "V1.1__a2.sql",
                "V2__b.sql",
                "V10__c.sql",
                "R__views.sql"
            ]
        );
    }

    #[test]
    fn up_down_diesel_and_sqlx() {
        assert_eq!(
            names(&["10_b.up.sql", "10_b.down.sql", "9_a.up.sql"]),
            ["9_a.up.sql", "10_b.up.sql"]
        );
        assert_eq!(
            names(&[
                "2023-01-02-000000_b/up.sql",
                "2023-01-02-000000_b/down.sql",
                "2022-12-31-235959_a/up.sql"
            ]),
            ["2022-12-31-235959_a/up.sql", "2023-01-02-000000_b/up.sql"]
        );
        assert_eq!(
            names(&["20240102000000_b.sql", "20231231000000_a.sql", "README.md"]),
            ["20231231000000_a.sql", "20240102000000_b.sql"]
        );
        assert_eq!(order_key("0001-init.sql").unwrap().layout, Layout::Numbered);
    }
}
