//! Applying one matcher (or a rule list with `combine: AND|OR`) to a single value:
//! JSON leaves, header/query/path strings and XML text. Also Java-style
//! date/time format strings (`yyyy-MM-dd'T'HH:mm:ssZ`) as Pact uses them.

use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use super::mismatch::short;
use super::rules::{MatchingRule, RuleList, RuleLogic};

/// Does `text` match `pattern` (anchored, as Java's `matches`)? Compiled regexes
/// are cached per thread, so matching never takes a lock.
pub fn regex_matches(pattern: &str, text: &str) -> Result<bool, String> {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<String, Regex>> = std::cell::RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(re) = cache.get(pattern) {
            return Ok(re.is_match(text));
        }
        let anchored = format!("^(?:{pattern})$");
        let re = Regex::new(&anchored)
            .or_else(|e| {
                // Ruby, JavaScript and PCRE read a `{` that does not start a
                // repetition as a literal (the Pact Broker client's own pact
                // has `.*{pacticipant}.*`); the regex crate refuses it.
                Regex::new(&format!("^(?:{})$", literal_braces(pattern))).map_err(|_| e)
            })
            .map_err(|e| format!("invalid regex `{pattern}`: {e}"))?;
        let hit = re.is_match(text);
        if cache.len() > 4096 {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), re);
        Ok(hit)
    })
}

/// Escape every `{` that does not start a repetition (`{n}`, `{n,}`, `{n,m}`).
fn literal_braces(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                }
            }
            '{' => {
                let rest = &pattern[i + 1..];
                let body = rest.split('}').next().unwrap_or("");
                let is_repetition = rest.contains('}')
                    && !body.is_empty()
                    && body.starts_with(|c: char| c.is_ascii_digit())
                    && body.chars().all(|c| c.is_ascii_digit() || c == ',')
                    && body.matches(',').count() <= 1;
                out.push_str(if is_repetition { "{" } else { "\\{" });
            }
            '}' => {
                // A `}` closing an escaped `{` is literal too.
                let opened = out.rfind("\\{").is_some_and(|at| !out[at..].contains('}'));
                out.push_str(if opened { "\\}" } else { "}" });
            }
            _ => out.push(c),
        }
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The text a matcher sees for a JSON value (strings unquoted).
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn len_of(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        Value::String(s) => Some(s.chars().count()),
        _ => None,
    }
}

/// Apply one rule to a JSON value; `Err` carries the one-line explanation.
pub fn match_json(rule: &MatchingRule, expected: &Value, actual: &Value) -> Result<(), String> {
    match rule {
        MatchingRule::Equality => {
            if expected == actual {
                Ok(())
            } else {
                Err(format!(
                    "expected {} to equal {}",
                    short(actual),
                    short(expected)
                ))
            }
        }
        MatchingRule::Regex(r) => {
            if matches!(actual, Value::Object(_) | Value::Array(_)) {
                return Err(format!(
                    "expected a value matching /{r}/ but got {}",
                    type_name(actual)
                ));
            }
            let hit = match actual {
                Value::String(s) => regex_matches(r, s)?,
                other => regex_matches(r, &other.to_string())?,
            };
            if hit {
                Ok(())
            } else {
                Err(format!("expected {} to match /{r}/", short(actual)))
            }
        }
        MatchingRule::Type => same_type(expected, actual),
        MatchingRule::MinType(min) => {
            same_type(expected, actual)?;
            match actual {
                Value::Array(a) if a.len() < *min => Err(format!(
                    "expected an array with at least {min} element(s) but got {}",
                    a.len()
                )),
                _ => Ok(()),
            }
        }
        MatchingRule::MaxType(max) => {
            same_type(expected, actual)?;
            match actual {
                Value::Array(a) if a.len() > *max => Err(format!(
                    "expected an array with at most {max} element(s) but got {}",
                    a.len()
                )),
                _ => Ok(()),
            }
        }
        MatchingRule::MinMaxType(min, max) => {
            match_json(&MatchingRule::MinType(*min), expected, actual)?;
            match_json(&MatchingRule::MaxType(*max), expected, actual)
        }
        MatchingRule::Timestamp(f) | MatchingRule::Date(f) | MatchingRule::Time(f) => {
            match actual {
                Value::String(s) => check_java_format(f, s),
                other => Err(format!(
                    "expected a date/time string in format `{f}` but got {}",
                    short(other)
                )),
            }
        }
        MatchingRule::Include(v) => {
            if value_text(actual).contains(v.as_str()) {
                Ok(())
            } else {
                Err(format!("expected {} to include {v:?}", short(actual)))
            }
        }
        MatchingRule::Number => match actual {
            Value::Number(_) => Ok(()),
            other => Err(format!("expected a number but got {}", short(other))),
        },
        MatchingRule::Integer => match actual {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(()),
            other => Err(format!("expected an integer but got {}", short(other))),
        },
        MatchingRule::Decimal => match actual {
            Value::Number(n) if n.is_f64() => Ok(()),
            other => Err(format!(
                "expected a decimal number but got {}",
                short(other)
            )),
        },
        MatchingRule::Null => match actual {
            Value::Null => Ok(()),
            other => Err(format!("expected null but got {}", short(other))),
        },
        MatchingRule::Boolean => match actual {
            Value::Bool(_) => Ok(()),
            Value::String(s) if s == "true" || s == "false" => Ok(()),
            other => Err(format!("expected a boolean but got {}", short(other))),
        },
        MatchingRule::ContentType(_) => Ok(()),
        MatchingRule::Semver => match actual {
            Value::String(s) if is_semver(s) => Ok(()),
            other => Err(format!(
                "expected a semantic version but got {}",
                short(other)
            )),
        },
        MatchingRule::NotEmpty => match (actual, len_of(actual)) {
            (Value::Null, _) => Err("expected a non-empty value but got null".into()),
            (_, Some(0)) => Err(format!(
                "expected a non-empty value but got {}",
                short(actual)
            )),
            _ => same_type(expected, actual),
        },
        MatchingRule::StatusCode(s) => match actual.as_u64() {
            Some(code) if s.matches(code as u16) => Ok(()),
            _ => Err(format!(
                "status {} is not in the expected class {s:?}",
                short(actual)
            )),
        },
        // Structural matchers are applied by the body comparison itself.
        MatchingRule::Values
        | MatchingRule::ArrayContains(_)
        | MatchingRule::EachKey(_)
        | MatchingRule::EachValue(_) => Ok(()),
    }
}

fn same_type(expected: &Value, actual: &Value) -> Result<(), String> {
    if type_name(expected) == type_name(actual) {
        Ok(())
    } else {
        Err(format!(
            "expected a {} (like {}) but got a {} ({})",
            type_name(expected),
            short(expected),
            type_name(actual),
            short(actual)
        ))
    }
}

/// Apply one rule to a string value (headers, query values, paths, XML text).
pub fn match_str(rule: &MatchingRule, expected: &str, actual: &str) -> Result<(), String> {
    match rule {
        MatchingRule::Equality => {
            if expected == actual {
                Ok(())
            } else {
                Err(format!("expected {actual:?} to equal {expected:?}"))
            }
        }
        MatchingRule::Type
        | MatchingRule::MinType(_)
        | MatchingRule::MaxType(_)
        | MatchingRule::MinMaxType(..) => Ok(()),
        MatchingRule::Number => actual
            .parse::<f64>()
            .map(|_| ())
            .map_err(|_| format!("expected a number but got {actual:?}")),
        MatchingRule::Integer => actual
            .parse::<i64>()
            .map(|_| ())
            .map_err(|_| format!("expected an integer but got {actual:?}")),
        MatchingRule::Decimal => {
            if actual.contains('.') && actual.parse::<f64>().is_ok() {
                Ok(())
            } else {
                Err(format!("expected a decimal number but got {actual:?}"))
            }
        }
        MatchingRule::Null => Err(format!("expected null but got {actual:?}")),
        MatchingRule::StatusCode(s) => match actual.parse::<u16>() {
            Ok(code) if s.matches(code) => Ok(()),
            _ => Err(format!(
                "status {actual} is not in the expected class {s:?}"
            )),
        },
        other => match_json(
            other,
            &Value::String(expected.to_owned()),
            &Value::String(actual.to_owned()),
        ),
    }
}

/// Apply a rule list (AND/OR) through `apply`.
pub fn apply_list<F>(list: &RuleList, mut apply: F) -> Result<(), String>
where
    F: FnMut(&MatchingRule) -> Result<(), String>,
{
    let mut errors = Vec::new();
    for rule in &list.rules {
        match apply(rule) {
            Ok(()) if list.logic == RuleLogic::Or => return Ok(()),
            Ok(()) => {}
            Err(e) if list.logic == RuleLogic::And => return Err(e),
            Err(e) => errors.push(e),
        }
    }
    if list.logic == RuleLogic::Or && !list.rules.is_empty() {
        Err(errors.join(" and "))
    } else {
        Ok(())
    }
}

fn is_semver(s: &str) -> bool {
    regex_matches(
        r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?",
        s,
    )
    .unwrap_or(false)
}

/// Convert a Java `SimpleDateFormat`/`DateTimeFormatter` pattern to a chrono format.
pub fn java_to_chrono(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a single quote.
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '%' {
                    out.push_str("%%");
                } else {
                    out.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            if c == '%' {
                out.push_str("%%");
            } else {
                out.push(c);
            }
            i += 1;
            continue;
        }
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == c {
            n += 1;
        }
        let spec = match (c, n) {
            ('y' | 'u', 2) => "%y",
            ('y' | 'u', _) => "%Y",
            ('M', 1 | 2) => "%m",
            ('M', 3) => "%b",
            ('M', _) => "%B",
            ('d', _) => "%d",
            ('D', _) => "%j",
            ('H', _) => "%H",
            ('k', _) => "%H",
            ('h' | 'K', _) => "%I",
            ('m', _) => "%M",
            ('s', _) => "%S",
            ('S', 3) => "%3f",
            ('S', 6) => "%6f",
            ('S', 9) => "%9f",
            ('S', _) => "%f",
            ('a', _) => "%p",
            ('E', 1..=3) => "%a",
            ('E', _) => "%A",
            ('Z', 1..=3) => "%z",
            ('Z', _) => "%:z",
            ('X' | 'x', 1) => "%#z",
            ('X' | 'x', 2) => "%z",
            ('X' | 'x', _) => "%:z",
            ('z', _) => "%Z",
            ('G', _) => "AD",
            _ => {
                return Err(format!(
                    "unsupported date/time pattern letter `{c}` in `{pattern}`"
                ))
            }
        };
        out.push_str(spec);
        i += n;
    }
    Ok(out)
}

/// Does `value` match the Java-style format `pattern`?
pub fn check_java_format(pattern: &str, value: &str) -> Result<(), String> {
    let fmt = java_to_chrono(pattern)?;
    let mut parsed = chrono::format::Parsed::new();
    // `X` in Java accepts a literal `Z` for UTC.
    let value_z = if pattern.contains('X') && value.ends_with('Z') {
        format!("{}+00:00", &value[..value.len() - 1])
    } else {
        value.to_owned()
    };
    let fmt_z = if pattern.contains('X') && value.ends_with('Z') {
        fmt.replace("%#z", "%:z")
            .replace("%z", "%:z")
            .replace("%::z", "%:z")
    } else {
        fmt.clone()
    };
    chrono::format::parse(
        &mut parsed,
        &value_z,
        chrono::format::StrftimeItems::new(&fmt_z),
    )
    .map_err(|e| format!("{value:?} does not match the date/time format `{pattern}` ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn braces_that_are_not_repetitions_are_literal() {
        let pattern = r"http:\/\/.*{pacticipant}.*{branch}";
        assert_eq!(
            regex_matches(pattern, "http://b/HAL-{pacticipant}-{branch}"),
            Ok(true)
        );
        assert_eq!(regex_matches(pattern, "http://b/Foo-main"), Ok(false));
        assert_eq!(regex_matches("a{2}", "aa"), Ok(true));
        assert_eq!(regex_matches("a{2,}b{1,3}", "aaab"), Ok(true));
        assert_eq!(regex_matches(r"\{x}", "{x}"), Ok(true));
        assert!(regex_matches("(unclosed", "x").is_err());
    }

    #[test]
    fn java_formats() {
        assert!(check_java_format("yyyy-MM-dd'T'HH:mm:ssZ", "2024-01-02T03:04:05+0000").is_ok());
        assert!(check_java_format("yyyy-MM-dd", "2024-01-02").is_ok());
        assert!(check_java_format("yyyy-MM-dd", "02/01/2024").is_err());
        assert!(check_java_format("HH:mm:ss", "23:59:01").is_ok());
        assert!(
            check_java_format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-02T03:04:05.123Z").is_ok()
        );
        assert!(check_java_format(
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "2024-01-02T03:04:05.123+01:00"
        )
        .is_ok());
    }

    #[test]
    fn rules_on_values() {
        assert!(match_json(&MatchingRule::Integer, &json!(1), &json!(2)).is_ok());
        assert!(match_json(&MatchingRule::Integer, &json!(1), &json!(2.5)).is_err());
        assert!(match_json(&MatchingRule::Decimal, &json!(1.5), &json!(2.5)).is_ok());
        assert!(match_json(
            &MatchingRule::Regex("\\d+".into()),
            &json!("1"),
            &json!("12a")
        )
        .is_err());
        assert!(match_json(
            &MatchingRule::Include("ell".into()),
            &json!(""),
            &json!("hello")
        )
        .is_ok());
        assert!(match_json(&MatchingRule::Semver, &json!(""), &json!("1.2.3-rc.1")).is_ok());
        assert!(match_json(&MatchingRule::Semver, &json!(""), &json!("1.2")).is_err());
        assert!(match_json(&MatchingRule::NotEmpty, &json!("x"), &json!("")).is_err());
        assert!(match_json(&MatchingRule::Type, &json!("x"), &json!(1)).is_err());
        let or = RuleList {
            rules: vec![MatchingRule::Null, MatchingRule::Integer],
            logic: RuleLogic::Or,
        };
        assert!(apply_list(&or, |r| match_json(r, &json!(1), &json!(null))).is_ok());
        assert!(apply_list(&or, |r| match_json(r, &json!(1), &json!("x"))).is_err());
    }
}
