//! Swagger 2.0 → OpenAPI 3.0 conversion, done in place on the parsed value.
//!
//! It returns a table from converted pointer prefixes back to the 2.0 pointers,
//! so that findings still point at the right line of the original file.

use super::source::escape;
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema-ish keywords a 2.0 non-body parameter or header carries at its top level.
const SCHEMA_KEYS: [&str; 17] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// Convert `root` (a Swagger 2.0 document) to 3.0 shape.
pub fn convert(root: &mut Value) -> FxHashMap<String, String> {
    let mut rw = FxHashMap::default();
    let Some(obj) = root.as_object_mut() else {
        return rw;
    };
    let consumes =
        string_list(obj.get("consumes")).unwrap_or_else(|| vec!["application/json".into()]);
    let produces =
        string_list(obj.get("produces")).unwrap_or_else(|| vec!["application/json".into()]);
    obj.remove("swagger");
    obj.insert("openapi".into(), json!("3.0.0"));

    let mut components = Map::new();
    if let Some(defs) = obj.remove("definitions") {
        components.insert("schemas".into(), defs);
        rw.insert("/components/schemas".into(), "/definitions".into());
    }
    let global_params = obj.remove("parameters");
    if let Some(Value::Object(params)) = &global_params {
        let mut out = Map::new();
        for (k, p) in params {
            if !matches!(
                p.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            ) {
                out.insert(k.clone(), convert_param(p.clone()));
            }
        }
        components.insert("parameters".into(), Value::Object(out));
        rw.insert("/components/parameters".into(), "/parameters".into());
    }
    if let Some(Value::Object(resps)) = obj.remove("responses") {
        let mut out = Map::new();
        for (k, r) in resps {
            out.insert(k, convert_response(r, &produces));
        }
        components.insert("responses".into(), Value::Object(out));
        rw.insert("/components/responses".into(), "/responses".into());
    }
    if let Some(Value::Object(sec)) = obj.remove("securityDefinitions") {
        let mut out = Map::new();
        for (k, s) in sec {
            out.insert(k, convert_security_scheme(s));
        }
        components.insert("securitySchemes".into(), Value::Object(out));
        rw.insert(
            "/components/securitySchemes".into(),
            "/securityDefinitions".into(),
        );
    }
    if !components.is_empty() {
        obj.insert("components".into(), Value::Object(components));
    }
    // host + basePath + schemes → servers (one per scheme); without a host the
    // base path alone is a relative server URL.
    let host = obj.remove("host");
    let base_path = obj.remove("basePath");
    let schemes = string_list(obj.get("schemes")).unwrap_or_else(|| vec!["https".into()]);
    let base = base_path.as_ref().and_then(Value::as_str).unwrap_or("");
    let servers: Vec<Value> = match host.as_ref().and_then(Value::as_str) {
        Some(h) => schemes
            .iter()
            .map(|sc| json!({ "url": format!("{sc}://{h}{base}") }))
            .collect(),
        None if !base.is_empty() => vec![json!({ "url": base })],
        None => Vec::new(),
    };
    if !servers.is_empty() {
        for i in 0..servers.len() {
            let from = if host.is_some() { "/host" } else { "/basePath" };
            rw.insert(format!("/servers/{i}"), from.to_owned());
        }
        rw.insert("/servers".into(), "/basePath".into());
        obj.insert("servers".into(), Value::Array(servers));
    }
    obj.remove("schemes");
    obj.remove("consumes");
    obj.remove("produces");

    if let Some(Value::Object(paths)) = obj.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            let item_ptr = format!("/paths/{}", escape(path));
            let path_params = item.remove("parameters");
            if let Some(Value::Array(ps)) = &path_params {
                let (params, _) = split_params(ps, global_params.as_ref());
                item.insert("parameters".into(), Value::Array(params));
            }
            for m in METHODS {
                let Some(Value::Object(op)) = item.get_mut(m) else {
                    continue;
                };
                let op_ptr = format!("{item_ptr}/{m}");
                let op_consumes =
                    string_list(op.get("consumes")).unwrap_or_else(|| consumes.clone());
                let op_produces =
                    string_list(op.get("produces")).unwrap_or_else(|| produces.clone());
                op.remove("consumes");
                op.remove("produces");
                op.remove("schemes");
                if let Some(Value::Array(ps)) = op.remove("parameters") {
                    let (params, body) = split_params(&ps, global_params.as_ref());
                    // Non-body parameter i moved: record where each came from.
                    let mut kept = 0;
                    for (i, p) in ps.iter().enumerate() {
                        let resolved = deref_param(p, global_params.as_ref());
                        if !matches!(
                            resolved.get("in").and_then(Value::as_str),
                            Some("body" | "formData")
                        ) {
                            if kept != i {
                                rw.insert(
                                    format!("{op_ptr}/parameters/{kept}"),
                                    format!("{op_ptr}/parameters/{i}"),
                                );
                            }
                            rw.insert(
                                format!("{op_ptr}/parameters/{kept}/schema"),
                                format!("{op_ptr}/parameters/{i}"),
                            );
                            kept += 1;
                        }
                    }
                    if !params.is_empty() {
                        op.insert("parameters".into(), Value::Array(params));
                    }
                    match body {
                        Body::Json(idx, p) => {
                            let mut content = Map::new();
                            for mt in &op_consumes {
                                content.insert(mt.clone(), json!({ "schema": p.get("schema").cloned().unwrap_or(json!({})) }));
                                rw.insert(
                                    format!("{op_ptr}/requestBody/content/{}/schema", escape(mt)),
                                    format!("{op_ptr}/parameters/{idx}/schema"),
                                );
                            }
                            rw.insert(
                                format!("{op_ptr}/requestBody"),
                                format!("{op_ptr}/parameters/{idx}"),
                            );
                            let mut rb = json!({ "content": content });
                            if p.get("required").and_then(Value::as_bool) == Some(true) {
                                rb["required"] = json!(true);
                            }
                            if let Some(d) = p.get("description") {
                                rb["description"] = d.clone();
                            }
                            op.insert("requestBody".into(), rb);
                        }
                        Body::Form(fields) => {
                            let mut props = Map::new();
                            let mut required = Vec::new();
                            for (idx, f) in fields {
                                let name = f
                                    .get("name")
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .to_owned();
                                if f.get("required").and_then(Value::as_bool) == Some(true) {
                                    required.push(json!(name));
                                }
                                rw.insert(
                                    format!(
                                        "{op_ptr}/requestBody/content/x/schema/properties/{}",
                                        escape(&name)
                                    ),
                                    format!("{op_ptr}/parameters/{idx}"),
                                );
                                props.insert(name, schema_of(&f));
                            }
                            let mt = if op_consumes.iter().any(|c| c == "multipart/form-data") {
                                "multipart/form-data"
                            } else {
                                "application/x-www-form-urlencoded"
                            };
                            let mut schema = json!({ "type": "object", "properties": props });
                            if !required.is_empty() {
                                schema["required"] = Value::Array(required);
                            }
                            op.insert(
                                "requestBody".into(),
                                json!({ "content": { mt: { "schema": schema } } }),
                            );
                        }
                        Body::None => {}
                    }
                }
                if let Some(Value::Object(resps)) = op.remove("responses") {
                    let mut out = Map::new();
                    for (status, r) in resps {
                        for mt in &op_produces {
                            rw.insert(
                                format!(
                                    "{op_ptr}/responses/{}/content/{}/schema",
                                    escape(&status),
                                    escape(mt)
                                ),
                                format!("{op_ptr}/responses/{}/schema", escape(&status)),
                            );
                        }
                        out.insert(status, convert_response(r, &op_produces));
                    }
                    op.insert("responses".into(), Value::Object(out));
                }
            }
        }
    }
    rewrite_refs(root);
    rw
}

enum Body {
    None,
    Json(usize, Value),
    Form(Vec<(usize, Value)>),
}

fn deref_param<'a>(p: &'a Value, globals: Option<&'a Value>) -> &'a Value {
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        if let Some(name) = r.strip_prefix("#/parameters/") {
            if let Some(g) = globals.and_then(|g| g.get(name)) {
                return g;
            }
        }
    }
    p
}

fn split_params(ps: &[Value], globals: Option<&Value>) -> (Vec<Value>, Body) {
    let mut params = Vec::new();
    let mut body = Body::None;
    let mut form = Vec::new();
    for (i, p) in ps.iter().enumerate() {
        let resolved = deref_param(p, globals);
        match resolved.get("in").and_then(Value::as_str) {
            Some("body") => body = Body::Json(i, resolved.clone()),
            Some("formData") => form.push((i, resolved.clone())),
            _ => {
                if p.get("$ref").is_some() {
                    params.push(p.clone());
                } else {
                    params.push(convert_param(p.clone()));
                }
            }
        }
    }
    if !form.is_empty() {
        body = Body::Form(form);
    }
    (params, body)
}

fn schema_of(p: &Value) -> Value {
    let mut schema = Map::new();
    if let Some(o) = p.as_object() {
        for k in SCHEMA_KEYS {
            if let Some(v) = o.get(k) {
                if k == "x-nullable" {
                    schema.insert("nullable".into(), v.clone());
                } else if k == "type" && v == "file" {
                    schema.insert("type".into(), json!("string"));
                    schema.insert("format".into(), json!("binary"));
                } else {
                    schema.insert(k.into(), v.clone());
                }
            }
        }
    }
    Value::Object(schema)
}

fn convert_param(p: Value) -> Value {
    let Value::Object(mut o) = p else { return p };
    if o.contains_key("$ref") {
        return Value::Object(o);
    }
    let schema = schema_of(&Value::Object(o.clone()));
    for k in SCHEMA_KEYS {
        o.remove(k);
    }
    // collectionFormat (default csv) → style/explode, for array parameters.
    let format = o.remove("collectionFormat");
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let located = o.get("in").and_then(Value::as_str).unwrap_or("query");
        let simple = matches!(located, "path" | "header");
        let (style, explode) = match format.as_ref().and_then(Value::as_str).unwrap_or("csv") {
            "multi" => ("form", true),
            "ssv" => ("spaceDelimited", false),
            "pipes" => ("pipeDelimited", false),
            // No 3.x style: named after the format, so a change to or from it shows.
            "tsv" => ("tabDelimited", false),
            _ if simple => ("simple", false),
            _ => ("form", false),
        };
        o.insert("style".into(), json!(style));
        o.insert("explode".into(), json!(explode));
    }
    o.remove("allowEmptyValue");
    o.insert("schema".into(), schema);
    Value::Object(o)
}

fn convert_response(r: Value, produces: &[String]) -> Value {
    let Value::Object(mut o) = r else { return r };
    if o.contains_key("$ref") {
        return Value::Object(o);
    }
    if let Some(schema) = o.remove("schema") {
        let mut content = Map::new();
        for mt in produces {
            content.insert(mt.clone(), json!({ "schema": schema.clone() }));
        }
        o.insert("content".into(), Value::Object(content));
    }
    o.remove("examples");
    if let Some(Value::Object(headers)) = o.remove("headers") {
        let mut out = Map::new();
        for (k, h) in headers {
            let mut hh = Map::new();
            if let Some(d) = h.get("description") {
                hh.insert("description".into(), d.clone());
            }
            hh.insert("schema".into(), schema_of(&h));
            out.insert(k, Value::Object(hh));
        }
        o.insert("headers".into(), Value::Object(out));
    }
    Value::Object(o)
}

fn convert_security_scheme(s: Value) -> Value {
    let Value::Object(o) = &s else { return s };
    match o.get("type").and_then(Value::as_str) {
        Some("basic") => json!({ "type": "http", "scheme": "basic" }),
        Some("oauth2") => {
            let flow = o.get("flow").and_then(Value::as_str).unwrap_or("implicit");
            let name = match flow {
                "accessCode" => "authorizationCode",
                "application" => "clientCredentials",
                f => f,
            };
            let mut f = Map::new();
            for k in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = o.get(k) {
                    f.insert(k.into(), v.clone());
                }
            }
            f.insert(
                "scopes".into(),
                o.get("scopes").cloned().unwrap_or(json!({})),
            );
            json!({ "type": "oauth2", "flows": { name: f } })
        }
        _ => s,
    }
}

fn string_list(v: Option<&Value>) -> Option<Vec<String>> {
    let a = v?.as_array()?;
    let out: Vec<String> = a
        .iter()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect();
    (!out.is_empty()).then_some(out)
}

fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(i) = r.find(from) {
                        *r = format!("{}{to}{}", &r[..i], &r[i + from.len()..]);
                        break;
                    }
                }
            }
            for child in m.values_mut() {
                rewrite_refs(child);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}
