#!/usr/bin/env bash
# Benchmark `shipgate lint-migrations` on a generated 50,000-statement migration
# and compare with squawk in the same run. Prints a Markdown table.
#
#   bench/lint-migrations/run.sh [SHIPGATE_BIN] [RUNS]
#
# SHIPGATE_BIN defaults to target/release/shipgate (build it with
# `cargo build --release -p shipgate-cli`). squawk is taken from PATH, or
# installed into a temporary venv with `pip install squawk-cli`.
# Wall time and max RSS come from /usr/bin/time; each row is the best of RUNS (default 3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$root/target}/release/shipgate}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -x "$bin" ] || { echo "no shipgate binary at $bin (cargo build --release -p shipgate-cli)" >&2; exit 2; }
squawk="$(command -v squawk || true)"
if [ -z "$squawk" ]; then
  python3 -m venv "$work/venv" >/dev/null
  "$work/venv/bin/pip" install -q squawk-cli
  squawk="$work/venv/bin/squawk"
fi

sql="$work/bench.sql"
python3 "$here/generate.py" "$sql" 5000
stmts=$(grep -c ';$' "$sql")
size=$(stat -c %s "$sql")

# best-of-N: prints "wall_seconds max_rss_kb output_bytes exit"
measure() {
  local best_wall="" best_rss="" bytes="" code=""
  for _ in $(seq "$runs"); do
    set +e
    /usr/bin/time -f '%e %M' -o "$work/t" "$@" > "$work/out" 2>/dev/null
    code=$?
    set -e
    read -r wall rss < <(tail -1 "$work/t")
    bytes=$(stat -c %s "$work/out")
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_rss=$rss; fi
  done
  echo "$best_wall $best_rss $bytes $code"
}

echo "Input: $stmts statements, $size bytes ($(nproc) CPUs, best of $runs)"
echo "shipgate: $("$bin" --version)   squawk: $("$squawk" --version)"
echo
echo "| tool | command | wall (s) | max RSS (MB) | output (MB) | exit |"
echo "|---|---|---|---|---|---|"
row() {
  local name="$1" label="$2"; shift 2
  read -r wall rss bytes code < <(measure "$@")
  printf '| %s | `%s` | %s | %.1f | %.1f | %s |\n' "$name" "$label" "$wall" "$(echo "$rss/1024" | bc -l)" "$(echo "$bytes/1048576" | bc -l)" "$code"
  echo "$wall" > "$work/wall-$name-${label// /_}"
}
row shipgate "lint-migrations --format json" "$bin" lint-migrations --format json "$sql"
row shipgate "lint-migrations --format text" env NO_COLOR=1 "$bin" lint-migrations --format text "$sql"
row shipgate "lint-migrations --format sarif" "$bin" lint-migrations --format sarif "$sql"
row squawk "--reporter json" "$squawk" --reporter json "$sql"
row squawk "--reporter gcc" "$squawk" --reporter gcc "$sql"
