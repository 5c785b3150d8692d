# shellcheck shell=bash
# How nflint's JVM is started, shared by the source launcher (./nflint) and the release's bin/nflint,
# which copies this file to lib/. The caller sets: java (the java binary), jar, jsa (where the
# class-data archive should live) and training (a dump to check while recording it, may be absent),
# then calls nflint_exec "$@".

# Class-data sharing: one training run (a check of a bundled sample, which loads the parser, the
# checks and the engines) records the classes it loads into an archive; every later run maps it and
# starts about twice as fast. A JDK 17 archive names the jar's absolute path, so it is made where the
# jar is used, never shipped. Where the archive's directory is not writable (a read-only checkout, a
# tarball unpacked by another user) it goes to the user's cache instead.
nflint_cds() {
  if [ ! -w "$(dirname "$jsa")" ] && { [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; }; then
    local cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/nflint"
    mkdir -p "$cache" 2>/dev/null || true
    jsa="$cache/$(printf '%s' "$jar" | cksum | cut -d' ' -f1).jsa"
  fi
  cds=(-XX:SharedArchiveFile="$jsa" -Xshare:auto)
  if [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; then
    rm -f "$jsa" 2>/dev/null || true
    if [ -n "${training:-}" ] && [ -f "$training" ]; then
      "$java" -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" check --format json \
        "$training" >/dev/null 2>&1 || true
    fi
    if [ ! -f "$jsa" ]; then
      # without the sample, the first real run records the archive instead
      cds=(-XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
  fi
}

# Short runs (check, trace, diff, …) finish before C2 pays for itself on 2 cores: C1 only, one
# compiler thread (the parse and the checks keep both cores busy), no perf-data file, and the
# parallel collector (a 10k-service kube-proxy check: 2.2 s and 0.7 GB RSS, against 3.7 s with C2,
# 2.5 s with the serial collector). What survives a young collection is mostly the rule set being
# built, which lives to the end: promoting it at once copies it once instead of several times.
# matrix runs long enough for C2; bench keeps C2 and the serial collector, whose heap peaks are
# close to what is live (the numbers in bench/results).
nflint_exec() {
  local short="-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:InitialTenuringThreshold=1 -XX:MaxTenuringThreshold=1"
  local jvm
  case "${1:-}" in
    matrix) jvm="-XX:+UseParallelGC" ;;
    bench) jvm="-XX:+UseSerialGC" ;;
    *) jvm="$short" ;;
  esac
  nflint_cds
  # bench times a check in a new JVM with the options a real one gets
  export NFLINT_CHECK_JVM="${NFLINT_JAVA_OPTS:-$short}"
  # shellcheck disable=SC2086  # NFLINT_JAVA_OPTS and jvm are lists of options
  exec "$java" ${NFLINT_JAVA_OPTS:-$jvm} "${cds[@]}" -jar "$jar" "$@"
}
