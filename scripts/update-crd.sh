#!/usr/bin/env bash
# Regenerates the CRD from the Java model (src/main/java/dev/headroom/api) and copies it to crds/.
# The build fails (CrdUpToDateTest) while crds/ differs from what the model generates.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q process-test-classes
cp target/classes/META-INF/fabric8/performancepolicies.headroom.dev-v1.yml \
  crds/performancepolicies.headroom.dev.yaml
echo "crds/performancepolicies.headroom.dev.yaml updated"
