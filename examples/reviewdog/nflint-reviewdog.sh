#!/usr/bin/env bash
# Posts nflint's findings as review comments through reviewdog, which reads SARIF (-f=sarif).
# In a GitHub workflow step, after nflint is installed (action.yml sets $NFLINT):
#   env: REVIEWDOG_GITHUB_API_TOKEN: ${{ secrets.GITHUB_TOKEN }}
#   run: bash examples/reviewdog/nflint-reviewdog.sh firewall/
# --fail-on none: reviewdog decides what fails (-fail-level), nflint only reports. With no findings
# the SARIF has an empty results list and reviewdog posts nothing.
set -euo pipefail
nflint="${NFLINT:-nflint}"
status=0
"$nflint" check --quiet --fail-on none --format sarif "$@" > nflint.sarif || status=$?
if [ "$status" -ge 2 ]; then
  echo "nflint exited with $status (2: unreadable input, 3: internal error)" >&2
  exit "$status"
fi
reviewdog -f=sarif -name=nflint -reporter="${REVIEWDOG_REPORTER:-github-pr-review}" \
  -filter-mode="${REVIEWDOG_FILTER_MODE:-added}" -fail-level="${REVIEWDOG_FAIL_LEVEL:-warning}" < nflint.sarif
