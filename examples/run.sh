#!/usr/bin/env bash
# The shipgate story, end to end, on this machine: three services (checkout-ui,
# orders, payments), one risky release of orders, and the gates that catch it.
#
#   bash examples/run.sh
#
# Uses $SHIPGATE and $EXAMPLE_ORDERS when set (the tests do), otherwise builds
# both with cargo. Every step checks its exit code; the script exits non-zero
# if any gate answers differently from the story below.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${SHIPGATE:-}" ] || [ -z "${EXAMPLE_ORDERS:-}" ]; then
  cargo build --quiet -p shipgate-cli -p example-orders
  target=$(cd .. && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  SHIPGATE=${SHIPGATE:-$target/debug/shipgate}
  EXAMPLE_ORDERS=${EXAMPLE_ORDERS:-$target/debug/example-orders}
fi
export NO_COLOR=1

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 100); do curl -s -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timed out waiting for $1" >&2; return 1; }
# expect CODE CMD...: run CMD, show its output, and fail unless it exits with CODE.
expect() {
  local want=$1; shift
  echo; echo "\$ shipgate ${*:2}"
  set +e; "$@"; local got=$?; set -e
  if [ "$got" != "$want" ]; then echo "!! expected exit $want, got $got" >&2; exit 1; fi
  echo "(exit $got, as expected)"
}

echo "== 1. The orders team opens a PR: migrations V2 (expand) and V3 (contract, too early)"
expect 1 "$SHIPGATE" lint-migrations orders/migrations

echo; echo "== 2. The same PR changes the API: total -> amount_minor, a new status value"
expect 1 "$SHIPGATE" diff orders/api/openapi-v1.yaml orders/api/openapi-v2.yaml

echo; echo "== 3. checkout-ui's contract holds against v1 of the API, not against v2"
expect 0 "$SHIPGATE" check-contract --pact checkout-ui/pacts/checkout-ui-orders.json --openapi orders/api/openapi-v1.yaml
expect 1 "$SHIPGATE" check-contract --pact checkout-ui/pacts/checkout-ui-orders.json --openapi orders/api/openapi-v2.yaml

echo; echo "== 4. A broker on embedded SQLite; checkout-ui publishes its pact"
broker_port=$(free_port)
(cd "$work" && exec "$SHIPGATE" broker serve --listen "127.0.0.1:$broker_port" >"$work/broker.log" 2>&1) &
pids+=($!)
export PACT_BROKER_BASE_URL="http://127.0.0.1:$broker_port"
wait_for "$PACT_BROKER_BASE_URL/diagnostic/status/heartbeat"
expect 0 "$SHIPGATE" publish checkout-ui/pacts --consumer-app-version 1.0.0 --branch main
expect 0 "$SHIPGATE" environment create --name production --production

echo; echo "== 5. checkout-ui 1.0.0 cannot go to production yet: no orders version in production has verified its pact"
expect 1 "$SHIPGATE" can-i-deploy --pacticipant checkout-ui --version 1.0.0 --to-environment production

echo; echo "== 6. orders 1.0.0 verifies the pact against the running service and publishes the result"
v1_port=$(free_port)
"$EXAMPLE_ORDERS" --port "$v1_port" & pids+=($!)
wait_for "http://127.0.0.1:$v1_port/orders/0"
expect 0 "$SHIPGATE" verify --provider-base-url "http://127.0.0.1:$v1_port" \
  --provider-states-setup-url "http://127.0.0.1:$v1_port/_pact/state" \
  --broker-url "$PACT_BROKER_BASE_URL" --provider orders \
  --publish --provider-version 1.0.0 --provider-branch main
expect 0 "$SHIPGATE" record-deployment --pacticipant orders --version 1.0.0 --environment production

echo; echo "== 7. Now checkout-ui 1.0.0 can go to production, and goes"
expect 0 "$SHIPGATE" can-i-deploy --pacticipant checkout-ui --version 1.0.0 --to-environment production
expect 0 "$SHIPGATE" record-deployment --pacticipant checkout-ui --version 1.0.0 --environment production

echo; echo "== 8. orders 2.0.0 (the risky release) fails verification, and the gate says why"
v2_port=$(free_port)
"$EXAMPLE_ORDERS" --port "$v2_port" --v2 & pids+=($!)
wait_for "http://127.0.0.1:$v2_port/orders/0"
expect 1 "$SHIPGATE" verify --provider-base-url "http://127.0.0.1:$v2_port" \
  --provider-states-setup-url "http://127.0.0.1:$v2_port/_pact/state" \
  --broker-url "$PACT_BROKER_BASE_URL" --provider orders \
  --publish --provider-version 2.0.0 --provider-branch main
expect 1 "$SHIPGATE" can-i-deploy --pacticipant orders --version 2.0.0 --to-environment production

echo; echo "The story ran as told: every gate answered as expected."
