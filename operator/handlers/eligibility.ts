import type { AssetDefinition } from '../assets/catalog.js';
import { evaluateConditions } from '../assets/conditions.js';
import type { RenderContext } from '../assets/context.js';
import type { GroupVersionKind } from '../kube/types.js';
import { splitApiVersion } from '../kube/types.js';
import { isSelected, type AutopilotSelection } from '../pipeline/decisions/autopilot.js';

export type Eligibility =
  | { eligible: true }
  | { eligible: false; cause: 'allowlist' | 'conditions' | 'missing-dependency'; reason: string };

export function assetGvk(asset: AssetDefinition): GroupVersionKind {
  return { ...splitApiVersion(asset.apiVersion), kind: asset.component };
}

/** Every kind that must be served for the asset to run: its own, then its catalog gate kinds. */
export function requiredKinds(asset: AssetDefinition): GroupVersionKind[] {
  return [assetGvk(asset), ...asset.gateKinds];
}

/**
 * Gate kinds of the feature sections the user switched on (their conditions hold): while one is
 * not served its section stays off, and it is reported as a missing dependency like an asset's.
 */
export function wantedFeatureKinds(asset: AssetDefinition, base: RenderContext): GroupVersionKind[] {
  return asset.features
    .filter((f) => f.gateKinds.length > 0 && evaluateConditions(f.conditions, base).met)
    .flatMap((f) => f.gateKinds);
}

/** Gate kinds of the catalog (assets and feature sections): watched through discovery only. */
export function gateKindsOf(assets: readonly AssetDefinition[]): GroupVersionKind[] {
  return assets.flatMap((a) => [...a.gateKinds, ...a.features.flatMap((f) => f.gateKinds)]);
}

/**
 * Whether an asset goes through the pipeline in this pass. Order matters: a missing CRD is only
 * reported for assets that are otherwise enabled (the Go implementation reported every opt-in
 * asset's CRD as missing, even ones nobody asked for).
 */
export function decideEligibility(input: {
  asset: AssetDefinition;
  selection: AutopilotSelection;
  context: RenderContext;
  served: (gvk: GroupVersionKind) => boolean;
}): Eligibility {
  const { asset, selection, context } = input;
  if (!isSelected(selection, asset)) {
    return {
      eligible: false,
      cause: 'allowlist',
      reason: 'not in the platform.kubevirt.io/autopilot allowlist',
    };
  }
  const conditions = evaluateConditions(asset.conditions, context);
  if (!conditions.met) return { eligible: false, cause: 'conditions', reason: conditions.reason };
  const kinds = requiredKinds(asset);
  const missing = kinds.find((gvk) => !input.served(gvk));
  if (missing) {
    const own = missing === kinds[0] ? '' : ' (a gate kind of this asset)';
    return {
      eligible: false,
      cause: 'missing-dependency',
      reason: `${missing.kind}.${missing.version}.${missing.group || 'core'} is not served (CRD missing)${own}`,
    };
  }
  return { eligible: true };
}
