#!/usr/bin/env bash
# Benchmark `shipgate diff --changelog` on real and synthetic OpenAPI pairs and
# print a Markdown table (wall time and peak RSS from /usr/bin/time).
#
#   bench/openapi/run.sh            # shipgate only
#   OPTIC=1 bench/openapi/run.sh    # also @useoptic/optic (npm) on the same pairs
#
# Real pairs are read from $SHIPGATE_BENCH_OPENAPI (default: ../shared/bench/openapi
# next to the repository): stripe-2022-04-07.json, stripe-2022-04-12.json,
# openai-old.json, openai-new.json. They are not vendored (4 MB each).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${SHIPGATE_BENCH_OPENAPI:-$root/../shared/bench/openapi}"
if [[ ! -f "$data/stripe-2022-04-07.json" || ! -f "$data/openai-old.json" ]]; then
  echo "error: the real API documents are not in $data" >&2
  echo "set SHIPGATE_BENCH_OPENAPI to a directory holding stripe-2022-04-07.json, stripe-2022-04-12.json, openai-old.json, openai-new.json" >&2
  exit 2
fi
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --release --quiet -p shipgate-cli)
bin="$target/release/shipgate"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for scale in 1 4 16; do
  python3 "$root/bench/openapi/gen_synthetic.py" "$scale" "$work"
done
cp "$root/rules/tests/fixtures/diff/OAS029/base.yaml" "$work/small-base.yaml"
cp "$root/rules/tests/fixtures/diff/OAS029/revision.yaml" "$work/small-revision.yaml"
runs="${RUNS:-5}"

# measure NAME BASE REV: best wall time and max RSS over $runs runs.
measure() {
  local name="$1" base="$2" rev="$3" best="" cpu="" rss=0 findings=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" diff "$base" "$rev" --changelog --format json --date 2026-06-01 >"$work/out.json" || true
    read -r wall user sys kb < <(tail -1 "$work/time")
    if [[ -z "$best" ]] || awk "BEGIN{exit !($wall < $best)}"; then best="$wall"; fi
    local c; c=$(awk "BEGIN{print $user + $sys}")
    if [[ -z "$cpu" ]] || awk "BEGIN{exit !($c < $cpu)}"; then cpu="$c"; fi
    (( kb > rss )) && rss="$kb"
  done
  findings=$(python3 -c "import json,sys; print(len(json.load(open('$work/out.json'))['diagnostics']))")
  printf '| shipgate | %s | %s | %d ms | %d ms | %d MB | %s |\n' "$name" "$(du -h "$rev" | cut -f1)" \
    "$(awk "BEGIN{print int($best*1000)}")" "$(awk "BEGIN{print int($cpu*1000)}")" "$((rss / 1024))" "$findings"
}

optic() {
  local name="$1" base="$2" rev="$3" limit="${4:-400}"
  local optic_bin="${OPTIC_BIN:-/tmp/optic-bench/node_modules/.bin/optic}"
  if [[ ! -x "$optic_bin" ]]; then
    printf '| optic 1.0.9 | %s | | not installed | | | |\n' "$name"; return
  fi
  cp "$base" "$work/optic-base.${base##*.}"; cp "$rev" "$work/optic-rev.${rev##*.}"
  local status=0
  ( cd "$work" && OPTIC_TELEMETRY_LEVEL=off NO_UPDATE_NOTIFIER=1 /usr/bin/time -f "%e %M" -o "$work/otime" \
      timeout "$limit" "$optic_bin" diff "optic-base.${base##*.}" "optic-rev.${rev##*.}" --check --validation loose >"$work/optic.out" 2>&1 ) || status=$?
  read -r wall kb < <(tail -1 "$work/otime")
  local result="exit $status"
  [[ $status -eq 124 ]] && result="killed after ${limit} s"
  grep -q "Set maximum size exceeded" "$work/optic.out" && result="crashed: Set maximum size exceeded"
  grep -q "heap out of memory" "$work/optic.out" && result="crashed: heap out of memory"
  printf '| optic 1.0.9 | %s | %s | %d ms | | %d MB | %s |\n' "$name" "$(du -h "$rev" | cut -f1)" \
    "$(awk "BEGIN{print int($wall*1000)}")" "$((kb / 1024))" "$result"
}

echo "| tool | pair | revision size | wall (best of $runs) | CPU user+sys (best) | peak RSS | findings / result |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
measure "small (OAS029 example)" "$work/small-base.yaml" "$work/small-revision.yaml"
measure "Stripe 2022-04-07 → 04-12" "$data/stripe-2022-04-07.json" "$data/stripe-2022-04-12.json"
measure "OpenAI old → new" "$data/openai-old.json" "$data/openai-new.json"
for scale in 1 4 16; do
  measure "synthetic ${scale}×" "$work/synthetic-x$scale-base.json" "$work/synthetic-x$scale-revision.json"
done
if [[ "${OPTIC:-0}" == 1 ]]; then
  runs=1
  optic "small (OAS029 example)" "$work/small-base.yaml" "$work/small-revision.yaml" 120
  optic "synthetic 1×" "$work/synthetic-x1-base.json" "$work/synthetic-x1-revision.json" "${OPTIC_LIMIT:-400}"
  optic "Stripe 2022-04-07 → 04-12" "$data/stripe-2022-04-07.json" "$data/stripe-2022-04-12.json" "${OPTIC_LIMIT:-400}"
  optic "OpenAI old → new" "$data/openai-old.json" "$data/openai-new.json" "${OPTIC_LIMIT:-400}"
fi
