import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../operator/kube/types.js';
import { freePort } from '../tests/support/control-plane/process.js';
import { podRunArgs } from '../tests/support/image/pod-args.js';
import { containerPid, imageUnavailable, podman } from '../tests/support/image/podman.js';
import { repoRoot } from '../tests/support/paths.js';
import type { BenchCredentials } from './in-cluster.js';
import { procMemory, type AssetStatus, type BenchOperator } from './operator-proc.js';

/** The image the bench measures when BENCH_IMAGE is not set (built by hack/image/build.sh). */
export const DEFAULT_IMAGE = 'localhost/virt-platform-autopilot:dev';

/** Why `image` cannot be measured here (undefined when it can). */
export const imageSkipReason = (image: string): string | undefined => imageUnavailable(image);

/**
 * Runs the built image as the operator the way the kubelet runs manifests/base/deployment.yaml's
 * container (its args, env with NODE_OPTIONS and the malloc settings, memory/CPU limits, security
 * context), on the host network, with the in-cluster credentials mounted where a kubelet puts
 * them. Its RSS is read from the container's process on the host.
 */
export async function spawnImageOperator(options: {
  image: string;
  credentials: Extract<BenchCredentials, { kind: 'in-cluster' }>;
  namespace: string;
  flags: string[];
  /** The Deployment manifest whose container is run (default manifests/base/deployment.yaml). */
  deployment?: string;
}): Promise<BenchOperator> {
  const deployment = parse(
    readFileSync(options.deployment ?? path.join(repoRoot, 'manifests', 'base', 'deployment.yaml'), 'utf8'),
  ) as KubeObject;
  const dir = options.credentials.serviceAccountDir;
  // The container's user is not the bench's: the mount must be readable by anyone.
  chmodSync(dir, 0o755);
  for (const file of readdirSync(dir)) chmodSync(path.join(dir, file), 0o644);
  const [metricsPort, healthPort, debugPort] = [await freePort(), await freePort(), await freePort()];
  const name = `autopilot-bench-${process.pid}-${Date.now()}`;
  const startedAt = performance.now();
  podman(
    podRunArgs(deployment, {
      name,
      image: options.image,
      fields: { 'metadata.namespace': options.namespace, 'metadata.name': name },
      serviceAccountDir: dir,
      apiServer: {
        host: options.credentials.env['KUBERNETES_SERVICE_HOST'] ?? '127.0.0.1',
        port: Number(options.credentials.env['KUBERNETES_SERVICE_PORT']),
      },
      extraArgs: [
        `--metrics-bind-address=127.0.0.1:${metricsPort}`,
        `--health-probe-bind-address=127.0.0.1:${healthPort}`,
        `--debug-bind-address=127.0.0.1:${debugPort}`,
        ...options.flags,
      ],
    }),
  );
  const reap = (): void => void podman(['rm', '--force', '--ignore', name]);
  process.once('exit', reap);
  const pid = containerPid(name);
  return {
    pid,
    startedAt,
    metrics: async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
    status: async () =>
      (await (await fetch(`http://127.0.0.1:${debugPort}/debug/status`)).json()) as AssetStatus[],
    memory: () => procMemory(pid),
    stop: async () => {
      podman(['kill', '--signal=TERM', name]);
      podman(['wait', name]);
      podman(['rm', '--force', '--ignore', name]);
      process.removeListener('exit', reap);
    },
  };
}
