#!/usr/bin/env python3
"""Compare the findings of two `lint-migrations --format json` outputs.

Usage: compare-findings.py BEFORE.json AFTER.json

Each finding is keyed by (file, line, column, code, level, message, help, notes,
properties); MIG038's message is compared without its wording (only its
presence at that place). Prints the count per code in each, and the findings
only in one of them (at most 20 of each). Exit 0 when they are the same.
"""
import collections
import json
import sys


def findings(path):
    doc = json.load(open(path))
    diags = doc["diagnostics"] if isinstance(doc, dict) else doc
    out = collections.Counter()
    for d in diags:
        loc = d.get("location") or {}
        start = (loc.get("span") or {}).get("start") or {}
        msg = d.get("message", "")
        if d["code"] == "MIG038":
            msg = "<MIG038 wording>"
        key = (
            loc.get("file"),
            start.get("line"),
            start.get("column"),
            d["code"],
            d["level"],
            msg,
            d.get("help"),
            json.dumps(d.get("notes"), sort_keys=True),
            json.dumps(d.get("properties"), sort_keys=True),
            json.dumps(d.get("related"), sort_keys=True),
        )
        out[key] += 1
    return out


def main():
    before, after = findings(sys.argv[1]), findings(sys.argv[2])
    codes_b = collections.Counter()
    codes_a = collections.Counter()
    for k, n in before.items():
        codes_b[k[3]] += n
    for k, n in after.items():
        codes_a[k[3]] += n
    print(f"findings: before {sum(before.values())}, after {sum(after.values())}")
    for code in sorted(set(codes_b) | set(codes_a)):
        mark = "" if codes_b[code] == codes_a[code] else "   <- differs"
        print(f"  {code}: {codes_b[code]} -> {codes_a[code]}{mark}")
    only_b = before - after
    only_a = after - before
    for label, diff in (("only before", only_b), ("only after", only_a)):
        if diff:
            print(f"{label}: {sum(diff.values())}")
            for k in list(diff)[:20]:
                print("  ", k[:6])
    if only_b or only_a:
        sys.exit(1)
    print("same findings")


if __name__ == "__main__":
    main()
