#!/usr/bin/env bash
# `npm test`: everything CI runs. Ensures the control-plane binaries exist (building them from Go
# modules the first time, with progress), then runs the unit project in parallel and the
# integration project in band against one real kube-apiserver + etcd. Jest's JSON results land
# in .jest-results/ (read by .ci/run for the closing count). Extra arguments go to both jest runs.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mkdir -p .jest-results
rm -f .jest-results/*.json

if [[ "${USE_EXISTING_CLUSTER:-}" != "true" ]]; then
  assets=$(bash hack/envtest/build.sh) || { echo "control-plane binaries unavailable" >&2; exit 1; }
  export KUBEBUILDER_ASSETS=${assets##*$'\n'}
fi

jest=(node --experimental-vm-modules node_modules/jest/bin/jest.js)
status=0
"${jest[@]}" "$@" --selectProjects unit --json --outputFile=.jest-results/unit.json || status=1
"${jest[@]}" "$@" --selectProjects integration --runInBand --json --outputFile=.jest-results/integration.json || status=1
exit $status
