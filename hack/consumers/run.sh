#!/usr/bin/env bash
# Checks every rendered MachineConfig and KubeletConfig with their consumers' own code (see
# main.go): builds the checker, proves each rule can fail (testdata/self-test.json), renders the
# HCO fixtures x node fixtures matrix with the render command, and checks every case.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
log() { printf '[consumers] %s\n' "$*" >&2; }
bin=$(bash "$here/build.sh")
bin=${bin##*$'\n'}
log "self-test: every rule reports its problem"
"$bin" -self-test "$here/testdata/self-test.json"
out=$(mktemp -d "${TMPDIR:-/tmp}/consumers-XXXXXX")
trap 'rm -rf "$out"' EXIT
log "rendering the matrix (HCO fixtures x node fixtures)"
(cd "$root" && PATH="$root/node_modules/.bin:$PATH" tsx hack/consumers/render-matrix.ts "$out")
log "checking $(ls "$out"/*.pools.json | wc -l) rendered cases"
"$bin" $(ls "$out"/*.json | grep -v "\.pools\.json$")
