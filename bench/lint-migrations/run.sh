#!/usr/bin/env bash
# Benchmark `shipgate lint-migrations` on a generated 50,000-statement migration
# and compare with squawk in the same run. Prints a Markdown table.
#
#   bench/lint-migrations/run.sh [SHIPGATE_BIN] [RUNS]
#
# SHIPGATE_BIN defaults to target/release/shipgate (build it with
# `cargo build --release -p shipgate-cli`). squawk is taken from PATH, or
# installed into a temporary venv with `pip install squawk-cli`.
# Wall time, CPU time (user+sys) and max RSS come from /usr/bin/time. The commands run
# round-robin, RUNS rounds (default 3); each column is the best (lowest) value.
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

# The commands, as "name|label|argv…" (argv separated by tabs).
cmds=(
  "shipgate|lint-migrations --format json|$bin	lint-migrations	--format	json	$sql"
  "shipgate|lint-migrations --format text|env	NO_COLOR=1	$bin	lint-migrations	--format	text	$sql"
  "shipgate|lint-migrations --format sarif|$bin	lint-migrations	--format	sarif	$sql"
  "squawk|--reporter json|$squawk	--reporter	json	$sql"
  "squawk|--reporter gcc|$squawk	--reporter	gcc	$sql"
)

# Round-robin: every round runs each command once, so the tools share the
# machine's load alike; each column keeps its best (lowest) value over RUNS rounds.
# Per command: best wall, best CPU (user+sys), and the user/sys of that best-CPU run.
declare -A wall cpu usr sys rss bytes code
for _ in $(seq "$runs"); do
  for c in "${cmds[@]}"; do
    IFS='|' read -r name label argv <<<"$c"
    IFS=$'\t' read -r -a args <<<"$argv"
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "${args[@]}" > "$work/out" 2>/dev/null
    rc=$?
    set -e
    read -r w u s m < <(tail -1 "$work/t")
    k="$name|$label"
    c_s=$(echo "$u + $s" | bc -l)
    if [ -z "${wall[$k]:-}" ] || awk "BEGIN{exit !($w < ${wall[$k]})}"; then wall[$k]=$w; fi
    if [ -z "${cpu[$k]:-}" ] || awk "BEGIN{exit !($c_s < ${cpu[$k]})}"; then
      cpu[$k]=$c_s; usr[$k]=$u; sys[$k]=$s; rss[$k]=$m
    fi
    bytes[$k]=$(stat -c %s "$work/out")
    code[$k]=$rc
  done
done

echo "Input: $stmts statements, $size bytes ($(nproc) CPUs, best of $runs rounds, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "shipgate: $("$bin" --version)   squawk: $("$squawk" --version)"
echo
echo "| tool | command | wall (s) | CPU user+sys (s) | user (s) | sys (s) | max RSS (MB) | output (MB) | exit |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in "${cmds[@]}"; do
  IFS='|' read -r name label _ <<<"$c"
  k="$name|$label"
  printf '| %s | `%s` | %s | %.2f | %s | %s | %.1f | %.1f | %s |\n' "$name" "$label" "${wall[$k]}" "${cpu[$k]}" \
    "${usr[$k]}" "${sys[$k]}" "$(echo "${rss[$k]}/1024" | bc -l)" "$(echo "${bytes[$k]}/1048576" | bc -l)" "${code[$k]}"
done
echo
ratio() {
  awk -v a="${cpu[$1]}" -v b="${cpu[$2]}" -v wa="${wall[$1]}" -v wb="${wall[$2]}" -v l="$3" \
    'BEGIN{printf "%s: squawk/shipgate CPU time %.1fx, wall time %.1fx\n", l, a/b, wa/wb}'
}
ratio "squawk|--reporter json" "shipgate|lint-migrations --format json" "JSON"
ratio "squawk|--reporter gcc" "shipgate|lint-migrations --format text" "text (squawk gcc)"
