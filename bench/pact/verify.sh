#!/usr/bin/env bash
# Verification wall time: `shipgate verify` vs `pact verifier` (pact-python-cli)
# on the same N-interaction pact against the same local axum provider.
#
# Usage: bench/pact/verify.sh [N]   (needs: a release `shipgate`, `pact` on PATH)
#   SHIPGATE=path/to/shipgate  CARGO_TARGET_DIR=...  override locations.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../../target}"
n="${1:-5000}"
shipgate="${SHIPGATE:-$target/release/shipgate}"
work="$(mktemp -d)"
trap 'kill "$provider_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export NO_PROXY='*'

"$target/release/genpact" "$n" "$work/pact.json"
"$target/release/bench-provider" > "$work/provider.out" &
provider_pid=$!
for _ in $(seq 50); do [ -s "$work/provider.out" ] && break; sleep 0.1; done
base="$(head -1 "$work/provider.out")"
port="${base##*:}"

run() { # label, command...
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  if "$@" > "$work/out.txt" 2>&1; then status=0; else status=$?; fi
  end=$(date +%s.%N)
  printf '| %s | %s | %.2f s | exit %s |\n' "$label" "$n" "$(echo "$end - $start" | bc)" "$status"
}

echo "| tool | interactions | wall time | result |"
echo "|---|---|---|---|"
run "shipgate verify (--concurrency 1)" "$shipgate" verify --provider-base-url "$base" --pact "$work/pact.json" --concurrency 1 -q
run "shipgate verify (--concurrency 8)" "$shipgate" verify --provider-base-url "$base" --pact "$work/pact.json" --concurrency 8 -q
if command -v pact > /dev/null; then
  run "pact verifier ($(pact verifier --version 2>/dev/null | grep -o "v[0-9.]*" | head -1))" pact verifier --hostname 127.0.0.1 --port "$port" --file "$work/pact.json"
else
  echo "| pact verifier | $n | not installed | - |"
fi
