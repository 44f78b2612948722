#!/usr/bin/env bash
# scripts/real-worldcup.sh - the WorldCup98 surge day (1998-07-07, 6 h) on real processes, compressed
# 36x into 10 minutes (about 12 minutes in all): the sample service's pods in cgroups on a
# process-backed node, Prometheus discovering them, the open-loop generator replaying the trace and
# Headroom with a p95 budget of 200 ms (e2e.RealProcessesWorldCupIT). It prints the timeline, the
# share of the evaluated time under budget (the acceptance is 95 %), the run's pod-seconds beside
# the simulator's prediction for the same trace with a service model fitted from the run, and that
# model's p95 against the measured one (docs/benchmarks.md, "Real processes"). The report is also
# in target/e2e/real-processes-worldcup.txt.
#
# Needs what the integration tests need (root, writable cgroups; scripts/test-env.sh builds the
# servers). Not part of ./mvnw verify: the suite would pass 45 minutes on CI's 2 cores.
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/test-env.sh
status=0
./mvnw -B process-test-classes failsafe:integration-test failsafe:verify \
  -Dit.test=RealProcessesWorldCupIT "$@" || status=$?
if [ -f target/e2e/real-processes-worldcup.txt ]; then
  cat target/e2e/real-processes-worldcup.txt
fi
exit "$status"
