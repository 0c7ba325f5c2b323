//! [`Properties`]: the small map of machine-readable facts a diagnostic carries.
//!
//! A diagnostic has a handful of properties (`phase`, `method`, `path`, …) and
//! a run can produce tens of thousands of diagnostics, so this is a sorted
//! `Vec` of `Cow<'static, str>` pairs rather than a `BTreeMap<String, String>`:
//! static keys and values (most of them) allocate nothing, and there is no
//! B-tree node (over 500 bytes) per diagnostic. It serialises as a JSON object
//! with sorted keys, exactly like the map it replaces.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A string that is usually `'static` (a key, a phase, a method).
pub type Text = Cow<'static, str>;

/// Machine-readable facts about a finding, sorted by key, keys unique.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties(Vec<(Text, Text)>);

impl Properties {
    pub fn new() -> Self {
        Properties(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key))
    }

    /// Set `key` to `value`, replacing an earlier value.
    pub fn insert(&mut self, key: impl Into<Text>, value: impl Into<Text>) {
        let key = key.into();
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value.into(),
            Err(i) => {
                // Most diagnostics carry two or three properties: start small.
                if self.0.capacity() == 0 {
                    self.0.reserve_exact(2);
                }
                self.0.insert(i, (key, value.into()));
            }
        }
    }

    /// Set `key` to `value` unless it already has one.
    pub fn insert_if_absent(&mut self, key: impl Into<Text>, value: impl Into<Text>) {
        let key = key.into();
        if let Err(i) = self.find(&key) {
            self.0.insert(i, (key, value.into()));
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|i| self.0[i].1.as_ref())
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// The properties in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a str, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Text, Text)>,
        fn(&'a (Text, Text)) -> (&'a str, &'a str),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))
    }
}

impl<K: Into<Text>, V: Into<Text>> FromIterator<(K, V)> for Properties {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut p = Properties::new();
        for (k, v) in iter {
            p.insert(k, v);
        }
        p
    }
}

impl Serialize for Properties {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_ref(), v.as_ref())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Properties;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of strings to strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Properties, A::Error> {
                let mut p = Properties::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    p.insert(k, v);
                }
                Ok(p)
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_unique() {
        let mut p = Properties::new();
        p.insert("phase", "expand");
        p.insert("file_phase", String::from("contract"));
        p.insert("phase", "contract");
        p.insert_if_absent("phase", "expand");
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            [("file_phase", "contract"), ("phase", "contract")]
        );
        assert_eq!(p.get("phase"), Some("contract"));
        assert_eq!(p.get("nope"), None);
    }

    #[test]
    fn serialises_as_a_sorted_object_and_round_trips() {
        let p: Properties = [("z", "1"), ("a", "2")].into_iter().collect();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"a":"2","z":"1"}"#);
        let back: Properties = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
}
