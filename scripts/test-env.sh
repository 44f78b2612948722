#!/usr/bin/env bash
# scripts/test-env.sh - installs the real servers the integration tests (*IT) run against, from
# Debian's archive and (for the current Kubernetes) the Go module proxy; no Docker, no GitHub
# downloads; pinned and cached.
#
#   scripts/test-env.sh [install]   install or reuse everything (Maven runs this in pre-integration-test)
#   scripts/test-env.sh smoke       start etcd + kube-apiserver (+ the CRD server) from the cache, check, stop
#   scripts/test-env.sh help
#
# Cache: ${HEADROOM_TEST_ENV_DIR:-$HOME/.cache/headroom/test-env} (~2-3 GiB; rm -rf it to start over)
#   bin/etcd                      Debian bookworm etcd-server 3.4.x (extracted, no system service)
#   bin/kube-apiserver            Kubernetes v1.20.2 built from bookworm's 'kubernetes' source package
#   bin/kube-controller-manager     with bookworm's Go 1.19 and two patches (see k8s_patch)
#   bin/kube-scheduler
#   bin/kubectl                   bookworm kubernetes-client (v1.20.2, same source)
#   bin/apiextensions-apiserver   CRD-only server with CEL (k8s.io/apiextensions-apiserver 1.36.x), built from
#                                 Debian sid's golang-k8s-*-dev packages + sid's Go; sid moves, so the version
#                                 is resolved at build time and recorded (apiextensions-manifest.txt)
#   bin/prometheus, bin/promtool  bookworm prometheus 2.42.x (extracted, no system service)
#   bin/victoria-metrics, bin/vmauth  Debian sid victoria-metrics 1.x (single-node + vmauth; extracted, no
#                                 service; its binaries need only libc and libzstd, which bookworm has)
#   k8s/1.20.2-linux-amd64/       kube-apiserver, etcd, kubectl again, in fabric8 kube-api-test's layout
#   k8s-1.36/bin/                 etcd 3.6, kube-apiserver, kube-controller-manager, kube-scheduler v1.36.3,
#                                 built with this machine's Go from the module in test-env/k8s (go.sum pins
#                                 every module; the Go module proxy serves them)
#   metrics-server/metrics-server metrics-server v0.8.0 from test-env/metrics-server (Go modules), linked from bin/
#   prometheus-sd/prometheus-sd   Prometheus 3.16.0 from test-env/prometheus-sd (Go modules; with kubernetes_sd_configs,
#                                 which Debian's build lacks), linked from bin/ as prometheus-sd
#   env.properties                versions; 'ready=true' is its last line once everything needed is there;
#                                 'apiextensions.error=...' if only the CRD server could not be built;
#                                 'error=...' (and no ready=true) if the rest is unusable
#   logs/                         full output of every download, build and smoke test
#
# Env: HEADROOM_TEST_ENV_DIR        cache directory (see above)
#      HEADROOM_TEST_ENV_APIEXT=0   skip the sid build of apiextensions-apiserver
#      HEADROOM_TEST_ENV_CURRENT=0  skip the Go-module builds (k8s-1.36, metrics-server, prometheus-sd)
#      HEADROOM_TEST_ENV_RETRY=1    retry a failed apiextensions-apiserver build now (else once a day)
#      HEADROOM_DEBIAN_MIRROR, HEADROOM_DEBIAN_SECURITY_MIRROR  (default: from /etc/apt, else deb.debian.org)
#      CI=true                      any failure, the CRD server's included, ends with a non-zero exit;
#                                   otherwise a missing prerequisite only prints a WARNING and exits 0
#                                   (the integration tests then skip and say why)
#
# Needs root (or passwordless sudo) only to apt-get install the host tools dpkg-dev, openssl and curl when
# they are missing. Everything else is downloaded with a private apt state under the cache: /etc/apt and
# the system's package lists are not touched, nothing is installed system-wide and no service starts.
set -euo pipefail
shopt -s inherit_errexit

HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${HEADROOM_TEST_ENV_DIR:-$HOME/.cache/headroom/test-env}
case $DIR in /*) ;; *) DIR=$PWD/$DIR ;; esac
BIN=$DIR/bin

# ---------------------------------------------------------------- pins (bookworm is stable: these stay)
# name        exact Debian version preferred               accepted if the exact one left the archive
K8S_DEB=1.20.5+really1.20.2-1.1+deb12u1;   K8S_DEB_OK='*really1.20.2-*'   # source 'kubernetes', kubernetes-client
GO_DEB=1.19.8-2;                           GO_DEB_OK='1.19.*'             # golang-1.19-go, golang-1.19-src
REFLECT2_DEB=1.0.2-2;                      REFLECT2_DEB_OK='1.0.2-*'      # golang-github-modern-go-reflect2-dev
ETCD_DEB=3.4.23-4+b4;                      ETCD_DEB_OK='3.4.*'            # etcd-server
PROM_DEB=2.42.0+ds-5+deb12u1;              PROM_DEB_OK='2.42.*'           # prometheus
VM_DEB=1.145.0+ds1-2;                      VM_DEB_OK='1.*'                # victoria-metrics, from sid (sid moves)
K8S_VER=1.20.2                                                            # what the source really is
K8S_COMMIT=faecb196815e248d3ecfb03c680a4507229c2a56
K8S_PATCHES=r2                    # bump when k8s_patch/k8s_openapi change: forces a rebuild
COMPONENTS="kube-apiserver kube-controller-manager kube-scheduler"
APIEXT_PKG=golang-k8s-apiextensions-apiserver-dev                         # from sid, resolved at build time
APIEXT_RECIPE=r1                  # bump when apiext_build changes
K8S_CURRENT=1.36.3                # test-env/k8s/go.mod's k8s.io/kubernetes; bump both together
CURRENT_RECIPE=r1                 # bump when current_build changes
METRICS_SERVER=0.8.0              # test-env/metrics-server/go.mod's sigs.k8s.io/metrics-server; bump both
PROMETHEUS_SD=3.16.0              # test-env/prometheus-sd/go.mod's github.com/prometheus/prometheus v0.316.0
GOTOOL_RECIPE=r1                  # bump when gotool_build changes

# ---------------------------------------------------------------- output
T_START=$(date +%s)
SUMMARY=()
STEPS_RUN=0
log() { echo "[test-env $(date +%T)] $*" >&2; }
warn() { echo "[test-env $(date +%T)] WARNING: $*" >&2; }
is_ci() { case "${CI:-}" in true | TRUE | True | 1) return 0 ;; *) return 1 ;; esac; }

# step LABEL FUNCTION [ARGS]: runs FUNCTION in a subshell with errexit, prints how long it took, sets
# STEP_RC and returns 0. Never call step, or a function that calls it, as a condition (if, !, ||, &&):
# bash then ignores errexit in everything below, the subshell included, and a failing command goes on.
step() {
  local label=$1 s rc
  shift
  s=$(date +%s)
  log "$label ..."
  rm -f "$DIR/.why"
  STEPS_RUN=$((STEPS_RUN + 1))
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  local d=$(($(date +%s) - s))
  if [ $rc = 0 ]; then
    log "$label ... $d s"
    SUMMARY+=("$(printf '%6s s  %s' "$d" "$label")")
  else
    log "$label ... FAILED after $d s"
    SUMMARY+=("$(printf '%6s s  %s  FAILED' "$d" "$label")")
  fi
  STEP_RC=$rc
  STEP_WHY=""
  if [ $rc != 0 ]; then
    STEP_WHY="$label failed"
    [ -s "$DIR/.why" ] && STEP_WHY+=": $(head -n 1 "$DIR/.why")"
  fi
  rm -f "$DIR/.why"
}

# why MESSAGE: log MESSAGE and keep it as the one-line reason of the failing step; returns 1
why() {
  log "$*"
  echo "$*" | tr '\n' ' ' >"$DIR/.why"
  return 1
}
cached() { log "$1 ... cached"; SUMMARY+=("$(printf '%6s    %s  (cached)' - "$1")"); STEP_RC=0; }

# run LOGNAME CMD...: full output to logs/LOGNAME.log; its tail on failure
run() {
  local name=$1
  shift
  mkdir -p "$DIR/logs"
  if ! "$@" >"$DIR/logs/$name.log" 2>&1; then
    echo "---- last lines of $DIR/logs/$name.log" >&2
    tail -n 25 "$DIR/logs/$name.log" >&2
    why "$1 failed ($DIR/logs/$name.log): $(grep . "$DIR/logs/$name.log" | tail -n 1 | cut -c1-200)"
  fi
}

# ---------------------------------------------------------------- stamps
# stamps/NAME: 'want=<pins of the recipe that produced it>' then the properties it contributes
stamp_ok() { [ -f "$DIR/stamps/$1" ] && [ "$(sed -n 's/^want=//p' "$DIR/stamps/$1")" = "$2" ]; }
stamp_write() {
  local name=$1 want=$2
  shift 2
  mkdir -p "$DIR/stamps"
  printf '%s\n' "want=$want" "$@" >"$DIR/stamps/$name.tmp"
  mv "$DIR/stamps/$name.tmp" "$DIR/stamps/$name"
}
stamp_props() { if [ -f "$DIR/stamps/$1" ]; then grep -v '^want=' "$DIR/stamps/$1" || true; fi; }
prop() { stamp_props "$1" | sed -n "s/^$2=//p" | head -n 1; }

# upstream part of a Debian version: 1:2.42.0+ds-5+deb12u1 -> 2.42.0, 1.20.5+really1.20.2-1.1 -> 1.20.2
upstream() {
  local v=${1#*:}
  v=${v%-*}
  case $v in *+really*) v=${v##*+really} ;; esac
  echo "${v%%+*}"
}

# ---------------------------------------------------------------- private apt states (never /etc/apt)
mirror() {
  local m=${HEADROOM_DEBIAN_MIRROR:-}
  [ -n "$m" ] || m=$(apt_uris | grep -v security | grep -E '/debian/?$' | head -n 1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}
security_mirror() {
  local m=${HEADROOM_DEBIAN_SECURITY_MIRROR:-}
  [ -n "$m" ] || m=$(apt_uris | grep -E '/debian-security/?$' | head -n 1 || true)
  echo "${m:-http://security.debian.org/debian-security}"
}
apt_uris() { # URIs of the system's Debian sources (deb822 and one-line style), read only
  {
    sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
    sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true
  } | tr ' ' '\n' | grep -E '^(https?|file)://' || true
}

# apt_opts SUITE -> APT_O: options that point apt at $DIR/apt/SUITE only
apt_opts() {
  local A=$DIR/apt/$1
  APT_O=(-o Dir::Etc::SourceList="$A/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$A/lists" -o Dir::Cache="$A" -o Dir::State::status="$A/status"
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
    -o APT::Architecture=amd64 -o Acquire::Retries=3 -o Acquire::Languages=none)
  if [ "$(id -u)" = 0 ]; then APT_O+=(-o APT::Sandbox::User=root); fi
}

# apt_ready SUITE: writes the private sources.list and updates its lists (once per 6 hours)
apt_ready() {
  local suite=$1 A=$DIR/apt/$1 m s k=/usr/share/keyrings/debian-archive-keyring.gpg
  apt_opts "$suite"
  mkdir -p "$A/lists/partial" "$A/archives/partial"
  [ -f "$A/status" ] || : >"$A/status"
  m=$(mirror)
  s=$(security_mirror)
  local opt=""
  [ -f "$k" ] && opt="[signed-by=$k] "
  if [ "$suite" = sid ]; then
    printf 'deb %s%s sid main\n' "$opt" "$m" >"$A/sources.list.new"
  else
    printf '%s\n' "deb $opt$m bookworm main" "deb $opt$m bookworm-updates main" "deb $opt$s bookworm-security main" \
      "deb-src $opt$m bookworm main" "deb-src $opt$m bookworm-updates main" \
      "deb-src $opt$s bookworm-security main" >"$A/sources.list.new"
  fi
  if ! cmp -s "$A/sources.list.new" "$A/sources.list"; then
    mv "$A/sources.list.new" "$A/sources.list"
    rm -f "$A/updated"
  else
    rm -f "$A/sources.list.new"
  fi
  if [ -z "$(find "$A/updated" -mmin -360 2>/dev/null)" ]; then
    log "apt-get update ($suite, private lists in $A)"
    run "apt-update-$suite" apt-get "${APT_O[@]}" update
    touch "$A/updated"
  fi
}

# resolve SUITE KIND(bin|src) PACKAGE EXACT ACCEPT -> version to use (EXACT if still in the archive)
resolve() {
  local suite=$1 kind=$2 pkg=$3 exact=$4 accept=$5 col vers v
  apt_opts "$suite"
  if [ "$kind" = src ]; then col=Sources; else col=Packages; fi
  vers=$(apt-cache "${APT_O[@]}" madison "$pkg" | awk -F'|' -v c="$col" '$3 ~ c {gsub(/ /,"",$2); print $2}' | sort -u)
  if printf '%s\n' "$vers" | grep -qxF "$exact"; then
    echo "$exact"
    return 0
  fi
  v=$(printf '%s\n' "$vers" | while read -r x; do
    # shellcheck disable=SC2254 # $accept is a glob on purpose
    case $x in $accept) echo "$x" ;; esac
  done | sort -V | tail -n 1)
  if [ -z "$v" ]; then
    why "no $pkg $exact (nor $accept) in Debian $suite; available: $(echo "$vers" | tr '\n' ' ')"
  fi
  warn "$pkg $exact is no longer in Debian $suite; using $v"
  echo "$v"
}

# ---------------------------------------------------------------- host tools (the only root part)
host_missing() {
  local p miss=()
  for p in dpkg-dev openssl curl; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || miss+=("$p")
  done
  command -v flock >/dev/null || miss+=(util-linux)
  echo "${miss[*]}"
}

# host_tools SUDO...: apt-get install what host_missing lists (root, or through 'sudo -n')
host_tools() {
  local miss
  miss=$(host_missing)
  run apt-install "$@" env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends $miss"
  miss=$(host_missing)
  [ -z "$miss" ] || why "still missing after apt-get install: $miss"
}

# ---------------------------------------------------------------- bookworm binary packages, extracted
# debs NAME SPEC...  (SPEC = package:exact:accept) -> root/NAME, stamp NAME with NAME.debian.<pkg>=<ver>
# (from the suite suite_of NAME names: bookworm, or sid for what only sid ships)
debs() {
  local name=$1 spec p exact accept v props=() want suite
  shift
  want="$*"
  suite=$(suite_of "$name")
  apt_ready "$suite"
  rm -rf "$DIR/debs/$name" "$DIR/root/$name"
  mkdir -p "$DIR/debs/$name" "$DIR/root/$name"
  local get=()
  for spec in "$@"; do
    IFS=: read -r p exact accept <<<"$spec"
    v=$(resolve "$suite" bin "$p" "$exact" "$accept")
    get+=("$p=$v")
    props+=("deb.$p=$v")
  done
  (cd "$DIR/debs/$name" && run "download-$name" apt-get "${APT_O[@]}" download "${get[@]}")
  local d
  for d in "$DIR/debs/$name"/*.deb; do dpkg-deb -x "$d" "$DIR/root/$name"; done
  stamp_write "$name" "$want" "${props[@]}"
}

want_go() { echo "golang-1.19-go:$GO_DEB:$GO_DEB_OK golang-1.19-src:$GO_DEB:$GO_DEB_OK golang-github-modern-go-reflect2-dev:$REFLECT2_DEB:$REFLECT2_DEB_OK"; }
want_etcd() { echo "etcd-server:$ETCD_DEB:$ETCD_DEB_OK"; }
want_prometheus() { echo "prometheus:$PROM_DEB:$PROM_DEB_OK"; }
want_kubectl() { echo "kubernetes-client:$K8S_DEB:$K8S_DEB_OK"; }
want_victoriametrics() { echo "victoria-metrics:$VM_DEB:$VM_DEB_OK"; }
suite_of() { case $1 in victoriametrics) echo sid ;; *) echo bookworm ;; esac; }

GOROOT_119=$DIR/root/go/usr/lib/go-1.19
REFLECT2_SRC=$DIR/root/go/usr/share/gocode/src/github.com/modern-go/reflect2

# component NAME LABEL CHECK-FILE... : extract unless the stamp matches and the files exist; sets STEP_RC
component() {
  local name=$1 label=$2 want f ok=1
  shift 2
  want=$("want_$name")
  for f in "$@"; do [ -e "$f" ] || ok=0; done
  if [ $ok = 1 ] && stamp_ok "$name" "$want"; then
    cached "$label"
    return 0
  fi
  # shellcheck disable=SC2086 # want is a list of specs
  step "$label" debs "$name" $want
}

# ---------------------------------------------------------------- Kubernetes 1.20.2 from bookworm source
k8s_src_dir() { # where dpkg-source -x puts Debian version $1
  local v=${1#*:}
  echo "$DIR/src/kubernetes-${v%-*}"
}

# fetch the source package (private deb-src lists), unpack it and patch it; stamp k8s-src
k8s_source() {
  apt_ready bookworm
  local v
  v=$(resolve bookworm src kubernetes "$K8S_DEB" "$K8S_DEB_OK")
  rm -rf "$DIR/src" "$DIR/stamps/k8s-src"
  mkdir -p "$DIR/src"
  (cd "$DIR/src" && run apt-source apt-get "${APT_O[@]}" source --download-only "kubernetes=$v")
  (cd "$DIR/src" && run dpkg-source dpkg-source -x "kubernetes_${v#*:}.dsc")
  SRC=$(k8s_src_dir "$v")
  [ -f "$SRC/go.mod" ] || why "no $SRC/go.mod after dpkg-source -x"
  k8s_patch
  stamp_write k8s-src "$K8S_DEB $K8S_PATCHES" "src.debian=$v"
}

k8s_goenv() {
  export GOROOT=$GOROOT_119 PATH=$GOROOT_119/bin:$PATH
  export GOPATH=$DIR/gopath GOCACHE=$DIR/gocache GO111MODULE=off GOPROXY=off GOFLAGS='' CGO_ENABLED=0 GOTOOLCHAIN=local
  mkdir -p "$GOPATH/src/k8s.io" "$GOPATH/bin"
  ln -sfn "$SRC" "$GOPATH/src/k8s.io/kubernetes"
}

k8s_patch() {
  # 1) Vendored github.com/modern-go/reflect2 v1.0.1 links to reflect.mapiterinit with its pre-Go-1.18
  #    signature: built with Go 1.19, kube-apiserver dies with "fatal error: fault / SIGSEGV ...
  #    reflect2.(*UnsafeMapType).UnsafeIterate" on the first json-iterator map encode (e.g. any pretty-JSON
  #    GET from curl). Swap in Debian's reflect2 1.0.2.
  local R=$SRC/vendor/github.com/modern-go/reflect2
  log "patch 1: vendored reflect2 1.0.1 -> Debian golang-github-modern-go-reflect2-dev $(prop go deb.golang-github-modern-go-reflect2-dev)"
  [ -f "$R/reflect2.go" ] || why "no vendored reflect2 in $R"
  rm -f "$R"/*.go "$R"/*.s
  cp "$REFLECT2_SRC"/*.go "$REFLECT2_SRC"/*.s "$R/"
  [ -f "$R/go_above_118.go" ] || why "reflect2 patch: no go_above_118.go in Debian's reflect2"
  # 2) pkg/generated/openapi/zz_generated.openapi.go is not in the tarball (Debian builds only kubectl);
  #    without it: "undefined: openapi.GetOpenAPIDefinitions". Generate it with the vendored openapi-gen
  #    from the same inputs as Makefile.generated_files.
  log "patch 2: generate pkg/generated/openapi with the vendored openapi-gen"
  k8s_goenv
  cd "$GOPATH/src/k8s.io/kubernetes"
  run openapi-gen-build go build -o "$GOPATH/bin/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
  local dirs
  dirs=$(find -H . -not \( \( -path './_*' -o -path './.*' -o -path ./vendor \) -prune \) -type f -name '*.go' |
    sed 's|^./staging/src|vendor|; s|^\./||' |
    xargs grep --color=never -l '^// *+k8s:' | xargs grep --color=never -l '+k8s:openapi-gen=' |
    grep -v -E '^vendor/k8s.io/(code-generator|sample-apiserver)/' | xargs -n1 dirname | LC_ALL=C sort -u |
    sed 's|^|k8s.io/kubernetes/|' | paste -sd, -)
  run openapi-gen "$GOPATH/bin/openapi-gen" --logtostderr -i "$dirs" -p k8s.io/kubernetes/pkg/generated/openapi \
    -O zz_generated.openapi -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt \
    -r "$DIR/logs/openapi-violations.report"
  [ -s "$SRC/pkg/generated/openapi/zz_generated.openapi.go" ] || why "openapi-gen wrote no zz_generated.openapi.go"
}

k8s_build_one() {
  local c=$1 ldf="-s -w" v
  k8s_goenv
  for v in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    ldf+=" -X $v.gitVersion=v$K8S_VER -X $v.gitMajor=1 -X $v.gitMinor=20 -X $v.gitTreeState=clean"
    ldf+=" -X $v.gitCommit=$K8S_COMMIT -X $v.buildDate=2021-01-13T13:20:00Z"
  done
  mkdir -p "$BIN"
  cd "$GOPATH/src/k8s.io/kubernetes"
  run "build-$c" go build -trimpath -ldflags "$ldf" -o "$BIN/$c.tmp" "./cmd/$c"
  mv "$BIN/$c.tmp" "$BIN/$c"
  log "$c: $(stat -c %s "$BIN/$c") bytes, $("$BIN/$c" --version 2>&1 | head -n 1)"
}

# k8s: source, patches, three builds, smoke; sets K8S_ERROR on failure (returns 0 either way)
k8s() {
  K8S_ERROR=""
  local want c ok=1 gov
  gov=$(prop go deb.golang-1.19-go)
  want="$K8S_DEB $K8S_PATCHES go=$gov"
  for c in $COMPONENTS; do [ -x "$BIN/$c" ] || ok=0; done
  if [ $ok = 1 ] && stamp_ok k8s "$want"; then
    cached "Kubernetes $K8S_VER $COMPONENTS ($(prop k8s kubernetes.debian))"
    return 0
  fi
  rm -f "$DIR/stamps/k8s"
  SRC=$(k8s_src_dir "$(prop k8s-src src.debian)")
  if stamp_ok k8s-src "$K8S_DEB $K8S_PATCHES" && [ -f "$SRC/go.mod" ]; then
    cached "source kubernetes=$(prop k8s-src src.debian), patched"
  else
    step "fetch + patch source kubernetes=$K8S_DEB (apt-get source; reflect2, openapi)" k8s_source
    [ "$STEP_RC" = 0 ] || { K8S_ERROR=$STEP_WHY; return 0; }
    SRC=$(k8s_src_dir "$(prop k8s-src src.debian)")
  fi
  for c in $COMPONENTS; do
    step "build $c v$K8S_VER (Go $(upstream "$gov"))" k8s_build_one "$c"
    [ "$STEP_RC" = 0 ] || { K8S_ERROR=$STEP_WHY; return 0; }
  done
  step "smoke kube-apiserver v$K8S_VER (etcd, /readyz, pretty-JSON GETs, kubectl)" smoke 0
  [ "$STEP_RC" = 0 ] || { K8S_ERROR="$STEP_WHY (logs in $DIR/logs/smoke)"; return 0; }
  stamp_write k8s "$want" "kubernetes.version=$K8S_VER" "kubernetes.debian=$(prop k8s-src src.debian)"
}

# ---------------------------------------------------------------- CEL-capable CRD server from sid
# apiext_fetch: resolve golang-k8s-apiextensions-apiserver-dev and its -dev closure + golang-go in today's sid,
# download them (private sid lists) and extract them into sid/root (dpkg-deb -x: nothing is installed)
apiext_fetch() {
  apt_ready sid
  local S=$DIR/sid ROOT=$DIR/sid/root gover pkgs
  gover=$(apt-cache "${APT_O[@]}" depends golang-go | sed -n 's/.*Depends: \(golang-1\.[0-9]*-go\).*/\1/p' | head -n 1)
  [ -n "$gover" ] || why "sid: cannot tell which golang-1.x-go golang-go depends on"
  pkgs=$(apt-cache "${APT_O[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "$APIEXT_PKG" | grep -E '^[a-z0-9].*-dev$' | sort -u) ||
    why "sid: apt-cache depends --recurse $APIEXT_PKG failed (package gone from sid?)"
  grep -qx "$APIEXT_PKG" <<<"$pkgs" || why "sid has no package $APIEXT_PKG"
  log "sid: downloading $(echo "$pkgs" | wc -l) -dev packages + $gover"
  rm -rf "$S/debs" "$ROOT"
  mkdir -p "$S/debs" "$ROOT"
  # shellcheck disable=SC2086 # $pkgs is a word list
  (cd "$S/debs" && run download-sid apt-get "${APT_O[@]}" download $pkgs "$gover" "${gover%-go}-src")
  local d
  for d in "$S"/debs/*.deb; do dpkg-deb -x "$d" "$ROOT"; done
  # shellcheck disable=SC2016 # dpkg-deb's own ${...} format
  for d in "$S"/debs/*.deb; do dpkg-deb -W --showformat='${Package}=${Version}\n' "$d"; done >"$S/manifest.txt"
  log "sid: $(grep -c . "$S/manifest.txt") packages extracted, $(du -sh "$ROOT" | cut -f1)"
}

# apiext_compile: GOPATH-mode build of k8s.io/apiextensions-apiserver from sid/root with sid's Go
apiext_compile() {
  local S=$DIR/sid ROOT=$DIR/sid/root GR deb
  GR=$(find "$ROOT/usr/lib" -maxdepth 1 -name 'go-1.*' | sort -V | tail -n 1)
  deb=$(dpkg-deb -f "$S"/debs/"${APIEXT_PKG}"_*.deb Version)
  local v
  v=$(upstream "$deb")
  v=1.${v#0.}
  mkdir -p "$DIR/build"
  (
    export GOROOT=$GR GOPATH=$ROOT/usr/share/gocode GO111MODULE=off GOCACHE=$DIR/gocache-sid \
      GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=0 GOFLAGS=
    cd "$GOPATH/src/k8s.io/apiextensions-apiserver"
    run build-apiextensions-apiserver "$GR/bin/go" build -trimpath \
      -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$v" \
      -o "$DIR/build/apiextensions-apiserver" .
  )
  local gv
  gv=$(GOROOT=$GR "$GR/bin/go" version | awk '{print $3}')
  mv "$DIR/build/apiextensions-apiserver" "$BIN/apiextensions-apiserver"
  {
    echo "# Debian sid packages apiextensions-apiserver v$v was built from, $(date -u +%FT%TZ)"
    cat "$S/manifest.txt"
  } >"$DIR/apiextensions-manifest.txt"
  # 2+ GiB of sources and 1.4 GiB of Go build cache only a rebuild from a later sid would use; the .debs stay
  rm -rf "$ROOT" "$DIR/gocache-sid"
  log "apiextensions-apiserver v$v ($(stat -c %s "$BIN/apiextensions-apiserver") bytes), $gv"
  stamp_write apiext "$APIEXT_RECIPE" "apiextensions.version=$v" "apiextensions.debian=$deb" \
    "apiextensions.go=${gv#go}" "apiextensions.built=$(date -u +%FT%TZ)"
}

apiext() {
  if [ "${HEADROOM_TEST_ENV_APIEXT:-1}" = 0 ]; then
    APIEXT_ERROR="skipped (HEADROOM_TEST_ENV_APIEXT=0)"
    log "apiextensions-apiserver: $APIEXT_ERROR"
    return 0
  fi
  if [ -x "$BIN/apiextensions-apiserver" ] && stamp_ok apiext "$APIEXT_RECIPE"; then
    cached "apiextensions-apiserver $(prop apiext apiextensions.version) (Debian sid, built $(prop apiext apiextensions.built))"
    return 0
  fi
  local F=$DIR/stamps/apiext.failed
  if [ -f "$F" ] && [ "${HEADROOM_TEST_ENV_RETRY:-0}" != 1 ] && ! is_ci && [ -n "$(find "$F" -mmin -1440)" ]; then
    APIEXT_ERROR=$(cat "$F")
    warn "apiextensions-apiserver failed less than a day ago, not retrying (HEADROOM_TEST_ENV_RETRY=1 forces): $APIEXT_ERROR"
    return 0
  fi
  rm -f "$F" "$DIR/stamps/apiext"
  mkdir -p "$DIR/stamps"
  step "fetch Debian sid $APIEXT_PKG + its -dev closure + golang-go" apiext_fetch
  if [ "$STEP_RC" = 0 ]; then
    step "build apiextensions-apiserver (sid packages, sid Go, GOPATH mode)" apiext_compile
  fi
  if [ "$STEP_RC" != 0 ]; then
    rm -f "$BIN/apiextensions-apiserver" "$DIR/stamps/apiext"
    echo "Debian sid moved? $STEP_WHY" >"$F"
  else
    step "smoke apiextensions-apiserver (delegating to kube-apiserver; a CEL rule rejects)" smoke 1
    if [ "$STEP_RC" != 0 ]; then
      rm -f "$BIN/apiextensions-apiserver" "$DIR/stamps/apiext"
      echo "built from Debian sid $(date -u +%F) but $STEP_WHY (logs in $DIR/logs/smoke)" >"$F"
    fi
  fi
  if [ -f "$F" ]; then
    APIEXT_ERROR=$(cat "$F")
    warn "apiextensions-apiserver: $APIEXT_ERROR"
  fi
}

# ---------------------------------------------------------------- smoke test (also 'test-env.sh smoke')
free_port() {
  local p
  while :; do
    p=$(shuf -i 20000-60999 -n 1)
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

certs() { # RSA/SHA-256 with SANs (Go >= 1.15 ignores CN)
  (
    cd "$1"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=local-ca" -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1\nextendedKeyUsage=serverAuth\n' >srv.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile srv.ext -out apiserver.crt
    openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=admin" -keyout admin.key -out admin.csr
    printf 'extendedKeyUsage=clientAuth\n' >cli.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile cli.ext -out admin.crt
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >"$1/certs.log" 2>&1
}

smoke_down() {
  local R=$1 p pid
  for p in apiext apiserver etcd; do
    [ -f "$R/$p.pid" ] || continue
    pid=$(cat "$R/$p.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$R/$p.pid"
  done
}

# wait_ready NAME URL PIDFILE LOG CURL-ARGS...: /readyz within 60 s while the process lives
wait_ready() {
  local name=$1 url=$2 pidf=$3 lg=$4 i
  shift 4
  for i in $(seq 600); do
    curl -sf "$@" "$url" >/dev/null 2>&1 && { log "$name ready after $((i / 10)).$((i % 10)) s"; return 0; }
    kill -0 "$(cat "$pidf")" 2>/dev/null || { tail -n 20 "$lg" >&2; why "$name exited before /readyz: $(grep . "$lg" | tail -n 1 | cut -c1-200)"; }
    sleep 0.1
  done
  tail -n 20 "$lg" >&2
  why "$name not ready after 60 s"
}

# smoke WITH_APIEXT(0|1): etcd + kube-apiserver (+ apiextensions-apiserver) in a temporary directory
smoke() {
  local with_apiext=$1 R EP PP AP XP
  mkdir -p "$DIR/run"
  R=$(mktemp -d "$DIR/run/smoke.XXXXXX")
  # shellcheck disable=SC2064 # expand now
  trap "smoke_down '$R'; rm -rf '$DIR/logs/smoke'; mkdir -p '$DIR/logs/smoke'; cp '$R'/*.log '$R'/*.json '$DIR/logs/smoke/' 2>/dev/null; rm -rf '$R'" EXIT
  certs "$R"
  EP=$(free_port)
  PP=$(free_port)
  AP=$(free_port)
  cat >"$R/admin.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: local, cluster: {server: "https://127.0.0.1:$AP", certificate-authority: "$R/ca.crt"}}]
users: [{name: admin, user: {client-certificate: "$R/admin.crt", client-key: "$R/admin.key"}}]
contexts: [{name: local, context: {cluster: local, user: admin}}]
current-context: local
EOF
  "$BIN/etcd" --name smoke --data-dir "$R/etcd" \
    --listen-client-urls "http://127.0.0.1:$EP" --advertise-client-urls "http://127.0.0.1:$EP" \
    --listen-peer-urls "http://127.0.0.1:$PP" --initial-advertise-peer-urls "http://127.0.0.1:$PP" \
    --initial-cluster "smoke=http://127.0.0.1:$PP" >"$R/etcd.log" 2>&1 &
  echo $! >"$R/etcd.pid"
  "$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$EP" \
    --bind-address=127.0.0.1 --secure-port="$AP" --insecure-port=0 \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --tls-cert-file="$R/apiserver.crt" --tls-private-key-file="$R/apiserver.key" \
    --client-ca-file="$R/ca.crt" --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$R/sa.pub" --service-account-signing-key-file="$R/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 --allow-privileged=true --cert-dir="$R/certdir" \
    >"$R/apiserver.log" 2>&1 &
  echo $! >"$R/apiserver.pid"
  local C=(--cacert "$R/ca.crt" --cert "$R/admin.crt" --key "$R/admin.key")
  wait_ready kube-apiserver "https://127.0.0.1:$AP/readyz" "$R/apiserver.pid" "$R/apiserver.log" --cacert "$R/ca.crt"
  # curl's User-Agent gets pretty JSON: the json-iterator map path that crashed before the reflect2 patch
  # (the bootstrap controller creates namespace default and that ConfigMap a moment after /readyz)
  local u code i
  for u in /api/v1/namespaces/default /apis /api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication; do
    for i in $(seq 100); do
      code=$(curl -s --max-time 20 "${C[@]}" -o "$R/get.json" -w '%{http_code}' "https://127.0.0.1:$AP$u" || true)
      [ "$code" = 200 ] && break
      kill -0 "$(cat "$R/apiserver.pid")" 2>/dev/null || break
      sleep 0.2
    done
    [ "$code" = 200 ] || { tail -n 30 "$R/apiserver.log" >&2; why "kube-apiserver GET $u: HTTP $code $(head -c 200 "$R/get.json" | tr '\n' ' ')"; }
  done
  kill -0 "$(cat "$R/apiserver.pid")" || { tail -n 30 "$R/apiserver.log" >&2; why "kube-apiserver died after pretty-JSON GETs (reflect2?)"; }
  "$BIN/kubectl" --kubeconfig "$R/admin.kubeconfig" --request-timeout=20s get namespaces >"$R/kubectl.out" 2>&1 ||
    why "kubectl get namespaces failed: $(tail -n 1 "$R/kubectl.out")"
  grep -q '^kube-system ' "$R/kubectl.out" || why "kubectl get namespaces: no kube-system"
  log "kube-apiserver: pretty-JSON GETs and 'kubectl get namespaces' OK"
  [ "$with_apiext" = 1 ] || return 0

  XP=$(free_port)
  "$BIN/apiextensions-apiserver" --etcd-servers="http://127.0.0.1:$EP" --etcd-prefix=/apiext \
    --bind-address=127.0.0.1 --secure-port="$XP" --cert-dir="$R/apiext-certs" \
    --kubeconfig="$R/admin.kubeconfig" --authentication-kubeconfig="$R/admin.kubeconfig" \
    --authorization-kubeconfig="$R/admin.kubeconfig" --enable-priority-and-fairness=false \
    --disable-admission-plugins=ValidatingAdmissionPolicy,MutatingAdmissionPolicy \
    >"$R/apiext.log" 2>&1 &
  echo $! >"$R/apiext.pid"
  wait_ready apiextensions-apiserver "https://127.0.0.1:$XP/readyz" "$R/apiext.pid" "$R/apiext.log" -k
  # post PATH BODY OUT -> HTTP status (000 if no answer)
  post() {
    curl -s -k --max-time 20 --cert "$R/admin.crt" --key "$R/admin.key" -H 'Content-Type: application/json' \
      -o "$R/$3" -w '%{http_code}' -X POST "https://127.0.0.1:$XP$1" -d "$2" || true
  }
  local cr=/apis/smoke.headroom.dev/v1/namespaces/default/widgets
  code=$(post /apis/apiextensions.k8s.io/v1/customresourcedefinitions '{
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.smoke.headroom.dev"},
    "spec": {"group": "smoke.headroom.dev", "scope": "Namespaced",
      "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
      "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {
        "type": "object", "properties": {"spec": {"type": "object",
          "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}},
          "x-kubernetes-validations": [{"rule": "self.min <= self.max", "message": "min must not exceed max"}]}}}}}]}}' crd.json)
  [ "$code" = 201 ] || why "create CRD: HTTP $code $(head -c 300 "$R/crd.json" | tr '\n' ' ')"
  for _ in $(seq 100); do # 404 until the CRD is established
    code=$(post "$cr" '{"apiVersion":"smoke.headroom.dev/v1","kind":"Widget","metadata":{"name":"good"},"spec":{"min":1,"max":2}}' good.json)
    [ "$code" = 201 ] && break
    sleep 0.2
  done
  [ "$code" = 201 ] || why "create valid Widget: HTTP $code $(head -c 300 "$R/good.json" | tr '\n' ' ')"
  code=$(post "$cr" '{"apiVersion":"smoke.headroom.dev/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"min":3,"max":2}}' bad.json)
  if [ "$code" != 422 ] || ! grep -q 'min must not exceed max' "$R/bad.json"; then
    why "invalid Widget not rejected by its CEL rule: HTTP $code $(head -c 300 "$R/bad.json" | tr '\n' ' ')"
  fi
  log "apiextensions-apiserver: CRD established, CEL rule rejected an invalid object (HTTP 422)"
}

# ---------------------------------------------------------------- results
links() {
  mkdir -p "$BIN"
  ln -sfn ../root/etcd/usr/bin/etcd "$BIN/etcd"
  ln -sfn ../root/prometheus/usr/bin/prometheus "$BIN/prometheus"
  ln -sfn ../root/prometheus/usr/bin/promtool "$BIN/promtool"
  ln -sfn ../root/kubectl/usr/bin/kubectl "$BIN/kubectl"
  ln -sfn ../root/victoriametrics/usr/bin/victoria-metrics "$BIN/victoria-metrics"
  ln -sfn ../root/victoriametrics/usr/bin/vmauth "$BIN/vmauth"
  local K=$DIR/k8s/$K8S_VER-linux-amd64 b
  mkdir -p "$K"
  for b in kube-apiserver etcd kubectl; do ln -sfn "../../bin/$b" "$K/$b"; done
}

# ---------------------------------------------------------------- the current Kubernetes (Go modules)
# current_build: kube-apiserver, kube-controller-manager, kube-scheduler and etcd from test-env/k8s
current_build() {
  local M O gv
  M=$HERE/../test-env/k8s
  O=$DIR/k8s-1.36/bin
  command -v go >/dev/null || why "no go command (Go 1.26 builds the current Kubernetes)"
  gv=$(GOTOOLCHAIN=local go env GOVERSION)
  mkdir -p "$O" "$DIR/build"
  local ld="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_CURRENT"
  ld+=" -X k8s.io/component-base/version.gitMajor=${K8S_CURRENT%%.*}"
  ld+=" -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_CURRENT" | cut -d. -f2)"
  ld+=" -X k8s.io/component-base/version.gitTreeState=clean"
  (
    cd "$M"
    export GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0
    run current-download go mod download
    run current-build go build -trimpath -ldflags "$ld" -o "$DIR/build/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler
    run current-build-etcd go build -trimpath -ldflags "-s -w" -o "$DIR/build/etcd" ./cmd/etcd
  )
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler etcd; do mv "$DIR/build/$b" "$O/$b"; done
  "$O/kube-apiserver" --version | grep -q "v$K8S_CURRENT" || why "kube-apiserver says $("$O/kube-apiserver" --version)"
  local ev
  ev=$("$O/etcd" --version | sed -n 's/^etcd Version: //p')
  log "Kubernetes v$K8S_CURRENT and etcd $ev built with $gv into $O"
  stamp_write current "$(current_want)" "current.kubernetes.version=$K8S_CURRENT" "current.etcd.version=$ev" \
    "current.go=${gv#go}" "current.dir=$DIR/k8s-1.36" "current.built=$(date -u +%FT%TZ)"
}

# what the current build depends on: its recipe, the pinned versions, and the module's files
current_want() {
  local M
  M=$HERE/../test-env/k8s
  echo "$CURRENT_RECIPE $K8S_CURRENT $(cat "$M/go.mod" "$M/go.sum" "$M/cmd/etcd/main.go" | sha256sum | cut -c1-16)"
}

current() {
  CURRENT_ERROR=""
  if [ "${HEADROOM_TEST_ENV_CURRENT:-1}" = 0 ]; then
    CURRENT_ERROR="skipped (HEADROOM_TEST_ENV_CURRENT=0)"
    log "Kubernetes v$K8S_CURRENT: $CURRENT_ERROR"
    return 0
  fi
  local O=$DIR/k8s-1.36/bin
  if [ -x "$O/kube-apiserver" ] && [ -x "$O/etcd" ] && stamp_ok current "$(current_want)"; then
    cached "Kubernetes v$K8S_CURRENT + etcd $(prop current current.etcd.version) (Go modules, built $(prop current current.built))"
    return 0
  fi
  rm -f "$DIR/stamps/current"
  step "build Kubernetes v$K8S_CURRENT + etcd (test-env/k8s, Go module proxy)" current_build
  if [ "$STEP_RC" != 0 ]; then
    rm -rf "$DIR/k8s-1.36"
    CURRENT_ERROR=$STEP_WHY
  fi
}

# ---------------------------------------------------------------- tools from pinned Go modules
# A module under test-env/NAME pins one program (go get -tool); gotool NAME builds it into $DIR/NAME/
# and links it from bin/ as LINK, stamped by a hash of its go.mod and go.sum.
#   gotool_build NAME PACKAGE VERSION LDFLAGS LINK
gotool_build() {
  local name=$1 pkg=$2 version=$3 ldflags=$4 link=$5 M O gv
  M=$HERE/../test-env/$name
  O=$DIR/$name
  command -v go >/dev/null || why "no go command (Go 1.26 builds $name)"
  gv=$(GOTOOLCHAIN=local go env GOVERSION)
  mkdir -p "$O" "$DIR/build"
  (
    cd "$M"
    export GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0
    run "$name-download" go mod download
    run "$name-build" go build -trimpath -ldflags "-s -w $ldflags" -o "$DIR/build/$link" "$pkg"
  )
  mv "$DIR/build/$link" "$O/$link"
  "$O/$link" --version 2>&1 | grep -q "$version" || why "$link says $("$O/$link" --version 2>&1 | head -1)"
  ln -sfn "../$name/$link" "$BIN/$link"
  log "$link $version built with $gv into $O"
  stamp_write "$name" "$(gotool_want "$name" "$version")" "$name.version=$version" \
    "$name.go=${gv#go}" "$name.built=$(date -u +%FT%TZ)"
}

gotool_want() {
  local M=$HERE/../test-env/$1
  echo "$GOTOOL_RECIPE $2 $(cat "$M/go.mod" "$M/go.sum" | sha256sum | cut -c1-16)"
}

# gotool NAME PACKAGE VERSION LDFLAGS LINK: sets GOTOOL_ERROR
gotool() {
  local name=$1 version=$3 link=$5
  GOTOOL_ERROR=""
  if [ "${HEADROOM_TEST_ENV_CURRENT:-1}" = 0 ]; then
    GOTOOL_ERROR="skipped (HEADROOM_TEST_ENV_CURRENT=0)"
    log "$link $version: $GOTOOL_ERROR"
    return 0
  fi
  if [ -x "$DIR/$name/$link" ] && stamp_ok "$name" "$(gotool_want "$name" "$version")"; then
    ln -sfn "../$name/$link" "$BIN/$link"
    cached "$link $version (Go modules, built $(prop "$name" "$name.built"))"
    return 0
  fi
  rm -f "$DIR/stamps/$name" "$BIN/$link"
  step "build $link $version (test-env/$name, Go module proxy)" gotool_build "$@"
  if [ "$STEP_RC" != 0 ]; then
    rm -rf "${DIR:?}/$name" "$BIN/$link"
    GOTOOL_ERROR=$STEP_WHY
  fi
}

go_tools() {
  # metrics-server, its version set as its Makefile sets it
  gotool metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server "v$METRICS_SERVER" \
    "-X k8s.io/client-go/pkg/version.gitVersion=v$METRICS_SERVER" metrics-server
  METRICS_ERROR=$GOTOOL_ERROR
  # Prometheus with kubernetes_sd_configs (Debian's build leaves Kubernetes discovery out)
  gotool prometheus-sd github.com/prometheus/prometheus/cmd/prometheus "$PROMETHEUS_SD" \
    "-X github.com/prometheus/common/version.Version=$PROMETHEUS_SD" prometheus-sd
  PROMETHEUS_SD_ERROR=$GOTOOL_ERROR
}

oneline() { echo "$*" | tr '\n' ' ' | sed 's/[[:space:]]*$//'; }

write_env() { # write_env [ERROR]
  local f=$DIR/env.properties
  mkdir -p "$DIR"
  {
    echo "# written by scripts/test-env.sh at $(date -u +%FT%TZ); binaries in $BIN"
    echo "dir=$DIR"
    echo "kubernetes.version=$K8S_VER"
    stamp_props k8s | grep -v '^kubernetes.version=' || true
    [ -f "$DIR/stamps/go" ] && echo "go.version=$(upstream "$(prop go deb.golang-1.19-go)")"
    [ -f "$DIR/stamps/etcd" ] && echo "etcd.version=$(upstream "$(prop etcd deb.etcd-server)")" &&
      echo "etcd.debian=$(prop etcd deb.etcd-server)"
    [ -f "$DIR/stamps/prometheus" ] && echo "prometheus.version=$(upstream "$(prop prometheus deb.prometheus)")" &&
      echo "prometheus.debian=$(prop prometheus deb.prometheus)"
    [ -f "$DIR/stamps/kubectl" ] && echo "kubectl.version=$(upstream "$(prop kubectl deb.kubernetes-client)")"
    [ -f "$DIR/stamps/victoriametrics" ] &&
      echo "victoria-metrics.version=$(upstream "$(prop victoriametrics deb.victoria-metrics)")" &&
      echo "victoria-metrics.debian=$(prop victoriametrics deb.victoria-metrics)"
    if [ -n "${APIEXT_ERROR:-}" ]; then
      echo "apiextensions.error=$(oneline "$APIEXT_ERROR")"
    else
      stamp_props apiext
    fi
    if [ -n "${CURRENT_ERROR:-}" ]; then
      echo "current.error=$(oneline "$CURRENT_ERROR")"
    else
      stamp_props current
    fi
    if [ -n "${METRICS_ERROR:-}" ]; then
      echo "metrics-server.error=$(oneline "$METRICS_ERROR")"
    else
      stamp_props metrics-server
    fi
    if [ -n "${PROMETHEUS_SD_ERROR:-}" ]; then
      echo "prometheus-sd.error=$(oneline "$PROMETHEUS_SD_ERROR")"
    else
      stamp_props prometheus-sd
    fi
    if [ $# -gt 0 ]; then
      echo "error=$(oneline "$1")"
    else
      echo "ready=true"
    fi
  } >"$f.tmp"
  mv "$f.tmp" "$f"
}

summary() {
  local s
  log "summary (cache $DIR):"
  for s in "${SUMMARY[@]}"; do echo "    $s" >&2; done
  log "total $(($(date +%s) - T_START)) s"
}

# fail REASON: unusable environment. Non-zero exit with CI=true, else a WARNING and exit 0.
fail() {
  write_env "$1"
  summary
  if is_ci; then
    log "ERROR: $1"
    exit 1
  fi
  warn "$1"
  warn "integration tests will skip (CI=true makes this an error)"
  exit 0
}

install() {
  log "cache $DIR"
  mkdir -p "$DIR/stamps"
  exec 9>"$DIR/.lock"
  if ! flock -n 9; then
    log "another test-env.sh holds $DIR/.lock; waiting (up to 1 h)"
    flock -w 3600 9 || fail "timed out waiting for $DIR/.lock"
  fi
  rm -f "$DIR/env.properties"
  [ "$(uname -m)" = x86_64 ] || fail "only linux-amd64 is supported (this is $(uname -m))"
  if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
    fail "not a Debian system (no apt-get/dpkg-deb)"
  fi
  local miss
  miss=$(host_missing)
  if [ -n "$miss" ]; then
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo=(sudo -n)
      else
        fail "missing Debian packages: $miss; not root and no passwordless sudo. Fix: sudo apt-get install -y --no-install-recommends $miss"
      fi
    fi
    step "host tools: ${sudo[*]:+${sudo[*]} }apt-get install $miss (bookworm)" host_tools "${sudo[@]}"
    [ "$STEP_RC" = 0 ] || fail "$STEP_WHY"
  fi
  component go "Go 1.19 + reflect2 1.0.2 (bookworm golang-1.19-go/-src, golang-github-modern-go-reflect2-dev; extracted)" \
    "$GOROOT_119/bin/go" "$REFLECT2_SRC/go_above_118.go"
  [ "$STEP_RC" = 0 ] || fail "$STEP_WHY"
  component etcd "etcd (bookworm etcd-server; extracted)" "$DIR/root/etcd/usr/bin/etcd"
  [ "$STEP_RC" = 0 ] || fail "$STEP_WHY"
  component prometheus "Prometheus + promtool (bookworm prometheus; extracted)" \
    "$DIR/root/prometheus/usr/bin/prometheus" "$DIR/root/prometheus/usr/bin/promtool"
  [ "$STEP_RC" = 0 ] || fail "$STEP_WHY"
  component kubectl "kubectl (bookworm kubernetes-client; extracted)" "$DIR/root/kubectl/usr/bin/kubectl"
  [ "$STEP_RC" = 0 ] || fail "$STEP_WHY"
  component victoriametrics "VictoriaMetrics + vmauth (sid victoria-metrics; extracted)" \
    "$DIR/root/victoriametrics/usr/bin/victoria-metrics" "$DIR/root/victoriametrics/usr/bin/vmauth"
  [ "$STEP_RC" = 0 ] || fail "$STEP_WHY"
  links
  k8s
  [ -z "$K8S_ERROR" ] || fail "Kubernetes v$K8S_VER: $K8S_ERROR"
  current
  APIEXT_ERROR=""
  # The CRD-only server serves only the 1.20 route (its apiserver has no CEL); 1.36 judges CEL itself.
  if [ "${HEADROOM_TEST_KUBERNETES:-}" = 1.20 ] || [ -n "$CURRENT_ERROR" ]; then
    apiext
  else
    log "apiextensions-apiserver: not needed (the 1.36 apiserver judges CEL rules; HEADROOM_TEST_KUBERNETES=1.20 builds it)"
  fi
  go_tools
  write_env
  summary
  if [ -n "$APIEXT_ERROR" ] && is_ci; then
    log "ERROR (CI=true): apiextensions-apiserver: $APIEXT_ERROR"
    exit 1
  fi
  if [ -n "$CURRENT_ERROR" ] && is_ci; then
    log "ERROR (CI=true): Kubernetes v$K8S_CURRENT: $CURRENT_ERROR"
    exit 1
  fi
  if [ -n "$METRICS_ERROR" ] && is_ci; then
    log "ERROR (CI=true): metrics-server v$METRICS_SERVER: $METRICS_ERROR"
    exit 1
  fi
  if [ -n "$PROMETHEUS_SD_ERROR" ] && is_ci; then
    log "ERROR (CI=true): Prometheus $PROMETHEUS_SD (kubernetes_sd): $PROMETHEUS_SD_ERROR"
    exit 1
  fi
  if [ "$STEPS_RUN" = 0 ]; then
    log "ready, everything reused from the cache: $DIR/env.properties"
  else
    log "ready: $DIR/env.properties"
  fi
}

case "${1:-install}" in
  install) install ;;
  smoke)
    [ -x "$BIN/kube-apiserver" ] || { log "nothing installed in $DIR; run $0 first"; exit 1; }
    w=0
    [ -x "$BIN/apiextensions-apiserver" ] && w=1
    step "smoke (etcd, kube-apiserver$([ $w = 1 ] && echo ', apiextensions-apiserver'))" smoke "$w"
    exit "$STEP_RC"
    ;;
  help | -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
  *) echo "usage: $0 [install|smoke|help]" >&2; exit 2 ;;
esac
