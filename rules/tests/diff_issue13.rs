//! Regression tests for issue 13, section "OpenAPI diff": fewer false alarms,
//! no silent misses. One test (or more) per item of the issue; each failed on
//! the main branch before the fix.
//!
//! See: issue 13 ("Accuracy on real-world inputs…"), section "OpenAPI diff".

use chrono::NaiveDate;
use shipgate_diagnostics::{Diagnostic, Level};
use shipgate_rules::openapi::{diff, load_str, DiffOptions, Spec};

fn opts() -> DiffOptions {
    DiffOptions::new(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
}

fn load(name: &str, text: &str) -> Spec {
    load_str(name, text).unwrap_or_else(|e| panic!("{e}"))
}

fn findings(base: &str, rev: &str) -> Vec<Diagnostic> {
    diff(
        &load("base.yaml", base),
        &load("revision.yaml", rev),
        &opts(),
    )
}

/// All findings (info included) as `CODE message` lines.
fn check(base: &str, rev: &str) -> Vec<String> {
    findings(base, rev)
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// Only warning and error findings, as `CODE message` lines.
fn breaking(base: &str, rev: &str) -> Vec<String> {
    findings(base, rev)
        .iter()
        .filter(|d| d.level > Level::Info)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

fn indent(s: &str, n: usize) -> String {
    s.trim_matches('\n')
        .lines()
        .map(|l| format!("{}{l}\n", " ".repeat(n)))
        .collect()
}

/// `POST /things` (3.0) whose request body and 200 response use the two schemas.
fn api(req: &str, resp: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n{}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{}",
        indent(req, 14),
        indent(resp, 16)
    )
}

/// The same as [`api`], declared as OpenAPI 3.1.
fn api31(req: &str, resp: &str) -> String {
    api(req, resp).replacen("3.0.3", "3.1.0", 1)
}

// ------------------------------------------------------------------ item 1

#[test]
fn issue_13_every_property_in_one_required_array_is_its_own_finding() {
    let opt = "type: object\nproperties:\n  a: {type: string}\n  b: {type: string}\n  c: {type: string}\n";
    let req = "type: object\nrequired: [a, b, c]\nproperties:\n  a: {type: string}\n  b: {type: string}\n  c: {type: string}\n";
    let found = breaking(&api(opt, req), &api(req, opt));
    let expect = [
        "OAS027 `POST /things`: request property `a` (application/json) became required",
        "OAS027 `POST /things`: request property `b` (application/json) became required",
        "OAS027 `POST /things`: request property `c` (application/json) became required",
        "OAS031 `POST /things`: response property `a` (200, application/json) became optional",
        "OAS031 `POST /things`: response property `b` (200, application/json) became optional",
        "OAS031 `POST /things`: response property `c` (200, application/json) became optional",
    ];
    let mut found_sorted = found.clone();
    found_sorted.sort();
    assert_eq!(found_sorted, expect, "{}", found.join("\n"));
    // Each points at its own entry of the `required` array.
    let d = findings(&api(opt, req), &api(req, opt));
    let b = d
        .iter()
        .find(|d| d.code == "OAS027" && d.message.contains("`b`"))
        .unwrap();
    assert_eq!(
        b.location.pointer.as_deref(),
        Some("/paths/~1things/post/requestBody/content/application~1json/schema/required/1")
    );
}

// ------------------------------------------------------------------ item 2

#[test]
fn issue_13_null_alternatives_are_nullability() {
    let nullable30 = "type: object\nnullable: true\nproperties:\n  id: {type: integer}\n";
    let any_of_null =
        "anyOf:\n  - type: object\n    properties:\n      id: {type: integer}\n  - type: 'null'\n";
    let one_of_null = "oneOf:\n  - {type: 'null'}\n  - type: object\n    properties:\n      id: {type: integer}\n";
    let type_list = "type: [object, 'null']\nproperties:\n  id: {type: integer}\n";
    let base = api(nullable30, nullable30);
    for spelling in [any_of_null, one_of_null, type_list] {
        let rev = api31(spelling, spelling);
        assert!(
            check(&base, &rev).is_empty(),
            "{spelling}: {:?}",
            check(&base, &rev)
        );
        assert!(
            check(&rev, &base).is_empty(),
            "{spelling}: {:?}",
            check(&rev, &base)
        );
    }
    // Dropping the null alternative is dropping nullability, in every spelling.
    let plain = "type: object\nproperties:\n  id: {type: integer}\n";
    assert_eq!(
        breaking(&api31(any_of_null, any_of_null), &api31(plain, plain)),
        ["OAS024 `POST /things`: request body (application/json) no longer accepts null"]
    );
}

#[test]
fn issue_13_a_3_0_to_3_1_translation_reports_nothing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/translation");
    let v30 = std::fs::read_to_string(format!("{dir}/openapi-3.0.yaml")).unwrap();
    let v31 = std::fs::read_to_string(format!("{dir}/openapi-3.1.yaml")).unwrap();
    // Not even info: the translation changes nothing a client sees.
    assert_eq!(check(&v30, &v31), Vec::<String>::new());
    assert_eq!(check(&v31, &v30), Vec::<String>::new());
    // …while a real change in the translated document is still found.
    let changed = v31.replace("maxLength: 100", "maxLength: 10");
    assert_eq!(
        breaking(&v30, &changed),
        ["OAS019 `POST /pets`: request property `name` (application/json) maxLength decreased from 100 to 10"]
    );
}

// ------------------------------------------------------------------ item 3

#[test]
fn issue_13_wrapping_in_any_of_keeps_the_old_schema_as_a_branch() {
    let user = "type: object\nrequired: [id]\nproperties:\n  id: {type: integer}\n  name: {type: string}\n";
    let wrapped = "anyOf:\n  - type: object\n    required: [id]\n    properties:\n      id: {type: integer}\n      name: {type: string}\n  - type: string\n";
    // A widening: no property is "removed", in either direction.
    assert!(
        breaking(&api(user, user), &api(wrapped, user)).is_empty(),
        "{:?}",
        check(&api(user, user), &api(wrapped, user))
    );
    let found = check(&api(user, user), &api(wrapped, user));
    assert_eq!(
        found,
        ["OAS105 `POST /things`: request body (application/json) was wrapped in a `anyOf` with 1 new alternative(s)"]
    );
    // In a response, a wrapped oneOf adds a shape clients may not handle.
    let one_of = wrapped.replace("anyOf", "oneOf");
    assert_eq!(
        breaking(&api(user, user), &api(user, &one_of)),
        ["OAS033 `POST /things`: response body (200, application/json) was wrapped in a `oneOf` with 1 new alternative(s)"]
    );
    // A change inside the kept branch is still found.
    let changed = wrapped.replace("name: {type: string}", "name: {type: integer}");
    assert_eq!(
        breaking(&api(user, user), &api(&changed, user)),
        ["OAS014 `POST /things`: request property `name` (application/json) type changed from `string` to `integer`"]
    );
    // Wrapped around a $ref: the branch is found by its component name.
    let components = "components:\n  schemas:\n    User:\n      type: object\n      properties:\n        id: {type: integer}\n";
    let by_ref = api("$ref: '#/components/schemas/User'\n", OBJECT) + components;
    let wrapped_ref = api(
        "anyOf:\n  - $ref: '#/components/schemas/User'\n  - type: string\n",
        OBJECT,
    ) + components;
    assert!(
        breaking(&by_ref, &wrapped_ref).is_empty(),
        "{:?}",
        check(&by_ref, &wrapped_ref)
    );
}

const OBJECT: &str = "type: object\nproperties:\n  id: {type: integer}\n";

#[test]
fn issue_13_adding_values_to_an_open_enum_changes_nothing() {
    let open = |values: &str| {
        format!("anyOf:\n  - type: string\n  - type: string\n    enum: [{values}]\n")
    };
    // Adding a value: not a widening of a response (any string was allowed).
    let b = api(&open("gpt-4"), &open("gpt-4"));
    let r = api(&open("gpt-4, gpt-5"), &open("gpt-4, gpt-5"));
    assert!(breaking(&b, &r).is_empty(), "{:?}", breaking(&b, &r));
    // Removing one: not a narrowing of a request either.
    assert!(breaking(&r, &b).is_empty(), "{:?}", breaking(&r, &b));
    // Closing the enum is still a narrowing of the request.
    let closed = "type: string\nenum: [gpt-4]\n";
    assert_eq!(
        breaking(&b, &api(closed, &open("gpt-4"))).len(),
        1,
        "{:?}",
        breaking(&b, &api(closed, &open("gpt-4")))
    );
}

#[test]
fn issue_13_replacing_max_length_by_an_enum_narrows() {
    let bounded = "type: string\nmaxLength: 20\n";
    let listed = "type: string\nenum: [small, large]\n";
    // Response: narrowing is compatible (the enum's values fit the old bound).
    assert!(
        breaking(&api(OBJECT, bounded), &api(OBJECT, listed)).is_empty(),
        "{:?}",
        breaking(&api(OBJECT, bounded), &api(OBJECT, listed))
    );
    // Request: narrowing breaks, and is reported as the enum, not as a relaxed maxLength.
    let found = check(&api(bounded, OBJECT), &api(listed, OBJECT));
    assert_eq!(
        found,
        ["OAS017 `POST /things`: request body (application/json) was restricted to an enum"],
    );
    // And back: enum → maxLength widens a response (reported), relaxes a request.
    assert_eq!(
        breaking(&api(OBJECT, listed), &api(OBJECT, bounded)),
        ["OAS018 `POST /things`: response body (200, application/json) enum was removed, so any value may be returned"]
    );
    assert!(breaking(&api(listed, OBJECT), &api(bounded, OBJECT)).is_empty());
}

// ------------------------------------------------------------------ item 7

#[test]
fn issue_13_operation_refs_are_followed() {
    let doc = |op_ref: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /users:\n    get:\n      $ref: '{op_ref}'\ncomponents:\n  x-operations:\n    old:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, required: [id], properties: {{id: {{type: integer}}}}}}\n    new:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{id: {{type: integer}}}}}}\n")
    };
    assert_eq!(
        breaking(
            &doc("#/components/x-operations/old"),
            &doc("#/components/x-operations/new")
        ),
        ["OAS031 `GET /users`: response property `id` (200, application/json) became optional"]
    );
}

#[test]
fn issue_13_ref_siblings_apply_in_3_1() {
    let components = "components:\n  schemas:\n    Name: {type: string}\n";
    let plain = api31(
        OBJECT,
        "type: object\nproperties:\n  name: {$ref: '#/components/schemas/Name'}\n",
    ) + components;
    let bounded = api31(
        OBJECT,
        "type: object\nproperties:\n  name: {$ref: '#/components/schemas/Name', maxLength: 10}\n",
    ) + components;
    assert_eq!(
        check(&bounded, &plain),
        ["OAS021 `POST /things`: response property `name` (200, application/json) maxLength 10 was removed"]
    );
    // In 3.0 siblings of `$ref` are ignored, as the specification says.
    let plain30 = plain.replacen("3.1.0", "3.0.3", 1);
    let bounded30 = bounded.replacen("3.1.0", "3.0.3", 1);
    assert!(check(&bounded30, &plain30).is_empty());
    // Deprecation next to a `$ref` counts in 3.1.
    let deprecated = api31(OBJECT, "type: object\nproperties:\n  name: {$ref: '#/components/schemas/Name', deprecated: true}\n") + components;
    assert_eq!(
        check(&plain, &deprecated),
        ["OAS101 `POST /things`: response property `name` (200, application/json) was deprecated"]
    );
}

fn swagger(param: &str, extra: &str) -> String {
    format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{extra}paths:\n  /pets:\n    get:\n      parameters:\n        - {param}\n      responses:\n        '200': {{description: ok}}\n")
}

#[test]
fn issue_13_collection_format_is_compared_as_style() {
    let csv = swagger(
        "{name: ids, in: query, type: array, items: {type: integer}}",
        "",
    );
    let multi = swagger(
        "{name: ids, in: query, type: array, items: {type: integer}, collectionFormat: multi}",
        "",
    );
    let pipes = swagger(
        "{name: ids, in: query, type: array, items: {type: integer}, collectionFormat: pipes}",
        "",
    );
    assert_eq!(
        breaking(&csv, &multi),
        ["OAS053 `GET /pets`: query parameter `ids` serialisation changed from `form` to `form` with explode"]
    );
    assert_eq!(
        breaking(&multi, &pipes).len(),
        1,
        "{:?}",
        breaking(&multi, &pipes)
    );
    // The 3.0 translations of the same wire formats compare equal.
    let v3 = |style: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /pets:\n    get:\n      parameters:\n        - {{name: ids, in: query, schema: {{type: array, items: {{type: integer}}}}{style}}}\n      responses:\n        '200': {{description: ok}}\n")
    };
    assert!(
        check(&csv, &v3(", explode: false")).is_empty(),
        "{:?}",
        check(&csv, &v3(", explode: false"))
    );
    assert!(
        check(&multi, &v3("")).is_empty(),
        "{:?}",
        check(&multi, &v3(""))
    );
    assert_eq!(breaking(&csv, &v3("")).len(), 1);
    // A scalar parameter's style does not matter.
    let scalar =
        |style: &str| v3(style).replace("{type: array, items: {type: integer}}", "{type: integer}");
    assert!(check(&scalar(""), &scalar(", explode: false")).is_empty());
}

#[test]
fn issue_13_base_path_host_and_servers_changes_are_reported() {
    let param = "{name: q, in: query, type: string}";
    let v1 = swagger(param, "host: api.example.com\nbasePath: /v1\n");
    let v2 = swagger(param, "host: api.example.com\nbasePath: /v2\n");
    assert_eq!(
        breaking(&v1, &v2),
        ["OAS054 the API's base path changed from `/v1` to `/v2`: every operation moved"]
    );
    let moved = swagger(param, "host: api.example.org\nbasePath: /v1\n");
    assert_eq!(
        breaking(&v1, &moved),
        ["OAS055 server `https://api.example.com/v1` was removed"]
    );
    // 3.x servers, with variables; an added server is info.
    let v3 = |servers: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers:\n{servers}paths: {{}}\n"
        )
    };
    let one = v3("  - url: 'https://{region}.example.com/api/{version}'\n    variables:\n      region: {default: eu}\n      version: {default: v1}\n");
    let two =
        v3("  - url: https://eu.example.com/api/v1/\n  - url: https://us.example.com/api/v1\n");
    assert!(
        breaking(&one, &two).is_empty(),
        "{:?}",
        breaking(&one, &two)
    );
    assert_eq!(
        check(&one, &two),
        ["OAS108 server `https://us.example.com/api/v1` was added"]
    );
    let v2 = v3("  - url: https://eu.example.com/api/v2\n");
    assert_eq!(breaking(&one, &v2).len(), 1, "{:?}", breaking(&one, &v2));
    assert!(breaking(&one, &v2)[0].starts_with("OAS054"));
    // Swagger 2.0 and its 3.0 translation agree.
    let v30 = v3("  - url: https://api.example.com/v1\n");
    let v20 = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\nbasePath: /v1\npaths: {}\n";
    assert!(check(v20, &v30).is_empty(), "{:?}", check(v20, &v30));
}

// ------------------------------------------------------------------ item 8

fn secured(op_security: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /users:\n    get:\n      security: {op_security}\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  securitySchemes:\n    oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://a.example/t', scopes: {{r: r}}}}}}}}\n    key: {{type: apiKey, in: header, name: X-Key}}\n")
}

#[test]
fn issue_13_removing_the_only_accepted_security_scheme_is_an_error() {
    let found = findings(&secured("[{key: []}]"), &secured("[{oauth: [r]}]"));
    let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.level == Level::Error).collect();
    assert_eq!(errors.len(), 1, "{found:?}");
    assert_eq!(errors[0].code, "OAS052");
    assert_eq!(
        errors[0].message,
        "`GET /users`: no security scheme the operation accepted is accepted any more: `key` removed; now accepted: `oauth[r]`"
    );
    // Removing one of two alternatives stays a warning (OAS050), as does narrowing scopes.
    let some = breaking(
        &secured("[{key: []}, {oauth: [r]}]"),
        &secured("[{oauth: [r]}]"),
    );
    assert_eq!(some.len(), 1);
    assert!(some[0].starts_with("OAS050"), "{some:?}");
}

// ------------------------------------------------------------------ item 4

/// Three operations (two of them with two media types) using `Customer`.
fn shared(email_type: &str, status_enum: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:
  /customers:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{$ref: '#/components/schemas/Customer'}}}}
            application/xml:
              schema: {{type: array, items: {{$ref: '#/components/schemas/Customer'}}}}
  /customers/{{id}}:
    get:
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Customer'}}
  /orders/{{id}}:
    get:
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  customer: {{$ref: '#/components/schemas/Customer'}}
components:
  schemas:
    Customer:
      type: object
      properties:
        email: {{type: {email_type}}}
        status: {{type: string, enum: [{status_enum}]}}
"
    )
}

#[test]
fn issue_13_one_change_to_a_shared_component_is_one_finding() {
    let found = findings(&shared("string", "a, b"), &shared("integer", "a, b, c"));
    let breaking: Vec<&Diagnostic> = found.iter().filter(|d| d.level > Level::Info).collect();
    let summary: Vec<String> = breaking
        .iter()
        .map(|d| format!("{} {} ×{}", d.code, d.message, d.weight()))
        .collect();
    assert_eq!(
        summary,
        [
            "OAS015 `Customer.email` type changed from `string` to `integer` ×4",
            "OAS018 `Customer.status` enum value `c` was added ×4",
        ],
        "{found:#?}"
    );
    // Every occurrence is kept as data: operation, media type and property path.
    let group = breaking[0];
    let places: Vec<&str> = group
        .occurrences()
        .iter()
        .map(|o| o.message.as_str())
        .collect();
    assert_eq!(
        places,
        [
            "`GET /customers`: response property `[].email` (200, application/json) type changed from `string` to `integer`",
            "`GET /customers`: response property `[].email` (200, application/xml) type changed from `string` to `integer`",
            "`GET /customers/{id}`: response property `email` (200, application/json) type changed from `string` to `integer`",
            "`GET /orders/{id}`: response property `customer.email` (200, application/json) type changed from `string` to `integer`",
        ]
    );
    assert_eq!(
        group.occurrences()[3].properties.get("path"),
        Some("/orders/{id}")
    );
    assert_eq!(group.properties.get("method"), Some("GET"));
    assert_eq!(group.properties.get("path"), None);
    assert_eq!(
        group.location.pointer.as_deref(),
        Some("/components/schemas/Customer/properties/email")
    );
    // Ungrouped, they are the four findings an ungrouped diff reported.
    assert_eq!(group.clone().ungroup().len(), 4);
    // A change reached from one place only stays an ordinary finding.
    let single = findings(&shared("string", "a"), &shared("string", "a"));
    assert!(single.is_empty());
}
