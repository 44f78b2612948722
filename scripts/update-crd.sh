#!/usr/bin/env bash
# Regenerates the CRD from the Java model (src/main/java/dev/headroom/api) and copies it to crds/
# and to the Helm chart's crds/. The build fails (CrdUpToDateTest, HelmChartTest) while either
# differs from what the model generates.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q process-test-classes
cp target/classes/META-INF/fabric8/performancepolicies.headroom.dev-v1.yml \
  crds/performancepolicies.headroom.dev.yaml
cp crds/performancepolicies.headroom.dev.yaml helm/headroom/crds/performancepolicies.headroom.dev.yaml
echo "crds/ and helm/headroom/crds/ updated"
