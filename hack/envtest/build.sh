#!/usr/bin/env bash
# Builds kube-apiserver, etcd and kubectl from Go modules into a cache outside the repository.
#
#   hack/envtest/build.sh            build (or reuse) the binaries, print their directory last
#   hack/envtest/build.sh --update   regenerate tools/go.mod + go.sum for ENVTEST_K8S_VERSION first
#
# Honours KUBEBUILDER_ASSETS and TEST_ASSET_{KUBE_APISERVER,ETCD,KUBECTL}: when they point at
# executables nothing is built. The output lives in the setup-envtest store layout
# ($XDG_DATA_HOME/kubebuilder-envtest/k8s/<version>-linux-<arch>), so setup-envtest finds it too.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools="$here/tools"
K8S_VERSION=${ENVTEST_K8S_VERSION:-1.36.3}
STAGING="v0.${K8S_VERSION#1.}"

log() { printf '[envtest] %s\n' "$*" >&2; }

given_binaries() {
  if [[ -n "${TEST_ASSET_KUBE_APISERVER:-}" && -x "${TEST_ASSET_KUBE_APISERVER}" && -n "${TEST_ASSET_ETCD:-}" && -x "${TEST_ASSET_ETCD}" ]]; then
    log "using TEST_ASSET_KUBE_APISERVER and TEST_ASSET_ETCD; nothing to build"
    dirname "$TEST_ASSET_KUBE_APISERVER"
    return 0
  fi
  if [[ -n "${KUBEBUILDER_ASSETS:-}" && -x "$KUBEBUILDER_ASSETS/kube-apiserver" && -x "$KUBEBUILDER_ASSETS/etcd" ]]; then
    log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS; nothing to build"
    echo "$KUBEBUILDER_ASSETS"
    return 0
  fi
  return 1
}

if given_binaries; then exit 0; fi

command -v go >/dev/null || { log "go is not on PATH: install Go >= 1.26 or set KUBEBUILDER_ASSETS"; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
ARCH=$(go env GOARCH)
DEST=${ENVTEST_ASSETS_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/kubebuilder-envtest/k8s/$K8S_VERSION-linux-$ARCH}

if [[ "${1:-}" == "--update" ]]; then
  log "regenerating tools/go.mod for Kubernetes $K8S_VERSION (staging modules at $STAGING)"
  kmod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | jq -r .GoMod)
  kjson=$(go mod edit -json "$kmod")
  goline=$(jq -r .Go <<<"$kjson")
  cd "$tools"
  rm -f go.mod go.sum
  go mod init envtest.local/tools >/dev/null 2>&1
  go mod edit -go="$goline" -require="k8s.io/kubernetes@v$K8S_VERSION"
  while read -r kv; do [[ -n "$kv" ]] && go mod edit -godebug="$kv"; done < <(jq -r '.Godebug[]? | "\(.Key)=\(.Value)"' <<<"$kjson")
  while read -r m; do go mod edit -replace="$m=$m@$STAGING"; done < <(jq -r '.Replace[] | select(.New.Path|startswith("./staging/")) | .Old.Path' <<<"$kjson")
  go mod edit -tool=k8s.io/kubernetes/cmd/kube-apiserver -tool=k8s.io/kubernetes/cmd/kubectl -tool=go.etcd.io/etcd/server/v3
  log "go mod tidy (downloads the module graph)"
  go mod tidy
  cd - >/dev/null
fi

stamp_input="$K8S_VERSION $(go version) $(sha256sum "$tools/go.sum" | cut -d' ' -f1)"
stamp=$(printf '%s' "$stamp_input" | sha256sum | cut -d' ' -f1)
if [[ -f "$DEST/.stamp" && "$(cat "$DEST/.stamp")" == "$stamp" && -x "$DEST/kube-apiserver" && -x "$DEST/etcd" && -x "$DEST/kubectl" ]]; then
  log "cached binaries are current: $DEST"
  echo "$DEST"
  exit 0
fi

log "building kube-apiserver, etcd and kubectl $K8S_VERSION from Go modules into $DEST"
log "a cold build takes several minutes on 2 cores (downloads ~1 GB of modules); later runs reuse the cache"
log "go env: $(go env GOPROXY GOSUMDB | tr '\n' ' ')"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/envtest-build-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cd "$tools"
log "downloading modules"
go mod download
commit=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | jq -r '.Origin.Hash // "unknown"')
minor=$(cut -d. -f2 <<<"$K8S_VERSION")
kldf=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kldf+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitCommit=$commit"
  kldf+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

build() { # name package extra-ldflags
  local start=$SECONDS
  log "go build $1 ($2) ..."
  # a heartbeat so a slow cold build never looks hung
  ( while sleep 30; do log "  still building $1 ($((SECONDS - start))s)"; done ) &
  local beat=$!
  go build -trimpath -pgo=off -ldflags "-s -w $3" -o "$tmp/$1" "$2" || { kill $beat; return 1; }
  kill $beat 2>/dev/null || true
  log "  built $1 in $((SECONDS - start))s"
}
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$kldf"
etcdv=$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)
esha=$(go mod download -json "go.etcd.io/etcd/server/v3@$etcdv" | jq -r '.Origin.Hash // "unknown"')
build etcd go.etcd.io/etcd/server/v3 "-X go.etcd.io/etcd/api/v3/version.GitSHA=${esha:0:8}"
build kubectl k8s.io/kubernetes/cmd/kubectl "$kldf"

"$tmp/kube-apiserver" --version >&2
"$tmp/etcd" --version | head -1 >&2
mkdir -p "$DEST"
for b in kube-apiserver etcd kubectl; do mv -f "$tmp/$b" "$DEST/$b"; done
echo "$stamp" >"$DEST/.stamp"
log "binaries ready in $DEST"
echo "$DEST"
