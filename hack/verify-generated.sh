#!/usr/bin/env bash
# Fails (with a diff) when a checked-in generated file is stale. Re-runs every generator into a
# temporary directory and compares:
#   npx tsx hack/rbac/generate.ts   manifests/base/rbac/cluster-role.yaml, manifests/base/metrics-service.yaml,
#                                   manifests/base/dashboards/virt-platform-autopilot.json (copy of templates/observability/dashboards/),
#                                   manifests/components/monitoring/*.yaml
#   npx tsx hack/features/generate.ts docs/features.md (the feature catalog of templates/catalog.yaml)
#   npx tsx hack/olm/generate.ts    bundle/ (the OLM bundle; hack/olm/validate.sh validates it)
# Golden render files are checked by their own tests (npm run golden:update rewrites them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Node 24 from the devDependencies (the system node may be older).
export PATH="$PWD/node_modules/.bin:$PATH"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
tsx hack/rbac/generate.ts --out-dir="$out" >/dev/null
tsx hack/features/generate.ts --out-dir="$out" >/dev/null
tsx hack/olm/generate.ts --out-dir="$out" >/dev/null

stale=0
while IFS= read -r file; do
  if ! diff -u --label "$file (checked in)" --label "$file (generated)" "$file" "$out/$file"; then
    stale=1
  fi
done < <(cd "$out" && find . -type f | sed 's|^\./||' | sort)

if [[ $stale -ne 0 ]]; then
  echo "verify-generated: generated files are stale; run 'npx tsx hack/rbac/generate.ts' , 'npx tsx hack/features/generate.ts' and 'npx tsx hack/olm/generate.ts' and commit the result" >&2
  exit 1
fi
echo "verify-generated: generated files are up to date"
