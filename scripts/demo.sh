#!/usr/bin/env bash
# scripts/demo.sh - Headroom's real closed loop on this machine, without a cluster of your own.
#
#   bash scripts/demo.sh                  run until Ctrl-C
#   bash scripts/demo.sh --duration N     stop by itself N seconds after the policy is applied
#   bash scripts/demo.sh --baseline N     step the load once the budget has been met for N s (default 30)
#   bash scripts/demo.sh --fake-pods      fake nodes and the simulated service instead of real pods
#   bash scripts/demo.sh --help
#
# Starts a local Kubernetes control plane (etcd, kube-apiserver, controller manager, scheduler), a
# node whose pods are real processes in cgroups (the sample service; needs root and writable
# cgroups), Prometheus finding them through the apiserver, an open-loop load generator and the
# operator; applies examples/demo/web-policy.yaml; steps the load 10 -> 50 -> 10 req/s; prints the
# policy's status and Events as they change. Ctrl-C stops everything. With --fake-pods the pods only
# become Ready and a simulated service serves 40 -> 150 -> 40 req/s. (dev.headroom.demo.Demo, under
# src/test/java, reusing the integration tests' servers.)
#
# Needs Java 17. The servers come from scripts/test-env.sh's cache (~/.cache/headroom/test-env,
# HEADROOM_TEST_ENV_DIR moves it): the first run builds them (several minutes), later runs reuse
# them. HEADROOM_TEST_KUBECONFIG, HEADROOM_TEST_BACKEND and Docker choose the cluster as for the
# integration tests (docs/testing.md). The operator's log: target/demo/headroom-demo.log.
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/test-env.sh
./mvnw -B -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/demo-classpath.txt -Dmdep.includeScope=test

# Ctrl-C: the terminal sends SIGINT to its whole foreground process group. Were java exec'd in it,
# etcd, kube-apiserver and Prometheus (its children, which install their own SIGINT handlers) would
# die at once, and the JVM's shutdown, which still talks to the apiserver (the fake nodes are
# deleted, the operator stops), would retry against a dead server for most of a minute. So java runs
# as a job of its own (set -m: its own process group, which the terminal's Ctrl-C does not reach),
# and this shell turns Ctrl-C into one SIGTERM for java alone: its shutdown hooks stop the operator,
# the workload and then the servers, newest first.
set -m
java -Dlogback.configurationFile=demo-logback.xml \
  -cp "target/test-classes:target/classes:$(cat target/demo-classpath.txt)" \
  dev.headroom.demo.Demo "$@" &
pid=$!
stopping=
stop() {
  if [ -z "$stopping" ]; then
    stopping=1
    kill -TERM "$pid" 2>/dev/null || true
  fi
}
trap stop INT TERM HUP
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" || true # returns early when a trapped signal arrives
done
if wait "$pid"; then status=0; else status=$?; fi
# Stopped on request: java's 143 (SIGTERM) is the clean end of the demo.
if [ -n "$stopping" ] && [ "$status" -eq 143 ]; then status=0; fi
exit "$status"
