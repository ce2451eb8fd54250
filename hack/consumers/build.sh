#!/usr/bin/env bash
# Builds the consumers checker (hack/consumers, a Go module) into a cache outside the repository
# and prints the binary's path last. Reuses the binary while go.sum, the sources and Go are unchanged.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf '[consumers] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "go is not on PATH: install Go >= 1.26"; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
dest=${CONSUMERS_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/virt-platform-autopilot/consumers}
stamp=$(cd "$here" && cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1)-$(go version | tr ' ' '_')
if [[ -x "$dest/consumers" && "$(cat "$dest/.stamp" 2>/dev/null)" == "$stamp" ]]; then
  log "cached checker is current: $dest/consumers"
  echo "$dest/consumers"
  exit 0
fi
start=$SECONDS
log "building the checker (Ignition $(grep -m1 'coreos/ignition/v2 ' "$here/go.mod" | awk '{print $2}'), k8s.io/kubelet $(grep -m1 'k8s.io/kubelet ' "$here/go.mod" | awk '{print $2}')) into $dest"
mkdir -p "$dest"
(cd "$here" && go mod download && go build -trimpath -ldflags '-s -w' -o "$dest/consumers.tmp" .)
mv -f "$dest/consumers.tmp" "$dest/consumers"
echo "$stamp" >"$dest/.stamp"
log "built in $((SECONDS - start))s"
echo "$dest/consumers"
