#!/usr/bin/env bash
# Copies the published CRD schemas from ../shared/crds into tests/fixtures/crds, so a clone of
# this repository is self-contained. The copies are data: never edit them by hand.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${1:-$root/../shared/crds}
[[ -d "$src" ]] || { echo "no CRD source at $src" >&2; exit 1; }
rm -rf "$root/tests/fixtures/crds"
mkdir -p "$root/tests/fixtures/crds"
cp -R "$src"/. "$root/tests/fixtures/crds/"
echo "synced CRDs from $src"
