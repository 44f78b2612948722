#!/usr/bin/env bash
# Run by Maven after the integration tests (post-integration-test), whether they passed or not:
# the process-backed nodes must leave nothing behind. Fails the build, naming what it found, when
# a sample-service process, a test cgroup (headroom-tests-<pid>) or a pod address on lo
# (198.18.0.0/16) is left.
set -euo pipefail

found=0

processes=$(pgrep -af 'dev\.headroom\.testing\.service\.SampleService' || true)
if [[ -n "$processes" ]]; then
  echo "[check-leftovers] sample-service processes still running:" >&2
  echo "$processes" >&2
  found=1
fi

if [[ -d /sys/fs/cgroup ]]; then
  cgroups=$(find /sys/fs/cgroup -maxdepth 8 -type d -name 'headroom-tests-*' 2>/dev/null || true)
  if [[ -n "$cgroups" ]]; then
    echo "[check-leftovers] test cgroups left (rmdir them, deepest first):" >&2
    echo "$cgroups" >&2
    found=1
  fi
fi

if command -v ip >/dev/null 2>&1; then
  addresses=$(ip -o -4 addr show dev lo 2>/dev/null | grep -o '198\.18\.[0-9.]*/[0-9]*' || true)
  if [[ -n "$addresses" ]]; then
    echo "[check-leftovers] pod addresses left on lo (ip addr del ADDR dev lo):" >&2
    echo "$addresses" >&2
    found=1
  fi
fi

if [[ $found -ne 0 ]]; then
  echo "[check-leftovers] the integration tests left the above behind" >&2
  exit 1
fi
echo "[check-leftovers] no process, cgroup or pod address left by the integration tests"
