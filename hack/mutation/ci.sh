#!/usr/bin/env bash
# The CI gate for mutation testing (docs/mutation-testing.md). A full run over the four directories
# does not fit CI's budget, so CI mutates:
#   - the operator/pipeline and operator/throttling files changed since the commit in
#     hack/mutation/base (the commit the full-run scores in docs/mutation-testing.md were measured
#     on; moved forward whenever those scores are refreshed), and
#   - always the gate, drift and mask steps, whose three named mutations (issue 21) must stay killed.
# It fails when Stryker's score is below thresholds.break (the lowest floor) or a directory is
# below its floor in hack/mutation/floors.json. handlers/ and runtime/ are measured by the full
# run (`npm run mutation`) only: their scores are reported, not gated.
#
#   hack/mutation/ci.sh [BASE]     BASE overrides hack/mutation/base
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
log() { printf '[mutation] %s\n' "$*" >&2; }

base=${1:-$(tr -d '[:space:]' < hack/mutation/base)}
always=(operator/pipeline/steps/gate.ts operator/pipeline/steps/drift.ts operator/pipeline/steps/mask.ts)
changed=()
if git cat-file -e "${base}^{commit}" 2>/dev/null; then
  while IFS= read -r file; do
    [[ -f "$file" ]] && changed+=("$file")
  done < <(git diff --name-only "$base...HEAD" -- 'operator/pipeline/*.ts' 'operator/throttling/*.ts')
else
  log "base $base is not in this clone's history: mutating the always-checked steps only"
fi
mapfile -t files < <(printf '%s\n' "${always[@]}" "${changed[@]}" | sort -u)
log "${#changed[@]} file(s) under operator/pipeline and operator/throttling changed since ${base:0:12}; mutating ${#files[@]}:"
printf '  %s\n' "${files[@]}" >&2

start=$SECONDS
npx stryker run hack/mutation/ci.config.js --mutate "$(IFS=,; echo "${files[*]}")" --reporters clear-text,json
status=$?
log "stryker exited $status after $((SECONDS - start)) s"
[[ -f reports/mutation/mutation.json ]] || { log "no report written"; exit 1; }
node hack/mutation/scores.js reports/mutation/mutation.json --check || status=1
exit $status
