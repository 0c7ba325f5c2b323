//! Grouping diff findings by cause: one change to a shared schema (a component,
//! or a schema in another file) reaches every operation, parameter and media
//! type that uses it; it is reported once, as a group listing them.
//!
//! The comparer records, for every schema finding it emits, the identity of the
//! change (rule, sentence, base and revision locations, level): findings with
//! the same identity are the same cause. [`finish`] turns each set of two or
//! more into one [`Diagnostic::group`], whose message names the cause by the
//! shared schema (`` `Customer.email` type changed … ``) and whose occurrences
//! keep every finding as it would have read on its own.

use super::document::{Ptr, Spec};
use super::source::unescape;
use rustc_hash::FxHashMap;
use shipgate_diagnostics::Diagnostic;

/// Findings that may be grouped: cause identity → (cause sentence, indexes into the output).
#[derive(Default)]
pub(crate) struct Groups {
    causes: FxHashMap<u64, (String, Vec<usize>)>,
    /// Identity of each cause, in first-seen order (for a stable output).
    order: Vec<u64>,
}

impl Groups {
    /// Record that `out[index]` is an occurrence of cause `key`; `sentence` builds
    /// the cause's message the first time it is seen.
    pub(crate) fn add(&mut self, key: u64, index: usize, sentence: impl FnOnce() -> String) {
        match self.causes.get_mut(&key) {
            Some((_, list)) => list.push(index),
            None => {
                self.causes.insert(key, (sentence(), vec![index]));
                self.order.push(key);
            }
        }
    }

    /// Replace every cause seen more than once by one group, in place of its first occurrence.
    pub(crate) fn finish(mut self, out: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut slots: Vec<Option<Diagnostic>> = out.into_iter().map(Some).collect();
        for key in &self.order {
            let Some((sentence, list)) = self.causes.remove(key) else {
                continue;
            };
            if list.len() < 2 {
                continue;
            }
            let parts: Vec<Diagnostic> = list.iter().filter_map(|&i| slots[i].take()).collect();
            if parts.len() >= 2 {
                slots[list[0]] = Some(Diagnostic::group(parts, sentence));
            }
        }
        slots.into_iter().flatten().collect()
    }
}

/// What a shared schema location is called in a grouped message:
/// `` `Customer.address.city` `` for a component schema, `` parameter `limit` ``,
/// `` response `Error` (application/json) property `code` ``, or `` `schemas.yaml#/User.email` ``
/// for a schema in another file. `None` for a location inside one operation.
pub(crate) fn subject(spec: &Spec, doc: usize, ptr: &Ptr<'_>) -> Option<String> {
    let text = ptr.to_string();
    let segs: Vec<String> = text.split('/').skip(1).map(unescape).collect();
    let (head, rest): (String, &[String]) = match segs.as_slice() {
        [c, kind, name, rest @ ..] if c == "components" => match kind.as_str() {
            "schemas" => (name.clone(), rest),
            "parameters" | "headers" => {
                let noun = if kind == "parameters" {
                    "parameter"
                } else {
                    "header"
                };
                let rest = rest.strip_prefix(&["schema".to_owned()]).unwrap_or(rest);
                return Some(with_property(format!("{noun} `{name}`"), rest));
            }
            "responses" | "requestBodies" => {
                let noun = if kind == "responses" {
                    "response"
                } else {
                    "request body"
                };
                return Some(match rest {
                    [content, mt, schema, rest @ ..]
                        if content == "content" && schema == "schema" =>
                    {
                        with_property(format!("{noun} `{name}` ({mt})"), rest)
                    }
                    _ => format!("{noun} `{name}`"),
                });
            }
            _ => return None,
        },
        [name, rest @ ..] if doc > 0 => {
            let file = &spec.docs[doc].source.name;
            (format!("{file}#/{name}"), rest)
        }
        _ => return None,
    };
    let path = dotted(rest);
    Some(format!("`{head}{path}`"))
}

fn with_property(prefix: String, rest: &[String]) -> String {
    let path = dotted(rest);
    match path.strip_prefix('.') {
        Some(p) => format!("{prefix} property `{p}`"),
        None if path.is_empty() => prefix,
        None => format!("{prefix} `{path}`"),
    }
}

/// Schema pointer segments as a property path: `properties/a/items/properties/b` → `.a[].b`.
fn dotted(segs: &[String]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < segs.len() {
        match segs[i].as_str() {
            "properties" if i + 1 < segs.len() => {
                out.push('.');
                out.push_str(&segs[i + 1]);
                i += 2;
            }
            "items" => {
                out.push_str("[]");
                i += 1;
            }
            "additionalProperties" => {
                out.push_str(".*");
                i += 1;
            }
            "prefixItems" if i + 1 < segs.len() => {
                out.push_str(&format!("[{}]", segs[i + 1]));
                i += 2;
            }
            "allOf" | "anyOf" | "oneOf" if i + 1 < segs.len() => i += 2,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::load_str;

    #[test]
    fn subjects_name_the_shared_schema() {
        let spec = load_str("a.yaml", "openapi: 3.0.0\npaths: {}\n").unwrap();
        let at = |p: &str| subject(&spec, 0, &Ptr::from_pointer(p.to_owned()));
        assert_eq!(
            at("/components/schemas/Customer/properties/address/allOf/0/properties/city")
                .as_deref(),
            Some("`Customer.address.city`")
        );
        assert_eq!(
            at("/components/schemas/List/properties/data/items/properties/id/required/0")
                .as_deref(),
            Some("`List.data[].id`")
        );
        assert_eq!(at("/components/schemas/Pet").as_deref(), Some("`Pet`"));
        assert_eq!(
            at("/components/parameters/limit/schema").as_deref(),
            Some("parameter `limit`")
        );
        assert_eq!(
            at("/components/responses/Error/content/application~1json/schema/properties/code")
                .as_deref(),
            Some("response `Error` (application/json) property `code`")
        );
        assert_eq!(at("/paths/~1a/get/responses/200"), None);
    }
}
