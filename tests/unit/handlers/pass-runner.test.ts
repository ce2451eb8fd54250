import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition, Catalog } from '../../../operator/assets/catalog.js';
import type { RenderContext } from '../../../operator/assets/context.js';
import { assignHandlers } from '../../../operator/handlers/handler-set.js';
import { planPass } from '../../../operator/handlers/pass-plan.js';
import { runPass, type AssetTurn } from '../../../operator/handlers/pass-runner.js';
import { ASSET, context, hcoObject } from '../pipeline/steps/support.js';

const HCO: AssetDefinition = {
  ...ASSET,
  name: 'hco-golden-config',
  component: 'HyperConverged',
  apiVersion: 'hco.kubevirt.io/v1',
  reconcileOrder: 0,
};
const NHC: AssetDefinition = {
  ...ASSET,
  name: 'node-health-check',
  component: 'NodeHealthCheck',
  apiVersion: 'remediation.medik8s.io/v1alpha1',
  params: { role: 'worker' },
};
const assets = [HCO, ASSET, NHC];
const catalog: Catalog = { assets, features: [], get: (name) => assets.find((a) => a.name === name) };
const ALL = { kind: 'all' } as const;

/** Runs the pass with a visitor that notes each turn and rebases onto an HCO marked `applied`. */
async function pass(start: RenderContext) {
  const turns: AssetTurn[] = [];
  const visited = await runPass(planPass(catalog, assignHandlers(catalog)), start, ALL, {
    visit: async (turn) => {
      turns.push(turn);
      return turn.planned.asset.name;
    },
    rebase: (verdict, base) => ({ ...base, hco: hcoObject({ applied: verdict }) }),
  });
  return { turns, visited };
}

describe('running a pass', () => {
  it('renders every asset after the HCO from the HCO it left, and the HCO from the start', async () => {
    const { turns } = await pass(context());

    const applied = turns.map((t) => t.base.hco.metadata.annotations?.applied ?? 'start');

    expect(applied).toEqual(['start', 'hco-golden-config', 'hco-golden-config']);
  });

  it('gives each asset its own params and the eligibility decision over the base’s served kinds', async () => {
    const start = { ...context(), served: (gvk: { kind: string }) => gvk.kind !== 'NodeHealthCheck' };

    const { turns } = await pass(start);
    const nhc = turns.find((t) => t.planned.asset.name === 'node-health-check');

    expect(nhc?.context.params).toEqual({ role: 'worker' });
    expect(nhc?.eligibility).toMatchObject({ eligible: false, cause: 'missing-dependency' });
    expect(turns[1]?.eligibility).toEqual({ eligible: true });
  });

  it('returns each visited asset with its verdict, in plan order', async () => {
    const { visited } = await pass(context());

    expect(visited.map((v) => [v.planned.handler.name, v.verdict])).toEqual([
      ['hco', 'hco-golden-config'],
      ['monitoring', 'metrics-service'],
      ['remediation', 'node-health-check'],
    ]);
  });
});
