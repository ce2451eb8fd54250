import type { AssetDefinition, Tier } from '../assets/catalog.js';
import type { KubeObject } from '../kube/types.js';
import { withOwnershipMarks } from '../pipeline/ownership.js';
import type { AssetVerdict, IneligibleCause } from './preview.js';

/** Why an asset is left out of what the operator would apply. */
export type ExclusionCause =
  | IneligibleCause
  | 'disabled-resources'
  | 'held'
  | 'not-applicable'
  | 'render-error';

/**
 * One asset in `render` and `/debug/render` output. `object` (included assets only) carries the
 * ownership marks, as the operator applies it.
 */
export interface AssetReport {
  asset: string;
  tier: Tier;
  /** `always` or `opt-in`: whether the asset runs without an annotation, feature gate or hardware. */
  install: AssetDefinition['install'];
  kind: string;
  name?: string;
  namespace?: string;
  included: boolean;
  cause?: ExclusionCause;
  reason?: string;
  /** The annotation at fault when the object is held. */
  annotation?: string;
  object?: KubeObject;
}

const STOP_CAUSES: Partial<Record<string, ExclusionCause>> = {
  excluded: 'disabled-resources',
  held: 'held',
  skipped: 'not-applicable',
  failed: 'render-error',
};

/** The report of one previewed asset (render depth: eligibility, render and disabled-resources). Pure. */
export function reportOf(verdict: AssetVerdict): AssetReport {
  const { asset } = verdict;
  const base = { asset: asset.name, tier: asset.tier, install: asset.install, kind: asset.component };
  if ('ineligible' in verdict) {
    return { ...base, included: false, cause: verdict.ineligible.cause, reason: verdict.ineligible.reason };
  }
  const { stop } = verdict;
  const desired = stop.state.desired;
  const named = {
    ...base,
    ...(desired?.metadata.name ? { name: desired.metadata.name } : {}),
    ...(desired?.metadata.namespace ? { namespace: desired.metadata.namespace } : {}),
  };
  if ((stop.stop === 'created' || stop.stop === 'applied') && desired) {
    return { ...named, included: true, object: withOwnershipMarks(desired) };
  }
  return {
    ...named,
    included: false,
    cause: STOP_CAUSES[stop.stop] ?? 'render-error',
    reason: stop.reason ?? stop.stop,
    ...(stop.annotation ? { annotation: stop.annotation } : {}),
  };
}

/** `Kind/namespace/name`, `Kind/name`, or just the Kind when the asset was never rendered. */
export function objectLabel(report: { kind: string; name?: string; namespace?: string }): string {
  if (report.name === undefined) return report.kind;
  return report.namespace
    ? `${report.kind}/${report.namespace}/${report.name}`
    : `${report.kind}/${report.name}`;
}
