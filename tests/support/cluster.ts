import { randomBytes } from 'node:crypto';
import { loadKubeConfig, NodeKubeClient } from '../../operator/kube/node-client.js';
import type { KubeObject } from '../../operator/kube/types.js';

/** An admin client for the control plane that globalSetup started (or KUBECONFIG's). */
export function adminClient(): NodeKubeClient {
  const file = process.env.AUTOPILOT_TEST_KUBECONFIG ?? process.env.KUBECONFIG;
  if (!file)
    throw new Error('no control plane: run integration tests through jest (globalSetup sets KUBECONFIG)');
  return new NodeKubeClient(loadKubeConfig(file), { userAgent: 'autopilot-tests' });
}

export function kubeconfigPath(): string {
  const file = process.env.AUTOPILOT_TEST_KUBECONFIG ?? process.env.KUBECONFIG;
  if (!file) throw new Error('no control plane kubeconfig');
  return file;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Creates a fresh namespace (never deleted: envtest has no namespace controller). */
export async function createNamespace(client: NodeKubeClient, prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** Polls `probe` until it returns a value that is not undefined/false, or fails with the last error. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`,
  );
}

export function hco(
  namespace: string,
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: { name: 'kubevirt-hyperconverged', namespace, annotations },
    spec,
  };
}
