#!/usr/bin/env bash
# Builds the operator image with podman from the project's Dockerfile as it is, with no registry:
# the base images it names come from hack/image/base-images.sh (Debian packages + npm Node binary).
#
#   hack/image/build.sh   -> localhost/virt-platform-autopilot:dev             (runtime: node:24-bookworm-slim)
#                            localhost/virt-platform-autopilot:dev-distroless  (runtime: localhost/node:24-distroless)
#
# Prints what it measured (build seconds, uncompressed size) as `[image] figures ...` lines.
# Exits 2, printing why, when podman cannot run containers on this machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/common.sh"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

if ! reason=$(podman_usable); then
  log "cannot build the image: $reason"
  exit 2
fi

start=$SECONDS
bash "$here/base-images.sh"
log "base images ready in $((SECONDS - start))s"

build() { # tag extra-args...
  local tag=$1
  shift
  local t0=$SECONDS
  log "podman build --pull=never -t $IMAGE_REPO:$tag $*"
  podman build --pull=never --quiet "$@" -t "$IMAGE_REPO:$tag" . >/dev/null
  log "figures $IMAGE_REPO:$tag build_seconds=$((SECONDS - t0)) size_mb=$(($(image_size "$IMAGE_REPO:$tag") / 1000000))"
}
build "$IMAGE_TAG"
# The same Dockerfile on the distroless-style runtime base (the builder stage is reused from the cache).
build "$IMAGE_TAG-distroless" --build-arg "RUNTIME_IMAGE=localhost/node:$(cd "$root" && node -p 'require("./package.json").devDependencies.node.split(".")[0]')-distroless"
