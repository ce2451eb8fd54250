import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { DependencyReporter } from '../../../operator/handlers/dependencies.js';
import type { Eligibility } from '../../../operator/handlers/eligibility.js';
import { EventRecorder, type EventSpec } from '../../../operator/observability/events.js';
import { isBuiltIn, type KubeObject } from '../../../operator/kube/types.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';
import { ASSET, context } from '../pipeline/steps/support.js';
import { FakeClock } from '../throttling/fake-clock.js';

const NHC: AssetDefinition = {
  ...ASSET,
  name: 'node-health-check',
  component: 'NodeHealthCheck',
  apiVersion: 'remediation.medik8s.io/v1alpha1',
};
const MISSING: Eligibility = { eligible: false, cause: 'missing-dependency', reason: 'not served' };

async function missingSeries(eligibility: Eligibility): Promise<string[]> {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const metrics = new Metrics();
  const events = new EventRecorder({
    client,
    instance: 'test',
    clock,
    logger: createLogger({ level: 'error' }),
  });
  const base = { ...context(), served: () => false };

  await new DependencyReporter(metrics, events).noteAsset(NHC, base, eligibility);

  return (await metrics.registry.metrics())
    .split('\n')
    .filter((l) => l.startsWith('virt_platform_missing_dependency{'));
}

describe('reporting the kinds an asset needs', () => {
  it.each<[string, Eligibility, number]>([
    ['reports the kind of an asset skipped for it', MISSING, 1],
    ['reports the kind of an enabled asset', { eligible: true }, 1],
    [
      'says nothing about an asset nobody switched on',
      { eligible: false, cause: 'conditions', reason: 'x' },
      0,
    ],
    [
      'says nothing about an asset outside the allowlist',
      { eligible: false, cause: 'allowlist', reason: 'x' },
      0,
    ],
  ])('%s', async (_case, eligibility, series) => {
    const lines = await missingSeries(eligibility);

    expect(lines).toHaveLength(series);
    if (series) expect(lines[0]).toMatch(/kind="NodeHealthCheck".* 1$/);
  });
});

const CRD_KIND = { group: 'remediation.medik8s.io', version: 'v1alpha1', kind: 'NodeHealthCheck' };
const HCO: KubeObject = {
  apiVersion: 'hco.kubevirt.io/v1',
  kind: 'HyperConverged',
  metadata: { name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv', uid: 'hco-uid' },
};

function reporter() {
  const metrics = new Metrics();
  const emitted: EventSpec[] = [];
  const events = { emit: async (spec: EventSpec) => void emitted.push(spec) } as unknown as EventRecorder;
  const dependencies = new DependencyReporter(metrics, events);
  const series = async (): Promise<string[]> =>
    (await metrics.render()).split('\n').filter((l) => l.startsWith('virt_platform_missing_dependency{'));
  return { dependencies, emitted, series };
}

describe('which kinds are soft dependencies', () => {
  it.each([
    ['', false],
    ['apps', false],
    ['rbac.authorization.k8s.io', false],
    ['snapshot.storage.k8s.io', false],
    ['hco.kubevirt.io', true],
    ['k8s.io.example.com', true],
    ['machineconfiguration.openshift.io', true],
  ])('the group "%s" is CRD-backed: %s', (group, custom) => {
    expect(!isBuiltIn({ group, version: 'v1', kind: 'X' })).toBe(custom);
  });
});

describe('missing dependency events: only when a kind goes missing or comes back', () => {
  it('says nothing about built-in kinds, not even a series', async () => {
    const r = reporter();

    await r.dependencies.note({ group: '', version: 'v1', kind: 'Service' }, true, 'svc', HCO);

    expect(r.emitted).toEqual([]);
    expect(await r.series()).toEqual([]);
  });

  it('is quiet about a kind served from the start, with a 0 series', async () => {
    const r = reporter();

    await r.dependencies.note(CRD_KIND, false, 'nhc', HCO);

    expect(r.emitted).toEqual([]);
    expect(await r.series()).toEqual([
      'virt_platform_missing_dependency{group="remediation.medik8s.io",version="v1alpha1",kind="NodeHealthCheck"} 0',
    ]);
  });

  it('warns once on the HCO when a kind is missing, and once more when it is served again', async () => {
    const r = reporter();

    await r.dependencies.note(CRD_KIND, true, 'nhc', HCO);
    await r.dependencies.note(CRD_KIND, true, 'nhc', HCO);
    const whileMissing = await r.series();
    await r.dependencies.note(CRD_KIND, false, 'nhc', HCO);
    await r.dependencies.note(CRD_KIND, false, 'nhc', HCO);

    const regarding = {
      apiVersion: 'hco.kubevirt.io/v1',
      kind: 'HyperConverged',
      name: 'kubevirt-hyperconverged',
      namespace: 'openshift-cnv',
      uid: 'hco-uid',
    };
    expect(whileMissing).toEqual([
      'virt_platform_missing_dependency{group="remediation.medik8s.io",version="v1alpha1",kind="NodeHealthCheck"} 1',
    ]);
    expect(r.emitted).toEqual([
      {
        regarding,
        type: 'Warning',
        reason: 'DependencyMissing',
        action: 'Reconcile',
        note: 'NodeHealthCheck.v1alpha1.remediation.medik8s.io is not served (its CRD is not installed): asset nhc is skipped until it is',
      },
      {
        regarding,
        type: 'Normal',
        reason: 'DependencyFound',
        action: 'Reconcile',
        note: 'NodeHealthCheck.v1alpha1.remediation.medik8s.io is served again: asset nhc is reconciled',
      },
    ]);
  });

  it('names a cluster-scoped, uid-less HCO by its name only', async () => {
    const r = reporter();

    await r.dependencies.note(CRD_KIND, true, 'nhc', {
      apiVersion: 'hco.kubevirt.io/v1',
      kind: 'HyperConverged',
      metadata: {},
    });

    expect(r.emitted.map((e) => e.regarding)).toStrictEqual([
      { apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', name: '' },
    ]);
  });

  it('drops the series of a kind no asset needed in the pass, and keeps the others', async () => {
    const r = reporter();
    const other = { ...CRD_KIND, kind: 'Other' };
    await r.dependencies.note(CRD_KIND, true, 'nhc', HCO);
    await r.dependencies.note(other, true, 'other', HCO);
    r.dependencies.settle();

    await r.dependencies.note(other, true, 'other', HCO);
    r.dependencies.settle();

    expect(await r.series()).toEqual([
      'virt_platform_missing_dependency{group="remediation.medik8s.io",version="v1alpha1",kind="Other"} 1',
    ]);
  });

  it('forgets a dropped kind: when it is needed and missing again, it warns again', async () => {
    const r = reporter();
    await r.dependencies.note(CRD_KIND, true, 'nhc', HCO);
    r.dependencies.settle();
    r.dependencies.settle();

    await r.dependencies.note(CRD_KIND, true, 'nhc', HCO);

    expect(r.emitted.map((e) => e.reason)).toEqual(['DependencyMissing', 'DependencyMissing']);
  });
});
