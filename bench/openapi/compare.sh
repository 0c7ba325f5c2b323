#!/usr/bin/env bash
# Compare two shipgate builds on the real OpenAPI pairs in the same run:
# round-robin, N rounds, best wall and best CPU (user+sys) per build and pair.
#   N=7 bench/openapi/compare.sh OLD_BINARY NEW_BINARY
set -euo pipefail
old=$1 new=$2
S=${SHIPGATE_BENCH_OPENAPI:-../shared/bench/openapi}
N=${N:-7}
declare -A bw bc
pairs=("stripe:$S/stripe-2022-04-07.json $S/stripe-2022-04-12.json" "openai:$S/openai-old.json $S/openai-new.json")
for _ in $(seq 1 "$N"); do
  for p in "${pairs[@]}"; do
    name=${p%%:*}; files=${p#*:}
    for b in old new; do
      bin=$old; [ "$b" = new ] && bin=$new
      # shellcheck disable=SC2086
      out=$( { /usr/bin/time -f "%e %U %S" "$bin" diff --changelog --format json $files > /dev/null; } 2>&1 | tail -1)
      read -r w u s <<< "$out"
      c=$(echo "$u + $s" | bc)
      k="$b $name"
      if [ -z "${bw[$k]:-}" ] || (( $(echo "$w < ${bw[$k]}" | bc) )); then bw[$k]=$w; fi
      if [ -z "${bc[$k]:-}" ] || (( $(echo "$c < ${bc[$k]}" | bc) )); then bc[$k]=$c; fi
    done
  done
done
echo "| build | pair | best wall s | best CPU s (user+sys) |"
echo "|---|---|---|---|"
for k in "old stripe" "new stripe" "old openai" "new openai"; do
  echo "| ${k% *} | ${k#* } | ${bw[$k]} | ${bc[$k]} |"
done
