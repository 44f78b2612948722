#!/usr/bin/env bash
# scripts/jre-base.sh - a small JRE base image as a docker-save tar, made offline from the local JDK 17.
#
#   scripts/jre-base.sh [OUT_DIR]        build (or reuse) OUT_DIR/jre-base.tar (default: target/jre-base)
#   scripts/jre-base.sh check JAR        also run JAR's --help and 'simulate --help' on the built JRE
#   scripts/jre-base.sh help
#
# Why: the production base (docs/image.md) lives in a registry that this build cannot reach, so the
# offline image build (jib:buildTar with -Djib.from.image=tar://...) needs a base made here. Maven runs
# this in pre-integration-test; ImageIT then checks the image Jib built on top of it.
#
# The tar holds one layer:
#   /opt/java/openjdk/    the JRE from jlink (MODULES below), where Temurin keeps it, so 'java' on PATH and
#                         JAVA_HOME mean the same in both bases
#   /usr/lib*/, /lib*     the shared libraries the JRE links (glibc, zlib, ...), copied from this machine,
#                         so the image also runs outside this machine (docker load)
#   /etc/passwd, group    root and nonroot (65532), the user the image runs as
#   /tmp (1777)           the only place the JVM writes (hsperfdata, hs_err files); read-only root file
#                         systems mount an emptyDir here
# Output is deterministic for a given JDK and host libraries: sorted entries, mtime 0, owner 0:0.
# It is reused while the inputs (this script, the JDK's release file, the module list) are unchanged.
#
# Env: JAVA_HOME (else the JDK that 'jlink' on PATH belongs to)
set -euo pipefail
shopt -s inherit_errexit

# jdeps --print-module-deps --ignore-missing-deps --multi-release 17 target/headroom.jar gives
#   java.base,java.compiler,java.desktop,java.naming,java.net.http,java.sql,jdk.httpserver,jdk.management,
#   jdk.unsupported
# plus what jdeps cannot see because it is loaded by name or service lookup:
#   jdk.crypto.ec      elliptic-curve TLS (ECDHE suites, EC certificates of API servers and Prometheus)
#   jdk.naming.dns     DNS lookups through JNDI, which some client libraries fall back to
#   jdk.localedata     non-English locales for number/date formatting; small enough to keep
#   java.logging       already pulled in by java.sql, named for clarity (logback bridges JUL)
MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.localedata,jdk.management,jdk.naming.dns,jdk.unsupported
JRE_DIR=/opt/java/openjdk
USER_ID=65532
IMAGE_TAG=headroom-jre-base:local

die() {
  echo "jre-base: $*" >&2
  exit 1
}

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

find_jdk() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/jlink ]]; then
    echo "$JAVA_HOME"
  else
    local jlink
    jlink=$(command -v jlink) || die "no jlink: set JAVA_HOME to a JDK 17"
    dirname "$(dirname "$(readlink -f "$jlink")")"
  fi
}

# Deterministic tar of a directory's contents, entries named without './' (docker-save readers look up
# 'manifest.json' by exact name).
det_tar() {
  local src=$1 out=$2
  (cd "$src" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort) |
    tar --create --file="$out" --directory="$src" --no-recursion --files-from=- \
      --mtime=@0 --owner=0 --group=0 --numeric-owner \
      --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
}

arch() {
  case $(uname -m) in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    *) uname -m ;;
  esac
}

# java.desktop's native parts (X11, sound, fonts, images) load only for GUI work, which the operator never
# does: their host libraries (X11, ALSA, freetype, ...) would double the base for nothing.
DESKTOP_LIBS='/lib(awt[a-z_]*|jawt|splashscreen|jsound|fontmanager|lcms|javajpeg|mlib_image)\.so$'

# Copies every shared library the JRE's binaries need (as the dynamic loader resolves them here) to the
# same path under the root file system, following symlinks so the copy is self-contained.
copy_libs() {
  local root=$1 jre=$2 lib
  local -A seen=()
  while IFS= read -r lib; do
    [[ -z $lib || -n ${seen[$lib]:-} ]] && continue
    seen[$lib]=1
    # merged-/usr hosts resolve /lib/... through a symlink; store under /usr and link /lib to it
    local dest=${lib#/usr}
    dest=$root/usr$dest
    mkdir -p "$(dirname "$dest")"
    cp -L "$lib" "$dest"
  done < <(find "$jre" -type f \( -name '*.so' -o -path '*/bin/*' \) | grep -Ev "$DESKTOP_LIBS" |
    xargs ldd 2>/dev/null | awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]+ \(/ {print $1}' | sort -u |
    grep -v "^$jre/")
  # The JRE's own libraries find each other through RPATH-like lookups from lib/; only host ones are copied.
  local d
  for d in lib lib64; do
    [[ -d $root/usr/$d ]] && ln -s "usr/$d" "$root/$d"
  done
  return 0
}

build() {
  local out=$1 jdk stamp_in
  jdk=$(find_jdk)
  [[ -f $jdk/jmods/java.base.jmod ]] || die "$jdk has no jmods/ (install the full JDK, e.g. openjdk-17-jdk-headless)"
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  stamp_in=$( (
    sha256sum "$0"
    cat "$jdk/release"
    echo "$MODULES"
  ) | sha256sum | cut -d' ' -f1)
  if [[ -f $out/jre-base.tar && -f $out/stamp && $(cat "$out/stamp") == "$stamp_in" ]]; then
    echo "jre-base: reusing $out/jre-base.tar"
    return 0
  fi
  local t0=$SECONDS
  rm -rf "$out/rootfs" "$out/image" "$out/jre-base.tar" "$out/stamp"
  local root=$out/rootfs
  mkdir -p "$root/opt/java" "$root/etc" "$root/tmp" "$root/home/nonroot"
  chmod 1777 "$root/tmp"

  # --strip-debug and no headers/man pages: nothing in a container reads them; compress=2 (zip) trades a
  # few ms of class loading for ~40% less image.
  "$jdk/bin/jlink" --add-modules "$MODULES" --output "$root$JRE_DIR" \
    --strip-debug --no-header-files --no-man-pages --compress=2
  # Debian's JDK links some security files to /etc; a base image must carry the files themselves.
  local f
  while IFS= read -r f; do
    cp --remove-destination -L "$f" "$f.tmp" 2>/dev/null && mv "$f.tmp" "$f" || rm -f "$f"
  done < <(find "$root$JRE_DIR" -type l)
  "$root$JRE_DIR/bin/java" -version >/dev/null 2>&1 || die "the jlinked JRE does not start"
  copy_libs "$root" "$root$JRE_DIR"

  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:nonroot:/home/nonroot:/sbin/nologin\n' \
    "$USER_ID" "$USER_ID" >"$root/etc/passwd"
  printf 'root:x:0:\nnonroot:x:%s:\n' "$USER_ID" >"$root/etc/group"
  chmod -R go-w "$root/opt" "$root/etc"

  # docker-save layout: manifest.json -> <config>.json, <diff_id>/layer.tar
  local img=$out/image
  mkdir -p "$img"
  det_tar "$root" "$out/layer.tar"
  local diff_id
  diff_id=$(sha256sum "$out/layer.tar" | cut -d' ' -f1)
  mkdir -p "$img/$diff_id"
  mv "$out/layer.tar" "$img/$diff_id/layer.tar"
  local config
  config=$(printf '{"architecture":"%s","os":"linux","created":"1970-01-01T00:00:00Z",' "$(arch)")
  config+=$(printf '"config":{"User":"%s:%s","Env":["PATH=%s/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=%s","LANG=C.UTF-8"],"WorkingDir":"/"},' \
    "$USER_ID" "$USER_ID" "$JRE_DIR" "$JRE_DIR")
  config+=$(printf '"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},' "$diff_id")
  config+=$(printf '"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/jre-base.sh (jlink %s)"}]}' "$MODULES")
  local config_id
  config_id=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" >"$img/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' \
    "$config_id" "$IMAGE_TAG" "$diff_id" >"$img/manifest.json"
  det_tar "$img" "$out/jre-base.tar"
  rm -rf "$img"
  echo "$stamp_in" >"$out/stamp"
  echo "jre-base: $out/jre-base.tar ($(du -h "$out/jre-base.tar" | cut -f1), layer sha256:$diff_id) in $((SECONDS - t0)) s"
}

check() {
  local jar=$1 out=${2:-target/jre-base}
  [[ -f $jar ]] || die "no jar at $jar (./mvnw -B package)"
  build "$out"
  local java=$out/rootfs$JRE_DIR/bin/java
  "$java" -cp "$jar" dev.headroom.cli.Main --help >/dev/null || die "--help failed on the jlinked JRE"
  "$java" -cp "$jar" dev.headroom.cli.Main simulate --help >/dev/null ||
    die "simulate --help failed on the jlinked JRE"
  echo "jre-base: $jar starts on the jlinked JRE"
}

case ${1:-} in
  help | -h | --help) usage ;;
  check) check "${2:?usage: scripts/jre-base.sh check JAR [OUT_DIR]}" "${3:-target/jre-base}" ;;
  *) build "${1:-target/jre-base}" ;;
esac
