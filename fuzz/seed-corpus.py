#!/usr/bin/env python3
"""Write the seed corpora under fuzz/corpus/ from the repository's own test
fixtures (small, real inputs). Run from anywhere; it only adds files, so the
inputs that fuzzing runs found and kept (minimised with `cargo fuzz cmin`)
stay. Seeds are named `seed-<origin>`."""

import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX = 8 * 1024  # bytes per seed: small inputs fuzz fastest


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX:
        return
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + name.replace("/", "_"))).write_bytes(data)


def rel(p):
    return str(p.relative_to(ROOT))


# SQL: every rule's bad/good/history example and the tool-layout fixtures.
for p in sorted((ROOT / "migrations-lint/examples").glob("*/*.sql")):
    put("sql_lint", rel(p), p.read_bytes())
for p in sorted((ROOT / "tests/fixtures/migrations").rglob("*.sql"))[:40]:
    put("sql_lint", rel(p), p.read_bytes())
# History then change: two files cut by NUL, as the target reads them.
for d in sorted((ROOT / "migrations-lint/examples").glob("*")):
    h, b = d / "history.sql", d / "bad.sql"
    if h.exists() and b.exists():
        put("sql_lint", rel(d) + "-history+bad", h.read_bytes() + b"\0" + b.read_bytes())

# OpenAPI: every rule's base/revision pair, as YAML and as JSON.
try:
    import yaml
except ImportError:
    yaml = None
docs = sorted((ROOT / "rules/tests/fixtures/diff").rglob("*.yaml")) + sorted(
    (ROOT / "rules/tests/fixtures/diff").rglob("*.json")
)
docs += [ROOT / "tests/fixtures/pacts/users-openapi.yaml"]
for p in docs:
    put("openapi_load", rel(p), p.read_bytes())
    if yaml is not None and p.suffix == ".yaml":
        try:
            put("openapi_load", rel(p) + ".json",
                json.dumps(yaml.safe_load(p.read_text()), indent=1, default=str))
        except Exception:
            pass
for d in sorted((ROOT / "rules/tests/fixtures/diff").glob("*")):
    base, rev = d / "base.yaml", d / "revision.yaml"
    if base.exists() and rev.exists():
        put("openapi_diff", rel(d), base.read_bytes() + b"\0" + rev.read_bytes())

# Pacts: the example and fixture pacts, and each specification case turned
# into a pact of two interactions (expected, actual) in the v2, v3 and v4 forms.
pacts = [
    "examples/orders/pacts/orders-payments.json",
    "examples/checkout-ui/pacts/checkout-ui-orders.json",
    "rules/tests/fixtures/pacts/sample-pact-v4.json",
    "tests/fixtures/pacts/checkout-ui-users.json",
]
for p in pacts:
    put("pact_load", p, (ROOT / p).read_bytes())

cases = []
for p in sorted((ROOT / "rules/tests/fixtures/pact-spec").rglob("*.json")):
    parts = p.relative_to(ROOT / "rules/tests/fixtures/pact-spec").parts
    cases.append((parts[0], parts[1], rel(p), json.loads(p.read_text(encoding="utf-8-sig"))))
for c in json.loads((ROOT / "rules/tests/fixtures/pact-extra/cases.json").read_text()):
    cases.append((c["version"], c["kind"], "pact-extra-" + c["comment"][:40], c))
random.Random(10).shuffle(cases)
for version, kind, name, case in cases[:150]:
    put("pact_match", name, json.dumps({"expected": case["expected"], "actual": case["actual"]}))
spec = {"v1": "1.0.0", "v1.1": "1.1.0", "v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}
for version, kind, name, case in cases[:80]:
    if kind == "message":
        continue
    other = {"request": {"method": "GET", "path": "/"}, "response": {"status": 200}}
    inter = []
    for side in ("expected", "actual"):
        parts = dict(other)
        parts[kind] = case[side]
        item = {"description": side, "request": parts["request"], "response": parts["response"]}
        if version == "v4":
            item["type"] = "Synchronous/HTTP"
        inter.append(item)
    pact = {
        "consumer": {"name": "C"},
        "provider": {"name": "P"},
        "interactions": inter,
        "metadata": {"pactSpecification": {"version": spec.get(version, "3.0.0")}},
    }
    put("pact_load", name, json.dumps(pact, indent=1))

# The broker's nested queries, as the Pact CLI and shipgate send them.
for i, q in enumerate([
    "q[][pacticipant]=A&q[][version]=1.0.0&q[][pacticipant]=B&q[][latest]=true&latestby=cvpv",
    "q%5B%5D%5Bpacticipant%5D=My%20App&q%5B%5D%5Bversion%5D=1%2B2",
    "q[][pacticipant]=Foo&q[][latest]=true&q[][tag]=prod&latestby=cvp&limit=100",
    "pacticipant=Foo&version=1&environment=production&ignore[][pacticipant]=C",
    "ignore[]=Bar&ignore[]=Baz&q[][pacticipant]=Foo&q[][branch]=main",
    "q[][pacticipant]=A&q[][mainBranch]=true&latest=true&to=prod&toEnvironment=production",
]):
    put("nested_query", f"query-{i}", q)
