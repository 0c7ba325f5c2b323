//! The version-neutral schema view: one [`Flat`] per visited schema, built lazily
//! from the raw value with 3.0/3.1 differences normalised and `allOf` merged.
//!
//! Normalised to one spelling each:
//! - nullability: 3.0 `nullable: true`, 3.1 `type: [T, "null"]`, `null` in an
//!   `enum`, and a `{type: "null"}` alternative in `oneOf`/`anyOf` (the
//!   alternative is dropped; a single remaining one is merged in, so
//!   `anyOf: [{$ref: X}, {type: "null"}]` is `X`, nullable);
//! - boolean (3.0) and numeric (3.1) `exclusiveMinimum`/`exclusiveMaximum`;
//! - `const` as a one-value enum; `x-extensible-enum`, and the open-enum idiom
//!   `anyOf: [{type: string}, {type: string, enum: […]}]`, as open enums;
//! - (in the comparer) `format: binary` / `contentMediaType:
//!   application/octet-stream` and `format: byte` / `contentEncoding: base64`;
//! - in 3.1, keywords next to a `$ref` apply (merged like an `allOf` member).

use super::document::{Node, Ptr, Spec, Version};
use serde_json::Value;

pub const T_STRING: u8 = 1;
pub const T_NUMBER: u8 = 2;
pub const T_INTEGER: u8 = 4;
pub const T_BOOLEAN: u8 = 8;
pub const T_ARRAY: u8 = 16;
pub const T_OBJECT: u8 = 32;

/// Names of the type bits, in display order.
pub const TYPE_NAMES: [(u8, &str); 6] = [
    (T_STRING, "string"),
    (T_NUMBER, "number"),
    (T_INTEGER, "integer"),
    (T_BOOLEAN, "boolean"),
    (T_ARRAY, "array"),
    (T_OBJECT, "object"),
];

/// The JSON Schema 2020-12 keywords compared as "constraints" (added narrows, removed widens).
pub const CONSTRAINT_KEYWORDS: [&str; 11] = [
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "contentSchema",
];

/// A numeric bound, normalised: `exclusive` marks `exclusiveMaximum`/`exclusiveMinimum`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// Bounds by family: `[upper, lower]` for number, length, items, properties, contains.
pub const BOUND_FAMILIES: [(&str, &str); 5] = [
    ("maximum", "minimum"),
    ("maxLength", "minLength"),
    ("maxItems", "minItems"),
    ("maxProperties", "minProperties"),
    ("maxContains", "minContains"),
];

/// A schema with `$ref`s at its top resolved and `allOf` merged in.
#[derive(Debug, Clone)]
pub struct Flat<'a> {
    pub node: Node<'a>,
    /// Type bits; `None` means any type.
    pub types: Option<u8>,
    pub nullable: bool,
    pub format: Option<&'a str>,
    pub enum_values: Option<Vec<&'a Value>>,
    pub enum_ptr: Ptr<'a>,
    pub extensible: bool,
    pub is_const: bool,
    /// `[family][0 = upper, 1 = lower]`.
    pub bounds: [[Option<Bound>; 2]; 5],
    pub pattern: Option<&'a str>,
    pub default: Option<&'a Value>,
    pub read_only: bool,
    pub write_only: bool,
    pub properties: Vec<(&'a str, Node<'a>)>,
    pub required: Vec<&'a str>,
    pub items: Option<Node<'a>>,
    pub prefix_items: Option<Node<'a>>,
    pub additional: Option<Node<'a>>,
    pub one_of: Option<Vec<Node<'a>>>,
    pub any_of: Option<Vec<Node<'a>>>,
    /// The `not` subschema.
    pub not: Option<Node<'a>>,
    pub constraints: Vec<(&'static str, &'a Value)>,
    pub content_encoding: Option<&'a str>,
    pub content_media_type: Option<&'a str>,
    pub discriminator: Option<&'a Value>,
    pub title: Option<&'a str>,
}

fn type_bit(s: &str) -> u8 {
    match s {
        "string" => T_STRING,
        "number" => T_NUMBER,
        "integer" => T_INTEGER,
        "boolean" => T_BOOLEAN,
        "array" => T_ARRAY,
        "object" => T_OBJECT,
        _ => 0,
    }
}

/// `integer | string` style display of type bits.
pub fn type_name(bits: Option<u8>, nullable: bool) -> String {
    let mut names: Vec<&str> = match bits {
        None => vec!["any"],
        Some(b) => TYPE_NAMES
            .iter()
            .filter(|(bit, _)| b & bit != 0)
            .map(|(_, n)| *n)
            .collect(),
    };
    if nullable {
        names.push("null");
    }
    if names.is_empty() {
        return "nothing".into();
    }
    names.join(" | ")
}

/// The values a type set accepts, with `number` including `integer`.
pub fn accepts(bits: u8) -> u8 {
    if bits & T_NUMBER != 0 {
        bits | T_INTEGER
    } else {
        bits
    }
}

/// The keywords [`Flat::build`] reads, collected in one pass over a schema object.
#[derive(Default)]
struct Keywords<'a> {
    nullable: Option<&'a Value>,
    format: Option<&'a Value>,
    pattern: Option<&'a Value>,
    default: Option<&'a Value>,
    read_only: Option<&'a Value>,
    write_only: Option<&'a Value>,
    items: Option<(&'a str, &'a Value)>,
    prefix_items: Option<(&'a str, &'a Value)>,
    additional: Option<(&'a str, &'a Value)>,
    one_of: Option<(&'a str, &'a Value)>,
    any_of: Option<(&'a str, &'a Value)>,
    all_of: Option<(&'a str, &'a Value)>,
    not: Option<(&'a str, &'a Value)>,
    properties: Option<(&'a str, &'a Value)>,
    content_encoding: Option<&'a Value>,
    content_media_type: Option<&'a Value>,
    discriminator: Option<&'a Value>,
    title: Option<&'a Value>,
    type_: Option<&'a Value>,
    enum_: Option<&'a Value>,
    const_: Option<&'a Value>,
    extensible_enum: Option<&'a Value>,
    required: Option<&'a Value>,
    /// `[family][0 = upper, 1 = lower]`, in [`BOUND_FAMILIES`] order.
    bounds: [[Option<&'a Value>; 2]; 5],
    /// `exclusiveMaximum`, `exclusiveMinimum`.
    exclusive: [Option<&'a Value>; 2],
    /// In [`CONSTRAINT_KEYWORDS`] order.
    constraints: [Option<&'a Value>; 11],
}

impl<'a> Keywords<'a> {
    fn set(&mut self, k: &'a str, x: &'a Value) {
        let member = Some((k, x));
        match k {
            "items" => self.items = member,
            "prefixItems" => self.prefix_items = member,
            "additionalProperties" => self.additional = member,
            "oneOf" => self.one_of = member,
            "anyOf" => self.any_of = member,
            "allOf" => self.all_of = member,
            "not" => self.not = member,
            "properties" => self.properties = member,
            _ => {
                if let Some(slot) = self.value_slot(k) {
                    *slot = Some(x);
                }
            }
        }
    }

    fn value_slot(&mut self, k: &str) -> Option<&mut Option<&'a Value>> {
        Some(match k {
            "nullable" => &mut self.nullable,
            "format" => &mut self.format,
            "pattern" => &mut self.pattern,
            "default" => &mut self.default,
            "readOnly" => &mut self.read_only,
            "writeOnly" => &mut self.write_only,
            "contentEncoding" => &mut self.content_encoding,
            "contentMediaType" => &mut self.content_media_type,
            "discriminator" => &mut self.discriminator,
            "title" => &mut self.title,
            "type" => &mut self.type_,
            "enum" => &mut self.enum_,
            "const" => &mut self.const_,
            "x-extensible-enum" => &mut self.extensible_enum,
            "required" => &mut self.required,
            "exclusiveMaximum" => &mut self.exclusive[0],
            "exclusiveMinimum" => &mut self.exclusive[1],
            _ => {
                if let Some(fam) = BOUND_FAMILIES.iter().position(|(u, l)| *u == k || *l == k) {
                    let slot = usize::from(BOUND_FAMILIES[fam].0 != k);
                    &mut self.bounds[fam][slot]
                } else {
                    let i = CONSTRAINT_KEYWORDS.iter().position(|c| *c == k)?;
                    &mut self.constraints[i]
                }
            }
        })
    }
}

impl<'a> Flat<'a> {
    /// Build the view of `node` (which must already be resolved).
    pub fn of(spec: &'a Spec, node: Node<'a>) -> Flat<'a> {
        let mut seen = Vec::new();
        Self::build(spec, node, &mut seen, 0)
    }

    fn build(
        spec: &'a Spec,
        node: Node<'a>,
        seen: &mut Vec<(usize, usize)>,
        depth: u32,
    ) -> Flat<'a> {
        let v = node.v;
        // One pass over the schema's keywords: a serde_json map lookup hashes the key
        // (SipHash), and a schema is asked for about 45 keywords.
        let mut kw = Keywords::default();
        if let Value::Object(m) = v {
            for (k, x) in m {
                kw.set(k, x);
            }
        }
        let child = |k: Option<(&'a str, &'a Value)>| {
            k.map(|(k, x)| Node {
                doc: node.doc,
                ptr: node.ptr.key(k),
                v: x,
            })
        };
        let str_of = |x: Option<&'a Value>| x.and_then(Value::as_str);
        let bool_of = |x: Option<&'a Value>| x.and_then(Value::as_bool).unwrap_or(false);
        let mut f = Flat {
            node: node.clone(),
            types: None,
            nullable: bool_of(kw.nullable),
            format: str_of(kw.format),
            enum_values: None,
            enum_ptr: node.ptr.key("enum"),
            extensible: false,
            is_const: false,
            bounds: [[None; 2]; 5],
            pattern: str_of(kw.pattern),
            default: kw.default,
            read_only: bool_of(kw.read_only),
            write_only: bool_of(kw.write_only),
            properties: Vec::new(),
            required: Vec::new(),
            items: child(kw.items.filter(|(_, x)| x.is_object())),
            prefix_items: child(kw.prefix_items.filter(|(_, x)| x.is_array())),
            additional: child(kw.additional.filter(|(_, x)| x.is_object())),
            one_of: child(kw.one_of).map(|n| n.items()),
            any_of: child(kw.any_of).map(|n| n.items()),
            not: child(kw.not.filter(|(_, x)| x.is_object() || x.is_boolean())),
            constraints: Vec::new(),
            content_encoding: str_of(kw.content_encoding),
            content_media_type: str_of(kw.content_media_type),
            discriminator: kw.discriminator,
            title: str_of(kw.title),
        };
        match kw.type_ {
            Some(Value::String(s)) => {
                if s == "null" {
                    f.nullable = true;
                    f.types = Some(0);
                } else {
                    f.types = Some(type_bit(s));
                }
            }
            Some(Value::Array(list)) => {
                let mut bits = 0;
                for t in list.iter().filter_map(Value::as_str) {
                    if t == "null" {
                        f.nullable = true;
                    } else {
                        bits |= type_bit(t);
                    }
                }
                f.types = Some(bits);
            }
            _ => {}
        }
        if let Some(Value::Array(e)) = kw.enum_ {
            f.enum_values = Some(e.iter().filter(|x| !x.is_null()).collect());
            if e.iter().any(Value::is_null) {
                f.nullable = true;
            }
        } else if let Some(c) = kw.const_ {
            f.enum_values = Some(vec![c]);
            f.enum_ptr = node.ptr.key("const");
            f.is_const = true;
        } else if let Some(Value::Array(e)) = kw.extensible_enum {
            f.enum_values = Some(e.iter().collect());
            f.enum_ptr = node.ptr.key("x-extensible-enum");
            f.extensible = true;
        }
        for (i, pair) in kw.bounds.iter().enumerate() {
            for (slot, x) in pair.iter().enumerate() {
                f.bounds[i][slot] = x.and_then(Value::as_f64).map(|value| Bound {
                    value,
                    exclusive: false,
                });
            }
        }
        // exclusiveMaximum / exclusiveMinimum: boolean (3.0) or numeric (3.1).
        for (slot, x) in kw.exclusive.iter().enumerate() {
            match x {
                Some(Value::Bool(true)) => {
                    if let Some(b) = &mut f.bounds[0][slot] {
                        b.exclusive = true;
                    }
                }
                Some(Value::Number(n)) => {
                    let value = n.as_f64().unwrap_or(0.0);
                    let ex = Bound {
                        value,
                        exclusive: true,
                    };
                    f.bounds[0][slot] = Some(match f.bounds[0][slot] {
                        Some(b) => tighter(b, ex, slot == 0),
                        None => ex,
                    });
                }
                _ => {}
            }
        }
        if let Some(props) = child(kw.properties) {
            f.properties = props.entries();
        }
        if let Some(Value::Array(req)) = kw.required {
            f.required = req.iter().filter_map(Value::as_str).collect();
        }
        for (name, x) in CONSTRAINT_KEYWORDS.iter().zip(kw.constraints) {
            if let Some(x) = x {
                f.constraints.push((*name, x));
            }
        }
        // 3.1: `$ref` with sibling keywords (only such nodes reach here with a `$ref`).
        if v.get("$ref").is_some() {
            if let Some(target) = spec.resolve(&node) {
                let key = (target.doc, target.addr());
                if !seen.contains(&key) && depth <= 32 {
                    seen.push(key);
                    let t = Self::build(spec, target, seen, depth + 1);
                    seen.pop();
                    f.nullable = if f.types.is_none() {
                        t.nullable
                    } else {
                        f.nullable && (t.nullable || t.types.is_none())
                    };
                    f.merge(t);
                }
            }
        }
        // `{type: "null"}` alternatives are nullability; one alternative left is the schema.
        for list in [&mut f.one_of, &mut f.any_of] {
            let Some(items) = list else { continue };
            let before = items.len();
            items.retain(|n| !is_null_schema(spec, n));
            if items.len() < before {
                f.nullable = true;
            }
        }
        for which in [0, 1] {
            let list = if which == 0 {
                &mut f.one_of
            } else {
                &mut f.any_of
            };
            if list.as_ref().is_some_and(|l| l.len() == 1) {
                let only = list.take().and_then(|mut l| l.pop());
                if let Some(r) = only.and_then(|n| spec.resolve_schema(&n)) {
                    let key = (r.doc, r.addr());
                    if !seen.contains(&key) && depth <= 32 {
                        seen.push(key);
                        let m = Self::build(spec, r, seen, depth + 1);
                        seen.pop();
                        if f.types.is_none() {
                            f.nullable |= m.nullable;
                        }
                        f.merge(m);
                    }
                }
            }
        }
        f.open_enum_idiom(spec);
        // Merge allOf members.
        if let Some(all) = child(kw.all_of) {
            let members = all.items();
            let mut member_flats = Vec::new();
            for m in members {
                let Some(r) = spec.resolve_schema(&m) else {
                    continue;
                };
                let key = (r.doc, r.addr());
                if seen.contains(&key) || depth > 32 {
                    continue;
                }
                seen.push(key);
                member_flats.push(Self::build(spec, r, seen, depth + 1));
                seen.pop();
            }
            let all_nullable = !member_flats.is_empty() && member_flats.iter().all(|m| m.nullable);
            for m in member_flats {
                f.merge(m);
            }
            if kw.nullable.is_none() && f.types.is_none() {
                f.nullable = f.nullable || all_nullable;
            }
        }
        f
    }

    fn merge(&mut self, m: Flat<'a>) {
        self.types = match (self.types, m.types) {
            (Some(a), Some(b)) => {
                let x = accepts(a) & accepts(b);
                Some(if x & T_NUMBER != 0 { x & !T_INTEGER } else { x })
            }
            (a, b) => a.or(b),
        };
        self.format = self.format.or(m.format);
        if self.enum_values.is_none() && m.enum_values.is_some() {
            self.enum_values = m.enum_values;
            self.enum_ptr = m.enum_ptr;
            self.extensible = m.extensible;
            self.is_const = m.is_const;
        }
        for fam in 0..5 {
            for slot in 0..2 {
                self.bounds[fam][slot] = match (self.bounds[fam][slot], m.bounds[fam][slot]) {
                    (Some(a), Some(b)) => Some(tighter(a, b, slot == 0)),
                    (a, b) => a.or(b),
                };
            }
        }
        self.pattern = self.pattern.or(m.pattern);
        self.default = self.default.or(m.default);
        self.read_only |= m.read_only;
        self.write_only |= m.write_only;
        for (name, n) in m.properties {
            if !self.properties.iter().any(|(k, _)| *k == name) {
                self.properties.push((name, n));
            }
        }
        for r in m.required {
            if !self.required.contains(&r) {
                self.required.push(r);
            }
        }
        self.items = self.items.take().or(m.items);
        self.prefix_items = self.prefix_items.take().or(m.prefix_items);
        self.additional = self.additional.take().or(m.additional);
        self.one_of = self.one_of.take().or(m.one_of);
        self.any_of = self.any_of.take().or(m.any_of);
        self.not = self.not.take().or(m.not);
        for c in m.constraints {
            if !self.constraints.iter().any(|(k, _)| *k == c.0) {
                self.constraints.push(c);
            }
        }
        self.content_encoding = self.content_encoding.or(m.content_encoding);
        self.content_media_type = self.content_media_type.or(m.content_media_type);
        self.discriminator = self.discriminator.or(m.discriminator);
    }

    /// `anyOf` (or `oneOf`) of a plain `{type: string}` and a string `enum`: any
    /// string is accepted and the enum only documents known values, an open enum
    /// like `x-extensible-enum`.
    fn open_enum_idiom(&mut self, spec: &'a Spec) {
        for which in [1, 0] {
            let list = if which == 0 {
                &self.one_of
            } else {
                &self.any_of
            };
            let Some(items) = list else { continue };
            if items.len() != 2 || self.enum_values.is_some() {
                continue;
            }
            let flats: Vec<Flat<'a>> = items
                .iter()
                .filter_map(|n| spec.resolve_schema(n))
                .map(|n| Flat::of(spec, n))
                .collect();
            if flats.len() != 2 {
                continue;
            }
            let open = flats.iter().position(Flat::is_plain_string);
            let Some(open) = open else { continue };
            let listed = &flats[1 - open];
            let Some(values) = &listed.enum_values else {
                continue;
            };
            if !matches!(listed.types, None | Some(T_STRING))
                || !values.iter().all(|v| v.is_string())
            {
                continue;
            }
            self.types = Some(T_STRING);
            self.nullable |= flats.iter().any(|f| f.nullable);
            self.enum_values = Some(values.clone());
            self.enum_ptr = listed.enum_ptr.clone();
            self.extensible = true;
            if which == 0 {
                self.one_of = None;
            } else {
                self.any_of = None;
            }
            return;
        }
    }

    /// `{type: string, format: binary}` (any bytes), with nothing else.
    pub fn is_binary_string(&self) -> bool {
        (self.format == Some("binary")
            || (self.format.is_none()
                && self.content_media_type == Some("application/octet-stream")))
            && matches!(self.types, None | Some(T_STRING))
            && self.enum_values.is_none()
            && self.properties.is_empty()
            && self.bounds.iter().all(|b| b[0].is_none() && b[1].is_none())
    }

    /// `{type: string}` with nothing that narrows it.
    fn is_plain_string(&self) -> bool {
        self.types == Some(T_STRING)
            && self.enum_values.is_none()
            && self.pattern.is_none()
            && self.format.is_none()
            && self.bounds.iter().all(|b| b[0].is_none() && b[1].is_none())
            && self.constraints.is_empty()
            && self.one_of.is_none()
            && self.any_of.is_none()
            && self.not.is_none()
    }

    pub fn is_required(&self, name: &str) -> bool {
        self.required.contains(&name)
    }

    pub fn constraint(&self, kw: &str) -> Option<&'a Value> {
        self.constraints
            .iter()
            .find(|(k, _)| *k == kw)
            .map(|(_, v)| *v)
    }
}

/// A schema that accepts only `null`: `{type: "null"}`, `{enum: [null]}`, `{const: null}`.
fn is_null_schema(spec: &Spec, n: &Node<'_>) -> bool {
    let Some(t) = spec.resolve(n) else {
        return false;
    };
    let Some(m) = t.v.as_object() else {
        return false;
    };
    let only_null = |v: &Value| match v {
        Value::String(s) => s == "null",
        Value::Array(a) => !a.is_empty() && a.iter().all(|x| x == "null"),
        _ => false,
    };
    let null_enum = |v: &Value| v.as_array().is_some_and(|a| a.len() == 1 && a[0].is_null());
    m.get("type").is_some_and(only_null)
        || m.get("enum").is_some_and(null_enum)
        || m.get("const").is_some_and(Value::is_null)
}

/// Whether a `$ref` node's sibling keywords apply (3.1) and change the schema.
pub fn ref_siblings_apply(spec: &Spec, n: &Node<'_>) -> bool {
    let Some(m) = n.v.as_object() else {
        return false;
    };
    m.contains_key("$ref")
        && m.len() > 1
        && spec.docs[n.doc].version == Version::V3_1
        && m.keys().any(|k| {
            !matches!(
                k.as_str(),
                "$ref" | "description" | "summary" | "title" | "$comment" | "example" | "examples"
            ) && !k.starts_with("x-")
        })
}

/// The tighter of two bounds (`upper` selects which direction is tighter).
fn tighter(a: Bound, b: Bound, upper: bool) -> Bound {
    if a.value == b.value {
        return Bound {
            value: a.value,
            exclusive: a.exclusive || b.exclusive,
        };
    }
    if (a.value < b.value) == upper {
        a
    } else {
        b
    }
}

/// How a bound moved: `Some(true)` when `to` accepts fewer values than `from`.
pub fn bound_tightened(from: Bound, to: Bound, upper: bool) -> Option<bool> {
    if from == to {
        return None;
    }
    if from.value == to.value {
        return Some(to.exclusive && !from.exclusive);
    }
    Some((to.value < from.value) == upper)
}

pub fn fmt_bound(b: Bound) -> String {
    let v = if b.value.fract() == 0.0 && b.value.abs() < 1e15 {
        format!("{}", b.value as i64)
    } else {
        format!("{}", b.value)
    };
    if b.exclusive {
        format!("{v} (exclusive)")
    } else {
        v
    }
}

/// Compact display of a JSON value for messages.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => {
            let s = other.to_string();
            if s.len() > 60 {
                format!(
                    "`{}…`",
                    &s[..s.char_indices().nth(57).map_or(s.len(), |(i, _)| i)]
                )
            } else {
                format!("`{s}`")
            }
        }
    }
}
