import { describe, expect, it } from '@jest/globals';
import { register } from 'prom-client';
import { Metrics, type SeriesRef } from '../../../operator/observability/metrics.js';

const SWAP: SeriesRef = { kind: 'MachineConfig', name: '50-swap', namespace: '' };
const HCO: SeriesRef = {
  kind: 'HyperConverged',
  name: 'kubevirt-hyperconverged',
  namespace: 'openshift-cnv',
};
const SWAP_LABELS = 'kind="MachineConfig",name="50-swap",namespace=""';
const HCO_LABELS = 'kind="HyperConverged",name="kubevirt-hyperconverged",namespace="openshift-cnv"';

/** The sample lines of one family (no HELP/TYPE comments). */
async function samples(metrics: Metrics, family: string): Promise<string[]> {
  const text = await metrics.render();
  return text.split('\n').filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `));
}

describe('Metrics', () => {
  it('reports compliance 1 when synced and 0 when drifted, per object', async () => {
    const metrics = new Metrics();

    metrics.setCompliance(SWAP, true);
    metrics.setCompliance(HCO, true);
    metrics.setCompliance(HCO, false);

    expect(await samples(metrics, 'virt_platform_compliance_status')).toEqual([
      `virt_platform_compliance_status{${SWAP_LABELS}} 1`,
      `virt_platform_compliance_status{${HCO_LABELS}} 0`,
    ]);
  });

  it('counts thrashing per object', async () => {
    const metrics = new Metrics();

    metrics.incThrashing(HCO);
    metrics.incThrashing(HCO);

    expect(await samples(metrics, 'virt_platform_thrashing_total')).toEqual([
      `virt_platform_thrashing_total{${HCO_LABELS}} 2`,
    ]);
  });

  it('removes the series of customization types that are no longer set', async () => {
    const metrics = new Metrics();
    metrics.setCustomizations(HCO, ['patch', 'ignore']);

    metrics.setCustomizations(HCO, ['ignore']);

    expect(await samples(metrics, 'virt_platform_customization_info')).toEqual([
      `virt_platform_customization_info{${HCO_LABELS},type="ignore"} 1`,
    ]);
  });

  it('forgets an object that stopped being managed but keeps its thrashing history', async () => {
    const metrics = new Metrics();
    metrics.setCompliance(SWAP, true);
    metrics.setCustomizations(SWAP, ['unmanaged']);
    metrics.observeReconcile(SWAP, 0.2);
    metrics.incThrashing(SWAP);
    metrics.setCompliance(HCO, true);

    metrics.forgetObject(SWAP);

    expect(await samples(metrics, 'virt_platform_compliance_status')).toEqual([
      `virt_platform_compliance_status{${HCO_LABELS}} 1`,
    ]);
    expect(await samples(metrics, 'virt_platform_customization_info')).toEqual([]);
    expect(await samples(metrics, 'virt_platform_reconcile_duration_seconds_count')).toEqual([]);
    expect(await samples(metrics, 'virt_platform_thrashing_total')).toEqual([
      `virt_platform_thrashing_total{${SWAP_LABELS}} 1`,
    ]);
  });

  it('observes reconcile durations into buckets from 5 ms to 10 s', async () => {
    const metrics = new Metrics();

    metrics.observeReconcile(HCO, 0.03);
    const buckets = await samples(metrics, 'virt_platform_reconcile_duration_seconds_bucket');

    expect(buckets.map((line) => /le="([^"]+)"/.exec(line)?.[1])).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
    expect(buckets.filter((line) => line.endsWith(' 1'))).toHaveLength(9);
  });

  it('reports a missing dependency by its real group, version and kind, and can drop it', async () => {
    const metrics = new Metrics();
    const mc = { group: 'machineconfiguration.openshift.io', version: 'v1', kind: 'MachineConfig' };
    const nhc = { group: 'remediation.medik8s.io', version: 'v1alpha1', kind: 'NodeHealthCheck' };
    metrics.setMissingDependency(mc, true);
    metrics.setMissingDependency(nhc, true);

    metrics.setMissingDependency(mc, false);
    metrics.removeMissingDependency(nhc);

    expect(await samples(metrics, 'virt_platform_missing_dependency')).toEqual([
      'virt_platform_missing_dependency{group="machineconfiguration.openshift.io",version="v1",kind="MachineConfig"} 0',
    ]);
  });

  it('reports tombstone outcomes as 0, -1 or -2', async () => {
    const metrics = new Metrics();

    metrics.setTombstoneStatus(SWAP, -2);
    metrics.setTombstoneStatus(HCO, 0);

    expect(await samples(metrics, 'virt_platform_tombstone_status')).toEqual([
      `virt_platform_tombstone_status{${SWAP_LABELS}} -2`,
      `virt_platform_tombstone_status{${HCO_LABELS}} 0`,
    ]);
  });

  it('replaces the orphan set, so former orphans disappear', async () => {
    const metrics = new Metrics();
    metrics.setOrphans([SWAP, HCO]);

    metrics.setOrphans([HCO]);

    expect(await samples(metrics, 'virt_platform_orphaned_resources')).toEqual([
      `virt_platform_orphaned_resources{kind="${HCO.kind}"} 1`,
    ]);
  });

  it('counts orphans per kind, never one series per user-named object', async () => {
    const metrics = new Metrics();
    const services = Array.from({ length: 500 }, (_, i) => ({
      kind: 'Service',
      name: `s${i}`,
      namespace: 'ns',
    }));

    metrics.setOrphans([...services, SWAP]);

    expect((await samples(metrics, 'virt_platform_orphaned_resources')).sort()).toEqual([
      `virt_platform_orphaned_resources{kind="${SWAP.kind}"} 1`,
      'virt_platform_orphaned_resources{kind="Service"} 500',
    ]);
  });

  it('exports the runtime gauges and counters', async () => {
    const metrics = new Metrics();

    metrics.setQueueDepth(3);
    metrics.incQueueRetries();
    metrics.incReconcile('success');
    metrics.incReconcile('success');
    metrics.incReconcile('deferred');
    metrics.setLeader(true);
    const text = await metrics.render();

    expect(text).toContain('\nvirt_platform_workqueue_depth 3\n');
    expect(text).toContain('\nvirt_platform_workqueue_retries_total 1\n');
    expect(text).toContain('\nvirt_platform_reconcile_total{result="success"} 2\n');
    expect(text).toContain('\nvirt_platform_reconcile_total{result="deferred"} 1\n');
    expect(text).toContain('\nvirt_platform_leader 1\n');
  });

  it('keeps everything off the global registry, so two instances coexist', async () => {
    const first = new Metrics();
    const second = new Metrics();

    first.setCompliance(HCO, true);
    const global = await register.metrics();

    expect(global).not.toContain('virt_platform_');
    expect(await second.render()).not.toContain(HCO_LABELS);
    expect(await first.render()).toContain('process_cpu_user_seconds_total');
  });

  it('honours a custom prefix and serves the Prometheus text content type', async () => {
    const metrics = new Metrics({ prefix: 'test_' });

    metrics.setCompliance(HCO, true);
    const text = await metrics.render();

    expect(text).toContain(`test_compliance_status{${HCO_LABELS}} 1`);
    expect(text).not.toContain('virt_platform_');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
