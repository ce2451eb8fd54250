import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { buildRenderContext } from '../../../operator/assets/context.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { Outcome, Stop } from '../../../operator/pipeline/step.js';
import { effectiveHco } from '../../../operator/render/preview.js';
import { hcoWith, renderOffline } from './support.js';

const hco = (spec: Record<string, unknown>, tag: string): KubeObject => ({
  apiVersion: 'hco.kubevirt.io/v1',
  kind: 'HyperConverged',
  metadata: { name: 'kubevirt-hyperconverged', namespace: 'ns', annotations: { tag } },
  spec,
});
const current = hco({ a: 1, keep: true, list: [1, 2] }, 'current');
const live = hco({ a: 2, keep: true, list: [1, 2] }, 'live');
const desired = hco({ a: 5, list: [9] }, 'desired');
const dryRun = hco({ a: 5, keep: true, list: [9], defaulted: 'x' }, 'dry-run');

function stopOf(outcome: Outcome, state: { live?: KubeObject; desired?: KubeObject }): Stop {
  const context = buildRenderContext({ hco: current, nodes: [], env: {} });
  return {
    stop: outcome,
    state: { asset: {} as AssetDefinition, context, customizations: [], forced: false, ...state },
  };
}

describe('effectiveHco', () => {
  it.each<[string, Stop, ((key: string) => KubeObject | undefined) | undefined, KubeObject]>([
    ['the live HCO when nothing would be written', stopOf('unchanged', { live, desired }), undefined, live],
    ['the live HCO when the golden HCO is held', stopOf('held', { live, desired }), undefined, live],
    [
      'the current HCO when the golden HCO was not even read',
      stopOf('excluded', { desired }),
      undefined,
      current,
    ],
    [
      "the server's dry-run answer when the golden HCO would be written",
      stopOf('applied', { live, desired }),
      (key) => (key === 'HyperConverged/ns/kubevirt-hyperconverged' ? dryRun : undefined),
      dryRun,
    ],
    [
      'offline, the desired fields merged over the HCO (lists replaced, other fields kept)',
      stopOf('created', { desired }),
      undefined,
      hco({ a: 5, keep: true, list: [9] }, 'desired'),
    ],
  ])('is %s', (_case, stop, dryRunOf, expected) => {
    const effective = effectiveHco(stop, current, dryRunOf);

    expect(effective).toEqual(expected);
  });
});

describe('renderAssets after the golden HCO', () => {
  it.each<[string, Record<string, string>, { total: number; node: number }]>([
    ['the golden migration limits when the HCO asset is managed', {}, { total: 5, node: 2 }],
    [
      "the user's limits when the HCO asset is left out",
      { 'platform.kubevirt.io/autopilot': 'descheduler' },
      { total: 8, node: 3 },
    ],
  ])('renders the descheduler from the effective HCO: %s', async (_case, annotations, limits) => {
    const reports = await renderOffline(hcoWith('fully-opted-in', annotations));

    const descheduler = reports.find((r) => r.asset === 'descheduler-loadaware');
    expect((descheduler?.object?.spec as { evictionLimits: unknown }).evictionLimits).toEqual(limits);
  });
});
