import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalog } from '../../../operator/assets/catalog.js';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { AssetStatusRow } from '../../../operator/render/status.js';
import { adminClient, createNamespace, eventually, hco, kubeconfigPath } from '../../support/cluster.js';
import { eventsFor, startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import { repoRoot } from '../../support/paths.js';
import { runBin } from './run-cli.js';
import path from 'node:path';

const SERVICE = 'virt-platform-autopilot-metrics';

describe('virt-platform-autopilot status', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const ref = (kind: string, apiVersion: string, name = SERVICE) => ({
    apiVersion,
    kind,
    name,
    namespace: ns,
  });
  const monitor = () => ref('ServiceMonitor', 'monitoring.coreos.com/v1');
  const rule = () => ref('PrometheusRule', 'monitoring.coreos.com/v1', 'virt-platform-autopilot-alerts');
  const annotate = (
    target: ReturnType<typeof ref>,
    annotations: Record<string, string>,
  ): Promise<KubeObject> =>
    client.mergePatch(target, { metadata: { annotations } }, { fieldManager: 'kubectl-annotate' });
  const status = async (...args: string[]) =>
    runBin(['status', `--kubeconfig=${kubeconfigPath()}`, `--namespace=${ns}`, ...args]);

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'status');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'hco-golden-config,observability' }));
    op = await startOperator({
      namespace: ns,
      flags: ['--throttle-burst=1', '--throttle-refill-per-minute=1'],
    });
    await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  it('lists every catalog asset with compliance, customisations, deferrals and the last Event', async () => {
    // An edit war on the Service until the operator defers a correction.
    await eventually(
      async () => {
        const svc = (await client.get(ref('Service', 'v1'))) as KubeObject;
        (svc.spec as { selector: Record<string, string> }).selector.app = `rival-${Date.now()}`;
        await client.replace(svc, { fieldManager: 'hpa-controller' }).catch(() => undefined);
        return (await eventsFor(client, ns, SERVICE)).some((e) => e.reason === 'Throttled');
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'a Throttled Event' },
    );
    await annotate(monitor(), { 'platform.kubevirt.io/patch': '[{"op":"remove","path":"/metadata/name"}]' });
    await annotate(rule(), { 'platform.kubevirt.io/mode': 'unmanaged' });

    const result = await status('--output=json');
    const rows = JSON.parse(result.stdout) as AssetStatusRow[];
    const row = (asset: string): AssetStatusRow | undefined => rows.find((r) => r.asset === asset);

    expect(result.code).toBe(0);
    expect(rows.map((r) => r.asset)).toEqual(
      loadCatalog(path.join(repoRoot, 'templates')).assets.map((a) => a.name),
    );
    expect(row('metrics-service')).toMatchObject({
      kind: 'Service',
      name: SERVICE,
      namespace: ns,
      deferrals: { count: expect.any(Number) },
    });
    expect(row('metrics-service')?.deferrals?.note).toMatch(/hpa-controller/);
    expect(row('metrics-servicemonitor')).toMatchObject({ compliance: 'held', outcome: 'held' });
    expect(row('metrics-servicemonitor')?.customisations).toEqual(['platform.kubevirt.io/patch']);
    expect(row('prometheus-alerts')).toMatchObject({
      compliance: 'unmanaged',
      customisations: ['platform.kubevirt.io/mode=unmanaged'],
    });
    expect(row('swap-enable')).toMatchObject({ compliance: 'not-managed', outcome: 'excluded' });
    expect(row('hco-golden-config')?.lastEvent?.reason).toBe('Adopted');
  });

  it('prints a table with a pool-wait column', async () => {
    const result = await status();

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^ASSET\s+OBJECT\s+COMPLIANCE\s+REASON\s+CUSTOMISED\s+DEFERRALS\s+POOL WAIT\s+LAST EVENT$/,
    );
    expect(result.stdout).toMatch(/\nmetrics-servicemonitor\s+ServiceMonitor\/\S+\s+held\s/);
  });
});

describe('virt-platform-autopilot metrics', () => {
  it("prints the running operator's metrics, filtered by prefix", async () => {
    const client = adminClient();
    const ns = await createNamespace(client, 'metricscmd');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service' }));
    const op = await startOperator({ namespace: ns });
    try {
      await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
      const address = op.metricsUrl.replace('http://', '');

      const result = await runBin([
        'metrics',
        `--address=${address}`,
        '--prefix=virt_platform_compliance_status',
      ]);

      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `virt_platform_compliance_status{kind="Service",name="${SERVICE}",namespace="${ns}"} 1`,
      );
      expect(
        result.stdout
          .split('\n')
          .filter(Boolean)
          .every((l) => l.startsWith('virt_platform_compliance_status')),
      ).toBe(true);
    } finally {
      await op.stop();
      client.close();
    }
  });
});
