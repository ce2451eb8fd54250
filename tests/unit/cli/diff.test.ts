import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { buildRenderContext } from '../../../operator/assets/context.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { PipelineState, Stop } from '../../../operator/pipeline/step.js';
import { diffExitCode, diffOf, type DiffStatus, type ObjectDiff } from '../../../operator/render/diff.js';
import type { AssetVerdict } from '../../../operator/render/preview.js';

const asset: AssetDefinition = {
  name: 'metrics-service',
  template: 't.yaml',
  component: 'Service',
  apiVersion: 'v1',
  reconcileOrder: 1,
  tier: 'always-on',
  install: 'always',
  params: {},
  conditions: [],
  gateKinds: [],
  features: [],
};
const context = buildRenderContext({
  hco: { apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', metadata: { name: 'h', namespace: 'ns' } },
  nodes: [],
  env: {},
});

function svc(spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'm', namespace: 'ns', ...(annotations ? { annotations } : {}) },
    spec,
  };
}

function ran(
  stop: Omit<Stop, 'state'> & { state?: Partial<PipelineState> },
  desiredAfter: Record<string, KubeObject> = {},
): AssetVerdict {
  const state = {
    asset,
    context,
    customizations: [],
    forced: false,
    desired: svc({ port: 1 }),
    ...stop.state,
  };
  return { asset, stop: { ...stop, state }, desiredAfter: new Map(Object.entries(desiredAfter)) };
}

describe('diffOf', () => {
  it.each<[string, AssetVerdict, DiffStatus]>([
    [
      'an asset left out by the allowlist is excluded',
      { asset, ineligible: { cause: 'allowlist', reason: 'r' } },
      'excluded',
    ],
    [
      'an asset whose CRD is missing says so',
      { asset, ineligible: { cause: 'missing-dependency', reason: 'r' } },
      'missing-crd',
    ],
    ['no drift is unchanged', ran({ stop: 'unchanged' }), 'unchanged'],
    ['no live object would be created', ran({ stop: 'created' }), 'would-create'],
    ['drift would be changed', ran({ stop: 'applied' }), 'would-change'],
    ['a bad annotation holds the object', ran({ stop: 'held', annotation: 'a', reason: 'r' }), 'held'],
    ['mode unmanaged is unmanaged', ran({ stop: 'unmanaged' }), 'unmanaged'],
    ['a disabled-resources match is excluded', ran({ stop: 'excluded', reason: 'rule' }), 'excluded'],
    [
      'a missing namespace is excluded',
      ran({ stop: 'skipped', reason: 'namespace x does not exist' }),
      'excluded',
    ],
    ['a refused dry-run failed', ran({ stop: 'failed', reason: 'HTTP 422' }), 'failed'],
  ])('%s', (_case, verdict, status) => {
    const diff = diffOf(verdict, () => undefined);

    expect(diff.status).toBe(status);
  });

  it("lists a drifted field with the live value and the server's dry-run value", () => {
    const live = svc({ port: 1, selector: 'other' }, { 'platform.kubevirt.io/patch': '{"spec":{"port":2}}' });
    const rendered = svc({ port: 1, selector: 'mine' });
    const patched = svc({ port: 2, selector: 'mine' });
    const dryRun = svc({ port: 2, selector: 'mine', defaulted: true });
    const verdict = ran(
      {
        stop: 'applied',
        state: { live, drift: { drifted: true, paths: ['/spec/port', '/spec/selector'] } },
      },
      { 'opt-out': rendered, patch: patched, mask: patched },
    );

    const diff = diffOf(verdict, (key) => (key === 'Service/ns/m' ? dryRun : undefined));

    expect(diff).toMatchObject({ name: 'm', namespace: 'ns', status: 'would-change' });
    expect(diff.changes).toEqual([
      { path: '/spec/port', live: 1, desired: 2, via: 'platform.kubevirt.io/patch' },
      { path: '/spec/selector', live: 'other', desired: 'mine' },
    ]);
    expect(diff.customisations).toEqual([
      { annotation: 'platform.kubevirt.io/patch', effect: 'patch', paths: ['/spec/port'] },
    ]);
  });

  it('keeps the annotation and problem of a held object', () => {
    const diff = diffOf(
      ran({ stop: 'held', annotation: 'platform.kubevirt.io/patch', reason: 'bad op' }),
      () => undefined,
    );

    expect(diff).toMatchObject({ annotation: 'platform.kubevirt.io/patch', reason: 'bad op', changes: [] });
  });
});

describe('diffExitCode', () => {
  const of = (...statuses: DiffStatus[]): ObjectDiff[] =>
    statuses.map((status) => ({ asset: 'a', kind: 'K', status, changes: [], customisations: [] }));

  it.each<[string, ObjectDiff[], number]>([
    ['0 when nothing would be written', of('unchanged', 'excluded', 'unmanaged', 'missing-crd'), 0],
    ['0 for an empty catalog', of(), 0],
    ['1 when an object would be created', of('unchanged', 'would-create'), 1],
    ['1 when an object would be changed', of('would-change', 'unchanged'), 1],
    ['2 when an object is held by a bad annotation', of('unchanged', 'held'), 2],
    ['2 when an object could not be checked, even with differences', of('would-change', 'failed'), 2],
  ])('is %s', (_case, diffs, code) => {
    const exit = diffExitCode(diffs);

    expect(exit).toBe(code);
  });
});
