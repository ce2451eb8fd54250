#!/usr/bin/env bash
# Copies the published CRD schemas from ../shared/crds into tests/fixtures/crds, so a clone of
# this repository is self-contained. The copies are data: never edit them by hand. CRDs added
# here directly from their projects (see tests/fixtures/crds/README.md) are kept: files are
# overwritten, never deleted, and the README here (which lists both) is left alone.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${1:-$root/../shared/crds}
[[ -d "$src" ]] || { echo "no CRD source at $src" >&2; exit 1; }
mkdir -p "$root/tests/fixtures/crds"
(cd "$src" && find . -type f ! -name README.md) | while IFS= read -r file; do
  mkdir -p "$root/tests/fixtures/crds/$(dirname "$file")"
  cp "$src/$file" "$root/tests/fixtures/crds/$file"
done
echo "synced CRDs from $src"
