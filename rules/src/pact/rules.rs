//! Matching rules: the matcher definitions (`type`, `regex`, `include`, …), rule
//! lists with `combine: AND|OR`, per-category rule sets, path expressions
//! (`$.items[*].price`, `$['a-b']`) and choosing the most specific rule for a path.
//! Parses both the v2 JSONPath-keyed form and the v3/v4 category form.

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// One matcher.
#[derive(Debug, Clone, PartialEq)]
pub enum MatchingRule {
    Equality,
    Regex(String),
    Type,
    MinType(usize),
    MaxType(usize),
    MinMaxType(usize, usize),
    Timestamp(String),
    Time(String),
    Date(String),
    Include(String),
    Number,
    Integer,
    Decimal,
    Null,
    Boolean,
    ContentType(String),
    /// Match map values by rules, ignoring keys (`values`).
    Values,
    /// Each item of an array must match at least one of these variants.
    ArrayContains(Vec<ArrayContainsVariant>),
    EachKey(Vec<MatchingRule>),
    EachValue(Vec<MatchingRule>),
    Semver,
    StatusCode(StatusCodeRule),
    NotEmpty,
}

/// One variant of an `arrayContains` matcher.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayContainsVariant {
    pub index: usize,
    pub rules: MatchingRuleCategory,
}

/// `statusCode` matcher values.
#[derive(Debug, Clone, PartialEq)]
pub enum StatusCodeRule {
    Information,
    Success,
    Redirect,
    ClientError,
    ServerError,
    NonError,
    Error,
    Codes(Vec<u16>),
}

impl StatusCodeRule {
    pub fn matches(&self, status: u16) -> bool {
        match self {
            Self::Information => (100..200).contains(&status),
            Self::Success => (200..300).contains(&status),
            Self::Redirect => (300..400).contains(&status),
            Self::ClientError => (400..500).contains(&status),
            Self::ServerError => (500..600).contains(&status),
            Self::NonError => status < 400,
            Self::Error => status >= 400,
            Self::Codes(c) => c.contains(&status),
        }
    }
}

/// How the rules of a list combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleLogic {
    #[default]
    And,
    Or,
}

/// The rules attached to one path.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleList {
    pub rules: Vec<MatchingRule>,
    pub logic: RuleLogic,
}

impl RuleList {
    pub fn is_type_like(&self) -> bool {
        self.rules.iter().any(|r| {
            matches!(
                r,
                MatchingRule::Type
                    | MatchingRule::MinType(_)
                    | MatchingRule::MaxType(_)
                    | MatchingRule::MinMaxType(..)
            )
        })
    }
}

/// One token of a path expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathToken {
    Root,
    Field(String),
    Index(usize),
    /// `.*`
    Star,
    /// `[*]`
    StarIndex,
}

/// A parsed path expression such as `$.items[*].price`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathExpr {
    pub source: String,
    pub tokens: Vec<PathToken>,
}

impl PathExpr {
    /// Parse a Pact path expression. Headers/query/metadata keys with no leading `$`
    /// are a single field name.
    pub fn parse(expr: &str) -> Result<Self, String> {
        let source = expr.to_owned();
        let mut tokens = Vec::new();
        let chars: Vec<char> = expr.chars().collect();
        let mut i = 0;
        if chars.first() != Some(&'$') {
            return Ok(Self {
                source,
                tokens: vec![PathToken::Root, PathToken::Field(expr.to_owned())],
            });
        }
        tokens.push(PathToken::Root);
        i += 1;
        while i < chars.len() {
            match chars[i] {
                '.' => {
                    i += 1;
                    let start = i;
                    while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                        i += 1;
                    }
                    let name: String = chars[start..i].iter().collect();
                    if name.is_empty() {
                        return Err(format!("empty field name at position {start} in `{expr}`"));
                    }
                    tokens.push(if name == "*" {
                        PathToken::Star
                    } else {
                        PathToken::Field(name)
                    });
                }
                '[' => {
                    i += 1;
                    if i < chars.len() && (chars[i] == '\'' || chars[i] == '"') {
                        let quote = chars[i];
                        i += 1;
                        let start = i;
                        while i < chars.len() && chars[i] != quote {
                            i += 1;
                        }
                        if i >= chars.len() {
                            return Err(format!("unterminated quoted name in `{expr}`"));
                        }
                        let name: String = chars[start..i].iter().collect();
                        i += 1;
                        if chars.get(i) != Some(&']') {
                            return Err(format!("expected `]` at position {i} in `{expr}`"));
                        }
                        i += 1;
                        tokens.push(PathToken::Field(name));
                    } else {
                        let start = i;
                        while i < chars.len() && chars[i] != ']' {
                            i += 1;
                        }
                        if i >= chars.len() {
                            return Err(format!("unterminated `[` in `{expr}`"));
                        }
                        let inner: String = chars[start..i].iter().collect();
                        i += 1;
                        if inner == "*" {
                            tokens.push(PathToken::StarIndex);
                        } else {
                            let n = inner.trim().parse::<usize>().map_err(|_| {
                                format!("`[{inner}]` is not an index or `*` in `{expr}`")
                            })?;
                            tokens.push(PathToken::Index(n));
                        }
                    }
                }
                c => {
                    return Err(format!(
                        "unexpected `{c}` at position {i} in `{expr}` (expected `.` or `[`)"
                    ))
                }
            }
        }
        Ok(Self { source, tokens })
    }

    /// Weight of this expression against a concrete path (0 = no match).
    /// The expression matches a path it is a prefix of, so rules cascade to children.
    pub fn weight(&self, path: &[String]) -> usize {
        if path.len() < self.tokens.len() {
            return 0;
        }
        tokens_weight(&self.tokens, path)
    }

    /// Does the expression match exactly this path (same length)?
    pub fn matches_exactly(&self, path: &[String]) -> bool {
        path.len() == self.tokens.len() && self.weight(path) > 0
    }
}

/// Weight of `tokens` against the first `tokens.len()` fragments of `path`.
fn tokens_weight(tokens: &[PathToken], path: &[String]) -> usize {
    let mut w = 1usize;
    for (tok, frag) in tokens.iter().zip(path) {
        let t = match tok {
            PathToken::Root => usize::from(frag == "$") * 2,
            PathToken::Field(n) => usize::from(n == frag) * 2,
            PathToken::Index(i) => {
                usize::from(is_index(frag) && frag.parse::<usize>().ok() == Some(*i)) * 2
            }
            PathToken::Star => 1,
            PathToken::StarIndex => usize::from(is_index(frag)),
        };
        w *= t;
        if w == 0 {
            return 0;
        }
    }
    w
}

fn is_index(frag: &str) -> bool {
    !frag.is_empty() && frag.bytes().all(|b| b.is_ascii_digit())
}

/// The rules of one category (`body`, `header`, …): path expression → rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchingRuleCategory {
    pub rules: IndexMap<String, (PathExpr, RuleList)>,
}

impl MatchingRuleCategory {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn add(&mut self, key: &str, list: RuleList) -> Result<(), String> {
        let expr = PathExpr::parse(key)?;
        match self.rules.get_mut(key) {
            Some((_, existing)) => existing.rules.extend(list.rules),
            None => {
                self.rules.insert(key.to_owned(), (expr, list));
            }
        }
        Ok(())
    }

    /// The most specific rule list applying to `path` (prefix match, highest weight,
    /// then the longest expression).
    pub fn select(&self, path: &[String]) -> Option<&RuleList> {
        self.select_weighted(path).map(|(_, _, l)| l)
    }

    /// [`Self::select`] with the winning (weight, expression length).
    pub fn select_weighted(&self, path: &[String]) -> Option<(usize, usize, &RuleList)> {
        let mut best: Option<(usize, usize, &RuleList)> = None;
        for (expr, list) in self.rules.values() {
            let w = expr.weight(path);
            if w == 0 {
                continue;
            }
            let len = expr.tokens.len();
            if best.is_none_or(|(bw, bl, _)| (w, len) > (bw, bl)) {
                best = Some((w, len, list));
            }
        }
        best
    }

    /// A rule list whose expression is exactly this path.
    pub fn select_exact(&self, path: &[String]) -> Option<&RuleList> {
        self.rules
            .values()
            .filter(|(e, _)| e.matches_exactly(path))
            .max_by_key(|(e, _)| e.weight(path))
            .map(|(_, l)| l)
    }

    /// Is there a rule defined directly for a child of `path` whose key is a wildcard
    /// (`$.a.*` or `$.a[*]`)? Used for maps whose keys are free.
    pub fn has_wildcard_child(&self, path: &[String]) -> bool {
        self.rules.values().any(|(e, _)| {
            e.tokens.len() == path.len() + 1
                && matches!(e.tokens.last(), Some(PathToken::Star))
                && tokens_weight(&e.tokens[..path.len()], path) > 0
        })
    }

    /// Header/query rules are keyed by name; find by case-insensitive name when asked.
    pub fn for_name(&self, name: &str, case_insensitive: bool) -> Option<&RuleList> {
        self.rules.iter().find_map(|(k, (_, l))| {
            let k = k.strip_prefix("$.").unwrap_or(k);
            let k = k
                .strip_prefix("['")
                .and_then(|s| s.strip_suffix("']"))
                .unwrap_or(k);
            let same = if case_insensitive {
                k.eq_ignore_ascii_case(name)
            } else {
                k == name
            };
            same.then_some(l)
        })
    }
}

/// All rules of a request, response or message, by category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchingRules {
    pub categories: IndexMap<String, MatchingRuleCategory>,
}

impl MatchingRules {
    pub fn is_empty(&self) -> bool {
        self.categories.values().all(MatchingRuleCategory::is_empty)
    }

    pub fn category(&self, name: &str) -> Option<&MatchingRuleCategory> {
        self.categories.get(name).filter(|c| !c.is_empty())
    }

    /// Parse the v3/v4 category form, or the v2 JSONPath form (keys `$.body…`,
    /// `$.headers.X`, `$.path`, `$.query.q`).
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err("matchingRules must be an object".into());
        };
        let mut out = Self::default();
        let v2 = map.keys().any(|k| k.starts_with('$'));
        if v2 {
            for (key, rule) in map {
                let (category, sub) = split_v2_key(key);
                let list = parse_rule_list(rule)?;
                let cat = out.categories.entry(category).or_default();
                cat.add(&sub, list).map_err(|e| format!("{key}: {e}"))?;
            }
            return Ok(out);
        }
        for (category, rules) in map {
            let cat = out.categories.entry(category.clone()).or_default();
            match rules {
                Value::Object(rules) if rules.contains_key("matchers") => {
                    // `path` / `status` style: a rule list with no keys.
                    cat.add("$", parse_rule_list(&Value::Object(rules.clone()))?)?;
                }
                Value::Object(rules) => {
                    for (key, rule) in rules {
                        let list =
                            parse_rule_list(rule).map_err(|e| format!("{category}.{key}: {e}"))?;
                        cat.add(key, list)
                            .map_err(|e| format!("{category}.{key}: {e}"))?;
                    }
                }
                other => {
                    return Err(format!(
                        "matchingRules.{category} must be an object, found {other}"
                    ))
                }
            }
        }
        Ok(out)
    }

    /// The v3/v4 JSON form.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        for (name, cat) in &self.categories {
            if cat.is_empty() {
                continue;
            }
            if (name == "path" || name == "status")
                && cat.rules.len() == 1
                && cat.rules.contains_key("$")
            {
                out.insert(name.clone(), rule_list_to_json(&cat.rules["$"].1));
                continue;
            }
            let mut m = Map::new();
            for (k, (_, l)) in &cat.rules {
                m.insert(k.clone(), rule_list_to_json(l));
            }
            out.insert(name.clone(), Value::Object(m));
        }
        Value::Object(out)
    }

    /// The v2 JSONPath form.
    pub fn to_v2_json(&self) -> Value {
        let mut out = Map::new();
        for (name, cat) in &self.categories {
            for (k, (_, l)) in &cat.rules {
                let key = match name.as_str() {
                    "body" => match k.strip_prefix('$') {
                        Some(rest) => format!("$.body{rest}"),
                        // A key that is not a JSONPath: quote it whole, so that
                        // reading the v2 form back gives the same rule again
                        // (found by the pact_load fuzz target).
                        None => format!("$.body['{k}']"),
                    },
                    "path" => "$.path".to_owned(),
                    "header" => format!("$.headers.{k}"),
                    "query" => format!("$.query.{k}"),
                    other => format!("$.{other}.{k}"),
                };
                let mut obj = match rule_list_to_json(l) {
                    Value::Object(o) => o,
                    _ => Map::new(),
                };
                let first = obj
                    .remove("matchers")
                    .and_then(|m| m.as_array().and_then(|a| a.first().cloned()))
                    .unwrap_or(Value::Null);
                out.insert(key, first);
            }
        }
        Value::Object(out)
    }
}

fn split_v2_key(key: &str) -> (String, String) {
    let rest = key.strip_prefix("$.").unwrap_or(key);
    for (prefix, cat) in [
        ("body", "body"),
        ("headers", "header"),
        ("query", "query"),
        ("path", "path"),
    ] {
        if let Some(sub) = rest.strip_prefix(prefix) {
            if sub.is_empty() {
                return (cat.to_owned(), "$".to_owned());
            }
            if cat == "body" && (sub.starts_with('.') || sub.starts_with('[')) {
                return (cat.to_owned(), format!("${sub}"));
            }
            if let Some(name) = sub.strip_prefix('.') {
                return (cat.to_owned(), name.to_owned());
            }
            if let Some(name) = sub.strip_prefix("['").and_then(|s| s.strip_suffix("']")) {
                return (cat.to_owned(), name.to_owned());
            }
        }
    }
    (
        "body".to_owned(),
        format!("${}", key.strip_prefix('$').unwrap_or(key)),
    )
}

fn parse_rule_list(value: &Value) -> Result<RuleList, String> {
    let Value::Object(obj) = value else {
        return Err(format!("a matching rule must be an object, found {value}"));
    };
    let logic = match obj.get("combine").and_then(Value::as_str) {
        Some(c) if c.eq_ignore_ascii_case("or") => RuleLogic::Or,
        _ => RuleLogic::And,
    };
    let rules = match obj.get("matchers") {
        Some(Value::Array(items)) => items
            .iter()
            .map(parse_rule)
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => return Err(format!("`matchers` must be an array, found {other}")),
        None => vec![parse_rule(value)?],
    };
    Ok(RuleList { rules, logic })
}

fn usize_field(obj: &Map<String, Value>, key: &str) -> Result<Option<usize>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(|n| Some(n as usize))
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()).map(Some))
            .ok_or_else(|| format!("`{key}` must be a non-negative integer, found {v}")),
    }
}

fn str_field<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
}

/// Parse one matcher object (`{"match": "type", "min": 1}`, or v2 `{"regex": "…"}`).
pub fn parse_rule(value: &Value) -> Result<MatchingRule, String> {
    let Value::Object(obj) = value else {
        return Err(format!("a matcher must be an object, found {value}"));
    };
    let min = usize_field(obj, "min")?;
    let max = usize_field(obj, "max")?;
    let kind = obj.get("match").and_then(Value::as_str);
    let kind = match kind {
        Some(k) => k,
        None if obj.contains_key("regex") => "regex",
        None if obj.contains_key("timestamp") || obj.contains_key("datetime") => "timestamp",
        None if obj.contains_key("date") => "date",
        None if obj.contains_key("time") => "time",
        None if min.is_some() || max.is_some() => "type",
        None => return Err(format!("matcher has no `match` kind: {value}")),
    };
    Ok(match kind {
        "equality" => MatchingRule::Equality,
        "regex" => MatchingRule::Regex(
            str_field(obj, &["regex"])
                .ok_or("a `regex` matcher needs a `regex` string")?
                .to_owned(),
        ),
        "type" => match (min, max) {
            (Some(a), Some(b)) => MatchingRule::MinMaxType(a, b),
            (Some(a), None) => MatchingRule::MinType(a),
            (None, Some(b)) => MatchingRule::MaxType(b),
            (None, None) => MatchingRule::Type,
        },
        "min" => MatchingRule::MinType(min.ok_or("a `min` matcher needs `min`")?),
        "max" => MatchingRule::MaxType(max.ok_or("a `max` matcher needs `max`")?),
        "timestamp" | "datetime" => MatchingRule::Timestamp(
            str_field(obj, &["format", "timestamp", "datetime"])
                .unwrap_or("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
                .to_owned(),
        ),
        "date" => MatchingRule::Date(
            str_field(obj, &["format", "date"])
                .unwrap_or("yyyy-MM-dd")
                .to_owned(),
        ),
        "time" => MatchingRule::Time(
            str_field(obj, &["format", "time"])
                .unwrap_or("HH:mm:ss")
                .to_owned(),
        ),
        "include" => MatchingRule::Include(
            obj.get("value")
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .ok_or("an `include` matcher needs `value`")?,
        ),
        "number" => MatchingRule::Number,
        "integer" => MatchingRule::Integer,
        "decimal" => MatchingRule::Decimal,
        "null" => MatchingRule::Null,
        "boolean" => MatchingRule::Boolean,
        "contentType" => MatchingRule::ContentType(
            str_field(obj, &["value"])
                .ok_or("a `contentType` matcher needs `value`")?
                .to_owned(),
        ),
        "values" => MatchingRule::Values,
        "semver" => MatchingRule::Semver,
        "notEmpty" => MatchingRule::NotEmpty,
        "eachKey" | "eachValue" => {
            let rules = match obj.get("rules") {
                Some(Value::Array(items)) => items
                    .iter()
                    .map(parse_rule)
                    .collect::<Result<Vec<_>, _>>()?,
                _ => Vec::new(),
            };
            if kind == "eachKey" {
                MatchingRule::EachKey(rules)
            } else {
                MatchingRule::EachValue(rules)
            }
        }
        "arrayContains" => {
            let Some(Value::Array(variants)) = obj.get("variants") else {
                return Err("an `arrayContains` matcher needs `variants`".into());
            };
            let mut out = Vec::new();
            for (n, v) in variants.iter().enumerate() {
                let index = v
                    .get("index")
                    .and_then(Value::as_u64)
                    .map_or(n, |i| i as usize);
                let mut rules = MatchingRuleCategory::default();
                if let Some(Value::Object(r)) = v.get("rules") {
                    for (k, l) in r {
                        rules.add(k, parse_rule_list(l)?)?;
                    }
                }
                out.push(ArrayContainsVariant { index, rules });
            }
            MatchingRule::ArrayContains(out)
        }
        "statusCode" => {
            let status = match obj.get("status") {
                Some(Value::String(s)) => match s.as_str() {
                    "info" | "information" => StatusCodeRule::Information,
                    "success" => StatusCodeRule::Success,
                    "redirect" => StatusCodeRule::Redirect,
                    "clientError" => StatusCodeRule::ClientError,
                    "serverError" => StatusCodeRule::ServerError,
                    "nonError" => StatusCodeRule::NonError,
                    "error" => StatusCodeRule::Error,
                    other => return Err(format!("unknown statusCode status `{other}`")),
                },
                Some(Value::Array(codes)) => StatusCodeRule::Codes(
                    codes
                        .iter()
                        .filter_map(|c| c.as_u64().map(|c| c as u16))
                        .collect(),
                ),
                _ => return Err("a `statusCode` matcher needs `status`".into()),
            };
            MatchingRule::StatusCode(status)
        }
        other => return Err(format!("unknown matcher `{other}`")),
    })
}

fn rule_to_json(rule: &MatchingRule) -> Value {
    match rule {
        MatchingRule::Equality => json!({"match": "equality"}),
        MatchingRule::Regex(r) => json!({"match": "regex", "regex": r}),
        MatchingRule::Type => json!({"match": "type"}),
        MatchingRule::MinType(n) => json!({"match": "type", "min": n}),
        MatchingRule::MaxType(n) => json!({"match": "type", "max": n}),
        MatchingRule::MinMaxType(a, b) => json!({"match": "type", "min": a, "max": b}),
        MatchingRule::Timestamp(f) => json!({"match": "datetime", "format": f}),
        MatchingRule::Time(f) => json!({"match": "time", "format": f}),
        MatchingRule::Date(f) => json!({"match": "date", "format": f}),
        MatchingRule::Include(v) => json!({"match": "include", "value": v}),
        MatchingRule::Number => json!({"match": "number"}),
        MatchingRule::Integer => json!({"match": "integer"}),
        MatchingRule::Decimal => json!({"match": "decimal"}),
        MatchingRule::Null => json!({"match": "null"}),
        MatchingRule::Boolean => json!({"match": "boolean"}),
        MatchingRule::ContentType(v) => json!({"match": "contentType", "value": v}),
        MatchingRule::Values => json!({"match": "values"}),
        MatchingRule::Semver => json!({"match": "semver"}),
        MatchingRule::NotEmpty => json!({"match": "notEmpty"}),
        MatchingRule::EachKey(r) => {
            json!({"match": "eachKey", "rules": r.iter().map(rule_to_json).collect::<Vec<_>>()})
        }
        MatchingRule::EachValue(r) => {
            json!({"match": "eachValue", "rules": r.iter().map(rule_to_json).collect::<Vec<_>>()})
        }
        MatchingRule::ArrayContains(vs) => {
            json!({"match": "arrayContains", "variants": vs.iter().map(|v| {
            let mut rules = Map::new();
            for (k, (_, l)) in &v.rules.rules {
                rules.insert(k.clone(), rule_list_to_json(l));
            }
            json!({"index": v.index, "rules": rules})
        }).collect::<Vec<_>>()})
        }
        MatchingRule::StatusCode(s) => {
            let status = match s {
                StatusCodeRule::Information => json!("information"),
                StatusCodeRule::Success => json!("success"),
                StatusCodeRule::Redirect => json!("redirect"),
                StatusCodeRule::ClientError => json!("clientError"),
                StatusCodeRule::ServerError => json!("serverError"),
                StatusCodeRule::NonError => json!("nonError"),
                StatusCodeRule::Error => json!("error"),
                StatusCodeRule::Codes(c) => json!(c),
            };
            json!({"match": "statusCode", "status": status})
        }
    }
}

fn rule_list_to_json(list: &RuleList) -> Value {
    json!({
        "combine": if list.logic == RuleLogic::Or { "OR" } else { "AND" },
        "matchers": list.rules.iter().map(rule_to_json).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn path_expressions_parse_and_weigh() {
        let e = PathExpr::parse("$.items[*].price").unwrap();
        assert_eq!(e.weight(&p(&["$", "items", "2", "price"])), 8);
        assert_eq!(e.weight(&p(&["$", "items", "x", "price"])), 0);
        let b = PathExpr::parse("$['two']['@str']").unwrap();
        assert_eq!(b.tokens[2], PathToken::Field("@str".into()));
        assert!(PathExpr::parse("$.a[x]").is_err());
        // Prefix matching: rules cascade to children.
        assert!(PathExpr::parse("$.a").unwrap().weight(&p(&["$", "a", "b"])) > 0);
    }

    #[test]
    fn v2_form_of_a_body_key_without_dollar_reads_back_the_same() {
        let rules = MatchingRules::from_json(
            &json!({"body": {"\u{fffd}$.chargeId": {"matchers": [{"match": "type"}]}}}),
        )
        .unwrap();
        let v2 = rules.to_v2_json();
        assert_eq!(
            v2,
            json!({"$.body['\u{fffd}$.chargeId']": {"match": "type"}})
        );
        let again = MatchingRules::from_json(&v2).unwrap();
        assert_eq!(again.to_v2_json(), v2);
    }

    #[test]
    fn v2_and_v3_forms_parse() {
        let v2 = MatchingRules::from_json(&json!({
            "$.body.animals": {"min": 1, "match": "type"},
            "$.headers.Accept": {"match": "regex", "regex": "json"},
            "$.path": {"regex": "/x"}
        }))
        .unwrap();
        assert_eq!(
            v2.category("body").unwrap().rules["$.animals"].1.rules,
            vec![MatchingRule::MinType(1)]
        );
        assert!(v2
            .category("header")
            .unwrap()
            .for_name("accept", true)
            .is_some());
        let v3 = MatchingRules::from_json(&json!({
            "path": {"matchers": [{"match": "regex", "regex": "/x"}]},
            "body": {"$.a": {"combine": "OR", "matchers": [{"match": "integer"}, {"match": "null"}]}}
        }))
        .unwrap();
        assert_eq!(
            v3.category("body").unwrap().rules["$.a"].1.logic,
            RuleLogic::Or
        );
        let back = MatchingRules::from_json(&v3.to_json()).unwrap();
        assert_eq!(back, v3);
    }
}
