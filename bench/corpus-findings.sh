#!/usr/bin/env bash
# Runs `nflint check` (text output, default options) on every dump and host bundle of the shared
# corpus, one input per run as a user would, and prints a Markdown table of findings per check ID
# and of printed lines. Usage: bench/corpus-findings.sh [CORPUS_DIR] > table.md
# With KEEP=DIR it also keeps each input's output in DIR (to diff two runs finding by finding);
# with NFLINT_JAR=FILE it runs that jar (e.g. one built from another commit) instead of ./nflint.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <(cd "$corpus" && find iptables ebtables -type f | LC_ALL=C sort)
while IFS= read -r d; do inputs+=("$d"); done < <(cd "$corpus" && find generated -mindepth 2 -maxdepth 2 -type d | LC_ALL=C sort)
i=0
for in in "${inputs[@]}"; do
  i=$((i + 1))
  log="$out/$(printf '%04d' "$i").txt"
  if [ -n "${NFLINT_JAR:-}" ]; then
    (cd "$corpus" && java -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$NFLINT_JAR" check --no-color --fail-on none "$in") \
      >"$log" 2>"$log.err"
  else
    (cd "$corpus" && "$root/nflint" check --no-color --fail-on none "$in") >"$log" 2>"$log.err"
  fi
  echo "$? $in" >>"$out/status"
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp "$log" "$KEEP/$(echo "$in" | tr '/' '_').txt"; fi
done
total_lines=$(cat "$out"/*.txt | wc -l)
echo "| ID | findings |"
echo "|---|---:|"
cat "$out"/*.txt | grep -oE ': (error|warning|info|note): .*\[NFL[0-9]+\]$' | grep -oE 'NFL[0-9]+\]$' \
  | tr -d ']' | LC_ALL=C sort | uniq -c | awk '{printf "| %s | %d |\n", $2, $1}'
findings=$(cat "$out"/*.txt | grep -cE ': (error|warning|info|note): .*\[NFL[0-9]+\]$')
echo "| all | $findings |"
echo
echo "inputs: ${#inputs[@]}; printed lines (stdout): $total_lines; exit status counts:"
echo
awk '{print $1}' "$out/status" | LC_ALL=C sort | uniq -c | awk '{printf "- exit %s: %d inputs\n", $2, $1}'
