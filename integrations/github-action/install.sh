#!/usr/bin/env bash
# Step 1 of action.yml: makes nflint runnable and names it in $GITHUB_ENV as NFLINT.
# A release tarball in the action's dist/ is unpacked (no JDK needed); otherwise the action's own
# checkout is built with Maven on the runner's Java 17 (GitHub's Ubuntu images have both).
set -euo pipefail
src="${NFLINT_ACTION_PATH:?}"
tmp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
env_file="${GITHUB_ENV:-/dev/null}"

tarball="$(ls "$src"/dist/nflint-*-linux-x86_64.tar.gz 2>/dev/null | sort | tail -1 || true)"
if [ -n "$tarball" ]; then
  mkdir -p "$tmp/nflint"
  tar -C "$tmp/nflint" -xzf "$tarball"
  nflint="$(ls -d "$tmp"/nflint/nflint-*/bin/nflint | tail -1)"
  echo "nflint: using the release $(basename "$tarball")"
else
  if [ -z "${JAVA_HOME:-}" ] && [ -n "${JAVA_HOME_17_X64:-}" ]; then
    export JAVA_HOME="$JAVA_HOME_17_X64"
    echo "JAVA_HOME=$JAVA_HOME" >> "$env_file"
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    export PATH="$JAVA_HOME/bin:$PATH"
  fi
  echo "nflint: building from $src"
  mvn -B -q -ntp -DskipTests -f "$src/pom.xml" package
  nflint="$src/nflint"
fi
"$nflint" --version
echo "NFLINT=$nflint" >> "$env_file"
