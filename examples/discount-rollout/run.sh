#!/usr/bin/env bash
# The discount rollout: one feature changes the orders API from v1 to v2 and
# adds a `discount_code` column through expand -> migrate -> contract. A real
# broker on embedded SQLite judges every step with contracts, OpenAPI diffs and
# migrations together; the script asserts each of the seven decisions.
#
#   bash examples/discount-rollout/run.sh
#
# Uses $SHIPGATE when set (the test does), otherwise builds it with cargo.
# Services: checkout-ui and payments are the story's services from examples/
# (payments' OpenAPI document and orders' pact with it are reused from there);
# orders publishes its OpenAPI document with a self-verification result
# (bi-directional contract testing), so no service has to run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if [ -z "${SHIPGATE:-}" ]; then
  cargo build --quiet -p shipgate-cli
  target=$(cd ../.. && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  SHIPGATE=$target/debug/shipgate
fi
export NO_COLOR=1

work=$(mktemp -d)
broker_pid=
cleanup() { if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# expect CODE [--says TEXT]... CMD...: run CMD, show its output, fail unless it
# exits with CODE and its output contains every TEXT.
expect() {
  local want=$1; shift
  local says=()
  while [ "${1:-}" = "--says" ]; do says+=("$2"); shift 2; done
  echo; echo "\$ shipgate ${*:2}"
  set +e; "$@" >"$work/out" 2>&1; local got=$?; set -e
  cat "$work/out"
  if [ "$got" != "$want" ]; then echo "!! expected exit $want, got $got" >&2; exit 1; fi
  for s in "${says[@]}"; do
    if ! grep -qF -- "$s" "$work/out"; then echo "!! expected the output to say: $s" >&2; exit 1; fi
  done
  echo "(exit $got, as expected)"
}
# The migrations orders VERSION carries: the first N files of orders/migrations.
migrations_of() {
  local dir="$work/migrations-$1"; mkdir -p "$dir"
  ls orders/migrations/*.sql | sort | head -n "$2" | xargs -I{} cp {} "$dir/"
  echo "$dir"
}

port=$(free_port)
(cd "$work" && exec "$SHIPGATE" broker serve --listen "127.0.0.1:$port" >"$work/broker.log" 2>&1) &
broker_pid=$!
export PACT_BROKER_BASE_URL="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -s -o /dev/null "$PACT_BROKER_BASE_URL/diagnostic/status/heartbeat" && break; sleep 0.1; done
SG="$SHIPGATE"

echo "== 1. v1: publish, verify, deploy to staging and production"
expect 0 "$SG" environment create --name staging
expect 0 "$SG" environment create --name production --production
expect 0 "$SG" publish-provider-contract ../payments/api/openapi.yaml --provider payments \
  --provider-app-version 1.0.0 --branch main --verification-success --verifier schemathesis
expect 0 "$SG" publish ../orders/pacts --consumer-app-version 1.0.0 --branch main
expect 0 "$SG" publish-provider-contract orders/api/openapi-v1.yaml --provider orders \
  --provider-app-version 1.0.0 --branch main --verification-success --verifier schemathesis
expect 0 "$SG" publish-migrations "$(migrations_of 1.0.0 1)" --pacticipant orders --version 1.0.0
expect 0 "$SG" publish checkout-ui/pacts --consumer-app-version 1.0.0 --branch main
for env in staging production; do
  for app in payments orders checkout-ui; do
    expect 0 --says "Computer says yes" "$SG" can-i-deploy --pacticipant "$app" --version 1.0.0 --to-environment "$env"
    expect 0 "$SG" record-deployment --pacticipant "$app" --version 1.0.0 --environment "$env"
  done
done

echo; echo "== 2. A PR renames userId to user_id: blocked by verification and by the OpenAPI diff"
expect 1 --says "OAS029" "$SG" diff orders/api/openapi-v1.yaml orders/api/openapi-pr-rename.yaml
expect 0 "$SG" publish-provider-contract orders/api/openapi-pr-rename.yaml --provider orders \
  --provider-app-version 1.1.0-pr12 --branch rename-user-id --verification-success --verifier schemathesis
expect 1 --says "error[contract] The schema check (BDCT) of the pact between checkout-ui (1.0.0) and orders (1.1.0-pr12)" \
  --says "error[api] API: OAS029 orders 1.0.0 → 1.1.0-pr12" --says "checkout-ui (1.0.0) in production relies on it" \
  "$SG" can-i-deploy --pacticipant orders --version 1.1.0-pr12 --to-environment production

echo; echo "== 3. A PR drops the old column in the same release as its replacement: blocked by the migration lint"
expect 1 --says "MIG039" "$SG" lint-migrations orders/pr-migrations

echo; echo "== 4. v2 expands (2.0.0: add discount_code, backfill), goes to staging; the contract step (3.0.0) is promoted there"
expect 0 "$SG" publish-provider-contract orders/api/openapi-v2.yaml --provider orders \
  --provider-app-version 2.0.0 --branch main --verification-success --verifier schemathesis
expect 0 "$SG" publish-migrations "$(migrations_of 2.0.0 3)" --pacticipant orders --version 2.0.0
expect 0 "$SG" publish-provider-contract orders/api/openapi-v2.yaml --provider orders \
  --provider-app-version 3.0.0 --branch main --verification-success --verifier schemathesis
expect 0 "$SG" publish-migrations "$(migrations_of 3.0.0 4)" --pacticipant orders --version 3.0.0
expect 0 --says "brings 2 migrations" "$SG" can-i-deploy --pacticipant orders --version 2.0.0 --to-environment staging
expect 0 "$SG" record-deployment --pacticipant orders --version 2.0.0 --environment staging
expect 0 --says "V4__drop_coupon.sql: contract" "$SG" can-i-deploy --pacticipant orders --version 3.0.0 --to-environment staging
expect 0 "$SG" record-deployment --pacticipant orders --version 3.0.0 --environment staging

echo; echo "== 5. The contract step is blocked from production, which still runs the pre-expand 1.0.0"
expect 1 --says "in one deployment" --says "Deploy orders 2.0.0, which brings V2__add_discount_code.sql" \
  "$SG" can-i-deploy --pacticipant orders --version 3.0.0 --to-environment production
echo; echo "\$ curl \$PACT_BROKER_BASE_URL/gates/can-i-deploy?pacticipant=orders&version=3.0.0&environment=production"
status=$(curl -s -o "$work/gate.json" -w '%{http_code}' "$PACT_BROKER_BASE_URL/gates/can-i-deploy?pacticipant=orders&version=3.0.0&environment=production")
echo "HTTP $status"; if [ "$status" != 412 ]; then echo "!! expected 412 from the gate endpoint" >&2; exit 1; fi

echo; echo "== 6. After the expand reaches production, the contract step is allowed"
expect 0 "$SG" can-i-deploy --pacticipant orders --version 2.0.0 --to-environment production
expect 0 "$SG" record-deployment --pacticipant orders --version 2.0.0 --environment production
expect 0 --says "Computer says yes" "$SG" can-i-deploy --pacticipant orders --version 3.0.0 --to-environment production

echo; echo "== 7. Rollback drill"
# Before the contract step: production's schema still serves 1.0.0 (2.0.0 only expanded).
expect 0 --says "still serves orders 1.0.0" "$SG" can-i-deploy --pacticipant orders --version 1.0.0 --to-environment production
expect 0 "$SG" record-deployment --pacticipant orders --version 3.0.0 --environment production
# After it: 2.0.0 reads `coupon`, which V4 dropped. The gate says so before anyone rolls back.
expect 1 --says "A rollback to 2.0.0 is unsafe" --says "V4__drop_coupon.sql" \
  "$SG" can-i-deploy --pacticipant orders --version 2.0.0 --to-environment production

echo; echo "The discount rollout ran as told: all seven decisions were the expected ones."
