//! Canonical JSON text of a pact (keys sorted at every level, no
//! whitespace), computed from the text without building a
//! `serde_json::Value` tree.
//!
//! A `Value` of a pact takes many times the pact's size (every object is an
//! ordered map, every member a heap-allocated key and a tagged value): a
//! 7 MiB pact of many small objects grew the broker by hundreds of
//! megabytes, twice over with the sorted copy. Here the parser's events are
//! written straight into the output text; an object's members are written
//! as they come, with their key and place remembered, and put in key order
//! when the object ends (one move of the object's text per level of
//! nesting). The extra memory is the output text plus one small list of
//! keys per open object. Nesting is limited by `serde_json` itself (127
//! levels, as for a `Value`), so hostile input cannot overflow the stack.
//!
//! The output is byte for byte what `store::canonical(&value).to_string()`
//! gives for the same document (numbers and strings are written as `Value`
//! writes them, a repeated key keeps its last value), so content hashes of
//! pacts stored before this module existed do not change.

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Number, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Canonical text of the JSON document `text`.
pub fn canonical_text(text: &str) -> Result<String, serde_json::Error> {
    let mut out = String::with_capacity(text.len());
    let mut de = serde_json::Deserializer::from_str(text);
    Canon { out: &mut out }.deserialize(&mut de)?;
    de.end()?;
    Ok(out)
}

/// Writes the canonical text of one value into `out`.
struct Canon<'a> {
    out: &'a mut String,
}

impl<'de> DeserializeSeed<'de> for Canon<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Canon<'_> {
    fn number(self, n: Number) {
        self.out.push_str(&n.to_string());
    }
}

impl<'de> Visitor<'de> for Canon<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.number(Number::from(v));
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.number(Number::from(v));
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        let n = Number::from_f64(v).ok_or_else(|| E::custom("a number that is not finite"))?;
        self.number(n);
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.out
            .push_str(&serde_json::to_string(v).map_err(E::custom)?);
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.out.push_str("null");
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.out.push('[');
        let mut first = true;
        loop {
            if !first {
                self.out.push(',');
            }
            let mark = self.out.len();
            if seq.next_element_seed(Canon { out: self.out })?.is_none() {
                if !first {
                    // Take back the comma written for an element that did not come.
                    self.out.truncate(mark - 1);
                }
                break;
            }
            first = false;
        }
        self.out.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let start = self.out.len();
        // Each member's value is written at the end of `out`; its key and
        // the range it took are remembered.
        let mut members: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let from = self.out.len();
            map.next_value_seed(Canon { out: self.out })?;
            members.push((key, from..self.out.len()));
        }
        // Key order; of repeated keys the last wins (as in a `Value`).
        members.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.start.cmp(&a.1.start)));
        members.dedup_by(|later, earlier| later.0 == earlier.0);
        let mut object = String::with_capacity(self.out.len() - start + 2);
        object.push('{');
        for (i, (key, range)) in members.iter().enumerate() {
            if i > 0 {
                object.push(',');
            }
            object.push_str(&serde_json::to_string(key).map_err(serde::de::Error::custom)?);
            object.push(':');
            object.push_str(&self.out[range.clone()]);
        }
        object.push('}');
        self.out.truncate(start);
        self.out.push_str(&object);
        Ok(())
    }
}

/// The keys of a JSON object's text (`None` when it is not an object).
pub fn top_level_keys(text: &str) -> Option<Vec<String>> {
    let map: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    Some(map.into_keys().collect())
}

/// The `consumer.name` and `provider.name` of a pact's text (`None` where
/// missing or not a string); `None` when the text is not a JSON object.
pub fn pact_names(text: &str) -> Option<(Option<String>, Option<String>)> {
    #[derive(serde::Deserialize)]
    struct Named {
        name: Option<Value>,
    }
    let map: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    let name = |key: &str| {
        map.get(key)
            .and_then(|raw| serde_json::from_str::<Named>(raw.get()).ok())
            .and_then(|n| n.name)
            .and_then(|n| n.as_str().map(str::to_string))
    };
    Some((name("consumer"), name("provider")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old_way(text: &str) -> String {
        crate::store::canonical(&serde_json::from_str::<Value>(text).unwrap()).to_string()
    }

    #[test]
    fn same_text_as_the_value_based_canonical_form() {
        for doc in [
            r#"{"b": 1, "a": {"d": [3, 2, {"z": null, "y": true}], "c": "x"}}"#,
            r#"{"n": [1.50, 1e3, -0, -0.0, 12345678901234567890, 1E-7, 0.1, 100000000000000000000000]}"#,
            r#"{"s": ["\u00e9\/\"\\\n\t\u0000", "emoji \ud83d\ude00", ""]}"#,
            r#"{"dup": 1, "x": 2, "dup": 3}"#,
            r#"  { }  "#,
            r#"[]"#,
            r#"[{"b":{},"a":[]}, "s", 1, false]"#,
            r#"{"é": 1, "e": 2, "E": 3, "ä": {"\u0041": 1}}"#,
            "42",
            "\"just a string\"",
        ] {
            assert_eq!(canonical_text(doc).unwrap(), old_way(doc), "{doc}");
        }
    }

    #[test]
    fn invalid_json_is_an_error() {
        for doc in ["{", "{\"a\": }", "[1,]", "", "{\"a\": 1e400}"] {
            assert!(canonical_text(doc).is_err(), "{doc}");
            assert!(serde_json::from_str::<Value>(doc).is_err(), "{doc}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(canonical_text(&deep).is_err());
        // The same limit as a `Value`'s.
        for n in [100, 127, 128, 129, 200] {
            let doc = format!("{}{}", "[".repeat(n), "]".repeat(n));
            assert_eq!(
                canonical_text(&doc).is_ok(),
                serde_json::from_str::<Value>(&doc).is_ok(),
                "{n}"
            );
        }
    }

    #[test]
    fn names_are_read_without_a_tree() {
        let (c, p) =
            pact_names(r#"{"consumer": {"name": "web"}, "provider": {"name": 3}}"#).unwrap();
        assert_eq!(c.as_deref(), Some("web"));
        assert_eq!(p, None);
        assert!(pact_names("[1]").is_none());
    }
}
