#!/usr/bin/env bash
# Shows that a refactoring changed no result: runs two builds of nflint over every input of the
# shared corpus (iptables/ip6tables/ebtables dumps, canonical syntax vectors, nftables rulesets and
# configs, engine-written host bundles) and compares what they print, byte for byte:
#   - `check --format json` on every input (findings, errors, positions);
#   - `matrix --format json` on every host bundle (the concrete walk between all endpoints).
# Usage: bench/findings-identity.sh BASE_JAR [NEW_JAR] [CORPUS_DIR]
#   BASE_JAR  the shaded jar built from the commit before the change (cli/target/nflint.jar or devtools/target/nflint.jar there)
#   NEW_JAR   default: this checkout's ./nflint (built on demand)
# Prints one line per compared run and a summary; exit 0 when everything is identical, 1 when
# something differs (the first lines of each difference are shown), 2 on bad usage.
# With KEEP=DIR both outputs are kept in DIR/base and DIR/new.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 BASE_JAR [NEW_JAR] [CORPUS_DIR]" >&2
  exit 2
fi
base_jar="$(readlink -f -- "$1")"
new_jar="${2:-}"
corpus="$(cd "${3:-$root/../shared/corpus}" && pwd)"
if [ -z "$new_jar" ]; then
  "$root/nflint" --version >/dev/null || exit 2
  new_jar="$root/devtools/target/nflint.jar"
fi
new_jar="$(readlink -f -- "$new_jar")"
out="${KEEP:-$(mktemp -d)}"
[ -z "${KEEP:-}" ] && trap 'rm -rf "$out"' EXIT
mkdir -p "$out/base" "$out/new"

files=()
while IFS= read -r f; do files+=("$f"); done < <(cd "$corpus" && find iptables ebtables canonical nft \
    -type f ! -name '*.md' ! -name '*.tsv' ! -name '*.json' ! -name '*.expected' | LC_ALL=C sort)
# nft -j output is read too (the JSON reader), but only the files that are rulesets
while IFS= read -r f; do files+=("$f"); done < <(cd "$corpus" && find nft -type f -name '*.json' | LC_ALL=C sort)
bundles=()
while IFS= read -r d; do bundles+=("$d"); done < <(cd "$corpus" && find generated -mindepth 2 -maxdepth 2 -type d \
    | LC_ALL=C sort)

run() { # jar side name args...
  local jar="$1" side="$2" name="$3"
  shift 3
  (cd "$corpus" && java -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@") \
      >"$out/$side/$name.out" 2>"$out/$side/$name.err"
  echo "exit $?" >>"$out/$side/$name.out"
}

differ=0
compare() { # name
  local name="$1"
  if cmp -s "$out/base/$name.out" "$out/new/$name.out" && cmp -s "$out/base/$name.err" "$out/new/$name.err"; then
    echo "identical: $name"
  else
    echo "DIFFERS:   $name"
    diff <(cat "$out/base/$name.out" "$out/base/$name.err") <(cat "$out/new/$name.out" "$out/new/$name.err") | head -20
    differ=1
  fi
}

# one JVM per batch: a JVM per input would cost more than most checks on a small machine
batch=40
for ((i = 0; i < ${#files[@]}; i += batch)); do
  name="check-$(printf '%04d' "$i")"
  for side in base new; do
    jar="$base_jar"; [ "$side" = new ] && jar="$new_jar"
    run "$jar" "$side" "$name" check --format json --fail-on none "${files[@]:i:batch}"
  done
  compare "$name"
done
for side in base new; do
  jar="$base_jar"; [ "$side" = new ] && jar="$new_jar"
  run "$jar" "$side" check-bundles check --format json --fail-on none "${bundles[@]}"
done
compare check-bundles
for d in "${bundles[@]}"; do
  name="matrix-$(echo "$d" | tr '/' '_')"
  for side in base new; do
    jar="$base_jar"; [ "$side" = new ] && jar="$new_jar"
    run "$jar" "$side" "$name" matrix --format json "$d"
  done
  compare "$name"
done
echo "inputs: ${#files[@]} files, ${#bundles[@]} bundles; $( [ $differ = 0 ] && echo 'all identical' || echo 'some DIFFER')"
exit $differ
