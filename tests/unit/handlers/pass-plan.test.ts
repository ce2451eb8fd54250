import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition, Catalog } from '../../../operator/assets/catalog.js';
import { assignHandlers } from '../../../operator/handlers/handler-set.js';
import { planAsset, planPass } from '../../../operator/handlers/pass-plan.js';
import { ASSET } from '../pipeline/steps/support.js';

const HCO: AssetDefinition = {
  ...ASSET,
  name: 'hco-golden-config',
  component: 'HyperConverged',
  apiVersion: 'hco.kubevirt.io/v1',
  reconcileOrder: 0,
};
const MC: AssetDefinition = {
  ...ASSET,
  name: 'swap-enable',
  component: 'MachineConfig',
  apiVersion: 'machineconfiguration.openshift.io/v1',
  pool: 'worker',
};
const NHC: AssetDefinition = {
  ...ASSET,
  name: 'node-health-check',
  component: 'NodeHealthCheck',
  apiVersion: 'remediation.medik8s.io/v1alpha1',
  reconcileOrder: 2,
};

/** A catalog in exactly this order (no sorting), so the plan's own order is what the test sees. */
function listed(...assets: AssetDefinition[]): Catalog {
  return { assets, features: [], get: (name) => assets.find((a) => a.name === name) };
}

const names = (plan: readonly { asset: AssetDefinition; report: boolean }[]): string[] =>
  plan.map((p) => `${p.asset.name}${p.report ? '' : ' (unreported)'}`);

describe('planning a pass', () => {
  it('runs the HCO first, then the others in catalog order', () => {
    const catalog = listed(ASSET, MC, HCO, NHC);

    const plan = planPass(catalog, assignHandlers(catalog));

    expect(names(plan)).toEqual(['hco-golden-config', 'metrics-service', 'swap-enable', 'node-health-check']);
    expect(plan.map((p) => p.handler.name)).toEqual(['hco', 'monitoring', 'node-tunings', 'remediation']);
  });

  it('runs the HCO unreported before the only asset asked for, and nothing else', () => {
    const catalog = listed(HCO, ASSET, MC, NHC);

    const plan = planPass(catalog, assignHandlers(catalog), 'swap-enable');

    expect(names(plan)).toEqual(['hco-golden-config (unreported)', 'swap-enable']);
  });

  it('reports the HCO when it is the asset asked for', () => {
    const catalog = listed(HCO, ASSET);

    const plan = planPass(catalog, assignHandlers(catalog), 'hco-golden-config');

    expect(names(plan)).toEqual(['hco-golden-config']);
  });

  it('turns a request for the HCO into the whole pass, and any other into its asset alone', () => {
    const catalog = listed(HCO, ASSET, MC);
    const owners = assignHandlers(catalog);

    const forHco = planAsset(HCO, owners);
    const forMc = planAsset(MC, owners);

    expect(forHco).toBe('pass');
    expect(forMc === 'pass' ? forMc : names(forMc)).toEqual(['swap-enable']);
    expect(forMc === 'pass' ? undefined : forMc[0]?.handler.name).toBe('node-tunings');
  });
});
