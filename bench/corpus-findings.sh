#!/usr/bin/env bash
# Runs `nflint check` (text output, default options) on every dump and host bundle of the shared
# corpus, and prints a Markdown table of findings per check ID
# and of printed lines. Usage: bench/corpus-findings.sh [CORPUS_DIR] > table.md
# With KEEP=DIR it also keeps the output in DIR (to diff two runs finding by finding);
# with NFLINT_JAR=FILE it runs that jar (e.g. one built from another commit) instead of ./nflint.
# Rule logic (NFL101-NFL103) is capped by counted solver work, not time, so two runs of the same
# jar print the same table on an idle or a busy machine. (Jars from before 2026-12-07 had a 20 s
# wall-clock budget instead: give them NFLINT_JAVA_OPTS=-Dnflint.symbolic.budgetMs=600000.)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <(cd "$corpus" && find iptables ebtables -type f | LC_ALL=C sort)
while IFS= read -r d; do inputs+=("$d"); done < <(cd "$corpus" && find generated -mindepth 2 -maxdepth 2 -type d | LC_ALL=C sort)
# one JVM for all inputs (a JVM per input costs more than most checks on a shared 2-core machine);
# the text output is the same as one run per input, findings sorted by file
if [ -n "${NFLINT_JAR:-}" ]; then
  # shellcheck disable=SC2206  # NFLINT_JAVA_OPTS is a list of options (e.g. -Dnflint.symbolic.ruleLogicWork=...)
  run=(java -XX:+UseParallelGC -XX:TieredStopAtLevel=1 ${NFLINT_JAVA_OPTS:-} -jar "$NFLINT_JAR")
else
  run=("$root/nflint")
fi
(cd "$corpus" && "${run[@]}" check --no-color --fail-on none "${inputs[@]}") >"$out/all.txt" 2>"$out/all.err"
echo "$? all" >>"$out/status"
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp "$out/all.txt" "$out/all.err" "$KEEP/"; fi
total_lines=$(cat "$out"/*.txt | wc -l)
echo "| ID | findings |"
echo "|---|---:|"
cat "$out"/*.txt | grep -oE ': (error|warning|info|note): .*\[NFL[0-9]+\]$' | grep -oE 'NFL[0-9]+\]$' \
  | tr -d ']' | LC_ALL=C sort | uniq -c | awk '{printf "| %s | %d |\n", $2, $1}'
findings=$(cat "$out"/*.txt | grep -cE ': (error|warning|info|note): .*\[NFL[0-9]+\]$')
echo "| all | $findings |"
echo
echo "inputs: ${#inputs[@]}; printed lines (stdout): $total_lines; exit status: $(cut -d' ' -f1 "$out/status")"
