import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { ObjectDiff } from '../../../operator/render/diff.js';
import { adminClient, createNamespace, hco, kubeconfigPath } from '../../support/cluster.js';
import { freePort } from '../../support/control-plane/process.js';
import { startOperator, waitForCompliance } from '../../support/operator.js';
import { runBin, tempFile } from './run-cli.js';

const SERVICE = 'virt-platform-autopilot-metrics';

describe('virt-platform-autopilot diff', () => {
  let client: NodeKubeClient;
  let ns: string;
  const svcRef = () => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const getSvc = async (): Promise<KubeObject> => (await client.get(svcRef())) as KubeObject;
  const diff = (...extra: string[]) =>
    runBin(['diff', `--kubeconfig=${kubeconfigPath()}`, `--namespace=${ns}`, ...extra]);

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'diff');
    await client.create(
      hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service,metrics-servicemonitor' }),
    );
    const op = await startOperator({ namespace: ns });
    try {
      await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
      await waitForCompliance(op, { kind: 'ServiceMonitor', name: SERVICE, namespace: ns }, 1);
    } finally {
      await op.stop();
    }
  });
  afterAll(() => client.close());

  it('exits 0 on a converged cluster, listing the managed objects as unchanged', async () => {
    const result = await diff();

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`\\nmetrics-service\\s+Service/${ns}/${SERVICE}\\s+unchanged\\n`),
    );
    expect(result.stdout).toMatch(
      /\nswap-enable\s+MachineConfig\s+excluded\n\s+not in the platform.kubevirt.io\/autopilot allowlist\n/,
    );
    expect(result.stdout).toMatch(/: no differences\n$/);
  });

  it('exits 1 after a foreign edit, naming the field with its live and desired values, and writes nothing', async () => {
    await client.mergePatch(
      svcRef(),
      { spec: { selector: { app: 'intruder' } } },
      { fieldManager: 'kubectl-edit' },
    );
    const before = (await getSvc()).metadata.resourceVersion;

    const result = await diff();

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`\\nmetrics-service\\s+Service/${ns}/${SERVICE}\\s+would change\\n`),
    );
    expect(result.stdout).toContain('    /spec/selector/app: "intruder" -> "virt-platform-autopilot"\n');
    expect((await getSvc()).metadata.resourceVersion).toBe(before);
  });

  it('attributes a difference to the patch annotation that causes it', async () => {
    await client.mergePatch(
      svcRef(),
      {
        metadata: {
          annotations: { 'platform.kubevirt.io/patch': '{"spec":{"sessionAffinity":"ClientIP"}}' },
        },
      },
      { fieldManager: 'kubectl-annotate' },
    );

    const result = await diff('--asset=metrics-service', '--output=json');

    const [entry] = JSON.parse(result.stdout) as ObjectDiff[];
    expect(result.code).toBe(1);
    expect(entry?.changes).toContainEqual({
      path: '/spec/sessionAffinity',
      live: 'None',
      desired: 'ClientIP',
      via: 'platform.kubevirt.io/patch',
    });
    expect(entry?.customisations).toEqual([
      { annotation: 'platform.kubevirt.io/patch', effect: 'patch', paths: ['/spec/sessionAffinity'] },
    ]);
  });

  it('exits 2 for a held object, with its annotation and problem', async () => {
    await client.mergePatch(
      svcRef(),
      {
        metadata: {
          annotations: { 'platform.kubevirt.io/patch': '[{"op":"remove","path":"/metadata/name"}]' },
        },
      },
      { fieldManager: 'kubectl-annotate' },
    );

    const result = await diff('--asset=metrics-service');

    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/cannot be reconciled until fixed/);
    expect(result.stdout).toMatch(/\s+held\n\s+annotation platform\.kubevirt\.io\/patch: .*\/metadata\/name/);
  });

  it('exits 2 with a clear message when the API server cannot be reached', async () => {
    const port = await freePort();
    const kubeconfig = tempFile(
      'unreachable-kubeconfig',
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: gone',
        'clusters: [{name: gone, cluster: {server: "https://127.0.0.1:' +
          port +
          '", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: gone, context: {cluster: gone, user: u}}]',
      ].join('\n'),
    );

    const result = await runBin(['diff', `--kubeconfig=${kubeconfig}`]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(
        `^virt-platform-autopilot diff: cannot reach the API server at https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`,
      ),
    );
  });
});
