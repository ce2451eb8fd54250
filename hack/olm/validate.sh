#!/usr/bin/env bash
# Validates an OLM bundle with OLM's own library (github.com/operator-framework/api/pkg/validation),
# through the Go program in hack/olm/validate, built from Go modules into a cache outside the
# repository (rebuilt only when go.sum, main.go or the Go version change).
#
#   hack/olm/validate.sh [BUNDLE_DIR]   default: bundle/
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bundle=${1:-$root/bundle}

command -v go >/dev/null || { echo "[olm] go is not on PATH: install Go >= 1.25" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
stamp=$(cat "$here/validate/go.sum" "$here/validate/main.go" <(go version) | sha256sum | cut -c1-16)
bin="${XDG_CACHE_HOME:-$HOME/.cache}/virt-platform-autopilot/olm-validate/$stamp/validate"
if [[ ! -x "$bin" ]]; then
  echo "[olm] building the bundle validator from Go modules (operator-framework/api) ..." >&2
  start=$SECONDS
  (cd "$here/validate" && go build -trimpath -ldflags "-s -w" -o "$bin.tmp" .) && mv "$bin.tmp" "$bin"
  echo "[olm] built in $((SECONDS - start))s: $bin" >&2
fi
"$bin" "$bundle"
