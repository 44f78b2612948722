#!/usr/bin/env bash
# Issue 18's benchmark: N policies (default 1,000 then 5,000), each on its own Deployment, on the
# local apiserver + etcd and the real Prometheus with data, the operator as its own process.
# Prints the table (and writes target/bench-scale.txt); docs/benchmarks.md has the figures.
# About 6 minutes per N on 2 cores, after the test servers are cached (bash scripts/test-env.sh).
#   bash scripts/bench-scale.sh                                  # 1,000 and 5,000
#   bash scripts/bench-scale.sh -Dheadroom.bench.policies=200    # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/test-env.sh
./mvnw -B -q package -DskipTests
./mvnw -B process-test-classes failsafe:integration-test failsafe:verify \
  -Dit.test=ScaleBenchIT "$@"
