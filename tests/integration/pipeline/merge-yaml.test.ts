import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';

const MONITORING = 'openshift-monitoring';
const REF = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cluster-monitoring-config', namespace: MONITORING };
const ADMIN_CONFIG =
  'prometheusK8s:\n  retention: 30d\nnodeExporter:\n  collectors:\n    cpufreq:\n      enabled: true\n';

/**
 * The KSM group's monitoring setting lives in a string the admin owns too (config.yaml of the
 * cluster monitoring ConfigMap): the autopilot merges its document in, never replacing the
 * admin's settings, and writes nothing once the live document already says what it wants.
 */
describe('a YAML document shared with the admin (catalog merge_yaml)', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const config = async (): Promise<Record<string, unknown>> =>
    parse(
      ((await client.get(REF)) as KubeObject & { data: Record<string, string> }).data['config.yaml'] ?? '',
    ) as Record<string, unknown>;
  const ksmd = (doc: Record<string, unknown>): unknown =>
    (doc.nodeExporter as { collectors?: { ksmd?: { enabled?: unknown } } } | undefined)?.collectors?.ksmd
      ?.enabled;

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'merge-yaml');
    if (!(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: MONITORING }))) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: MONITORING } });
    }
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: REF.name, namespace: MONITORING },
        data: { 'config.yaml': ADMIN_CONFIG },
      },
      { fieldManager: 'cluster-admin', force: true, dryRun: false },
    );
    await client.create(
      hco(ns, {
        'platform.kubevirt.io/autopilot': 'ksm-cluster-monitoring',
        'platform.kubevirt.io/enable-ksm-zero-only': 'true',
      }),
    );
    op = await startOperator({ namespace: ns, flags: ['--throttle-burst=200'] });
  });
  afterAll(async () => {
    await op?.stop();
    await client.delete(REF);
    client?.close();
  });

  it('adds the ksmd collector and keeps every setting the admin made', async () => {
    await waitForCompliance(op, { kind: 'ConfigMap', name: REF.name, namespace: MONITORING }, 1);

    const doc = await config();
    expect(ksmd(doc)).toBe(true);
    expect(doc).toMatchObject({
      prometheusK8s: { retention: '30d' },
      nodeExporter: { collectors: { cpufreq: { enabled: true } } },
    });
  });

  it('keeps a later admin change to another setting, and turns its own setting back on', async () => {
    const current = (await client.get(REF)) as KubeObject & { data: Record<string, string> };
    const edited = (current.data['config.yaml'] ?? '')
      .replace('retention: 30d', 'retention: 15d')
      .replace(/ksmd:\n(\s+)enabled: true/, 'ksmd:\n$1enabled: false');
    await client.mergePatch(REF, { data: { 'config.yaml': edited } }, { fieldManager: 'cluster-admin' });

    await eventually(async () => ksmd(await config()) === true, { what: 'ksmd back on' });
    expect(await config()).toMatchObject({ prometheusK8s: { retention: '15d' } });
  });
});
