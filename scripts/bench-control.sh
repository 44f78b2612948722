#!/usr/bin/env bash
# Control quality on traffic nobody tuned for: builds the jar and evaluates Headroom against the HPA
# and KEDA frontiers on generated scenarios (docs/benchmarks.md). Arguments go to `simulate`; the
# default is the documented run: 200 scenarios of seed 1, JSON and HTML into target/.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -Dmaven.test.skip=true
if [ $# -eq 0 ]; then
  set -- --generate 200 --seed 1 --json target/gen.json --html target/gen.html
fi
exec java -jar target/headroom.jar simulate "$@"
