//! The Pact file model for specification v1, v1.1, v2, v3 and v4: pacticipants,
//! HTTP and message interactions (v4 `Synchronous/HTTP`, `Asynchronous/Messages`,
//! `Synchronous/Messages`), provider states with params, bodies, matching rules,
//! generators, `pending` and `comments`. Reading and writing keep unknown fields.

use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::rules::MatchingRules;

/// A Pact specification version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpecVersion {
    V1,
    V1_1,
    V2,
    V3,
    V4,
}

impl SpecVersion {
    /// Parse `1.0.0`, `2.0`, `3`, `V4`, `v1.1`….
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().trim_start_matches(['v', 'V']);
        let mut parts = s.split('.');
        let major = parts.next()?.parse::<u32>().ok()?;
        let minor = parts
            .next()
            .and_then(|m| m.parse::<u32>().ok())
            .unwrap_or(0);
        Some(match (major, minor) {
            (1, 0) => Self::V1,
            (1, _) => Self::V1_1,
            (2, _) => Self::V2,
            (3, _) => Self::V3,
            (4, _) => Self::V4,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "1.0.0",
            Self::V1_1 => "1.1.0",
            Self::V2 => "2.0.0",
            Self::V3 => "3.0.0",
            Self::V4 => "4.0",
        }
    }

    /// Directory name used by the specification test cases (`v1.1`).
    pub fn dir_name(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V1_1 => "v1.1",
            Self::V2 => "v2",
            Self::V3 => "v3",
            Self::V4 => "v4",
        }
    }
}

/// A body's payload.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyValue {
    Json(Value),
    Text(String),
    Bytes(Vec<u8>),
}

/// A request, response or message body.
// `Present` is the common case; boxing it would cost an allocation per body for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Body {
    /// Not given: matches any actual body.
    #[default]
    Missing,
    /// Explicit JSON `null`.
    Null,
    Present {
        value: BodyValue,
        content_type: Option<String>,
        /// v4 `encoded` as written (false, "base64", "json"…), kept for round-trip.
        encoded: Option<Value>,
        /// Unknown fields of a v4 body object.
        extra: Map<String, Value>,
    },
}

impl Body {
    pub fn is_present(&self) -> bool {
        !matches!(self, Body::Missing)
    }

    /// The body as bytes to send on the wire.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Body::Missing => None,
            Body::Null => Some(b"null".to_vec()),
            Body::Present { value, .. } => Some(match value {
                BodyValue::Json(v) => v.to_string().into_bytes(),
                BodyValue::Text(t) => t.clone().into_bytes(),
                BodyValue::Bytes(b) => b.clone(),
            }),
        }
    }

    pub fn content_type(&self) -> Option<&str> {
        match self {
            Body::Present { content_type, .. } => content_type.as_deref(),
            _ => None,
        }
    }

    /// Parse a v1–v3 body (a bare JSON value).
    pub fn from_legacy(value: Option<&Value>, content_type: Option<&str>) -> Self {
        match value {
            None => Body::Missing,
            Some(Value::Null) => Body::Null,
            Some(Value::String(s)) => {
                let is_json = content_type.is_some_and(is_json_content_type);
                if is_json {
                    // A JSON string body, or a JSON document embedded as a string.
                    match serde_json::from_str::<Value>(s) {
                        Ok(v) if !matches!(v, Value::String(_)) => Body::Present {
                            value: BodyValue::Json(v),
                            content_type: content_type.map(str::to_owned),
                            encoded: None,
                            extra: Map::new(),
                        },
                        _ => Body::Present {
                            value: BodyValue::Json(Value::String(s.clone())),
                            content_type: content_type.map(str::to_owned),
                            encoded: None,
                            extra: Map::new(),
                        },
                    }
                } else {
                    Body::Present {
                        value: BodyValue::Text(s.clone()),
                        content_type: content_type.map(str::to_owned),
                        encoded: None,
                        extra: Map::new(),
                    }
                }
            }
            Some(v) => Body::Present {
                value: BodyValue::Json(v.clone()),
                content_type: content_type.map(str::to_owned),
                encoded: None,
                extra: Map::new(),
            },
        }
    }

    /// Parse a v4 body object `{content, contentType, encoded}`.
    pub fn from_v4(
        value: Option<&Value>,
        header_content_type: Option<&str>,
    ) -> Result<Self, String> {
        let obj = match value {
            None => return Ok(Body::Missing),
            Some(Value::Null) => return Ok(Body::Null),
            Some(Value::Object(o))
                if o.contains_key("content") || o.contains_key("contentType") || o.is_empty() =>
            {
                o
            }
            // Tolerate a v3-style body inside a v4 file.
            Some(other) => return Ok(Self::from_legacy(Some(other), header_content_type)),
        };
        let content_type = obj
            .get("contentType")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| header_content_type.map(str::to_owned));
        let encoded = obj.get("encoded").cloned();
        let mut extra = obj.clone();
        for k in ["content", "contentType", "encoded"] {
            extra.remove(k);
        }
        let Some(content) = obj.get("content") else {
            return Ok(Body::Missing);
        };
        let value = match (&encoded, content) {
            (Some(Value::String(enc)), Value::String(s)) if enc.eq_ignore_ascii_case("base64") => {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(s.trim())
                    .map_err(|e| format!("body content is not valid base64: {e}"))?;
                BodyValue::Bytes(bytes)
            }
            (Some(Value::String(enc)), Value::String(s)) if enc.eq_ignore_ascii_case("json") => {
                BodyValue::Json(
                    serde_json::from_str(s)
                        .map_err(|e| format!("body content is not valid JSON: {e}"))?,
                )
            }
            (_, Value::String(s)) => {
                if content_type.as_deref().is_some_and(is_json_content_type) {
                    match serde_json::from_str::<Value>(s) {
                        Ok(v) => BodyValue::Json(v),
                        Err(_) => BodyValue::Text(s.clone()),
                    }
                } else {
                    BodyValue::Text(s.clone())
                }
            }
            (_, Value::Null) => return Ok(Body::Null),
            (_, v) => BodyValue::Json(v.clone()),
        };
        Ok(Body::Present {
            value,
            content_type,
            encoded,
            extra,
        })
    }

    /// Write in v1–v3 form.
    pub fn to_legacy(&self) -> Option<Value> {
        match self {
            Body::Missing => None,
            Body::Null => Some(Value::Null),
            Body::Present { value, .. } => Some(match value {
                BodyValue::Json(v) => v.clone(),
                BodyValue::Text(t) => Value::String(t.clone()),
                BodyValue::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
            }),
        }
    }

    /// Write in v4 form.
    pub fn to_v4(&self) -> Option<Value> {
        match self {
            Body::Missing => None,
            Body::Null => Some(Value::Null),
            Body::Present {
                value,
                content_type,
                encoded,
                extra,
            } => {
                let mut obj = Map::new();
                let (content, enc) = match value {
                    BodyValue::Json(v) => match encoded {
                        Some(Value::String(e)) if e.eq_ignore_ascii_case("json") => {
                            (Value::String(v.to_string()), encoded.clone())
                        }
                        _ => (
                            v.clone(),
                            Some(encoded.clone().unwrap_or(Value::Bool(false))),
                        ),
                    },
                    BodyValue::Text(t) => (
                        Value::String(t.clone()),
                        Some(encoded.clone().unwrap_or(Value::Bool(false))),
                    ),
                    BodyValue::Bytes(b) => {
                        use base64::Engine as _;
                        (
                            Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
                            Some(json!("base64")),
                        )
                    }
                };
                obj.insert("content".into(), content);
                if let Some(ct) = content_type {
                    obj.insert("contentType".into(), Value::String(ct.clone()));
                }
                if let Some(e) = enc {
                    obj.insert("encoded".into(), e);
                }
                for (k, v) in extra {
                    obj.insert(k.clone(), v.clone());
                }
                Some(Value::Object(obj))
            }
        }
    }
}

/// Is this a JSON content type (`application/json`, `application/problem+json`…)?
pub fn is_json_content_type(ct: &str) -> bool {
    let base = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    base == "application/json" || base.ends_with("+json") || base == "text/json"
}

/// Is this an XML content type?
pub fn is_xml_content_type(ct: &str) -> bool {
    let base = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    base == "application/xml" || base == "text/xml" || base.ends_with("+xml")
}

/// Query parameters: v1/v2 raw string or v3+ map.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Raw(String),
    Map(IndexMap<String, Vec<String>>),
}

impl Query {
    pub fn from_json(v: &Value) -> Result<Option<Self>, String> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(Query::Raw(s.clone()))),
            Value::Object(o) => {
                let mut m = IndexMap::new();
                for (k, v) in o {
                    let vals = match v {
                        Value::Array(a) => a
                            .iter()
                            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                            .collect(),
                        Value::String(s) => vec![s.clone()],
                        Value::Null => vec![],
                        other => vec![other.to_string()],
                    };
                    m.insert(k.clone(), vals);
                }
                Ok(Some(Query::Map(m)))
            }
            other => Err(format!(
                "query must be a string or an object, found {other}"
            )),
        }
    }

    /// Parse a raw query string into a map (percent-decoded).
    pub fn parse_str(s: &str) -> IndexMap<String, Vec<String>> {
        let mut m: IndexMap<String, Vec<String>> = IndexMap::new();
        for (k, v) in form_urlencoded::parse(s.as_bytes()) {
            m.entry(k.into_owned()).or_default().push(v.into_owned());
        }
        m
    }

    pub fn to_map(&self) -> IndexMap<String, Vec<String>> {
        match self {
            Query::Raw(s) => Self::parse_str(s),
            Query::Map(m) => m.clone(),
        }
    }

    /// Encode for a URL.
    pub fn to_query_string(&self) -> String {
        match self {
            Query::Raw(s) => s.clone(),
            Query::Map(m) => {
                let mut ser = form_urlencoded::Serializer::new(String::new());
                for (k, vs) in m {
                    for v in vs {
                        ser.append_pair(k, v);
                    }
                }
                ser.finish()
            }
        }
    }
}

/// Headers, as given (values split only when a file used arrays).
pub type Headers = IndexMap<String, Vec<String>>;

fn parse_headers(v: Option<&Value>) -> Result<Option<Headers>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => {
            let mut h = Headers::new();
            for (k, v) in o {
                let vals = match v {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(a) => a
                        .iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                        .collect(),
                    other => vec![other.to_string()],
                };
                h.insert(k.clone(), vals);
            }
            Ok(Some(h))
        }
        Some(other) => Err(format!("headers must be an object, found {other}")),
    }
}

fn headers_to_json(h: &Headers, spec: SpecVersion) -> Value {
    let mut m = Map::new();
    for (k, vs) in h {
        let v = if spec >= SpecVersion::V4 {
            json!(vs)
        } else {
            Value::String(vs.join(", "))
        };
        m.insert(k.clone(), v);
    }
    Value::Object(m)
}

/// Case-insensitive header lookup.
pub fn header<'a>(h: Option<&'a Headers>, name: &str) -> Option<&'a Vec<String>> {
    h?.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// A provider state with optional parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderState {
    pub name: String,
    pub params: Map<String, Value>,
    pub extra: Map<String, Value>,
}

/// An HTTP request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpRequest {
    pub method: String,
    pub path: String,
    pub query: Option<Query>,
    pub headers: Option<Headers>,
    pub body: Body,
    pub matching_rules: MatchingRules,
    pub generators: Option<Value>,
    pub extra: Map<String, Value>,
}

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Option<Headers>,
    pub body: Body,
    pub matching_rules: MatchingRules,
    pub generators: Option<Value>,
    pub extra: Map<String, Value>,
}

/// A message (v3 message, v4 async message, or one side of a v4 sync message).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    pub contents: Body,
    pub metadata: Map<String, Value>,
    pub matching_rules: MatchingRules,
    pub generators: Option<Value>,
    pub extra: Map<String, Value>,
}

/// What an interaction is.
// HTTP interactions dominate real pacts; boxing them would add an allocation to each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum InteractionKind {
    Http {
        request: HttpRequest,
        response: HttpResponse,
    },
    AsyncMessage(Message),
    SyncMessage {
        request: Message,
        responses: Vec<Message>,
    },
}

/// One interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub description: String,
    pub key: Option<String>,
    pub provider_states: Vec<ProviderState>,
    pub pending: bool,
    pub comments: Option<Value>,
    pub kind: InteractionKind,
    pub extra: Map<String, Value>,
}

impl Interaction {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            InteractionKind::Http { .. } => "Synchronous/HTTP",
            InteractionKind::AsyncMessage(_) => "Asynchronous/Messages",
            InteractionKind::SyncMessage { .. } => "Synchronous/Messages",
        }
    }
}

/// A whole pact file.
#[derive(Debug, Clone, PartialEq)]
pub struct Pact {
    pub consumer: String,
    pub provider: String,
    pub interactions: Vec<Interaction>,
    pub metadata: Map<String, Value>,
    pub spec: SpecVersion,
    /// Unknown top-level fields, and unknown fields of `consumer`/`provider`.
    pub extra: Map<String, Value>,
    pub consumer_extra: Map<String, Value>,
    pub provider_extra: Map<String, Value>,
}

/// A model error at a JSON path (`interactions[2].request.method`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelError {
    pub path: String,
    pub message: String,
}

type R<T> = Result<T, ModelError>;

fn err<T>(path: &str, message: impl Into<String>) -> R<T> {
    Err(ModelError {
        path: path.to_owned(),
        message: message.into(),
    })
}

fn obj<'a>(v: &'a Value, path: &str) -> R<&'a Map<String, Value>> {
    match v {
        Value::Object(o) => Ok(o),
        other => err(
            path,
            format!("expected an object, found {}", kind_of(other)),
        ),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn rest(o: &Map<String, Value>, known: &[&str]) -> Map<String, Value> {
    o.iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn rules_at(o: &Map<String, Value>, path: &str) -> R<MatchingRules> {
    match o.get("matchingRules") {
        None | Some(Value::Null) => Ok(MatchingRules::default()),
        Some(v) => {
            let mut rules = MatchingRules::from_json(v).map_err(|m| ModelError {
                path: format!("{path}.matchingRules"),
                message: m,
            })?;
            // v4 message rules use `content` for the body.
            if let Some(c) = rules.categories.shift_remove("content") {
                rules
                    .categories
                    .entry("body".into())
                    .or_default()
                    .rules
                    .extend(c.rules);
            }
            Ok(rules)
        }
    }
}

fn content_type_of(headers: Option<&Headers>) -> Option<String> {
    header(headers, "content-type").and_then(|v| v.first().cloned())
}

impl HttpRequest {
    pub fn from_json(v: &Value, spec: SpecVersion, path: &str) -> R<Self> {
        let o = obj(v, path)?;
        let headers =
            parse_headers(o.get("headers")).or_else(|m| err(&format!("{path}.headers"), m))?;
        let ct = content_type_of(headers.as_ref());
        let body = if spec >= SpecVersion::V4 {
            Body::from_v4(o.get("body"), ct.as_deref())
                .or_else(|m| err(&format!("{path}.body"), m))?
        } else {
            Body::from_legacy(o.get("body"), ct.as_deref())
        };
        let method = match o.get("method") {
            Some(Value::String(m)) => m.clone(),
            None => "GET".into(),
            Some(other) => {
                return err(
                    &format!("{path}.method"),
                    format!("expected a string, found {}", kind_of(other)),
                )
            }
        };
        let req_path = match o.get("path") {
            Some(Value::String(p)) => p.clone(),
            None => "/".into(),
            Some(other) => {
                return err(
                    &format!("{path}.path"),
                    format!("expected a string, found {}", kind_of(other)),
                )
            }
        };
        let query = match o.get("query") {
            None => None,
            Some(q) => Query::from_json(q).or_else(|m| err(&format!("{path}.query"), m))?,
        };
        Ok(Self {
            method,
            path: req_path,
            query,
            headers,
            body,
            matching_rules: rules_at(o, path)?,
            generators: o.get("generators").cloned(),
            extra: rest(
                o,
                &[
                    "method",
                    "path",
                    "query",
                    "headers",
                    "body",
                    "matchingRules",
                    "generators",
                ],
            ),
        })
    }

    pub fn to_json(&self, spec: SpecVersion) -> Value {
        let mut m = Map::new();
        m.insert("method".into(), json!(self.method));
        m.insert("path".into(), json!(self.path));
        if let Some(q) = &self.query {
            let v = match (q, spec) {
                (Query::Raw(s), s2) if s2 < SpecVersion::V3 => json!(s),
                (q, s2) if s2 < SpecVersion::V3 => json!(q.to_query_string()),
                (q, _) => json!(q.to_map()),
            };
            m.insert("query".into(), v);
        }
        if let Some(h) = &self.headers {
            m.insert("headers".into(), headers_to_json(h, spec));
        }
        insert_body(&mut m, "body", &self.body, spec);
        insert_rules(&mut m, &self.matching_rules, spec);
        if let Some(g) = &self.generators {
            m.insert("generators".into(), g.clone());
        }
        m.extend(self.extra.clone());
        Value::Object(m)
    }
}

fn insert_body(m: &mut Map<String, Value>, key: &str, body: &Body, spec: SpecVersion) {
    let v = if spec >= SpecVersion::V4 {
        body.to_v4()
    } else {
        body.to_legacy()
    };
    if let Some(v) = v {
        m.insert(key.into(), v);
    }
}

fn insert_rules(m: &mut Map<String, Value>, rules: &MatchingRules, spec: SpecVersion) {
    if rules.is_empty() || spec < SpecVersion::V2 {
        return;
    }
    let v = if spec == SpecVersion::V2 {
        rules.to_v2_json()
    } else {
        rules.to_json()
    };
    m.insert("matchingRules".into(), v);
}

impl HttpResponse {
    pub fn from_json(v: &Value, spec: SpecVersion, path: &str) -> R<Self> {
        let o = obj(v, path)?;
        let headers =
            parse_headers(o.get("headers")).or_else(|m| err(&format!("{path}.headers"), m))?;
        let ct = content_type_of(headers.as_ref());
        let body = if spec >= SpecVersion::V4 {
            Body::from_v4(o.get("body"), ct.as_deref())
                .or_else(|m| err(&format!("{path}.body"), m))?
        } else {
            Body::from_legacy(o.get("body"), ct.as_deref())
        };
        let status = match o.get("status") {
            None => 200,
            Some(Value::Number(n)) => match n.as_u64().and_then(|n| u16::try_from(n).ok()) {
                Some(s) if (100..=999).contains(&s) => s,
                _ => {
                    return err(
                        &format!("{path}.status"),
                        format!("{n} is not an HTTP status code"),
                    )
                }
            },
            Some(other) => {
                return err(
                    &format!("{path}.status"),
                    format!("expected a number, found {}", kind_of(other)),
                )
            }
        };
        Ok(Self {
            status,
            headers,
            body,
            matching_rules: rules_at(o, path)?,
            generators: o.get("generators").cloned(),
            extra: rest(
                o,
                &["status", "headers", "body", "matchingRules", "generators"],
            ),
        })
    }

    pub fn to_json(&self, spec: SpecVersion) -> Value {
        let mut m = Map::new();
        m.insert("status".into(), json!(self.status));
        if let Some(h) = &self.headers {
            m.insert("headers".into(), headers_to_json(h, spec));
        }
        insert_body(&mut m, "body", &self.body, spec);
        insert_rules(&mut m, &self.matching_rules, spec);
        if let Some(g) = &self.generators {
            m.insert("generators".into(), g.clone());
        }
        m.extend(self.extra.clone());
        Value::Object(m)
    }
}

impl Message {
    pub fn from_json(v: &Value, spec: SpecVersion, path: &str) -> R<Self> {
        let o = obj(v, path)?;
        let metadata = match o.get("metadata").or_else(|| o.get("metaData")) {
            Some(Value::Object(m)) => m.clone(),
            None | Some(Value::Null) => Map::new(),
            Some(other) => {
                return err(
                    &format!("{path}.metadata"),
                    format!("expected an object, found {}", kind_of(other)),
                )
            }
        };
        let ct = metadata
            .iter()
            .find(|(k, _)| {
                k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
            })
            .and_then(|(_, v)| v.as_str())
            .map(str::to_owned);
        let contents = if spec >= SpecVersion::V4 {
            Body::from_v4(o.get("contents"), ct.as_deref())
                .or_else(|m| err(&format!("{path}.contents"), m))?
        } else {
            Body::from_legacy(
                o.get("contents"),
                ct.as_deref().or(Some("application/json")),
            )
        };
        Ok(Self {
            contents,
            metadata,
            matching_rules: rules_at(o, path)?,
            generators: o.get("generators").cloned(),
            extra: rest(
                o,
                &[
                    "contents",
                    "metadata",
                    "metaData",
                    "matchingRules",
                    "generators",
                ],
            ),
        })
    }

    pub fn to_json(&self, spec: SpecVersion) -> Value {
        let mut m = Map::new();
        insert_body(&mut m, "contents", &self.contents, spec);
        if !self.metadata.is_empty() {
            m.insert(
                if spec >= SpecVersion::V4 {
                    "metadata"
                } else {
                    "metaData"
                }
                .into(),
                Value::Object(self.metadata.clone()),
            );
        }
        insert_rules(&mut m, &self.matching_rules, spec);
        if let Some(g) = &self.generators {
            m.insert("generators".into(), g.clone());
        }
        m.extend(self.extra.clone());
        Value::Object(m)
    }
}

fn parse_states(o: &Map<String, Value>, path: &str) -> R<Vec<ProviderState>> {
    let mut out = Vec::new();
    if let Some(v) = o.get("providerStates") {
        let Value::Array(items) = v else {
            return err(
                &format!("{path}.providerStates"),
                format!("expected an array, found {}", kind_of(v)),
            );
        };
        for (i, s) in items.iter().enumerate() {
            let p = format!("{path}.providerStates[{i}]");
            let so = obj(s, &p)?;
            let Some(name) = so.get("name").and_then(Value::as_str) else {
                return err(
                    &format!("{p}.name"),
                    "a provider state needs a `name` string",
                );
            };
            let params = match so.get("params") {
                Some(Value::Object(m)) => m.clone(),
                None | Some(Value::Null) => Map::new(),
                Some(other) => {
                    return err(
                        &format!("{p}.params"),
                        format!("expected an object, found {}", kind_of(other)),
                    )
                }
            };
            out.push(ProviderState {
                name: name.to_owned(),
                params,
                extra: rest(so, &["name", "params"]),
            });
        }
    } else if let Some(v) = o.get("providerState").or_else(|| o.get("provider_state")) {
        match v {
            Value::String(s) => out.push(ProviderState {
                name: s.clone(),
                params: Map::new(),
                extra: Map::new(),
            }),
            Value::Null => {}
            other => {
                return err(
                    &format!("{path}.providerState"),
                    format!("expected a string, found {}", kind_of(other)),
                )
            }
        }
    }
    Ok(out)
}

fn states_to_json(states: &[ProviderState], spec: SpecVersion, m: &mut Map<String, Value>) {
    if states.is_empty() {
        return;
    }
    if spec < SpecVersion::V3 {
        m.insert("providerState".into(), json!(states[0].name));
        return;
    }
    let arr: Vec<Value> = states
        .iter()
        .map(|s| {
            let mut o = Map::new();
            o.insert("name".into(), json!(s.name));
            if !s.params.is_empty() {
                o.insert("params".into(), Value::Object(s.params.clone()));
            }
            o.extend(s.extra.clone());
            Value::Object(o)
        })
        .collect();
    m.insert("providerStates".into(), Value::Array(arr));
}

impl Pact {
    /// Parse a pact document (already parsed as JSON).
    pub fn from_value(v: &Value) -> R<Self> {
        let o = obj(v, "$")?;
        let metadata = match o.get("metadata") {
            Some(Value::Object(m)) => m.clone(),
            None | Some(Value::Null) => Map::new(),
            Some(other) => {
                return err(
                    "$.metadata",
                    format!("expected an object, found {}", kind_of(other)),
                )
            }
        };
        let spec_str = metadata
            .get("pactSpecification")
            .or_else(|| metadata.get("pact-specification"))
            .and_then(|p| p.get("version"))
            .and_then(Value::as_str)
            .or_else(|| {
                metadata
                    .get("pactSpecificationVersion")
                    .and_then(Value::as_str)
            });
        let spec = match spec_str {
            Some(s) => match SpecVersion::parse(s) {
                Some(v) => v,
                None => {
                    return err(
                        "$.metadata.pactSpecification.version",
                        format!("unknown Pact specification version `{s}`"),
                    )
                }
            },
            None => {
                if o.contains_key("messages") {
                    SpecVersion::V3
                } else {
                    SpecVersion::V2
                }
            }
        };
        let name_of = |key: &str| -> R<(String, Map<String, Value>)> {
            let Some(p) = o.get(key) else {
                return err(
                    &format!("$.{key}"),
                    format!("a pact needs a `{key}` object with a `name`"),
                );
            };
            let po = obj(p, &format!("$.{key}"))?;
            let Some(name) = po.get("name").and_then(Value::as_str) else {
                return err(&format!("$.{key}.name"), "expected a string name");
            };
            Ok((name.to_owned(), rest(po, &["name"])))
        };
        let (consumer, consumer_extra) = name_of("consumer")?;
        let (provider, provider_extra) = name_of("provider")?;
        let mut interactions = Vec::new();
        for key in ["interactions", "messages"] {
            let Some(list) = o.get(key) else { continue };
            let Value::Array(items) = list else {
                return err(
                    &format!("$.{key}"),
                    format!("expected an array, found {}", kind_of(list)),
                );
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("$.{key}[{i}]");
                interactions.push(Interaction::from_json(item, spec, key == "messages", &p)?);
            }
        }
        Ok(Self {
            consumer,
            provider,
            interactions,
            metadata,
            spec,
            extra: rest(
                o,
                &[
                    "consumer",
                    "provider",
                    "interactions",
                    "messages",
                    "metadata",
                ],
            ),
            consumer_extra,
            provider_extra,
        })
    }

    /// Write as JSON in the pact's own specification version.
    pub fn to_value(&self) -> Value {
        let spec = self.spec;
        let mut m = Map::new();
        let mut c = Map::new();
        c.insert("name".into(), json!(self.consumer));
        c.extend(self.consumer_extra.clone());
        let mut p = Map::new();
        p.insert("name".into(), json!(self.provider));
        p.extend(self.provider_extra.clone());
        m.insert("consumer".into(), Value::Object(c));
        m.insert("provider".into(), Value::Object(p));
        let (http, msgs): (Vec<&Interaction>, Vec<&Interaction>) =
            self.interactions.iter().partition(|i| {
                spec >= SpecVersion::V4 || matches!(i.kind, InteractionKind::Http { .. })
            });
        m.insert(
            "interactions".into(),
            Value::Array(http.iter().map(|i| i.to_json(spec)).collect()),
        );
        if !msgs.is_empty() {
            m.insert(
                "messages".into(),
                Value::Array(msgs.iter().map(|i| i.to_json(spec)).collect()),
            );
        }
        let mut meta = self.metadata.clone();
        meta.insert(
            "pactSpecification".into(),
            json!({"version": spec.as_str()}),
        );
        m.insert("metadata".into(), Value::Object(meta));
        m.extend(self.extra.clone());
        Value::Object(m)
    }
}

impl Interaction {
    pub fn from_json(v: &Value, spec: SpecVersion, v3_message: bool, path: &str) -> R<Self> {
        let o = obj(v, path)?;
        let description = match o.get("description") {
            Some(Value::String(s)) => s.clone(),
            None => {
                return err(
                    &format!("{path}.description"),
                    "an interaction needs a `description`",
                )
            }
            Some(other) => {
                return err(
                    &format!("{path}.description"),
                    format!("expected a string, found {}", kind_of(other)),
                )
            }
        };
        let ty = o.get("type").and_then(Value::as_str);
        let kind = match ty {
            Some("Synchronous/HTTP") | None
                if !v3_message && (o.contains_key("request") || ty.is_some()) =>
            {
                let Some(req) = o.get("request") else {
                    return err(
                        &format!("{path}.request"),
                        "an HTTP interaction needs a `request`",
                    );
                };
                let Some(resp) = o.get("response") else {
                    return err(
                        &format!("{path}.response"),
                        "an HTTP interaction needs a `response`",
                    );
                };
                InteractionKind::Http {
                    request: HttpRequest::from_json(req, spec, &format!("{path}.request"))?,
                    response: HttpResponse::from_json(resp, spec, &format!("{path}.response"))?,
                }
            }
            Some("Asynchronous/Messages") | None => {
                InteractionKind::AsyncMessage(Message::from_json(v, spec, path)?)
            }
            Some("Synchronous/Messages") => {
                let Some(req) = o.get("request") else {
                    return err(
                        &format!("{path}.request"),
                        "a synchronous message needs a `request`",
                    );
                };
                let responses = match o.get("response") {
                    Some(Value::Array(items)) => items
                        .iter()
                        .enumerate()
                        .map(|(i, r)| Message::from_json(r, spec, &format!("{path}.response[{i}]")))
                        .collect::<R<Vec<_>>>()?,
                    None => Vec::new(),
                    Some(other) => {
                        return err(
                            &format!("{path}.response"),
                            format!("expected an array, found {}", kind_of(other)),
                        )
                    }
                };
                InteractionKind::SyncMessage {
                    request: Message::from_json(req, spec, &format!("{path}.request"))?,
                    responses,
                }
            }
            Some(other) => {
                return err(
                    &format!("{path}.type"),
                    format!("unknown interaction type `{other}`"),
                )
            }
        };
        let pending = o.get("pending").and_then(Value::as_bool).unwrap_or(false);
        let known: &[&str] = match kind {
            InteractionKind::Http { .. } => &[
                "description",
                "type",
                "key",
                "providerStates",
                "providerState",
                "pending",
                "comments",
                "request",
                "response",
            ],
            InteractionKind::AsyncMessage(_) => &[
                "description",
                "type",
                "key",
                "providerStates",
                "providerState",
                "pending",
                "comments",
                "contents",
                "metadata",
                "metaData",
                "matchingRules",
                "generators",
            ],
            InteractionKind::SyncMessage { .. } => &[
                "description",
                "type",
                "key",
                "providerStates",
                "providerState",
                "pending",
                "comments",
                "request",
                "response",
            ],
        };
        Ok(Self {
            description,
            key: o.get("key").and_then(Value::as_str).map(str::to_owned),
            provider_states: parse_states(o, path)?,
            pending,
            comments: o.get("comments").cloned(),
            kind,
            extra: rest(o, known),
        })
    }

    pub fn to_json(&self, spec: SpecVersion) -> Value {
        let mut m = Map::new();
        if spec >= SpecVersion::V4 {
            m.insert("type".into(), json!(self.type_name()));
        }
        if let Some(k) = &self.key {
            m.insert("key".into(), json!(k));
        }
        m.insert("description".into(), json!(self.description));
        states_to_json(&self.provider_states, spec, &mut m);
        match &self.kind {
            InteractionKind::Http { request, response } => {
                m.insert("request".into(), request.to_json(spec));
                m.insert("response".into(), response.to_json(spec));
            }
            InteractionKind::AsyncMessage(msg) => {
                if let Value::Object(o) = msg.to_json(spec) {
                    m.extend(o);
                }
            }
            InteractionKind::SyncMessage { request, responses } => {
                m.insert("request".into(), request.to_json(spec));
                m.insert(
                    "response".into(),
                    Value::Array(responses.iter().map(|r| r.to_json(spec)).collect()),
                );
            }
        }
        if spec >= SpecVersion::V4 {
            m.insert("pending".into(), json!(self.pending));
        }
        if let Some(c) = &self.comments {
            m.insert("comments".into(), c.clone());
        }
        m.extend(self.extra.clone());
        Value::Object(m)
    }
}
