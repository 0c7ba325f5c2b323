//! Rack-style nested query strings, as the Pact clients send them:
//! `q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B&latestby=cvpv`.
//!
//! `name[][key]=v` appends to the list `name`: a new entry starts whenever
//! `key` is already present in the last entry (Rack's rule).

use std::collections::BTreeMap;

/// A parsed query: plain keys and lists of entries.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NestedQuery {
    pub plain: Vec<(String, String)>,
    pub lists: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

impl NestedQuery {
    pub fn parse(query: &str) -> NestedQuery {
        let mut out = NestedQuery::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let (key, value) = (key.into_owned(), value.into_owned());
            if let Some((name, rest)) = key.split_once("[]") {
                let field = rest.trim_start_matches('[').trim_end_matches(']');
                if rest.starts_with('[') && !field.is_empty() {
                    let list = out.lists.entry(name.to_string()).or_default();
                    match list.last_mut() {
                        Some(last) if !last.contains_key(field) => {
                            last.insert(field.to_string(), value);
                        }
                        _ => {
                            let mut entry = BTreeMap::new();
                            entry.insert(field.to_string(), value);
                            list.push(entry);
                        }
                    }
                    continue;
                }
                // `ignore[]=Name` (a bare list of names).
                let list = out.lists.entry(name.to_string()).or_default();
                let mut entry = BTreeMap::new();
                entry.insert("pacticipant".to_string(), value);
                list.push(entry);
                continue;
            }
            out.plain.push((key, value));
        }
        out
    }

    /// The last value of a plain key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.plain
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn list(&self, name: &str) -> &[BTreeMap<String, String>] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_cli_matrix_query() {
        let q = NestedQuery::parse(
            "q[][pacticipant]=A&q[][version]=1.0.0&q[][pacticipant]=B&q[][latest]=true&latestby=cvpv&environment=production&ignore[][pacticipant]=C",
        );
        let sel = q.list("q");
        assert_eq!(sel.len(), 2);
        assert_eq!(sel[0]["pacticipant"], "A");
        assert_eq!(sel[0]["version"], "1.0.0");
        assert_eq!(sel[1]["pacticipant"], "B");
        assert_eq!(sel[1]["latest"], "true");
        assert_eq!(q.get("latestby"), Some("cvpv"));
        assert_eq!(q.list("ignore")[0]["pacticipant"], "C");
    }

    #[test]
    fn percent_encoded_brackets_and_names() {
        let q = NestedQuery::parse("q%5B%5D%5Bpacticipant%5D=My%20App&q%5B%5D%5Bversion%5D=1%2B2");
        assert_eq!(q.list("q")[0]["pacticipant"], "My App");
        assert_eq!(q.list("q")[0]["version"], "1+2");
    }
}
