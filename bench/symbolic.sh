#!/bin/sh
# Benchmarks of the symbolic engine (time and peak memory), not part of the test run.
#   bench/symbolic.sh shadow FILE...   rule logic of dumps (e.g. the TUM firewalls in ../shared/corpus)
#   bench/symbolic.sh kube 1000 5000 10000
#   bench/symbolic.sh diff 10000
set -e
cd "$(dirname "$0")/.."
mvn -q -pl analyzer -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -Dnflint.symbolic.ruleLogicWork=0 -Dnflint.symbolic.profile=true -cp "analyzer/target/test-classes:analyzer/target/classes:$(cat analyzer/target/cp.txt)" \
    io.nflint.symbolic.bench.SymbolicBench "$@"
