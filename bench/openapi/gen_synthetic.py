#!/usr/bin/env python3
"""Generate a synthetic OpenAPI 3.0 base/revision pair of a given size.

Usage: gen_synthetic.py SCALE OUT_DIR

SCALE 1 gives 100 paths (200 operations) and 150 component schemas; SCALE N
multiplies both by N. Schemas reference each other (including cycles) within
clusters of 10, as resources in a real API do, so what one operation reaches
does not grow with the document. The revision changes two fields in one schema
per 10 and removes one operation per 50, so the number of findings grows
linearly with the size.
"""
import json
import sys


def schema(i, n, changed):
    base = i - i % 10
    nxt = base + (i + 1) % 10
    other = base + (i * 7 + 3) % 10
    if nxt >= n or other >= n:
        nxt = other = i
    props = {
        "id": {"type": "string"},
        "amount": {"type": "integer", "minimum": 0},
        "status": {"type": "string", "enum": ["active", "inactive"]},
        "next": {"$ref": f"#/components/schemas/S{nxt}"},
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/S{other}"}},
        "meta": {"type": "object", "properties": {"created": {"type": "string", "format": "date-time"}}},
    }
    if changed and i % 10 == 0:
        props["amount"] = {"type": "number", "minimum": 0}
        props["status"]["enum"] = ["active", "inactive", "archived"]
    return {"type": "object", "required": ["id", "status"], "properties": props}


def doc(scale, revision):
    n_paths = 100 * scale
    n_schemas = 150 * scale
    paths = {}
    for p in range(n_paths):
        s = p % n_schemas
        item = {
            "get": {
                "operationId": f"get{p}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/S{s}"}}}},
                    "404": {"description": "not found"},
                },
            },
            "post": {
                "operationId": f"post{p}",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/S{(s + 1) % n_schemas}"}}}},
                "responses": {"201": {"description": "created"}},
            },
        }
        if revision and p % 50 == 0:
            del item["post"]
        paths[f"/resources{p}/{{id}}"] = item
    schemas = {f"S{i}": schema(i, n_schemas, revision) for i in range(n_schemas)}
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Synthetic x{scale}", "version": "2.0.0" if revision else "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def main():
    scale = int(sys.argv[1])
    out = sys.argv[2]
    for name, rev in (("base", False), ("revision", True)):
        with open(f"{out}/synthetic-x{scale}-{name}.json", "w") as f:
            json.dump(doc(scale, rev), f, indent=1)


if __name__ == "__main__":
    main()
