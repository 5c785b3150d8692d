#!/usr/bin/env bash
# Step 2 of action.yml: runs nflint check with the action's inputs, writing text to the log and SARIF
# to a file. The SARIF file exists afterwards whatever happened (an empty run when nflint could not
# write one), so the upload step never fails for want of a file; the step's status is nflint's.
set -uo pipefail
nflint="${NFLINT:?install.sh sets NFLINT}"
sarif="${NFLINT_SARIF:-nflint.sarif}"
out="${GITHUB_OUTPUT:-/dev/null}"

args=(check --format text --format "sarif=$sarif" --fail-on "${NFLINT_FAIL_ON:-warning}")
if [ -n "${NFLINT_BASELINE:-}" ]; then
  args+=(--baseline "$NFLINT_BASELINE")
fi
if [ -n "${NFLINT_ARGS:-}" ]; then
  # shellcheck disable=SC2206  # extra options are split on spaces, as on a command line
  args+=($NFLINT_ARGS)
fi
# shellcheck disable=SC2206  # paths are separated by spaces or newlines
paths=(${NFLINT_PATHS:-.})
rm -f "$sarif"
"$nflint" "${args[@]}" "${paths[@]}"
status=$?
if [ ! -s "$sarif" ]; then
  mkdir -p "$(dirname "$sarif")"
  printf '%s\n' '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"nflint","rules":[]}},"results":[]}]}' > "$sarif"
fi
echo "sarif-file=$sarif" >> "$out"
echo "exit-code=$status" >> "$out"
exit "$status"
