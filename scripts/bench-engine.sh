#!/usr/bin/env bash
# Measures the cost of one engine decision with JMH (a forked JVM) and prints JMH's report.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main dev.headroom.bench.EngineBenchmark "$@"
