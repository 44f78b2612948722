#!/usr/bin/env bash
# scripts/hpa-beside-headroom.sh - one load step (40 -> 150 req/s) on two identical Deployments, one
# under the real HorizontalPodAutoscaler (autoscaling/v2, 70 % CPU, no behavior; kube-controller-
# manager 1.36 with metrics-server), one under Headroom (p95 < 200 ms), and the simulator run on the
# same scenario beside them (e2e.HpaBesideHeadroomIT, about 7 minutes). It checks the simulator's HPA
# against the real one (final count, first scale-up within 30 s) and prints every figure; the
# report is also in target/e2e/hpa-beside-headroom.md (docs/benchmarks.md, docs/baselines.md).
#
# Needs what the integration tests need (scripts/test-env.sh builds the servers). Not part of
# ./mvnw verify, which must stay under 45 minutes on CI's 2 cores.
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/test-env.sh
status=0
./mvnw -B process-test-classes failsafe:integration-test failsafe:verify \
  -Dit.test=HpaBesideHeadroomIT "$@" || status=$?
if [ -f target/e2e/hpa-beside-headroom.md ]; then
  cat target/e2e/hpa-beside-headroom.md
fi
exit "$status"
