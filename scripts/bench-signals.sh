#!/usr/bin/env bash
# Queries per cycle and cycle time of the signals layer against a real Prometheus, for 1,000 and
# 10,000 policies (arguments: other sizes, --per-policy-max N). Needs the test environment's
# Prometheus (bash scripts/test-env.sh); starts its own on a free port and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.headroom.bench.SignalsBenchmark "$@"
