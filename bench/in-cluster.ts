import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKubeConfig } from '../operator/kube/node-client.js';
import { ApiTransport } from '../operator/kube/transport.js';
import type { BenchCluster } from './cluster.js';

/** How the operator process authenticates: its own kubeconfig, or a Pod's ServiceAccount mount. */
export type BenchCredentials =
  | { kind: 'kubeconfig'; kubeconfig: string; user: string }
  | { kind: 'in-cluster'; serviceAccountDir: string; env: Record<string, string>; user: string };

/**
 * What the kubelet gives a Pod: a ServiceAccount (bound to cluster-admin here) with a token from
 * the TokenRequest API and the cluster CA in one directory, and KUBERNETES_SERVICE_HOST/PORT.
 */
export async function serviceAccountMount(
  bench: BenchCluster,
  namespace: string,
  name: string,
): Promise<BenchCredentials> {
  await bench.client.apply(
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
    { fieldManager: 'autopilot-bench', force: true, dryRun: false },
  );
  await bench.client.apply(
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${name}-bench` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
    { fieldManager: 'autopilot-bench', force: true, dryRun: false },
  );
  const admin = loadKubeConfig(bench.plane.kubeconfigPath);
  const transport = new ApiTransport(admin);
  try {
    const res = await transport.request({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 7200 },
      },
    });
    if (res.status !== 201) throw new Error(`TokenRequest failed (HTTP ${res.status}): ${res.body}`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-bench-sa-'));
    writeFileSync(
      path.join(dir, 'token'),
      (JSON.parse(res.body) as { status: { token: string } }).status.token,
    );
    writeFileSync(path.join(dir, 'ca.crt'), (await admin.auth()).tls.ca ?? '');
    return {
      kind: 'in-cluster',
      serviceAccountDir: dir,
      env: { KUBERNETES_SERVICE_HOST: admin.server.hostname, KUBERNETES_SERVICE_PORT: admin.server.port },
      user: `system:serviceaccount:${namespace}:${name}`,
    };
  } finally {
    transport.close();
  }
}
