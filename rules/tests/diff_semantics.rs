//! Semantics of `shipgate diff` on small inline documents: the five classic
//! breaks, direction sensitivity, and the refactors that must not be reported.

use chrono::NaiveDate;
use shipgate_diagnostics::{Diagnostic, Level};
use shipgate_rules::openapi::{diff, load_str, DiffOptions};

fn opts() -> DiffOptions {
    DiffOptions::new(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
}

/// All findings (info included) as `CODE message` lines.
fn check(base: &str, rev: &str) -> Vec<String> {
    let b = load_str("base.yaml", base).unwrap_or_else(|e| panic!("{e}"));
    let r = load_str("revision.yaml", rev).unwrap_or_else(|e| panic!("{e}"));
    diff(&b, &r, &opts())
        .iter()
        .map(|d: &Diagnostic| format!("{} {}", d.code, d.message))
        .collect()
}

/// Only warning and error findings.
fn breaking(base: &str, rev: &str) -> Vec<String> {
    let b = load_str("base.yaml", base).unwrap();
    let r = load_str("revision.yaml", rev).unwrap();
    diff(&b, &r, &opts())
        .iter()
        .filter(|d| d.level > Level::Info)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// One operation `POST /things` whose request body and 200 response use `schema_req` / `schema_resp`.
fn api(schema_req: &str, schema_resp: &str) -> String {
    let ind = |s: &str, n: usize| {
        s.trim_matches('\n')
            .lines()
            .map(|l| format!("{}{l}\n", " ".repeat(n)))
            .collect::<String>()
    };
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n{}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{}",
        ind(schema_req, 14),
        ind(schema_resp, 16)
    )
}

const OBJ: &str = "type: object\nproperties:\n  id:\n    type: integer\n";

#[test]
fn five_classic_breaks() {
    let base = r"
openapi: 3.0.3
info: {title: Users, version: 1.0.0}
paths:
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: status, in: query, schema: {type: string, enum: [active, suspended]}}
      responses:
        '200':
          description: The user.
          content:
            application/json:
              schema:
                type: object
                required: [id, email, name]
                properties:
                  id: {type: integer}
                  email: {type: string}
                  name: {type: string}
                  state: {type: string, enum: [active, suspended]}
";
    let rev = r"
openapi: 3.0.3
info: {title: Users, version: 1.0.0}
paths:
  /users/{userId}:
    get:
      parameters:
        - {name: userId, in: path, required: true, schema: {type: string}}
        - {name: status, in: query, schema: {type: string, enum: [active]}}
        - {name: tenant, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: The user.
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: {type: string}
                  name: {type: string}
                  state: {type: string, enum: [active, suspended, banned]}
";
    let found = breaking(base, rev);
    let expect = [
        "OAS029 `GET /users/{userId}`: response property `email` (200, application/json) was removed",
        "OAS010 `GET /users/{userId}`: new required query parameter `tenant` was added",
        "OAS015 `GET /users/{userId}`: response property `id` (200, application/json) type changed from `integer` to `string`",
        "OAS016 `GET /users/{userId}`: query parameter `status` enum value `suspended` was removed",
        "OAS018 `GET /users/{userId}`: response property `state` (200, application/json) enum value `banned` was added",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f == e),
            "missing {e}\nfound:\n{}",
            found.join("\n")
        );
    }
    assert_eq!(found.len(), expect.len(), "{}", found.join("\n"));
}

#[test]
fn enums_depend_on_direction() {
    let small = "type: string\nenum: [a, b]\n";
    let big = "type: string\nenum: [a, b, c]\n";
    // Adding a value: fine in a request, breaking in a response.
    assert_eq!(
        breaking(&api(small, small), &api(big, big)),
        ["OAS018 `POST /things`: response body (200, application/json) enum value `c` was added"]
    );
    // Removing a value: breaking in a request, fine in a response.
    assert_eq!(
        breaking(&api(big, big), &api(small, small)),
        ["OAS016 `POST /things`: request body (application/json) enum value `c` was removed"]
    );
    // x-extensible-enum: new response values are expected by clients.
    let ext = |vals: &str| format!("type: string\nx-extensible-enum: [{vals}]\n");
    assert!(breaking(&api(&ext("a"), &ext("a")), &api(&ext("a"), &ext("a, b"))).is_empty());
}

#[test]
fn one_of_branches_depend_on_direction() {
    let two = "oneOf:\n  - {type: object, title: Card, properties: {n: {type: string}}}\n  - {type: object, title: Bank, properties: {iban: {type: string}}}\n";
    let three = "oneOf:\n  - {type: object, title: Card, properties: {n: {type: string}}}\n  - {type: object, title: Bank, properties: {iban: {type: string}}}\n  - {type: object, title: Wallet, properties: {w: {type: string}}}\n";
    assert_eq!(
        breaking(&api(two, two), &api(three, three)),
        ["OAS033 `POST /things`: response body (200, application/json) `oneOf` alternative `Wallet` was added"]
    );
    assert_eq!(
        breaking(&api(three, three), &api(two, two)),
        ["OAS032 `POST /things`: request body (application/json) `oneOf` alternative `Wallet` was removed"]
    );
}

#[test]
fn required_depends_on_direction() {
    let opt = "type: object\nproperties:\n  a: {type: string}\n";
    let req = "type: object\nrequired: [a]\nproperties:\n  a: {type: string}\n";
    assert_eq!(
        breaking(&api(opt, opt), &api(req, req)),
        ["OAS027 `POST /things`: request property `a` (application/json) became required"]
    );
    assert_eq!(
        breaking(&api(req, req), &api(opt, opt)),
        ["OAS031 `POST /things`: response property `a` (200, application/json) became optional"]
    );
}

#[test]
fn nullable_depends_on_direction_and_both_spellings_agree() {
    let plain = "type: string\n";
    let nullable30 = "type: string\nnullable: true\n";
    assert_eq!(
        breaking(&api(plain, plain), &api(nullable30, nullable30)),
        ["OAS025 `POST /things`: response body (200, application/json) became nullable"]
    );
    assert_eq!(
        breaking(&api(nullable30, nullable30), &api(plain, plain)),
        ["OAS024 `POST /things`: request body (application/json) no longer accepts null"]
    );
    // 3.0 `nullable: true` and 3.1 `type: [string, "null"]` mean the same.
    let v31 = api("type: [string, 'null']\n", "type: [string, 'null']\n").replace("3.0.3", "3.1.0");
    assert!(
        check(&api(nullable30, nullable30), &v31).is_empty(),
        "{:?}",
        check(&api(nullable30, nullable30), &v31)
    );
}

#[test]
fn exclusive_bounds_in_both_spellings_agree() {
    let v30 = api("type: number\nminimum: 0\nexclusiveMinimum: true\n", OBJ);
    let v31 = api("type: number\nexclusiveMinimum: 0\n", OBJ).replace("3.0.3", "3.1.0");
    assert!(check(&v30, &v31).is_empty(), "{:?}", check(&v30, &v31));
    // Dropping exclusivity loosens a response bound.
    let r1 = api(OBJ, "type: number\nminimum: 0\nexclusiveMinimum: true\n");
    let r2 = api(OBJ, "type: number\nminimum: 0\n");
    assert_eq!(
        breaking(&r1, &r2),
        ["OAS021 `POST /things`: response body (200, application/json) minimum decreased from 0 (exclusive) to 0"]
    );
}

#[test]
fn refactors_are_not_changes() {
    // Moving an inline schema into components, behind a $ref chain.
    let inline = api(OBJ, OBJ);
    let moved = api("$ref: '#/components/schemas/Thing'\n", "$ref: '#/components/schemas/Alias'\n")
        + "components:\n  schemas:\n    Alias:\n      $ref: '#/components/schemas/Thing'\n    Thing:\n      type: object\n      properties:\n        id:\n          type: integer\n";
    assert!(
        check(&inline, &moved).is_empty(),
        "{:?}",
        check(&inline, &moved)
    );
    // Splitting a schema into allOf parts.
    let split = api(
        "allOf:\n  - type: object\n  - properties:\n      id: {type: integer}\n",
        "allOf:\n  - {$ref: '#/components/schemas/Base'}\n",
    ) + "components:\n  schemas:\n    Base:\n      type: object\n      properties:\n        id: {type: integer}\n";
    assert!(
        check(&inline, &split).is_empty(),
        "{:?}",
        check(&inline, &split)
    );
    // A property moved into an allOf member is not removed (oasdiff#766).
    let flat = api(OBJ, "type: object\nrequired: [id, name]\nproperties:\n  id: {type: integer}\n  name: {type: string}\n");
    let nested = api(OBJ, "allOf:\n  - type: object\n    required: [id]\n    properties:\n      id: {type: integer}\n  - type: object\n    required: [name]\n    properties:\n      name: {type: string}\n");
    assert!(
        check(&flat, &nested).is_empty(),
        "{:?}",
        check(&flat, &nested)
    );
}

#[test]
fn path_parameter_renames_and_header_case_are_not_changes() {
    let doc = |path: &str, header: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n      parameters:\n        - {{name: {}, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {header}, in: header, required: true, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          headers:\n            {header}:\n              required: true\n              schema: {{type: string}}\n",
            path.trim_start_matches("/users/{").trim_end_matches('}'))
    };
    let a = doc("/users/{id}", "X-Request-Id");
    let b = doc("/users/{userId}", "x-request-id");
    assert!(check(&a, &b).is_empty(), "{:?}", check(&a, &b));
}

#[test]
fn read_only_properties_are_not_part_of_requests() {
    let base = api("type: object\nproperties:\n  id: {type: integer, readOnly: true}\n  name: {type: string}\n", OBJ);
    let rev = api("type: object\nrequired: [id]\nproperties:\n  id: {type: string, readOnly: true}\n  name: {type: string}\n", OBJ);
    assert!(
        breaking(&base, &rev).is_empty(),
        "{:?}",
        breaking(&base, &rev)
    );
    let wbase = api(OBJ, "type: object\nproperties:\n  password: {type: string, writeOnly: true}\n  id: {type: integer}\n");
    let wrev = api(OBJ, "type: object\nproperties:\n  id: {type: integer}\n");
    assert!(
        breaking(&wbase, &wrev).is_empty(),
        "{:?}",
        breaking(&wbase, &wrev)
    );
}

#[test]
fn recursive_schemas_terminate_and_still_compare() {
    let tree = |t: &str| {
        api("$ref: '#/components/schemas/Node'\n", "$ref: '#/components/schemas/Node'\n")
            + &format!("components:\n  schemas:\n    Node:\n      type: object\n      properties:\n        value: {{type: {t}}}\n        children:\n          type: array\n          items: {{$ref: '#/components/schemas/Node'}}\n        parent: {{$ref: '#/components/schemas/Node'}}\n")
    };
    assert!(check(&tree("integer"), &tree("integer")).is_empty());
    let found = breaking(&tree("integer"), &tree("string"));
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("OAS014") && f.contains("`value`")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("OAS015") && f.contains("`value`")),
        "{found:?}"
    );
}

#[test]
fn swagger_2_is_converted() {
    let v2 = |t: &str| {
        format!(
        "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths:\n  /pets:\n    post:\n      parameters:\n        - {{name: limit, in: query, type: integer, maximum: 10}}\n        - name: body\n          in: body\n          required: true\n          schema: {{$ref: '#/definitions/Pet'}}\n      responses:\n        '200':\n          description: ok\n          schema: {{$ref: '#/definitions/Pet'}}\ndefinitions:\n  Pet:\n    type: object\n    required: [name]\n    properties:\n      name: {{type: {t}}}\n"
    )
    };
    assert!(check(&v2("string"), &v2("string")).is_empty());
    let found = breaking(&v2("string"), &v2("integer"));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("request property `name` (application/json) type changed"),
        "{found:?}"
    );
    // A 2.0 document compares equal to its 3.0 equivalent.
    let v3 = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer, maximum: 10}}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n";
    assert!(
        check(&v2("string"), v3).is_empty(),
        "{:?}",
        check(&v2("string"), v3)
    );
}

#[test]
fn findings_in_a_converted_swagger_document_point_at_its_lines() {
    let base = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema:\n            type: object\n            properties:\n              name: {type: string}\n";
    let rev = base.replace("name: {type: string}", "name: {type: integer}");
    let b = load_str("base.yaml", base).unwrap();
    let r = load_str("revision.yaml", &rev).unwrap();
    let found = diff(&b, &r, &opts());
    assert_eq!(found.len(), 1);
    let loc = &found[0].location;
    assert_eq!(loc.span.unwrap().start.line, 12, "{loc:?}");
    assert_eq!(
        loc.pointer.as_deref(),
        Some("/paths/~1pets/get/responses/200/schema/properties/name")
    );
}

#[test]
fn deprecation_lifecycle() {
    let doc = |extra: &str, with_delete: bool| {
        let mut s = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n".to_owned();
        if with_delete {
            s.push_str(&format!(
                "    delete:\n{extra}      responses:\n        '204': {{description: ok}}\n"
            ));
        }
        s
    };
    let gone = doc("", false);
    // Not deprecated: removal breaks.
    assert!(breaking(&doc("", true), &gone)[0].starts_with("OAS001"));
    // Deprecated without sunset: still breaks.
    assert!(breaking(&doc("      deprecated: true\n", true), &gone)[0].starts_with("OAS001"));
    // Sunset in the future: removed before sunset.
    let future = doc(
        "      deprecated: true\n      x-sunset: '2027-01-01'\n",
        true,
    );
    assert!(breaking(&future, &gone)[0].starts_with("OAS002"));
    // Sunset passed (RFC 8594 HTTP-date form): info only.
    let past = doc(
        "      deprecated: true\n      x-sunset: 'Sat, 31 Jan 2026 00:00:00 GMT'\n",
        true,
    );
    assert!(breaking(&past, &gone).is_empty());
    assert!(check(&past, &gone)[0].starts_with("OAS102"));
    // Draft operations are reported at info level.
    let draft = doc("      x-stability-level: draft\n", true);
    assert!(breaking(&draft, &gone).is_empty());
    assert!(check(&draft, &gone)[0].starts_with("OAS001"));
}

/// A webhook whose payload (request body) and 200 reply (response body) use the given schemas.
fn webhook_api(payload: &str, reply: &str) -> String {
    let ind = |s: &str, n: usize| {
        s.trim_matches('\n')
            .lines()
            .map(|l| format!("{}{l}\n", " ".repeat(n)))
            .collect::<String>()
    };
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nwebhooks:\n  thingCreated:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n{}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{}",
        ind(payload, 14),
        ind(reply, 16)
    )
}

#[test]
fn webhook_directions_are_reversed() {
    let status = |values: &str| {
        format!("type: object\nproperties:\n  status:\n    type: string\n    enum: [{values}]\n")
    };
    // A new enum value in the payload the API sends breaks consumers (like a response)...
    let found = breaking(
        &webhook_api(&status("a"), &status("a")),
        &webhook_api(&status("a, b"), &status("a")),
    );
    assert_eq!(
        found,
        ["OAS018 `POST webhook thingCreated`: webhook payload property `status` (application/json) enum value `b` was added"]
    );
    // ...and a removed one does not.
    assert!(breaking(
        &webhook_api(&status("a, b"), &status("a")),
        &webhook_api(&status("a"), &status("a")),
    )
    .is_empty());
    // Narrowing what the API accepts back from consumers breaks them (like a request).
    let found = breaking(
        &webhook_api(&status("a"), &status("a, b")),
        &webhook_api(&status("a"), &status("a")),
    );
    assert_eq!(
        found,
        ["OAS016 `POST webhook thingCreated`: consumer reply property `status` (200, application/json) enum value `b` was removed"]
    );
    // A payload property the consumer reads was removed.
    let found = breaking(
        &webhook_api(OBJ, &status("a")),
        &webhook_api("type: object\n", &status("a")),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("webhook payload property `id`"),
        "{found:?}"
    );
    // Unchanged webhooks produce nothing.
    let same = webhook_api(OBJ, &status("a"));
    assert!(check(&same, &same).is_empty());
}

/// A webhook `thingCreated` that sends the given `parameters:` entries (YAML list items,
/// unindented) and documents the given reply statuses.
fn webhook_with(params: &str, statuses: &[&str]) -> String {
    let params: String = params
        .trim_matches('\n')
        .lines()
        .map(|l| format!("        {l}\n"))
        .collect();
    let replies: String = statuses
        .iter()
        .map(|s| format!("        '{s}':\n          description: ok\n"))
        .collect();
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nwebhooks:\n  thingCreated:\n    post:\n      parameters:\n{params}      responses:\n{replies}"
    )
}

#[test]
fn webhook_headers_are_compared_like_response_headers() {
    let sig = "- {name: X-Signature, in: header, required: true, schema: {type: string}}\n";
    let opt_sig = "- {name: X-Signature, in: header, schema: {type: string}}\n";
    let event = "- {name: X-Event-Type, in: header, schema: {type: string, enum: [created]}}\n";
    let event2 =
        "- {name: X-Event-Type, in: header, schema: {type: string, enum: [created, deleted]}}\n";
    let ok = ["200"];
    // A required header the API stopped sending breaks consumers that verify it...
    assert_eq!(
        breaking(&webhook_with(sig, &ok), &webhook_with(event, &ok)),
        ["OAS041 `POST webhook thingCreated`: webhook header `X-Signature` was removed"]
    );
    // ...an optional one is a warning...
    assert_eq!(
        breaking(
            &webhook_with(&format!("{sig}{event}"), &ok),
            &webhook_with(sig, &ok)
        ),
        ["OAS042 `POST webhook thingCreated`: webhook header `X-Event-Type` was removed"]
    );
    // ...and so is a header that may now be missing (matched case-insensitively).
    let lower = opt_sig.replace("X-Signature", "x-signature");
    assert_eq!(
        breaking(&webhook_with(sig, &ok), &webhook_with(&lower, &ok)),
        ["OAS031 `POST webhook thingCreated`: webhook header `x-signature` became optional"]
    );
    // The reversed directions are info: a new header, a header that became required.
    for (b, r) in [(sig, &format!("{sig}{event}")[..]), (opt_sig, sig)] {
        let (b, r) = (webhook_with(b, &ok), webhook_with(r, &ok));
        assert!(breaking(&b, &r).is_empty(), "{:?}", breaking(&b, &r));
        assert_eq!(check(&b, &r).len(), 1, "{:?}", check(&b, &r));
        assert!(
            check(&b, &r)[0].starts_with("OAS106"),
            "{:?}",
            check(&b, &r)
        );
    }
    // A header's values are what the API sends: a new enum value breaks consumers
    // (like a response), a removed one does not.
    assert_eq!(
        breaking(&webhook_with(event, &ok), &webhook_with(event2, &ok)),
        ["OAS018 `POST webhook thingCreated`: webhook header `X-Event-Type` enum value `deleted` was added"]
    );
    assert!(breaking(&webhook_with(event2, &ok), &webhook_with(event, &ok)).is_empty());
    let same = webhook_with(&format!("{sig}{event}"), &ok);
    assert!(check(&same, &same).is_empty());
}

#[test]
fn webhook_reply_statuses_narrowing_breaks_consumers() {
    let sig = "- {name: X-Signature, in: header, required: true, schema: {type: string}}\n";
    let wh = |statuses: &[&str]| webhook_with(sig, statuses);
    // Consumers replying 204 are now treated as failures.
    assert_eq!(
        breaking(&wh(&["200", "204"]), &wh(&["200"])),
        ["OAS051 `POST webhook thingCreated`: consumer reply status 204 is no longer documented as accepted"]
    );
    // A `2XX` range narrowed to single statuses narrows too.
    let found = breaking(&wh(&["2XX"]), &wh(&["200", "204"]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("OAS051"), "{found:?}");
    // Widening what the API accepts, or a status still covered by a range, is info.
    for (b, r) in [
        (&["200"][..], &["200", "204"][..]),
        (&["200", "204"][..], &["2xx"][..]),
        (&["200", "500"][..], &["200"][..]),
    ] {
        let (b, r) = (wh(b), wh(r));
        assert!(breaking(&b, &r).is_empty(), "{:?}", breaking(&b, &r));
        assert!(!check(&b, &r).is_empty());
    }
    let same = wh(&["200", "204"]);
    assert!(check(&same, &same).is_empty());
}

#[test]
fn not_schemas_depend_on_direction_and_ignore_ref_moves() {
    let not_enum = |values: &str| {
        format!("type: object\nproperties:\n  name:\n    type: string\n    not:\n      enum: [{values}]\n")
    };
    let codes = |b: &str, r: &str| -> Vec<String> {
        check(b, r)
            .into_iter()
            .map(|l| l.split(' ').next().unwrap_or("").to_owned())
            .collect()
    };
    // The exclusion grows: the request narrows (breaking), the response narrows (compatible).
    let (b, r) = (not_enum("admin"), not_enum("admin, root"));
    assert_eq!(codes(&api(&b, OBJ), &api(&r, OBJ)), ["OAS048"]);
    assert_eq!(codes(&api(OBJ, &b), &api(OBJ, &r)), ["OAS106"]);
    // The exclusion shrinks: the response widens (breaking), the request widens (compatible).
    assert_eq!(codes(&api(OBJ, &r), &api(OBJ, &b)), ["OAS049"]);
    assert_eq!(codes(&api(&r, OBJ), &api(&b, OBJ)), ["OAS105"]);
    // Moving the excluded schema into components is not a change.
    let inline = api(&not_enum("admin"), OBJ);
    let moved = format!(
        "{}components:\n  schemas:\n    Reserved:\n      enum: [admin]\n",
        api(
            "type: object\nproperties:\n  name:\n    type: string\n    not:\n      $ref: '#/components/schemas/Reserved'\n",
            OBJ
        )
    );
    assert!(
        check(&inline, &moved).is_empty(),
        "{:?}",
        check(&inline, &moved)
    );
}

#[test]
fn format_additions_and_removals_depend_on_direction() {
    let plain = "type: object\nproperties:\n  at:\n    type: string\n";
    let dated = "type: object\nproperties:\n  at:\n    type: string\n    format: date-time\n";
    let first = |b: &str, r: &str| breaking(b, r);
    assert_eq!(
        first(&api(plain, OBJ), &api(dated, OBJ)),
        ["OAS046 `POST /things`: request property `at` (application/json) got a format `date-time`"]
    );
    assert!(first(&api(dated, OBJ), &api(plain, OBJ)).is_empty());
    assert_eq!(
        first(&api(OBJ, dated), &api(OBJ, plain)),
        ["OAS047 `POST /things`: response property `at` (200, application/json) format `date-time` was removed"]
    );
    assert!(first(&api(OBJ, plain), &api(OBJ, dated)).is_empty());
}

/// `GET /users` with `security` given as YAML flow text (`None`: no `security` key).
fn secured_api(global: Option<&str>, op: Option<&str>) -> String {
    let global = global.map_or(String::new(), |g| format!("security: {g}\n"));
    let op = op.map_or(String::new(), |o| format!("      security: {o}\n"));
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{global}paths:\n  /users:\n    get:\n{op}      responses:\n        '200': {{description: ok}}\ncomponents:\n  securitySchemes:\n    oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: 'https://a.example/t', scopes: {{r: r, w: w}}}}}}}}\n    key: {{type: apiKey, in: header, name: X-Key}}\n"
    )
}

#[test]
fn security_alternatives_are_or_ed_and_only_narrowing_breaks() {
    let op = |s: &str| secured_api(None, Some(s));
    // A new scope on the only alternative rejects tokens without it.
    let narrowed = breaking(&op("[{oauth: [r]}]"), &op("[{oauth: [r, w]}]"));
    assert_eq!(narrowed.len(), 1, "{narrowed:?}");
    assert!(
        narrowed[0].starts_with("OAS050 `GET /users`: clients authenticating with `oauth[r]`"),
        "{narrowed:?}"
    );
    assert!(
        narrowed[0].contains("now accepted: `oauth[r,w]`"),
        "{narrowed:?}"
    );
    // One alternative of two removed: its clients break.
    let removed = breaking(&op("[{oauth: [r]}, {key: []}]"), &op("[{oauth: [r]}]"));
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(removed[0].contains("`key`"), "{removed:?}");
    // A new alternative only widens what is accepted: info.
    let widened = check(&op("[{oauth: [r]}]"), &op("[{oauth: [r]}, {key: []}]"));
    assert!(breaking(&op("[{oauth: [r]}]"), &op("[{oauth: [r]}, {key: []}]")).is_empty());
    assert!(
        widened.iter().any(|f| f.starts_with("OAS104")),
        "{widened:?}"
    );
    // Open → secured breaks anonymous callers, whether the requirement is the
    // operation's own or inherited from the global `security`.
    let open = secured_api(None, None);
    for rev in [op("[{key: []}]"), secured_api(Some("[{key: []}]"), None)] {
        let b = breaking(&open, &rev);
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(
            b[0].starts_with("OAS050 `GET /users`: the operation was open"),
            "{b:?}"
        );
    }
    // An optional-auth operation (`{}` alternative) that drops it: breaks too.
    let b = breaking(&op("[{}, {key: []}]"), &op("[{key: []}]"));
    assert!(
        b.iter()
            .any(|f| f.starts_with("OAS050 `GET /users`: the operation was open")),
        "{b:?}"
    );
    // Dropping security altogether only widens.
    assert!(breaking(&op("[{key: []}]"), &open).is_empty());
    assert!(check(&op("[{key: []}]"), &open)
        .iter()
        .any(|f| f.starts_with("OAS104")));
    // The same requirement written in another order is no change.
    assert!(check(&op("[{oauth: [w, r]}]"), &op("[{oauth: [r, w]}]")).is_empty());
}
