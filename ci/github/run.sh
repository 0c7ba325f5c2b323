#!/usr/bin/env bash
# The `run` step of the shipgate GitHub Action (action.yml at the repository
# root). Reads the action's inputs from INPUT_* variables, runs shipgate once
# per output it needs (JSON for the outputs, GitHub annotations, Markdown for
# the job summary, SARIF on request), and writes the step outputs. It never
# fails on a blocking verdict itself: the action's `gate` step does, after the
# SARIF upload, so code scanning gets the findings of a blocked run too.
set -uo pipefail

out_dir="${RUNNER_TEMP:-/tmp}/shipgate-${GITHUB_RUN_ID:-0}-$$"
mkdir -p "$out_dir"
report="$out_dir/report.json"

output() { printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"; }
fail_usage() {
  echo "::error title=shipgate::$1"
  output exit-code 2
  output blocked false
  exit 0
}
# Split a whitespace-separated input into words, without glob expansion.
words() { local - w; set -f; for w in $1; do printf '%s\n' "$w"; done; }

common=()
[ -n "${INPUT_FAIL_ON:-}" ] && common+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
mapfile -t extra < <(words "${INPUT_ARGS:-}")

args=()
case "${INPUT_COMMAND:-}" in
  lint-migrations)
    mapfile -t paths < <(words "${INPUT_PATHS:-}")
    [ "${#paths[@]}" -gt 0 ] || fail_usage "lint-migrations needs the paths input"
    args=(lint-migrations "${paths[@]}")
    [ -n "${INPUT_CHANGED_SINCE:-}" ] && args+=(--changed-since "$INPUT_CHANGED_SINCE")
    [ -n "${INPUT_PG_VERSION:-}" ] && args+=(--pg-version "$INPUT_PG_VERSION")
    [ "${INPUT_ASSUME_IN_TRANSACTION:-false}" = "true" ] && args+=(--assume-in-transaction)
    ;;
  diff)
    [ -n "${INPUT_BASE:-}" ] && [ -n "${INPUT_REVISION:-}" ] || fail_usage "diff needs the base and revision inputs"
    args=(diff "$INPUT_BASE" "$INPUT_REVISION")
    [ "${INPUT_CHANGELOG:-false}" = "true" ] && args+=(--changelog)
    [ "${INPUT_COMPOSED:-false}" = "true" ] && args+=(--composed)
    ;;
  can-i-deploy)
    mapfile -t pacticipants < <(words "${INPUT_PACTICIPANT:-}")
    mapfile -t versions < <(words "${INPUT_VERSION:-}")
    [ "${#pacticipants[@]}" -gt 0 ] || fail_usage "can-i-deploy needs the pacticipant input"
    args=(can-i-deploy)
    for i in "${!pacticipants[@]}"; do
      args+=(--pacticipant "${pacticipants[$i]}")
      [ -n "${versions[$i]:-}" ] && args+=(--version "${versions[$i]}")
    done
    [ -n "${INPUT_TO_ENVIRONMENT:-}" ] && args+=(--to-environment "$INPUT_TO_ENVIRONMENT")
    [ -n "${INPUT_BROKER_URL:-}" ] && export SHIPGATE_BROKER_URL="$INPUT_BROKER_URL"
    [ -n "${INPUT_BROKER_TOKEN:-}" ] && export SHIPGATE_BROKER_TOKEN="$INPUT_BROKER_TOKEN"
    ;;
  *)
    fail_usage "unknown command '${INPUT_COMMAND:-}': use lint-migrations, diff or can-i-deploy"
    ;;
esac
args+=("${extra[@]}")

shipgate_() { shipgate "${args[@]}" "${common[@]}" "$@"; }

echo "::group::shipgate ${args[*]}"
if [ "$INPUT_COMMAND" = "can-i-deploy" ]; then
  shipgate_ --retry-while-unknown "${INPUT_RETRY_WHILE_UNKNOWN:-0}" \
    --retry-interval "${INPUT_RETRY_INTERVAL:-10}" --format json > "$report"
else
  shipgate_ --format json > "$report"
fi
status=$?
echo "::endgroup::"
output exit-code "$status"
output report "$report"
if [ "$status" = 1 ]; then output blocked true; else output blocked false; fi
if [ "$status" -gt 1 ]; then
  echo "::error title=shipgate::shipgate ${args[0]} failed with exit code $status (see the log above)"
  exit 0
fi

if [ "$INPUT_COMMAND" = "can-i-deploy" ]; then
  deployable=$(jq -r 'if .summary.deployable == null then "unknown" else (.summary.deployable | tostring) end' "$report")
  output deployable "$deployable"
  if [ "${INPUT_ANNOTATIONS:-true}" = "true" ] && [ "$deployable" != "true" ]; then
    reason=$(jq -r '[.notices[]?.text // empty] | if length > 0 then join("\n") else "" end' "$report")
    [ -n "$reason" ] || reason=$(jq -r '.summary.reason // "not deployable"' "$report")
    reason=${reason//'%'/'%25'}
    reason=${reason//$'\n'/'%0A'}
    echo "::error title=shipgate can-i-deploy::$reason"
  fi
  if [ "${INPUT_SUMMARY:-true}" = "true" ]; then
    # The answer was settled above; this asks once more only to render it.
    shipgate_ --format markdown >> "$GITHUB_STEP_SUMMARY" || true
  fi
else
  output errors "$(jq -r '.summary.errors' "$report")"
  output warnings "$(jq -r '.summary.warnings' "$report")"
  output infos "$(jq -r '.summary.infos' "$report")"
  if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then
    shipgate_ --format github || true
  fi
  if [ "${INPUT_SUMMARY:-true}" = "true" ]; then
    shipgate_ --format markdown >> "$GITHUB_STEP_SUMMARY" || true
  fi
  if [ "${INPUT_SARIF:-false}" = "true" ]; then
    sarif="$out_dir/shipgate.sarif"
    shipgate_ --format sarif > "$sarif" || true
    output sarif-file "$sarif"
  fi
fi
exit 0
