import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const SERVICE = 'virt-platform-autopilot-metrics';
const DESCHEDULER_NS = 'openshift-kube-descheduler-operator';

/** SPEC §9: every metric with its type and exact label names. */
const CONTRACT: [string, string, string[]][] = [
  ['virt_platform_compliance_status', 'gauge', ['kind', 'name', 'namespace']],
  ['virt_platform_thrashing_total', 'counter', ['kind', 'name', 'namespace']],
  ['virt_platform_customization_info', 'gauge', ['kind', 'name', 'namespace', 'type']],
  ['virt_platform_missing_dependency', 'gauge', ['group', 'version', 'kind']],
  ['virt_platform_reconcile_duration_seconds', 'histogram', ['kind', 'name', 'namespace']],
  ['virt_platform_tombstone_status', 'gauge', ['kind', 'name', 'namespace']],
  ['virt_platform_orphaned_resources', 'gauge', ['kind']],
];

describe('metrics contract and disabling assets', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const hcoRef = () => ({
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    name: 'kubevirt-hyperconverged',
    namespace: ns,
  });
  const setHcoAnnotations = (annotations: Record<string, string | null>) =>
    client.mergePatch(hcoRef(), { metadata: { annotations } });
  const monitor = () => ({ kind: 'ServiceMonitor', name: SERVICE, namespace: ns });
  const descheduler = { kind: 'KubeDescheduler', name: 'cluster', namespace: DESCHEDULER_NS };

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'disable');
    if (!(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: DESCHEDULER_NS }))) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: DESCHEDULER_NS } });
    }
    await client.create(
      hco(ns, {
        'platform.kubevirt.io/autopilot': 'metrics-service,metrics-servicemonitor,descheduler-loadaware',
        'platform.kubevirt.io/enable-load-aware-descheduler': 'true',
      }),
    );
    op = await startOperator({ namespace: ns, flags: ['--throttle-burst=100'] });
    await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
    await waitForCompliance(op, monitor(), 1);
    await waitForCompliance(op, descheduler, 1);
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  it('exposes every metric of the contract with its type and exact label names', async () => {
    await client.mergePatch(
      { apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns },
      { metadata: { annotations: { 'platform.kubevirt.io/ignore-fields': 'spec.sessionAffinity' } } },
    );
    await eventually(
      async () =>
        metricValue(await op.scrape(), 'virt_platform_customization_info', { type: 'ignore' }) === 1,
      { what: 'customization series' },
    );

    const text = await op.scrape();

    for (const [name, type, labels] of CONTRACT) {
      expect(text).toContain(`# TYPE ${name} ${type}`);
      const series = text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`) && !/_(bucket|sum|count)\{/.test(l.slice(name.length - 1)));
      for (const line of series) {
        const names = [...line.matchAll(/(\w+)="/g)].map((m) => m[1]).filter((n) => n !== 'le');
        expect(names.sort()).toEqual([...labels].sort());
      }
    }
    expect(
      metricValue(text, 'virt_platform_reconcile_duration_seconds_count', {
        kind: 'Service',
        name: SERVICE,
        namespace: ns,
      }),
    ).toBeGreaterThan(0);
    expect(
      metricValue(text, 'virt_platform_missing_dependency', {
        group: 'monitoring.coreos.com',
        version: 'v1',
        kind: 'ServiceMonitor',
      }),
    ).toBe(0);
  });

  it('keeps the object but removes its series when the allowlist drops the asset', async () => {
    await setHcoAnnotations({ 'platform.kubevirt.io/autopilot': 'metrics-service,descheduler-loadaware' });

    await eventually(
      async () => metricValue(await op.scrape(), 'virt_platform_compliance_status', monitor()) === undefined,
      { what: 'series removed' },
    );
    expect(
      await client.get({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        name: SERVICE,
        namespace: ns,
      }),
    ).toBeDefined();
  });

  it('keeps the object but removes its series when a disabled-resources rule matches it', async () => {
    await setHcoAnnotations({ 'platform.kubevirt.io/disabled-resources': 'Service/*metrics' });

    await eventually(
      async () =>
        metricValue(await op.scrape(), 'virt_platform_compliance_status', {
          kind: 'Service',
          name: SERVICE,
          namespace: ns,
        }) === undefined,
      { what: 'series removed' },
    );
    expect(
      await client.get({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns }),
    ).toBeDefined();
  });

  it('keeps the object but removes its series when its condition turns false', async () => {
    await setHcoAnnotations({ 'platform.kubevirt.io/enable-load-aware-descheduler': null });

    await eventually(
      async () =>
        metricValue(await op.scrape(), 'virt_platform_compliance_status', descheduler) === undefined,
      { what: 'series removed' },
    );
    expect(
      await client.get({
        apiVersion: 'operator.openshift.io/v1',
        kind: 'KubeDescheduler',
        name: 'cluster',
        namespace: DESCHEDULER_NS,
      }),
    ).toBeDefined();
  });

  it('manages the assets again when they are enabled again', async () => {
    await setHcoAnnotations({
      'platform.kubevirt.io/autopilot': 'metrics-service,metrics-servicemonitor,descheduler-loadaware',
      'platform.kubevirt.io/disabled-resources': null,
      'platform.kubevirt.io/enable-load-aware-descheduler': 'true',
    });

    await waitForCompliance(op, monitor(), 1);
    await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
    await waitForCompliance(op, descheduler, 1);
  });
});
