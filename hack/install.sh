#!/usr/bin/env bash
# Installs the project's npm dependencies the way a fresh machine does, and proves Node 24 arrived.
#
#   hack/install.sh                 npm ci here, with the machine's npm and a throw-away cache
#   hack/install.sh --npm latest    npm ci in a scratch copy of package.json + lock, with that npm
#                                   version (fetched from the registry into a throw-away prefix)
#
# A throw-away cache means a packument cached by an earlier install can never hide a broken lock.
# Either way the install must leave node_modules/.bin/node at v24: npm 12 skips the `node`
# package's preinstall unless package.json `allowScripts` approves it, and then every npm script
# would silently run on the machine's older Node.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { printf '[install] %s\n' "$*" >&2; }

npm_spec=""
if [[ "${1:-}" == "--npm" ]]; then npm_spec=${2:?--npm needs a version, e.g. latest}; fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cache="$scratch/cache"

if [[ -z "$npm_spec" ]]; then
  dir=$root
  npm=(npm)
else
  log "fetching npm@$npm_spec into a throw-away prefix"
  npm install --prefix "$scratch/npm" --cache "$cache" --no-audit --no-fund --loglevel=error "npm@$npm_spec" >/dev/null
  npm=(node "$scratch/npm/node_modules/npm/bin/npm-cli.js")
  # npm 12 wants Node >= 22.22; run it on the Node 24 the first install brought when there is one.
  if [[ -x "$root/node_modules/.bin/node" ]]; then npm=("$root/node_modules/.bin/node" "${npm[@]:1}"); fi
  dir="$scratch/project"
  mkdir -p "$dir"
  cp "$root/package.json" "$root/package-lock.json" "$dir/"
fi

log "npm $("${npm[@]}" --version) ci in $dir (empty cache)"
(cd "$dir" && "${npm[@]}" ci --cache "$cache" --no-audit --no-fund) || {
  log "npm ci failed with an empty cache: the lock file or the allowScripts policy is broken"
  exit 1
}

version=$("$dir/node_modules/.bin/node" --version 2>/dev/null || true)
if [[ "$version" != v24.* ]]; then
  log "node_modules/.bin/node is '${version:-missing}', not v24: was the node package's preinstall blocked?"
  log "check package.json allowScripts (npm 12 runs only approved install scripts)"
  exit 1
fi
log "node_modules/.bin/node is $version"
