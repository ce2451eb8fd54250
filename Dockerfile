# syntax=docker/dockerfile:1
# virt-platform-autopilot: build the TypeScript in a full Node 24 image, run it on a slim one with
# only the production dependencies, the compiled code and the templates.
#
# RUNTIME_IMAGE picks the runtime base: the default is the official slim image; any image with
# `node` (Node 24) on PATH and a glibc works, e.g. hack/image's distroless-style
# localhost/node:24-distroless (Node, libc, libstdc++ and CA certificates only).
ARG RUNTIME_IMAGE=node:24-bookworm-slim

FROM node:24-bookworm AS builder
WORKDIR /src
# Dependencies first: this layer is reused until package.json or the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY operator ./operator
COPY hack/image/bundle.mjs ./hack/image/bundle.mjs
# Type-check and compile (tsc), then bundle the operator into the one file the image runs,
# dist/operator/cli/bin.js (esbuild; one module instead of ~480 costs ~5 MiB less resident:
# bench/README.md, "Memory"), drop the rest of dist/, then drop the devDependencies (TypeScript,
# jest, esbuild, the Node binary package...) and what no running process reads: type
# declarations, source maps and markdown. node_modules stays for @kubernetes/client-node, which
# the bundle imports lazily for exec plugins and auth providers only.
RUN npm run build \
  && node hack/image/bundle.mjs operator/cli/bin.ts dist/bundle.js --minify-whitespace \
  && rm -rf dist/operator && mkdir -p dist/operator/cli && mv dist/bundle.js dist/operator/cli/bin.js \
  && npm prune --omit=dev --no-audit --no-fund \
  && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' -o -name '*.md' \) -delete

FROM ${RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production
# Memory defaults matched to the Deployment's limit (manifests/base/deployment.yaml sets the same
# environment): a 1 MiB V8 semi-space, a bounded old space, two malloc arenas and fixed malloc
# thresholds (bench/README.md, "Memory").
ENV NODE_OPTIONS="--max-semi-space-size=1 --max-old-space-size=64" \
    MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
# package.json: "type": "module" for the compiled ESM, and the anchor the operator finds its
# templates/ from. Files stay owned by root: the process can read them but never change them.
COPY --from=builder /src/package.json ./package.json
COPY --from=builder /src/node_modules ./node_modules
COPY --from=builder /src/dist ./dist
COPY templates ./templates
# The image's unprivileged "node" user, by number so that the kubelet can verify runAsNonRoot.
# OpenShift replaces it with a UID from the namespace's range; nothing here depends on the UID.
USER 1000:1000
# 8080 /metrics, 8082 /healthz and /readyz (the debug server stays on 127.0.0.1:8081).
EXPOSE 8080 8082
# No optimising compiler for the operator process (V8 does not take these flags from NODE_OPTIONS):
# its JavaScript waits on the API server and is never hot, and without TurboFan and Maglev ~8 MiB
# of the node binary's code is never paged in and no optimised code or compiler zones are kept
# (~10 MiB resident); --optimize-for-size sizes and compacts V8's heap for memory (~6 MiB).
# WebAssembly, hence fetch, keeps working (it would not under --jitless or --lite-mode).
# bench/README.md, "Memory".
ENTRYPOINT ["node", "--no-opt", "--no-maglev", "--optimize-for-size", "/app/dist/operator/cli/bin.js"]
CMD ["run"]
