//! Pact generators (specification v3 and v4): values that replace the
//! examples of a request, response or message when it is replayed.
//!
//! - `verify` applies them in [`GeneratorMode::Provider`]: to the request it
//!   sends, with `ProviderState` generators filled from the provider-state
//!   params and the state-change answers; and the `ProviderState` generators
//!   of the expected response, so a value the provider chose in its state
//!   set-up is the value expected back.
//! - `stub` applies them in [`GeneratorMode::Consumer`] to the responses it
//!   serves, `MockServerURL` included (with the stub's own base URL).
//!
//! As in pact-reference, `ProviderState` applies only in provider mode and
//! `MockServerURL` only in consumer mode. A generator that cannot produce a
//! value (a missing provider-state key, an unknown type) leaves the example in
//! place and says why in the returned notes.
//!
//! Pure: the clock and the random source are the caller's
//! ([`GeneratorContext::now`], `rng`).

use chrono::{DateTime, Datelike as _, Duration, FixedOffset, NaiveTime, Timelike as _};
use rand::{Rng as _, RngCore};
use serde_json::{Map, Number, Value};

use super::matchers::java_to_chrono;
use super::model::{
    header, is_json_content_type, Body, BodyValue, Headers, HttpRequest, HttpResponse, Message,
    Query,
};
use super::rules::{PathExpr, PathToken};

/// One generator.
#[derive(Debug, Clone, PartialEq)]
pub enum Generator {
    RandomInt {
        min: i64,
        max: i64,
    },
    RandomDecimal {
        digits: usize,
    },
    RandomHexadecimal {
        digits: usize,
    },
    RandomString {
        size: usize,
    },
    Regex {
        regex: String,
    },
    Uuid {
        format: UuidFormat,
    },
    Date {
        format: Option<String>,
        expression: Option<String>,
    },
    Time {
        format: Option<String>,
        expression: Option<String>,
    },
    DateTime {
        format: Option<String>,
        expression: Option<String>,
    },
    RandomBoolean,
    /// A value from the provider-state context: `${id}`, `/users/${id}`, `id`.
    ProviderState {
        expression: String,
        data_type: Option<String>,
    },
    /// The example URL with its base replaced by the stub's URL; `regex`'s
    /// first group is the part kept.
    MockServerUrl {
        example: String,
        regex: String,
    },
}

/// The UUID forms of the v4 `Uuid` generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UuidFormat {
    Simple,
    #[default]
    LowerCaseHyphenated,
    UpperCaseHyphenated,
    Urn,
}

/// Which side is replaying the pact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratorMode {
    /// The stub, standing in for the provider.
    Consumer,
    /// `verify`, calling the real provider.
    Provider,
}

/// What generators may draw on.
#[derive(Debug, Clone)]
pub struct GeneratorContext<'a> {
    pub mode: GeneratorMode,
    /// "Now", for `Date`, `Time` and `DateTime`.
    pub now: DateTime<FixedOffset>,
    /// Provider-state params merged with the state-change answers.
    pub provider_state: &'a Map<String, Value>,
    /// The stub's base URL, for `MockServerURL`.
    pub mock_server_url: Option<&'a str>,
}

/// The generators of one request, response or message, by category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generators {
    pub path: Option<Generator>,
    pub method: Option<Generator>,
    pub status: Option<Generator>,
    pub headers: Vec<(String, Generator)>,
    pub query: Vec<(String, Generator)>,
    pub metadata: Vec<(String, Generator)>,
    /// Body path expression → generator.
    pub body: Vec<(String, Generator)>,
}

impl Generators {
    pub fn is_empty(&self) -> bool {
        self.path.is_none()
            && self.method.is_none()
            && self.status.is_none()
            && self.headers.is_empty()
            && self.query.is_empty()
            && self.metadata.is_empty()
            && self.body.is_empty()
    }

    /// Read the `generators` object of a pact; entries that are not valid
    /// generators are skipped with a note.
    pub fn from_json(value: Option<&Value>) -> (Self, Vec<String>) {
        let mut out = Generators::default();
        let mut notes = Vec::new();
        let Some(Value::Object(categories)) = value else {
            return (out, notes);
        };
        for (category, v) in categories {
            let single = |v: &Value, notes: &mut Vec<String>| match parse_generator(v) {
                Ok(g) => Some(g),
                Err(e) => {
                    notes.push(format!("generator for `{category}` ignored: {e}"));
                    None
                }
            };
            let keyed = |v: &Value, notes: &mut Vec<String>| -> Vec<(String, Generator)> {
                let Value::Object(m) = v else {
                    notes.push(format!("generators for `{category}` must be an object"));
                    return Vec::new();
                };
                m.iter()
                    .filter_map(|(k, g)| match parse_generator(g) {
                        Ok(g) => Some((k.clone(), g)),
                        Err(e) => {
                            notes.push(format!("generator for `{category}` `{k}` ignored: {e}"));
                            None
                        }
                    })
                    .collect()
            };
            match category.to_ascii_lowercase().as_str() {
                "path" => out.path = single(v, &mut notes),
                "method" => out.method = single(v, &mut notes),
                "status" => out.status = single(v, &mut notes),
                "header" | "headers" => out.headers = keyed(v, &mut notes),
                "query" => out.query = keyed(v, &mut notes),
                "metadata" => out.metadata = keyed(v, &mut notes),
                "body" | "content" => out.body.extend(keyed(v, &mut notes)),
                other => notes.push(format!("generators of unknown category `{other}` ignored")),
            }
        }
        // Shallow paths first, so a generator that replaces a whole object runs
        // before those that fill in its fields.
        out.body
            .sort_by_key(|(k, _)| PathExpr::parse(k).map_or(usize::MAX, |p| p.tokens.len()));
        (out, notes)
    }
}

fn parse_generator(v: &Value) -> Result<Generator, String> {
    let Value::Object(m) = v else {
        return Err(format!("expected an object, found {v}"));
    };
    let ty = m
        .get("type")
        .and_then(Value::as_str)
        .ok_or("a generator needs a `type`")?;
    let num = |key: &str, default: i64| -> i64 {
        match m.get(key) {
            Some(Value::Number(n)) => n.as_i64().unwrap_or(default),
            Some(Value::String(s)) => s.trim().parse().unwrap_or(default),
            _ => default,
        }
    };
    let size = |key: &str| usize::try_from(num(key, 10).clamp(0, 10_000)).unwrap_or(10);
    let text = |key: &str| m.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(match ty {
        "RandomInt" => Generator::RandomInt {
            min: num("min", 0),
            max: num("max", 10),
        },
        "RandomDecimal" => Generator::RandomDecimal {
            digits: size("digits"),
        },
        "RandomHexadecimal" => Generator::RandomHexadecimal {
            digits: size("digits"),
        },
        "RandomString" => Generator::RandomString { size: size("size") },
        "Regex" => Generator::Regex {
            regex: text("regex").ok_or("a Regex generator needs a `regex`")?,
        },
        "Uuid" => Generator::Uuid {
            format: match text("format").as_deref() {
                None | Some("lower-case-hyphenated") => UuidFormat::LowerCaseHyphenated,
                Some("simple") => UuidFormat::Simple,
                Some("upper-case-hyphenated") => UuidFormat::UpperCaseHyphenated,
                Some("URN" | "urn") => UuidFormat::Urn,
                Some(other) => return Err(format!("unknown UUID format `{other}`")),
            },
        },
        "Date" => Generator::Date {
            format: text("format"),
            expression: text("expression"),
        },
        "Time" => Generator::Time {
            format: text("format"),
            expression: text("expression"),
        },
        "DateTime" | "Timestamp" => Generator::DateTime {
            format: text("format"),
            expression: text("expression"),
        },
        "RandomBoolean" | "Boolean" => Generator::RandomBoolean,
        "ProviderState" => Generator::ProviderState {
            expression: text("expression")
                .ok_or("a ProviderState generator needs an `expression`")?,
            data_type: text("dataType"),
        },
        "MockServerURL" => Generator::MockServerUrl {
            example: text("example").unwrap_or_default(),
            regex: text("regex").unwrap_or_default(),
        },
        other => return Err(format!("unknown generator type `{other}`")),
    })
}

impl Generator {
    /// Does this generator apply in `mode`?
    pub fn applies_in(&self, mode: GeneratorMode) -> bool {
        match self {
            Generator::ProviderState { .. } => mode == GeneratorMode::Provider,
            Generator::MockServerUrl { .. } => mode == GeneratorMode::Consumer,
            _ => true,
        }
    }

    /// A new value for `example` (whose JSON type is kept where the generator allows).
    pub fn generate(
        &self,
        example: &Value,
        ctx: &GeneratorContext<'_>,
        rng: &mut dyn RngCore,
    ) -> Result<Value, String> {
        Ok(match self {
            Generator::RandomInt { min, max } => {
                let (lo, hi) = if min <= max {
                    (*min, *max)
                } else {
                    (*max, *min)
                };
                let n = rng.gen_range(lo..=hi);
                match example {
                    Value::String(_) => Value::String(n.to_string()),
                    _ => Value::from(n),
                }
            }
            Generator::RandomDecimal { digits } => {
                let text = random_decimal(*digits, rng);
                match example {
                    Value::Number(_) => text
                        .parse::<f64>()
                        .ok()
                        .and_then(Number::from_f64)
                        .map_or(Value::String(text), Value::Number),
                    _ => Value::String(text),
                }
            }
            Generator::RandomHexadecimal { digits } => {
                Value::String(random_from(b"0123456789ABCDEF", *digits, rng))
            }
            Generator::RandomString { size } => Value::String(random_from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                *size,
                rng,
            )),
            Generator::Regex { regex } => Value::String(random_matching(regex, rng)?),
            Generator::Uuid { format } => Value::String(random_uuid(*format, rng)),
            Generator::Date { format, expression } => Value::String(format_moment(
                ctx.now,
                expression.as_deref(),
                format.as_deref(),
                "%Y-%m-%d",
            )?),
            Generator::Time { format, expression } => Value::String(format_moment(
                ctx.now,
                expression.as_deref(),
                format.as_deref(),
                "%H:%M:%S",
            )?),
            Generator::DateTime { format, expression } => Value::String(format_moment(
                ctx.now,
                expression.as_deref(),
                format.as_deref(),
                "%Y-%m-%dT%H:%M:%S%.3f%z",
            )?),
            Generator::RandomBoolean => Value::Bool(rng.gen_bool(0.5)),
            Generator::ProviderState {
                expression,
                data_type,
            } => convert(
                from_provider_state(expression, ctx.provider_state)?,
                data_type.as_deref(),
            )?,
            Generator::MockServerUrl { example, regex } => {
                let base = ctx
                    .mock_server_url
                    .ok_or("MockServerURL needs the stub's URL")?;
                Value::String(mock_server_url(example, regex, base)?)
            }
        })
    }

    /// A new value as text (paths, headers, query parameters).
    pub fn generate_text(
        &self,
        example: &str,
        ctx: &GeneratorContext<'_>,
        rng: &mut dyn RngCore,
    ) -> Result<String, String> {
        Ok(
            match self.generate(&Value::String(example.to_owned()), ctx, rng)? {
                Value::String(s) => s,
                other => other.to_string(),
            },
        )
    }
}

fn random_from(alphabet: &[u8], n: usize, rng: &mut dyn RngCore) -> String {
    (0..n)
        .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
        .collect()
}

/// `digits` digits with a decimal point inside, never starting with `0`
/// unless it is `0.x`.
fn random_decimal(digits: usize, rng: &mut dyn RngCore) -> String {
    match digits {
        0 => String::new(),
        1 => random_from(b"0123456789", 1, rng),
        _ => {
            let mut d = random_from(b"123456789", 1, rng);
            d.push_str(&random_from(b"0123456789", digits - 1, rng));
            let point = rng.gen_range(1..digits);
            format!("{}.{}", &d[..point], &d[point..])
        }
    }
}

fn random_uuid(format: UuidFormat, rng: &mut dyn RngCore) -> String {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let hyphenated = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    match format {
        UuidFormat::Simple => hex,
        UuidFormat::LowerCaseHyphenated => hyphenated,
        UuidFormat::UpperCaseHyphenated => hyphenated.to_uppercase(),
        UuidFormat::Urn => format!("urn:uuid:{hyphenated}"),
    }
}

/// A random string matching `regex` (anchors ignored; unbounded repeats
/// stop after a few more).
fn random_matching(regex: &str, rng: &mut dyn RngCore) -> Result<String, String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn walk(h: &Hir, rng: &mut dyn RngCore, out: &mut String) -> Result<(), String> {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(Class::Unicode(c)) => {
                let total: u64 = c
                    .ranges()
                    .iter()
                    .map(|r| u64::from(r.end()) - u64::from(r.start()) + 1)
                    .sum();
                if total == 0 {
                    return Err("an empty character class matches nothing".into());
                }
                let mut pick = rng.gen_range(0..total);
                for r in c.ranges() {
                    let n = u64::from(r.end()) - u64::from(r.start()) + 1;
                    if pick < n {
                        let code = u32::from(r.start()) + u32::try_from(pick).unwrap_or(0);
                        out.push(char::from_u32(code).unwrap_or('?'));
                        break;
                    }
                    pick -= n;
                }
            }
            HirKind::Class(Class::Bytes(c)) => {
                let ranges: Vec<_> = c.ranges().iter().filter(|r| r.start() < 0x80).collect();
                let total: u32 = ranges
                    .iter()
                    .map(|r| u32::from(r.end().min(0x7f)) - u32::from(r.start()) + 1)
                    .sum();
                if total == 0 {
                    return Err("a byte class with no ASCII character".into());
                }
                let mut pick = rng.gen_range(0..total);
                for r in ranges {
                    let n = u32::from(r.end().min(0x7f)) - u32::from(r.start()) + 1;
                    if pick < n {
                        out.push(char::from(r.start() + u8::try_from(pick).unwrap_or(0)));
                        break;
                    }
                    pick -= n;
                }
            }
            HirKind::Repetition(rep) => {
                let max = rep
                    .max
                    .unwrap_or(rep.min.saturating_add(8))
                    .min(rep.min + 64);
                let n = rng.gen_range(rep.min..=max.max(rep.min));
                for _ in 0..n {
                    walk(&rep.sub, rng, out)?;
                }
            }
            HirKind::Capture(c) => walk(&c.sub, rng, out)?,
            HirKind::Concat(items) => {
                for i in items {
                    walk(i, rng, out)?;
                }
            }
            HirKind::Alternation(items) => {
                let i = rng.gen_range(0..items.len());
                walk(&items[i], rng, out)?;
            }
        }
        Ok(())
    }
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(regex)
        .map_err(|e| format!("`{regex}` is not a valid regular expression: {e}"))?;
    let mut out = String::new();
    walk(&hir, rng, &mut out)?;
    Ok(out)
}

/// `now` moved by a date/time expression, then formatted with a Java-style
/// pattern (or `default`, a chrono pattern).
fn format_moment(
    now: DateTime<FixedOffset>,
    expression: Option<&str>,
    java_format: Option<&str>,
    default: &str,
) -> Result<String, String> {
    let at = match expression {
        Some(e) if !e.trim().is_empty() => evaluate_expression(now, e)?,
        _ => now,
    };
    let pattern = match java_format {
        Some(f) => java_to_chrono(f)?,
        None => default.to_owned(),
    };
    use std::fmt::Write as _;
    let mut s = String::new();
    write!(s, "{}", at.format(&pattern)).map_err(|_| {
        format!(
            "`{}` is not a usable date format",
            java_format.unwrap_or(default)
        )
    })?;
    Ok(s)
}

/// The date/time expressions of pact's generators: a base (`now`, `today`,
/// `tomorrow`, `yesterday`), offsets (`+ 1 day`, `- 2 hours`, units from
/// second to year), and a time of day after `@` (`@ midnight`, `@ noon`,
/// `@ 14:30`, `@ 2 pm`).
pub fn evaluate_expression(
    now: DateTime<FixedOffset>,
    expression: &str,
) -> Result<DateTime<FixedOffset>, String> {
    let bad = |why: &str| format!("date expression `{expression}`: {why}");
    let (date_part, time_part) = match expression.split_once('@') {
        Some((d, t)) => (d, Some(t.trim().to_ascii_lowercase())),
        None => (expression, None),
    };
    let lowered = date_part.to_ascii_lowercase();
    let mut words = lowered.split_whitespace().peekable();
    let mut at = now;
    match words.peek().copied() {
        Some("now" | "today") => {
            words.next();
        }
        Some("tomorrow") => {
            words.next();
            at += Duration::days(1);
        }
        Some("yesterday") => {
            words.next();
            at -= Duration::days(1);
        }
        _ => {}
    }
    while let Some(sign) = words.next() {
        let (sign, amount) = match sign {
            "+" | "-" => (
                sign,
                words
                    .next()
                    .ok_or_else(|| bad("a number must follow the sign"))?,
            ),
            s if s.starts_with('+') || s.starts_with('-') => (&s[..1], &s[1..]),
            other => return Err(bad(&format!("unexpected `{other}`"))),
        };
        let n: i64 = amount
            .parse()
            .map_err(|_| bad(&format!("`{amount}` is not a number")))?;
        let n = if sign == "-" { -n } else { n };
        let unit = words
            .next()
            .ok_or_else(|| bad("a unit must follow the number"))?;
        at = match unit.trim_end_matches('s') {
            "second" => at + Duration::seconds(n),
            "minute" => at + Duration::minutes(n),
            "hour" => at + Duration::hours(n),
            "day" => at + Duration::days(n),
            "week" => at + Duration::weeks(n),
            "fortnight" => at + Duration::weeks(2 * n),
            "month" => add_months(at, n).ok_or_else(|| bad("out of range"))?,
            "year" => add_months(at, 12 * n).ok_or_else(|| bad("out of range"))?,
            other => return Err(bad(&format!("unknown unit `{other}`"))),
        };
    }
    if let Some(t) = time_part {
        let time = match t.as_str() {
            "midnight" => NaiveTime::MIN,
            "noon" => NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
            other => parse_clock(other).ok_or_else(|| bad(&format!("`{other}` is not a time")))?,
        };
        at = at
            .with_hour(time.hour())
            .and_then(|d| d.with_minute(time.minute()))
            .and_then(|d| d.with_second(time.second()))
            .and_then(|d| d.with_nanosecond(0))
            .ok_or_else(|| bad("the time does not exist on that day"))?;
    }
    Ok(at)
}

fn parse_clock(t: &str) -> Option<NaiveTime> {
    let compact: String = t.split_whitespace().collect();
    let (clock, pm) = if let Some(c) = compact.strip_suffix("pm") {
        (c, Some(true))
    } else if let Some(c) = compact.strip_suffix("am") {
        (c, Some(false))
    } else {
        (compact.as_str(), None)
    };
    let mut parts = clock.split(':');
    let mut h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let s: u32 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    if let Some(pm) = pm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(h, m, s)
}

fn add_months(at: DateTime<FixedOffset>, n: i64) -> Option<DateTime<FixedOffset>> {
    let months = i64::from(at.year()) * 12 + i64::from(at.month0()) + n;
    let year = i32::try_from(months.div_euclid(12)).ok()?;
    let month0 = u32::try_from(months.rem_euclid(12)).ok()?;
    // Clamp the day to the target month's length (31 Jan + 1 month = 28/29 Feb).
    let mut day = at.day();
    loop {
        if let Some(d) = at
            .with_day(1)
            .and_then(|d| d.with_year(year))
            .and_then(|d| d.with_month0(month0))
            .and_then(|d| d.with_day(day))
        {
            return Some(d);
        }
        day = day.checked_sub(1).filter(|d| *d >= 28)?;
    }
}

/// Look an expression up in the provider-state context: `${id}` keeps the
/// value's JSON type; `/users/${id}` interpolates text; a bare `id` is a key.
fn from_provider_state(expression: &str, state: &Map<String, Value>) -> Result<Value, String> {
    let lookup = |key: &str| {
        state.get(key).cloned().ok_or_else(|| {
            let known: Vec<&str> = state.keys().map(String::as_str).collect();
            format!(
                "provider state has no value `{key}` (it has: {})",
                if known.is_empty() {
                    "nothing".to_owned()
                } else {
                    known.join(", ")
                }
            )
        })
    };
    if !expression.contains("${") {
        return lookup(expression.trim());
    }
    if let Some(key) = expression
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .filter(|k| !k.contains('}'))
    {
        return lookup(key.trim());
    }
    let mut out = String::new();
    let mut rest = expression;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("unclosed `${{` in `{expression}`"))?;
        match lookup(after[..end].trim())? {
            Value::String(s) => out.push_str(&s),
            other => out.push_str(&other.to_string()),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

/// Apply a ProviderState generator's `dataType`.
fn convert(v: Value, data_type: Option<&str>) -> Result<Value, String> {
    let text = || match &v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(match data_type.map(str::to_ascii_uppercase).as_deref() {
        None | Some("RAW") => v,
        Some("STRING") => Value::String(text()),
        Some("INTEGER") => Value::from(
            text()
                .trim()
                .parse::<i64>()
                .map_err(|_| format!("`{}` is not an integer", text()))?,
        ),
        Some("DECIMAL" | "FLOAT") => text()
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{}` is not a number", text()))?,
        Some("BOOLEAN") => match text().trim() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => return Err(format!("`{other}` is not a boolean")),
        },
        Some(other) => return Err(format!("unknown dataType `{other}`")),
    })
}

fn mock_server_url(example: &str, regex: &str, base: &str) -> Result<String, String> {
    let base = base.trim_end_matches('/');
    if regex.is_empty() {
        return Ok(base.to_owned());
    }
    let re = regex::Regex::new(regex).map_err(|e| format!("MockServerURL regex: {e}"))?;
    let caps = re
        .captures(example)
        .ok_or_else(|| format!("MockServerURL: `{regex}` does not match `{example}`"))?;
    let kept = caps.get(1).map_or("", |m| m.as_str());
    Ok(format!("{base}{kept}"))
}

/// Apply `gens` to a JSON document: each path expression replaces every
/// value it selects (`$` is the whole document).
fn apply_to_json(
    doc: &mut Value,
    gens: &[(String, Generator)],
    ctx: &GeneratorContext<'_>,
    rng: &mut dyn RngCore,
    notes: &mut Vec<String>,
) {
    for (expr, g) in gens.iter().filter(|(_, g)| g.applies_in(ctx.mode)) {
        let path = match PathExpr::parse(expr) {
            Ok(p) => p,
            Err(e) => {
                notes.push(format!("body generator `{expr}` ignored: {e}"));
                continue;
            }
        };
        let mut targets = Vec::new();
        select(doc, &path.tokens[1..], &mut String::new(), &mut targets);
        for pointer in targets {
            if let Some(slot) = doc.pointer_mut(&pointer) {
                match g.generate(slot, ctx, rng) {
                    Ok(v) => *slot = v,
                    Err(e) => notes.push(format!("body generator `{expr}`: {e}")),
                }
            }
        }
    }
}

/// JSON pointers of the values `tokens` select under `v`.
fn select(v: &Value, tokens: &[PathToken], at: &mut String, out: &mut Vec<String>) {
    let Some((first, rest)) = tokens.split_first() else {
        out.push(at.clone());
        return;
    };
    let mut descend = |key: &str, child: &Value, out: &mut Vec<String>| {
        let len = at.len();
        at.push('/');
        at.push_str(&key.replace('~', "~0").replace('/', "~1"));
        select(child, rest, at, out);
        at.truncate(len);
    };
    match (first, v) {
        (PathToken::Field(name), Value::Object(m)) => {
            if let Some(child) = m.get(name) {
                descend(name, child, out);
            }
        }
        (PathToken::Index(i), Value::Array(a)) => {
            if let Some(child) = a.get(*i) {
                descend(&i.to_string(), child, out);
            }
        }
        (PathToken::Star, Value::Object(m)) => {
            for (k, child) in m {
                descend(k, child, out);
            }
        }
        (PathToken::Star | PathToken::StarIndex, Value::Array(a)) => {
            for (i, child) in a.iter().enumerate() {
                descend(&i.to_string(), child, out);
            }
        }
        (PathToken::Root, _) => select(v, rest, at, out),
        _ => {}
    }
}

fn apply_to_body(
    body: &mut Body,
    content_type: Option<&str>,
    gens: &[(String, Generator)],
    ctx: &GeneratorContext<'_>,
    rng: &mut dyn RngCore,
    notes: &mut Vec<String>,
) {
    if gens.iter().all(|(_, g)| !g.applies_in(ctx.mode)) {
        return;
    }
    let Body::Present { value, .. } = body else {
        return;
    };
    let parsed = match value {
        BodyValue::Json(v) => Some(std::mem::take(v)),
        BodyValue::Text(t) if content_type.is_some_and(is_json_content_type) => {
            serde_json::from_str(t).ok()
        }
        _ => None,
    };
    match parsed {
        Some(mut doc) => {
            apply_to_json(&mut doc, gens, ctx, rng, notes);
            *value = BodyValue::Json(doc);
        }
        None => notes.push(format!(
            "body generators are applied to JSON bodies only; this body ({}) is sent as written",
            content_type.unwrap_or("no content type")
        )),
    }
}

fn apply_to_headers(
    headers: &mut Option<Headers>,
    gens: &[(String, Generator)],
    ctx: &GeneratorContext<'_>,
    rng: &mut dyn RngCore,
    notes: &mut Vec<String>,
) {
    for (name, g) in gens.iter().filter(|(_, g)| g.applies_in(ctx.mode)) {
        let h = headers.get_or_insert_with(Headers::new);
        let key = h
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
            .unwrap_or_else(|| name.clone());
        let values = h.entry(key).or_insert_with(|| vec![String::new()]);
        if values.is_empty() {
            values.push(String::new());
        }
        for v in values.iter_mut() {
            match g.generate_text(v, ctx, rng) {
                Ok(new) => *v = new,
                Err(e) => notes.push(format!("header generator `{name}`: {e}")),
            }
        }
    }
}

/// The generators in `generators` (a pact's raw `generators` JSON), parsed.
fn parsed(generators: Option<&Value>, notes: &mut Vec<String>) -> Generators {
    let (g, n) = Generators::from_json(generators);
    notes.extend(n);
    g
}

/// A copy of `request` with its generators applied; notes say what could not be.
pub fn generate_request(
    request: &HttpRequest,
    ctx: &GeneratorContext<'_>,
    rng: &mut dyn RngCore,
) -> (HttpRequest, Vec<String>) {
    let mut notes = Vec::new();
    let gens = parsed(request.generators.as_ref(), &mut notes);
    let mut out = request.clone();
    if gens.is_empty() {
        return (out, notes);
    }
    if let Some(g) = gens.path.as_ref().filter(|g| g.applies_in(ctx.mode)) {
        match g.generate_text(&request.path, ctx, rng) {
            Ok(p) => out.path = p,
            Err(e) => notes.push(format!("path generator: {e}")),
        }
    }
    if let Some(g) = gens.method.as_ref().filter(|g| g.applies_in(ctx.mode)) {
        match g.generate_text(&request.method, ctx, rng) {
            Ok(m) => out.method = m,
            Err(e) => notes.push(format!("method generator: {e}")),
        }
    }
    let query_gens: Vec<_> = gens
        .query
        .iter()
        .filter(|(_, g)| g.applies_in(ctx.mode))
        .collect();
    if !query_gens.is_empty() {
        let mut map = request
            .query
            .as_ref()
            .map(Query::to_map)
            .unwrap_or_default();
        for (name, g) in query_gens {
            let values = map
                .entry(name.clone())
                .or_insert_with(|| vec![String::new()]);
            for v in values.iter_mut() {
                match g.generate_text(v, ctx, rng) {
                    Ok(new) => *v = new,
                    Err(e) => notes.push(format!("query generator `{name}`: {e}")),
                }
            }
        }
        out.query = Some(Query::Map(map));
    }
    apply_to_headers(&mut out.headers, &gens.headers, ctx, rng, &mut notes);
    let ct = header(out.headers.as_ref(), "content-type")
        .and_then(|v| v.first().cloned())
        .or_else(|| out.body.content_type().map(str::to_owned));
    apply_to_body(
        &mut out.body,
        ct.as_deref(),
        &gens.body,
        ctx,
        rng,
        &mut notes,
    );
    (out, notes)
}

/// A copy of `response` with its generators applied; notes say what could not be.
pub fn generate_response(
    response: &HttpResponse,
    ctx: &GeneratorContext<'_>,
    rng: &mut dyn RngCore,
) -> (HttpResponse, Vec<String>) {
    let mut notes = Vec::new();
    let gens = parsed(response.generators.as_ref(), &mut notes);
    let mut out = response.clone();
    if gens.is_empty() {
        return (out, notes);
    }
    if let Some(g) = gens.status.as_ref().filter(|g| g.applies_in(ctx.mode)) {
        match g.generate(&Value::from(response.status), ctx, rng) {
            Ok(v) => match v.as_u64().and_then(|n| u16::try_from(n).ok()) {
                Some(s) if (100..=999).contains(&s) => out.status = s,
                _ => notes.push(format!("status generator: {v} is not an HTTP status")),
            },
            Err(e) => notes.push(format!("status generator: {e}")),
        }
    }
    apply_to_headers(&mut out.headers, &gens.headers, ctx, rng, &mut notes);
    let ct = header(out.headers.as_ref(), "content-type")
        .and_then(|v| v.first().cloned())
        .or_else(|| out.body.content_type().map(str::to_owned));
    apply_to_body(
        &mut out.body,
        ct.as_deref(),
        &gens.body,
        ctx,
        rng,
        &mut notes,
    );
    (out, notes)
}

/// A copy of `message` with its generators applied (metadata and contents).
pub fn generate_message(
    message: &Message,
    ctx: &GeneratorContext<'_>,
    rng: &mut dyn RngCore,
) -> (Message, Vec<String>) {
    let mut notes = Vec::new();
    let gens = parsed(message.generators.as_ref(), &mut notes);
    let mut out = message.clone();
    if gens.is_empty() {
        return (out, notes);
    }
    for (key, g) in gens.metadata.iter().filter(|(_, g)| g.applies_in(ctx.mode)) {
        let example = out.metadata.get(key).cloned().unwrap_or(Value::Null);
        match g.generate(&example, ctx, rng) {
            Ok(v) => {
                out.metadata.insert(key.clone(), v);
            }
            Err(e) => notes.push(format!("metadata generator `{key}`: {e}")),
        }
    }
    let ct = out
        .metadata
        .iter()
        .find(|(k, _)| {
            k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
        })
        .and_then(|(_, v)| v.as_str().map(str::to_owned))
        .or_else(|| out.contents.content_type().map(str::to_owned))
        .or_else(|| Some("application/json".into()));
    apply_to_body(
        &mut out.contents,
        ct.as_deref(),
        &gens.body,
        ctx,
        rng,
        &mut notes,
    );
    (out, notes)
}

/// Keep only the generators of `value` (a raw `generators` object) for which
/// `keep` holds: `verify` checks the expected response against the provider
/// state's values, but never against random examples.
pub fn retain_generators(
    value: &Option<Value>,
    keep: impl Fn(&Generator) -> bool,
) -> Option<Value> {
    let Some(Value::Object(categories)) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (category, v) in categories {
        let single = matches!(
            category.to_ascii_lowercase().as_str(),
            "path" | "method" | "status"
        );
        if single {
            if parse_generator(v).is_ok_and(|g| keep(&g)) {
                out.insert(category.clone(), v.clone());
            }
        } else if let Value::Object(m) = v {
            let kept: Map<String, Value> = m
                .iter()
                .filter(|(_, g)| parse_generator(g).is_ok_and(|g| keep(&g)))
                .map(|(k, g)| (k.clone(), g.clone()))
                .collect();
            if !kept.is_empty() {
                out.insert(category.clone(), Value::Object(kept));
            }
        }
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;
    use rand::SeedableRng as _;
    use serde_json::json;

    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2024, 1, 31, 10, 20, 30)
            .unwrap()
    }

    fn check(g: Value, example: Value, mode: GeneratorMode, state: Value) -> Result<Value, String> {
        let state = state.as_object().cloned().unwrap_or_default();
        let ctx = GeneratorContext {
            mode,
            now: now(),
            provider_state: &state,
            mock_server_url: Some("http://127.0.0.1:4321"),
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        parse_generator(&g)?.generate(&example, &ctx, &mut rng)
    }

    fn gen(g: Value, example: Value) -> Value {
        check(g, example, GeneratorMode::Consumer, json!({})).unwrap()
    }

    #[test]
    fn random_values_have_the_asked_shape() {
        let n = gen(json!({"type": "RandomInt", "min": 5, "max": 7}), json!(1));
        assert!((5..=7).contains(&n.as_i64().unwrap()), "{n}");
        assert!(gen(json!({"type": "RandomInt"}), json!("1")).is_string());
        let d = gen(json!({"type": "RandomDecimal", "digits": 6}), json!("1.5"));
        let d = d.as_str().unwrap();
        assert_eq!(d.chars().filter(char::is_ascii_digit).count(), 6, "{d}");
        assert!(
            d.contains('.') && !d.starts_with('.') && !d.ends_with('.'),
            "{d}"
        );
        assert!(gen(json!({"type": "RandomDecimal", "digits": 4}), json!(1.5)).is_number());
        let h = gen(json!({"type": "RandomHexadecimal", "digits": 9}), json!(""));
        assert!(regex::Regex::new("^[0-9A-F]{9}$")
            .unwrap()
            .is_match(h.as_str().unwrap()));
        let s = gen(json!({"type": "RandomString", "size": 12}), json!(""));
        assert!(regex::Regex::new("^[A-Za-z0-9]{12}$")
            .unwrap()
            .is_match(s.as_str().unwrap()));
        assert!(gen(json!({"type": "RandomBoolean"}), json!(true)).is_boolean());
        for (format, re) in [
            (
                None,
                "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            ),
            (Some("simple"), "^[0-9a-f]{32}$"),
            (
                Some("upper-case-hyphenated"),
                "^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$",
            ),
            (Some("URN"), "^urn:uuid:[0-9a-f]{8}-"),
        ] {
            let mut g = json!({"type": "Uuid"});
            if let Some(f) = format {
                g["format"] = json!(f);
            }
            let u = gen(g, json!(""));
            assert!(
                regex::Regex::new(re).unwrap().is_match(u.as_str().unwrap()),
                "{u}"
            );
        }
    }

    #[test]
    fn regex_generator_matches_its_regex() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for re in [
            r"\d{1,8}",
            r"^[A-Z]{3}-\d{4}$",
            r"(red|green|blue)",
            r"[a-f0-9]+\.json",
            r"x?y*z+",
        ] {
            let matcher = regex::Regex::new(&format!("^(?:{re})$")).unwrap();
            for _ in 0..50 {
                let s = random_matching(re, &mut rng).unwrap();
                assert!(matcher.is_match(&s), "{re}: {s:?}");
            }
        }
        assert!(random_matching("(", &mut rng).is_err());
    }

    #[test]
    fn dates_and_times_follow_format_and_expression() {
        assert_eq!(gen(json!({"type": "Date"}), json!("")), json!("2024-01-31"));
        assert_eq!(
            gen(
                json!({"type": "Date", "format": "MM/dd/yyyy", "expression": "today + 1 month"}),
                json!("")
            ),
            json!("02/29/2024")
        );
        assert_eq!(
            gen(json!({"type": "Time", "format": "HH:mm"}), json!("")),
            json!("10:20")
        );
        assert_eq!(
            gen(
                json!({"type": "Time", "expression": "now - 2 hours"}),
                json!("")
            ),
            json!("08:20:30")
        );
        assert_eq!(
            gen(
                json!({"type": "DateTime", "format": "yyyy-MM-dd'T'HH:mm:ss", "expression": "tomorrow @ 2 pm"}),
                json!("")
            ),
            json!("2024-02-01T14:00:00")
        );
        assert_eq!(
            gen(json!({"type": "DateTime"}), json!("")),
            json!("2024-01-31T10:20:30.000+0000")
        );
        assert_eq!(
            gen(
                json!({"type": "DateTime", "format": "yyyy-MM-dd HH:mm", "expression": "yesterday @ midnight"}),
                json!("")
            ),
            json!("2024-01-30 00:00")
        );
        assert!(check(
            json!({"type": "Date", "expression": "next blue moon"}),
            json!(""),
            GeneratorMode::Consumer,
            json!({})
        )
        .is_err());
    }

    #[test]
    fn provider_state_values_keep_their_type_or_interpolate() {
        let state = json!({"id": 1234, "name": "Bo"});
        let ps = |expr: &str, dt: Option<&str>| {
            let mut g = json!({"type": "ProviderState", "expression": expr});
            if let Some(dt) = dt {
                g["dataType"] = json!(dt);
            }
            check(g, json!(42), GeneratorMode::Provider, state.clone())
        };
        assert_eq!(ps("${id}", None), Ok(json!(1234)));
        assert_eq!(ps("id", None), Ok(json!(1234)));
        assert_eq!(
            ps("/users/${id}/${name}", None),
            Ok(json!("/users/1234/Bo"))
        );
        assert_eq!(ps("${id}", Some("STRING")), Ok(json!("1234")));
        assert_eq!(
            ps("${name}", Some("INTEGER")).unwrap_err(),
            "`Bo` is not an integer"
        );
        let missing = ps("${userId}", None).unwrap_err();
        assert!(
            missing.contains("no value `userId`") && missing.contains("id, name"),
            "{missing}"
        );
    }

    #[test]
    fn mock_server_url_keeps_the_matched_tail() {
        assert_eq!(
            gen(
                json!({"type": "MockServerURL", "example": "http://localhost:1234/orders/5678", "regex": ".*(/orders/\\d+)$"}),
                json!("")
            ),
            json!("http://127.0.0.1:4321/orders/5678")
        );
    }

    #[test]
    fn modes_decide_which_generators_apply() {
        let ps = parse_generator(&json!({"type": "ProviderState", "expression": "x"})).unwrap();
        let url = parse_generator(&json!({"type": "MockServerURL"})).unwrap();
        assert!(ps.applies_in(GeneratorMode::Provider) && !ps.applies_in(GeneratorMode::Consumer));
        assert!(
            url.applies_in(GeneratorMode::Consumer) && !url.applies_in(GeneratorMode::Provider)
        );
    }

    #[test]
    fn request_generators_reach_path_query_headers_and_body() {
        let req = HttpRequest::from_json(
            &json!({
                "method": "POST", "path": "/users/1",
                "query": {"q": ["a"]},
                "headers": {"Content-Type": "application/json", "X-Id": "1"},
                "body": {"id": 1, "items": [{"n": 1}, {"n": 2}], "when": "x"},
                "generators": {
                    "path": {"type": "ProviderState", "expression": "/users/${id}"},
                    "query": {"q": {"type": "ProviderState", "expression": "${name}"}},
                    "header": {"X-Id": {"type": "ProviderState", "expression": "${id}"}},
                    "body": {
                        "$.id": {"type": "ProviderState", "expression": "${id}"},
                        "$.items[*].n": {"type": "RandomInt", "min": 100, "max": 100},
                        "$.when": {"type": "Date", "format": "yyyy"},
                        "$.absent": {"type": "RandomInt"}
                    }
                }
            }),
            super::super::SpecVersion::V3,
            "$",
        )
        .unwrap();
        let state = json!({"id": 77, "name": "Bo"})
            .as_object()
            .cloned()
            .unwrap();
        let ctx = GeneratorContext {
            mode: GeneratorMode::Provider,
            now: now(),
            provider_state: &state,
            mock_server_url: None,
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let (out, notes) = generate_request(&req, &ctx, &mut rng);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(out.path, "/users/77");
        assert_eq!(out.query.unwrap().to_map()["q"], vec!["Bo".to_owned()]);
        assert_eq!(
            header(out.headers.as_ref(), "x-id").unwrap(),
            &vec!["77".to_owned()]
        );
        let Body::Present {
            value: BodyValue::Json(b),
            ..
        } = out.body
        else {
            panic!("{:?}", out.body)
        };
        assert_eq!(
            b,
            json!({"id": 77, "items": [{"n": 100}, {"n": 100}], "when": "2024"})
        );
    }

    #[test]
    fn unusable_generators_leave_the_example_and_say_why() {
        let resp = HttpResponse::from_json(
            &json!({"status": 200, "body": {"id": 1},
                    "generators": {"body": {"$.id": {"type": "ProviderState", "expression": "${nope}"}},
                                   "status": {"type": "Telepathy"}}}),
            super::super::SpecVersion::V3,
            "$",
        )
        .unwrap();
        let state = Map::new();
        let ctx = GeneratorContext {
            mode: GeneratorMode::Provider,
            now: now(),
            provider_state: &state,
            mock_server_url: None,
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let (out, notes) = generate_response(&resp, &ctx, &mut rng);
        assert_eq!(out.body, resp.body);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n.contains("unknown generator type `Telepathy`")),
            "{notes:?}"
        );
        assert!(
            notes.iter().any(|n| n.contains("no value `nope`")),
            "{notes:?}"
        );
    }
}
