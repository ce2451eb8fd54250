import type { AssetDefinition, Catalog } from '../assets/catalog.js';
import type { HandlerSet } from './handler-set.js';
import type { ResourceHandler } from './resource-handler.js';

/** One asset of a plan, its handler, and whether its outcome is wanted (false: run only for the HCO it leaves). */
export interface PlannedAsset {
  readonly asset: AssetDefinition;
  readonly handler: ResourceHandler;
  readonly report: boolean;
}

/**
 * Pure: the pass of SPEC §3. The assets of the pass-scope handler (the HCO) first, because every
 * other asset renders from the HCO they leave; then the others in catalog (reconcile) order. With
 * `only`, the pass keeps that asset and the HCO, which runs unreported so `only` renders from it.
 */
export function planPass(catalog: Catalog, owners: HandlerSet, only?: string): PlannedAsset[] {
  const planned = catalog.assets.map((asset) => ({
    asset,
    handler: owners.ownerOf(asset),
    report: only === undefined || asset.name === only,
  }));
  const first = planned.filter((p) => p.handler.scope === 'pass');
  const rest = planned.filter((p) => p.handler.scope !== 'pass' && p.report);
  return [...first, ...rest];
}

/** Pure: what a request for one asset runs: the whole pass for the HCO's, else that asset alone. */
export function planAsset(asset: AssetDefinition, owners: HandlerSet): PlannedAsset[] | 'pass' {
  const handler = owners.ownerOf(asset);
  return handler.scope === 'pass' ? 'pass' : [{ asset, handler, report: true }];
}
