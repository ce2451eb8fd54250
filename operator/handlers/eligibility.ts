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
  const gvk = assetGvk(asset);
  if (!input.served(gvk)) {
    return {
      eligible: false,
      cause: 'missing-dependency',
      reason: `${gvk.kind}.${gvk.version}.${gvk.group || 'core'} is not served (CRD missing)`,
    };
  }
  return { eligible: true };
}
