#!/usr/bin/env bash
# Benchmark `shipgate lint-migrations` on 10 MB migrations written on ONE line
# (issue 10, hole 3: time and memory must be linear whatever the line structure).
# Goal: each file in under 2 s and under 200 MB peak RSS. Prints a Markdown table.
#
#   bench/lint-migrations/long-line.sh [SHIPGATE_BIN] [RUNS] [MB]
#
# Three inputs of MB megabytes (default 10), each a single line:
#   seed   - INSERT … VALUES statements (a data dump: no findings)
#   mixed  - the 50,000-statement benchmark's blocks (generate.py), one finding per
#            statement: the densest realistic case
#   ddl-10k - 10,000 of those statements on one line (the case that took 3.5 GB)
# SHIPGATE_BIN defaults to target/release/shipgate. Each row is the best wall time of
# RUNS (default 3) with its CPU time (user+sys) and the peak RSS of all runs, from
# /usr/bin/time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$root/target}/release/shipgate}"
runs="${2:-3}"
mb="${3:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -x "$bin" ] || { echo "no shipgate binary at $bin (cargo build --release -p shipgate-cli)" >&2; exit 2; }

python3 - "$work" "$mb" "$here" <<'EOF'
import sys
sys.path.insert(0, sys.argv[3])
from generate import BLOCK
work, mb = sys.argv[1], int(sys.argv[2])
size = mb * 1024 * 1024

def write(name, piece):
    with open(f"{work}/{name}.sql", "w") as f:
        n, i = 0, 0
        while n < size:
            s = piece(i)
            f.write(s)
            n += len(s)
            i += 1

write("seed", lambda i: f"INSERT INTO settings (key, value, updated_at) VALUES ('feature.{i}', 'on', now()), ('limit.{i}', '{i}', now()); ")
write("mixed", lambda i: BLOCK.format(i=i).replace("\n", " "))
with open(f"{work}/ddl-10k.sql", "w") as f:
    f.write(" ".join(BLOCK.format(i=i).replace("\n", " ") for i in range(1000)))
EOF

echo "Inputs on one line each ($(nproc) CPUs, best of $runs; shipgate: $("$bin" --version))"
echo
echo "| input | size (MB) | lines | statements | findings | wall (s) | CPU user+sys (s) | peak RSS (MB) | exit |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in seed mixed ddl-10k; do
  sql="$work/$name.sql"
  best_wall="" best_cpu="" peak=0 code=""
  for _ in $(seq "$runs"); do
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$bin" lint-migrations --format json "$sql" > "$work/out" 2>/dev/null
    code=$?
    set -e
    read -r wall user sys rss < <(tail -1 "$work/t")
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_cpu=$cpu; fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['diagnostics']))" "$work/out")
  stmts=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['files'][0]['statements'])" "$work/out")
  lines=$(wc -l < "$sql")
  lines=$((lines + 1))
  printf '| %s | %.1f | %s | %s | %s | %s | %.2f | %.1f | %s |\n' "$name" "$(echo "$(stat -c %s "$sql")/1048576" | bc -l)" "$lines" "$stmts" "$findings" "$best_wall" "$best_cpu" "$(echo "$peak/1024" | bc -l)" "$code"
done
