//! Body matching: picks JSON, XML, form-urlencoded, multipart or text comparison
//! from the content type, then walks expected vs actual applying the most
//! specific matching rule at each path. Pure: bytes and models in, mismatches out.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::matchers::{apply_list, match_json, match_str};
use super::mismatch::{display_path, short, Mismatch, MismatchKind};
use super::model::{is_json_content_type, is_xml_content_type, Body, BodyValue, Query};
use super::rules::{MatchingRule, MatchingRuleCategory, RuleList};
use super::xml::{parse_xml, XmlElement};

/// Options that differ between requests and responses.
#[derive(Debug, Clone, Copy)]
pub struct BodyOptions {
    /// Responses may carry keys the consumer did not ask for; requests may not.
    pub allow_unexpected_keys: bool,
}

/// The broad kind of a body, from its content type (or a sniff of the content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Xml,
    Form,
    Multipart,
    Text,
}

pub fn kind_of(content_type: Option<&str>, body: &Body) -> BodyKind {
    if let Some(ct) = content_type {
        let base = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if is_json_content_type(&base) {
            return BodyKind::Json;
        }
        if is_xml_content_type(&base) {
            return BodyKind::Xml;
        }
        if base == "application/x-www-form-urlencoded" {
            return BodyKind::Form;
        }
        if base.starts_with("multipart/") {
            return BodyKind::Multipart;
        }
        return BodyKind::Text;
    }
    match body {
        Body::Present {
            value: BodyValue::Json(_),
            ..
        } => BodyKind::Json,
        Body::Present {
            value: BodyValue::Text(t),
            ..
        } if t.trim_start().starts_with('<') => BodyKind::Xml,
        _ => BodyKind::Text,
    }
}

fn body_text(body: &Body) -> Option<String> {
    match body {
        Body::Missing => None,
        Body::Null => Some(String::new()),
        Body::Present { value, .. } => Some(match value {
            BodyValue::Json(Value::String(s)) => s.clone(),
            BodyValue::Json(v) => v.to_string(),
            BodyValue::Text(t) => t.clone(),
            BodyValue::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        }),
    }
}

fn body_json(body: &Body) -> Result<Option<std::borrow::Cow<'_, Value>>, String> {
    use std::borrow::Cow;
    match body {
        Body::Missing => Ok(None),
        Body::Null => Ok(Some(Cow::Owned(Value::Null))),
        Body::Present { value, .. } => match value {
            BodyValue::Json(v) => Ok(Some(Cow::Borrowed(v))),
            BodyValue::Text(t) if t.is_empty() => Ok(None),
            BodyValue::Text(t) => serde_json::from_str(t)
                .map(|v| Some(Cow::Owned(v)))
                .map_err(|e| format!("not valid JSON: {e}")),
            BodyValue::Bytes(b) if b.is_empty() => Ok(None),
            BodyValue::Bytes(b) => serde_json::from_slice(b)
                .map(|v| Some(Cow::Owned(v)))
                .map_err(|e| format!("not valid JSON: {e}")),
        },
    }
}

fn is_empty_body(body: &Body) -> bool {
    match body {
        Body::Missing | Body::Null => true,
        Body::Present { value, .. } => match value {
            BodyValue::Text(t) => t.is_empty(),
            BodyValue::Bytes(b) => b.is_empty(),
            BodyValue::Json(Value::String(s)) => s.is_empty(),
            BodyValue::Json(_) => false,
        },
    }
}

/// Compare bodies. `expected_ct`/`actual_ct` come from headers or the body itself.
pub fn compare_bodies(
    expected: &Body,
    actual: &Body,
    expected_ct: Option<&str>,
    actual_ct: Option<&str>,
    rules: Option<&MatchingRuleCategory>,
    opts: BodyOptions,
    out: &mut Vec<Mismatch>,
) {
    if matches!(expected, Body::Missing) {
        return;
    }
    if matches!(expected, Body::Null) && matches!(actual, Body::Missing | Body::Null) {
        return;
    }
    let expected_ct = expected_ct.or_else(|| expected.content_type());
    let actual_ct = actual_ct.or_else(|| actual.content_type());
    let kind = kind_of(expected_ct, expected);
    if is_empty_body(expected) && !matches!(expected, Body::Null) {
        // Expected an empty body.
        if !is_empty_body(actual) {
            out.push(Mismatch::new(
                MismatchKind::Body,
                "$",
                "",
                body_text(actual).unwrap_or_default(),
                "expected an empty body but received content",
            ));
        }
        return;
    }
    if matches!(actual, Body::Missing) || (is_empty_body(actual) && !matches!(expected, Body::Null))
    {
        out.push(Mismatch::new(
            MismatchKind::Body,
            "$",
            body_text(expected).unwrap_or_default(),
            Value::Null,
            "expected a body but received none",
        ));
        return;
    }
    if let (Some(ect), Some(act)) = (expected_ct, actual_ct) {
        let kind_a = kind_of(Some(act), actual);
        if kind != kind_a && kind != BodyKind::Text {
            out.push(Mismatch::new(
                MismatchKind::BodyType,
                "$",
                ect,
                act,
                format!("expected a body with content type {ect} but received {act}"),
            ));
            return;
        }
    }
    match kind {
        BodyKind::Json => {
            let e = match body_json(expected) {
                Ok(Some(e)) => e,
                Ok(None) => return,
                Err(msg) => {
                    out.push(Mismatch::new(
                        MismatchKind::Body,
                        "$",
                        "",
                        "",
                        format!("the expected body is {msg}"),
                    ));
                    return;
                }
            };
            match body_json(actual) {
                Ok(Some(a)) => compare_json(&e, &a, rules, opts, out),
                Ok(None) => out.push(Mismatch::new(
                    MismatchKind::Body,
                    "$",
                    e.into_owned(),
                    Value::Null,
                    "expected a JSON body but received none",
                )),
                Err(msg) => out.push(Mismatch::new(
                    MismatchKind::Body,
                    "$",
                    e.into_owned(),
                    body_text(actual).unwrap_or_default(),
                    format!("the actual body is {msg}"),
                )),
            }
        }
        BodyKind::Xml => {
            let (Some(et), Some(at)) = (body_text(expected), body_text(actual)) else {
                return;
            };
            let e = match parse_xml(&et) {
                Ok(e) => e,
                Err(msg) => {
                    out.push(Mismatch::new(
                        MismatchKind::Body,
                        "$",
                        et,
                        "",
                        format!("the expected body is not valid XML: {msg}"),
                    ));
                    return;
                }
            };
            match parse_xml(&at) {
                Ok(a) => compare_xml_root(&e, &a, rules, opts, out),
                Err(msg) => out.push(Mismatch::new(
                    MismatchKind::Body,
                    "$",
                    et,
                    at,
                    format!("the actual body is not valid XML: {msg}"),
                )),
            }
        }
        BodyKind::Form => {
            let (Some(et), Some(at)) = (body_text(expected), body_text(actual)) else {
                return;
            };
            compare_form(&Query::parse_str(&et), &Query::parse_str(&at), rules, out);
        }
        BodyKind::Multipart => {
            let (Some(et), Some(at)) = (body_text(expected), body_text(actual)) else {
                return;
            };
            compare_multipart(
                &et,
                &at,
                expected_ct.unwrap_or(""),
                actual_ct.unwrap_or(""),
                rules,
                out,
            );
        }
        BodyKind::Text => {
            let et = body_text(expected).unwrap_or_default();
            let at = body_text(actual).unwrap_or_default();
            let root = vec!["$".to_owned()];
            if let Some(list) = rules.and_then(|r| r.select(&root)) {
                if let Err(e) = apply_list(list, |r| match_str(r, &et, &at)) {
                    out.push(Mismatch::new(MismatchKind::Body, "$", et, at, e));
                }
            } else if et != at {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    "$",
                    et.clone(),
                    at.clone(),
                    format!(
                        "expected body {} but received {}",
                        short(&Value::String(et)),
                        short(&Value::String(at))
                    ),
                ));
            }
        }
    }
}

/// Compare two JSON documents.
pub fn compare_json(
    expected: &Value,
    actual: &Value,
    rules: Option<&MatchingRuleCategory>,
    opts: BodyOptions,
    out: &mut Vec<Mismatch>,
) {
    let empty = MatchingRuleCategory::default();
    let mut w = JsonWalker {
        rules: rules.unwrap_or(&empty),
        opts,
        out,
    };
    let mut path = vec!["$".to_owned()];
    w.compare(&mut path, expected, actual);
}

struct JsonWalker<'a, 'o> {
    rules: &'a MatchingRuleCategory,
    opts: BodyOptions,
    out: &'o mut Vec<Mismatch>,
}

fn type_word(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl JsonWalker<'_, '_> {
    fn push(&mut self, path: &[String], e: &Value, a: &Value, msg: String) {
        self.out.push(Mismatch::new(
            MismatchKind::Body,
            display_path(path),
            e.clone(),
            a.clone(),
            msg,
        ));
    }

    fn compare(&mut self, path: &mut Vec<String>, e: &Value, a: &Value) {
        let rule = if self.rules.is_empty() {
            None
        } else {
            self.rules.select(path)
        };
        match (e, a) {
            (Value::Object(eo), Value::Object(ao)) => self.compare_maps(path, eo, ao, rule, e, a),
            (Value::Array(ea), Value::Array(aa)) => self.compare_lists(path, ea, aa, rule, e, a),
            _ => {
                if let Some(list) = rule {
                    if let Err(msg) = apply_list(list, |r| match_json(r, e, a)) {
                        self.push(path, e, a, msg);
                    }
                } else if e != a {
                    let msg = if std::mem::discriminant(e) == std::mem::discriminant(a) {
                        format!("expected {} but received {}", short(e), short(a))
                    } else {
                        format!(
                            "expected {} ({}) but received {} ({})",
                            type_word(e),
                            short(e),
                            type_word(a),
                            short(a)
                        )
                    };
                    self.push(path, e, a, msg);
                }
            }
        }
    }

    fn compare_maps(
        &mut self,
        path: &mut Vec<String>,
        eo: &Map<String, Value>,
        ao: &Map<String, Value>,
        rule: Option<&RuleList>,
        e: &Value,
        a: &Value,
    ) {
        if let Some(list) = rule {
            if let Err(msg) = apply_list(list, |r| match_json(r, e, a)) {
                self.push(path, e, a, msg);
            }
            let each_key: Vec<&MatchingRule> = list
                .rules
                .iter()
                .filter_map(|r| match r {
                    MatchingRule::EachKey(rs) => Some(rs.iter()),
                    _ => None,
                })
                .flatten()
                .collect();
            for key in ao.keys() {
                for r in &each_key {
                    if let Err(msg) = match_str(r, key, key) {
                        path.push(key.clone());
                        self.push(
                            path,
                            &Value::Null,
                            &Value::String(key.clone()),
                            format!("key {key:?}: {msg}"),
                        );
                        path.pop();
                    }
                }
            }
            let values_like = list
                .rules
                .iter()
                .any(|r| matches!(r, MatchingRule::Values | MatchingRule::EachValue(_)));
            let each_value: Vec<MatchingRule> = list
                .rules
                .iter()
                .filter_map(|r| match r {
                    MatchingRule::EachValue(rs) => Some(rs.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            if values_like || !each_key.is_empty() {
                let Some(example) = eo.values().next() else {
                    return;
                };
                for (k, av) in ao {
                    path.push(k.clone());
                    let ev = eo.get(k).unwrap_or(example);
                    if each_value.is_empty() {
                        self.compare(path, ev, av);
                    } else {
                        let l = RuleList {
                            rules: each_value.clone(),
                            logic: Default::default(),
                        };
                        if let Err(msg) = apply_list(&l, |r| match_json(r, ev, av)) {
                            self.push(path, ev, av, msg);
                        } else if matches!(ev, Value::Object(_) | Value::Array(_)) {
                            self.compare(path, ev, av);
                        }
                    }
                    path.pop();
                }
                return;
            }
        }
        let wildcard = !self.rules.is_empty() && self.rules.has_wildcard_child(path);
        if eo.is_empty() && !ao.is_empty() && !self.opts.allow_unexpected_keys && rule.is_none() {
            self.push(
                path,
                e,
                a,
                format!("expected an empty object but received {}", short(a)),
            );
            return;
        }
        for (k, ev) in eo {
            path.push(k.clone());
            match ao.get(k) {
                Some(av) => self.compare(path, ev, av),
                None => {
                    let parent = display_path(&path[..path.len() - 1]);
                    self.push(
                        path,
                        ev,
                        &Value::Null,
                        format!("expected key {k:?} in {parent} but it was missing"),
                    );
                }
            }
            path.pop();
        }
        if !self.opts.allow_unexpected_keys && !wildcard {
            for (k, av) in ao {
                if !eo.contains_key(k) {
                    path.push(k.clone());
                    self.push(
                        path,
                        &Value::Null,
                        av,
                        format!("unexpected key {k:?} with value {}", short(av)),
                    );
                    path.pop();
                }
            }
        }
    }

    fn compare_lists(
        &mut self,
        path: &mut Vec<String>,
        ea: &[Value],
        aa: &[Value],
        rule: Option<&RuleList>,
        e: &Value,
        a: &Value,
    ) {
        if let Some(list) = rule {
            // arrayContains: every variant must be matched by some actual element.
            for r in &list.rules {
                if let MatchingRule::ArrayContains(variants) = r {
                    for v in variants {
                        let Some(ev) = ea.get(v.index) else { continue };
                        let found = aa.iter().any(|av| {
                            let mut scratch = Vec::new();
                            let mut inner = JsonWalker {
                                rules: &v.rules,
                                opts: self.opts,
                                out: &mut scratch,
                            };
                            let mut p = vec!["$".to_owned()];
                            inner.compare(&mut p, ev, av);
                            scratch.is_empty()
                        });
                        if !found {
                            self.push(path, ev, a, format!("expected the array to contain an element like {} but none matched", short(ev)));
                        }
                    }
                    return;
                }
            }
            if let Err(msg) = apply_list(list, |r| match_json(r, e, a)) {
                self.push(path, e, a, msg);
            }
            let structural = list.is_type_like()
                || list.rules.iter().any(|r| {
                    matches!(
                        r,
                        MatchingRule::EachValue(_) | MatchingRule::Values | MatchingRule::NotEmpty
                    )
                });
            if structural {
                if let Some(first) = ea.first() {
                    for (i, av) in aa.iter().enumerate() {
                        path.push(i.to_string());
                        let ev = ea.get(i).unwrap_or(first);
                        self.compare(path, ev, av);
                        path.pop();
                    }
                }
                return;
            }
        }
        for (i, ev) in ea.iter().enumerate() {
            path.push(i.to_string());
            match aa.get(i) {
                Some(av) => self.compare(path, ev, av),
                None => self.push(
                    path,
                    ev,
                    &Value::Null,
                    format!(
                        "expected an element at index {i} but the array has only {} element(s)",
                        aa.len()
                    ),
                ),
            }
            path.pop();
        }
        if aa.len() > ea.len() {
            for (i, av) in aa.iter().enumerate().skip(ea.len()) {
                path.push(i.to_string());
                self.push(
                    path,
                    &Value::Null,
                    av,
                    format!(
                        "unexpected element at index {i}: {} (expected {} element(s))",
                        short(av),
                        ea.len()
                    ),
                );
                path.pop();
            }
        }
    }
}

// ---------------------------------------------------------------- XML

fn compare_xml_root(
    e: &XmlElement,
    a: &XmlElement,
    rules: Option<&MatchingRuleCategory>,
    opts: BodyOptions,
    out: &mut Vec<Mismatch>,
) {
    let empty = MatchingRuleCategory::default();
    let rules = rules.unwrap_or(&empty);
    let mut path = vec!["$".to_owned()];
    compare_xml(&mut path, e, a, rules, opts, out);
}

fn compare_xml(
    path: &mut Vec<String>,
    e: &XmlElement,
    a: &XmlElement,
    rules: &MatchingRuleCategory,
    opts: BodyOptions,
    out: &mut Vec<Mismatch>,
) {
    let rule = rules
        .select_exact(&with(path, &e.name))
        .or_else(|| xml_select(rules, &with(path, &e.name)));
    let type_match = rule.is_some_and(RuleList::is_type_like);
    if e.name != a.name || (e.namespace != a.namespace && !type_match) {
        out.push(Mismatch::new(
            MismatchKind::Body,
            display_path(&with(path, &e.name)),
            e.qualified(),
            a.qualified(),
            format!(
                "expected element <{}> but received <{}>",
                e.qualified(),
                a.qualified()
            ),
        ));
        return;
    }
    path.push(e.name.clone());
    // Attributes.
    for (name, ev) in &e.attributes {
        let attr_path = with(path, &format!("@{name}"));
        match a.attributes.get(name) {
            Some(av) => {
                let r = xml_select(rules, &attr_path);
                let res = match r {
                    Some(list) => apply_list(list, |r| match_str(r, ev, av)),
                    None if ev == av => Ok(()),
                    None => Err(format!(
                        "expected attribute {name}={ev:?} but received {av:?}"
                    )),
                };
                if let Err(msg) = res {
                    out.push(Mismatch::new(
                        MismatchKind::Body,
                        display_path(&attr_path),
                        ev.clone(),
                        av.clone(),
                        msg,
                    ));
                }
            }
            None => out.push(Mismatch::new(
                MismatchKind::Body,
                display_path(&attr_path),
                ev.clone(),
                Value::Null,
                format!("expected attribute {name:?} but it was missing"),
            )),
        }
    }
    if !opts.allow_unexpected_keys {
        for (name, av) in &a.attributes {
            if !e.attributes.contains_key(name) {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&with(path, &format!("@{name}"))),
                    Value::Null,
                    av.clone(),
                    format!("unexpected attribute {name}={av:?}"),
                ));
            }
        }
    }
    // Text.
    let text_path = with(path, "#text");
    let et = e.text.trim();
    let at = a.text.trim();
    match xml_select(rules, &text_path) {
        Some(list) if !et.is_empty() || !at.is_empty() => {
            if let Err(msg) = apply_list(list, |r| match_str(r, et, at)) {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&text_path),
                    et,
                    at,
                    msg,
                ));
            }
        }
        Some(_) => {}
        None => {
            if et != at && !(type_match && !et.is_empty() && !at.is_empty()) {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&text_path),
                    et,
                    at,
                    format!("expected text {et:?} but received {at:?}"),
                ));
            }
        }
    }
    // Children, grouped by name in order of first appearance.
    let mut groups: IndexMap<&str, Vec<&XmlElement>> = IndexMap::new();
    for c in &e.children {
        groups.entry(c.name.as_ref()).or_default().push(c);
    }
    let mut actual_groups: IndexMap<&str, Vec<&XmlElement>> = IndexMap::new();
    for c in &a.children {
        actual_groups.entry(c.name.as_ref()).or_default().push(c);
    }
    let parent_rule = rules.select_exact(path).cloned();
    let own_rule = xml_select(rules, path);
    if own_rule.is_some_and(RuleList::is_type_like) && !e.children.is_empty() {
        // A type matcher on this element: every actual child is like the first expected child.
        let (min, max) = own_rule
            .and_then(|l| {
                l.rules.iter().find_map(|r| match r {
                    MatchingRule::MinType(m) => Some((Some(*m), None)),
                    MatchingRule::MaxType(m) => Some((None, Some(*m))),
                    MatchingRule::MinMaxType(a, b) => Some((Some(*a), Some(*b))),
                    _ => None,
                })
            })
            .unwrap_or((None, None));
        let n = a.children.len();
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            out.push(Mismatch::new(
                MismatchKind::Body,
                display_path(path),
                e.children.len(),
                n,
                format!(
                    "expected between {} and {} child element(s) of <{}> but received {n}",
                    min.unwrap_or(0),
                    max.map_or("any".to_owned(), |m| m.to_string()),
                    e.name
                ),
            ));
        }
        for (i, ac) in a.children.iter().enumerate() {
            path.push(i.to_string());
            compare_xml(path, &e.children[0], ac, rules, opts, out);
            path.pop();
        }
        path.pop();
        return;
    }
    for (name, expected_children) in &groups {
        let actual_children = actual_groups.get(name).cloned().unwrap_or_default();
        let child_path = with(path, name);
        let child_rule = xml_select(rules, &child_path);
        let type_like = child_rule.is_some_and(RuleList::is_type_like);
        if type_like {
            // min/max on the number of children: from the child's own rule, else the parent's.
            let bounds = |l: &RuleList| {
                l.rules.iter().find_map(|r| match r {
                    MatchingRule::MinType(m) => Some((Some(*m), None)),
                    MatchingRule::MaxType(m) => Some((None, Some(*m))),
                    MatchingRule::MinMaxType(a, b) => Some((Some(*a), Some(*b))),
                    _ => None,
                })
            };
            let (min, max) = rules
                .select_exact(&child_path)
                .and_then(bounds)
                .or_else(|| parent_rule.as_ref().and_then(bounds))
                .unwrap_or((None, None));
            let n = actual_children.len();
            if min.is_some_and(|m| n < m) || (n == 0 && !expected_children.is_empty()) {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&child_path),
                    expected_children.len(),
                    n,
                    format!(
                        "expected at least {} <{name}> element(s) but received {n}",
                        min.unwrap_or(1)
                    ),
                ));
            }
            if max.is_some_and(|m| n > m) {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&child_path),
                    max.unwrap_or_default(),
                    n,
                    format!(
                        "expected at most {} <{name}> element(s) but received {n}",
                        max.unwrap_or_default()
                    ),
                ));
            }
            for (i, ac) in actual_children.iter().enumerate() {
                let ec = expected_children.get(i).unwrap_or(&expected_children[0]);
                compare_xml(path, ec, ac, rules, opts, out);
            }
        } else {
            for (i, ec) in expected_children.iter().enumerate() {
                match actual_children.get(i) {
                    Some(ac) => compare_xml(path, ec, ac, rules, opts, out),
                    None => out.push(Mismatch::new(
                        MismatchKind::Body,
                        display_path(&child_path),
                        ec.qualified(),
                        Value::Null,
                        format!(
                            "expected {} <{name}> element(s) but received {}",
                            expected_children.len(),
                            actual_children.len()
                        ),
                    )),
                }
            }
            if actual_children.len() > expected_children.len() && !opts.allow_unexpected_keys {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&child_path),
                    expected_children.len(),
                    actual_children.len(),
                    format!(
                        "unexpected <{name}> element(s): expected {} but received {}",
                        expected_children.len(),
                        actual_children.len()
                    ),
                ));
            }
        }
    }
    if !opts.allow_unexpected_keys {
        for (name, children) in &actual_groups {
            if !groups.contains_key(name) {
                out.push(Mismatch::new(
                    MismatchKind::Body,
                    display_path(&with(path, name)),
                    Value::Null,
                    children.len(),
                    format!("unexpected <{name}> element"),
                ));
            }
        }
    } else {
        // Responses: an unexpected child element is still a mismatch when the expected
        // element had no children at all (an empty element was expected).
        if groups.is_empty() && !a.children.is_empty() && type_match {
            // Type-matched elements may have any children.
        }
    }
    path.pop();
}

fn with(path: &[String], seg: &str) -> Vec<String> {
    let mut p = path.to_vec();
    p.push(seg.to_owned());
    p
}

/// XML rule lookup: element paths may be written with or without child indexes
/// (`$.animals[*].alligator` and `$.animals.alligator`); the better match wins.
fn xml_select<'r>(rules: &'r MatchingRuleCategory, path: &[String]) -> Option<&'r RuleList> {
    let with_index = rules.select_weighted(path);
    let plain: Vec<String> = path
        .iter()
        .filter(|f| f.parse::<usize>().is_err())
        .cloned()
        .collect();
    let without = if plain.len() == path.len() {
        None
    } else {
        rules.select_weighted(&plain)
    };
    match (with_index, without) {
        (Some(a), Some(b)) => Some(if (b.0, b.1) > (a.0, a.1) { b.2 } else { a.2 }),
        (a, b) => a.or(b).map(|x| x.2),
    }
}

// ---------------------------------------------------------------- forms

/// Compare two parameter maps (form bodies). Values by rule or in order.
fn compare_form(
    e: &IndexMap<String, Vec<String>>,
    a: &IndexMap<String, Vec<String>>,
    rules: Option<&MatchingRuleCategory>,
    out: &mut Vec<Mismatch>,
) {
    for (k, evs) in e {
        let path = vec!["$".to_owned(), k.clone()];
        let Some(avs) = a.get(k) else {
            out.push(Mismatch::new(
                MismatchKind::Body,
                display_path(&path),
                evs.join(","),
                Value::Null,
                format!("expected form field {k:?} but it was missing"),
            ));
            continue;
        };
        let rule = rules.and_then(|r| r.select(&path));
        if let Some(list) = rule {
            for av in avs {
                if let Err(msg) = apply_list(list, |r| {
                    match_str(r, evs.first().map_or("", String::as_str), av)
                }) {
                    out.push(Mismatch::new(
                        MismatchKind::Body,
                        display_path(&path),
                        evs.join(","),
                        av.clone(),
                        msg,
                    ));
                }
            }
        } else if evs != avs {
            out.push(Mismatch::new(
                MismatchKind::Body,
                display_path(&path),
                evs.join(","),
                avs.join(","),
                format!(
                    "expected form field {k}={:?} but received {:?}",
                    evs.join(","),
                    avs.join(",")
                ),
            ));
        }
    }
    for k in a.keys() {
        if !e.contains_key(k) {
            out.push(Mismatch::new(
                MismatchKind::Body,
                format!("$.{k}"),
                Value::Null,
                a[k].join(","),
                format!("unexpected form field {k:?}"),
            ));
        }
    }
}

// ---------------------------------------------------------------- multipart

fn boundary(ct: &str) -> Option<String> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

struct Part {
    name: String,
    content_type: Option<String>,
    body: String,
}

fn parse_multipart(body: &str, ct: &str) -> Result<Vec<Part>, String> {
    let b = boundary(ct).ok_or_else(|| format!("content type {ct:?} has no boundary"))?;
    let delim = format!("--{b}");
    let mut parts = Vec::new();
    for chunk in body.split(&delim).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.trim_start_matches(['\r', '\n']);
        let (head, content) = chunk
            .split_once("\r\n\r\n")
            .or_else(|| chunk.split_once("\n\n"))
            .ok_or("a multipart part has no header/body separator")?;
        let mut name = String::new();
        let mut content_type = None;
        for line in head.lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                if let Some(n) = v.split(';').find_map(|p| p.trim().strip_prefix("name=")) {
                    name = n.trim_matches('"').to_owned();
                }
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_owned());
            }
        }
        let content = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .unwrap_or(content);
        parts.push(Part {
            name,
            content_type,
            body: content.to_owned(),
        });
    }
    Ok(parts)
}

fn compare_multipart(
    e: &str,
    a: &str,
    ect: &str,
    act: &str,
    rules: Option<&MatchingRuleCategory>,
    out: &mut Vec<Mismatch>,
) {
    let (ep, ap) = match (parse_multipart(e, ect), parse_multipart(a, act)) {
        (Ok(ep), Ok(ap)) => (ep, ap),
        (Err(msg), _) | (_, Err(msg)) => {
            out.push(Mismatch::new(
                MismatchKind::Body,
                "$",
                "",
                "",
                format!("multipart body could not be read: {msg}"),
            ));
            return;
        }
    };
    for part in &ep {
        let path = vec!["$".to_owned(), part.name.clone()];
        let Some(actual) = ap.iter().find(|p| p.name == part.name) else {
            out.push(Mismatch::new(
                MismatchKind::Body,
                display_path(&path),
                part.name.clone(),
                Value::Null,
                format!("expected multipart part {:?} but it was missing", part.name),
            ));
            continue;
        };
        let body = |p: &Part| Body::Present {
            value: BodyValue::Text(p.body.clone()),
            content_type: p.content_type.clone(),
            encoded: None,
            extra: Map::new(),
        };
        let mut inner = Vec::new();
        let sub_rules = rules.map(|r| {
            let mut c = MatchingRuleCategory::default();
            for (k, (_, l)) in &r.rules {
                let prefix = format!("$.{}", part.name);
                if let Some(rest) = k.strip_prefix(&prefix) {
                    c.add(&format!("${rest}"), l.clone()).ok();
                }
            }
            c
        });
        compare_bodies(
            &body(part),
            &body(actual),
            part.content_type.as_deref().or(Some("text/plain")),
            actual.content_type.as_deref().or(Some("text/plain")),
            sub_rules.as_ref(),
            BodyOptions {
                allow_unexpected_keys: true,
            },
            &mut inner,
        );
        for mut m in inner {
            m.path = format!(
                "{}{}",
                display_path(&path),
                m.path.strip_prefix('$').unwrap_or(&m.path)
            );
            out.push(m);
        }
    }
}
