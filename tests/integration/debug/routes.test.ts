import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../../operator/assets/catalog.js';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { adminClient, createNamespace, eventually, hco, kubeconfigPath } from '../../support/cluster.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import { repoRoot } from '../../support/paths.js';
import { runBin } from '../cli/run-cli.js';

const SERVICE = 'virt-platform-autopilot-metrics';
const HCO_REF = (namespace: string) => ({
  apiVersion: 'hco.kubevirt.io/v1',
  kind: 'HyperConverged',
  name: 'kubevirt-hyperconverged',
  namespace,
});

describe('the debug endpoints of a running operator', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const get = async (route: string): Promise<{ status: number; type: string; body: string }> => {
    const res = await fetch(`${op.debugUrl}${route}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const json = async <T>(route: string): Promise<T> => JSON.parse((await get(route)).body) as T;

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'debug');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'observability' }));
    op = await startOperator({ namespace: ns });
    await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
    // The first pass is over once every asset has an outcome: /debug/status stops growing.
    const assets = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
    await eventually(async () => (await json<unknown[]>('/debug/status')).length === assets, {
      what: 'an outcome for every asset in /debug/status',
    });
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  // Health and status move while passes run: compare only what cannot change between two requests.
  const assetNames = (value: unknown): unknown => (value as { asset: string }[]).map((s) => s.asset);
  const keys = (value: unknown): unknown => Object.keys(value as object);
  const same = (value: unknown): unknown => value;

  it.each<[string, (value: unknown) => unknown]>([
    ['/debug/health', keys],
    ['/debug/status', assetNames],
    ['/debug/tombstones', same],
    ['/debug/orphans', same],
    ['/debug/render', same],
    ['/debug/render/metrics-service', same],
    ['/debug/exclusions', same],
    ['/debug/features', same],
  ])('answers %s in JSON, and the same value in YAML with ?format=yaml', async (route, stable) => {
    const asJson = await get(route);
    const asYaml = await get(`${route}?format=yaml`);

    expect([asJson.status, asJson.type]).toEqual([200, 'application/json']);
    expect([asYaml.status, asYaml.type]).toEqual([200, 'application/yaml']);
    expect(stable(parse(asYaml.body))).toEqual(stable(JSON.parse(asJson.body)));
  });

  it('reports health (ready once every cache has synced) and the latest outcome per asset', async () => {
    const health = await eventually(
      async () => {
        const answer = await json<{ ready: unknown }>('/debug/health');
        return answer.ready === true && answer;
      },
      { what: '/debug/health to say ready' },
    );
    const status = await json<{ asset: string; outcome: string }[]>('/debug/status');

    expect(health).toEqual({ live: true, ready: true });
    expect(status.find((s) => s.asset === 'metrics-service')?.outcome).toMatch(
      /^(created|unchanged|applied)$/,
    );
    expect(status.find((s) => s.asset === 'swap-enable')?.outcome).toBe('excluded');
  });

  it('renders every asset from the live context, as the render command does against the cluster', async () => {
    const cli = await runBin([
      'render',
      `--kubeconfig=${kubeconfigPath()}`,
      `--namespace=${ns}`,
      '--output=json',
    ]);

    const reports = await json<AssetReport[]>('/debug/render');

    expect(reports).toEqual(JSON.parse(cli.stdout));
    expect(reports.filter((r) => r.included).map((r) => r.asset)).toEqual([
      'metrics-service',
      'metrics-servicemonitor',
      'prometheus-alerts',
      'autopilot-dashboard',
    ]);
  });

  it('renders one asset with its object as the operator applies it', async () => {
    const report = await json<AssetReport>('/debug/render/metrics-service');

    expect(report).toMatchObject({ asset: 'metrics-service', included: true, namespace: ns });
    expect(report.object?.metadata.labels?.['platform.kubevirt.io/managed-by']).toBe(
      'virt-platform-autopilot',
    );
  });

  it('renders the object as it would be applied after the live patch annotation, and the raw template with ?raw', async () => {
    await client.mergePatch(
      { apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns },
      {
        metadata: {
          annotations: { 'platform.kubevirt.io/patch': '{"spec":{"sessionAffinity":"ClientIP"}}' },
        },
      },
      { fieldManager: 'kubectl-annotate' },
    );
    const affinity = (report: AssetReport | undefined): unknown =>
      (report?.object?.spec as { sessionAffinity?: unknown } | undefined)?.sessionAffinity;

    const applied = await eventually(
      async () => {
        const report = await json<AssetReport>('/debug/render/metrics-service');
        return affinity(report) === 'ClientIP' && report;
      },
      { what: '/debug/render/metrics-service to show the patched value' },
    );
    const raw = await json<AssetReport>('/debug/render/metrics-service?raw=true');
    const all = await json<AssetReport[]>('/debug/render?raw');

    expect(applied.customisations).toEqual([
      { annotation: 'platform.kubevirt.io/patch', effect: 'patch', paths: ['/spec/sessionAffinity'] },
    ]);
    expect(raw.raw).toBe(true);
    expect(affinity(raw)).not.toBe('ClientIP');
    expect(raw.object?.metadata.labels?.['platform.kubevirt.io/managed-by']).toBeUndefined();
    expect(all.find((r) => r.asset === 'metrics-service')).toEqual(raw);
  });

  it.each<[string, number]>([
    ['/debug/render/no-such-asset', 404],
    ['/debug/render?format=xml', 400],
  ])('answers %s with %d', async (route, status) => {
    const answer = await get(route);

    expect(answer.status).toBe(status);
  });

  it('lists the feature catalog with what this cluster gets: the allowlisted group on, the rest off', async () => {
    const features =
      await json<{ name: string; maturity: string; state: string; off: string[] }[]>('/debug/features');

    expect(features.find((f) => f.name === 'autopilot-monitoring')).toMatchObject({
      maturity: 'GA',
      state: 'on',
      off: [],
    });
    expect(features.find((f) => f.name === 'swap')).toMatchObject({ state: 'off', off: ['swap-enable'] });
  });

  it('lists the excluded assets with their reasons and without objects', async () => {
    const exclusions = await json<AssetReport[]>('/debug/exclusions');

    expect(exclusions.find((e) => e.asset === 'swap-enable')).toEqual({
      asset: 'swap-enable',
      tier: 'always-on',
      install: 'always',
      kind: 'MachineConfig',
      included: false,
      cause: 'allowlist',
      reason: 'not in the platform.kubevirt.io/autopilot allowlist',
    });
    expect(exclusions.every((e) => !e.included && e.object === undefined)).toBe(true);
  });

  it('follows the HCO: a new disabled-resources rule shows up in the exclusions', async () => {
    await client.mergePatch(HCO_REF(ns), {
      metadata: { annotations: { 'platform.kubevirt.io/disabled-resources': 'PrometheusRule/*' } },
    });

    const excluded = await eventually(
      async () =>
        (await json<AssetReport[]>('/debug/exclusions')).find((e) => e.asset === 'prometheus-alerts'),
      { what: 'prometheus-alerts in /debug/exclusions' },
    );

    expect(excluded).toMatchObject({
      cause: 'disabled-resources',
      reason: 'matches disabled-resources rule PrometheusRule/*',
    });
  });
});
