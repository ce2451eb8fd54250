import type { AssetDefinition, Tier } from '../assets/catalog.js';
import { clone, type KubeObject } from '../kube/types.js';
import { forApply } from '../pipeline/ownership.js';
import { customisationsOf, type Customisation } from './attribution.js';
import type { TopologyFacts } from '../assets/topology.js';
import { poolTargetOf, type PoolTarget } from './pool-target.js';
import type { AssetVerdict, IneligibleCause } from './preview.js';

/** Why an asset is left out of what the operator would apply. */
export type ExclusionCause =
  | IneligibleCause
  | 'disabled-resources'
  | 'held'
  | 'unmanaged'
  | 'not-applicable'
  | 'render-error';

/**
 * One asset in `render` and `/debug/render` output. `object` (included assets only) is what the
 * operator applies: with the ownership marks and, when read against a cluster, after the live
 * object's patch and ignore-fields annotations (`customisations` says what they changed). With
 * `raw`, `object` is the template's output instead, untouched.
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
  /** The live object's annotations that changed the object (render against a cluster). */
  customisations?: Customisation[];
  /** Node tunings: the MachineConfigPool this variant targets and how many of its nodes run VMs. */
  pool?: PoolTarget;
  /** `object` is the raw template output, before ownership marks, patch and mask. */
  raw?: true;
  object?: KubeObject;
}

const STOP_CAUSES: Partial<Record<string, ExclusionCause>> = {
  excluded: 'disabled-resources',
  held: 'held',
  unmanaged: 'unmanaged',
  skipped: 'not-applicable',
  failed: 'render-error',
};

/**
 * The report of one previewed asset (render depth: eligibility, render and disabled-resources; with
 * a cluster also read-live, opt-out, patch and mask). Pure.
 */
export function reportOf(
  verdict: AssetVerdict,
  opts: { raw?: boolean; topology?: TopologyFacts } = {},
): AssetReport {
  const { asset } = verdict;
  const pool = opts.topology ? poolTargetOf(asset, opts.topology) : undefined;
  const base = {
    asset: asset.name,
    tier: asset.tier,
    install: asset.install,
    kind: asset.component,
    ...(pool ? { pool } : {}),
  };
  if ('ineligible' in verdict) {
    return { ...base, included: false, cause: verdict.ineligible.cause, reason: verdict.ineligible.reason };
  }
  const { stop, desiredAfter } = verdict;
  const desired = stop.state.desired;
  const named = {
    ...base,
    ...(desired?.metadata.name ? { name: desired.metadata.name } : {}),
    ...(desired?.metadata.namespace ? { namespace: desired.metadata.namespace } : {}),
  };
  if ((stop.stop === 'created' || stop.stop === 'applied') && desired) {
    const customisations = customisationsOf({
      rendered: desiredAfter.get('opt-out'),
      patched: desiredAfter.get('patch'),
      masked: desiredAfter.get('mask'),
      live: stop.state.live,
    });
    const rendered = stop.state.rendered;
    return {
      ...named,
      included: true,
      ...(customisations.length > 0 ? { customisations } : {}),
      ...(opts.raw && rendered
        ? { raw: true as const, object: clone(rendered) }
        : { object: forApply(stop.state.asset, desired) }),
    };
  }
  return {
    ...named,
    included: false,
    cause: STOP_CAUSES[stop.stop] ?? 'render-error',
    reason: stop.stop === 'unmanaged' ? UNMANAGED_REASON : (stop.reason ?? stop.stop),
    ...(stop.annotation ? { annotation: stop.annotation } : {}),
  };
}

const UNMANAGED_REASON =
  'the live object has platform.kubevirt.io/mode=unmanaged: the operator leaves it alone';

/** `Kind/namespace/name`, `Kind/name`, or just the Kind when the asset was never rendered. */
export function objectLabel(report: { kind: string; name?: string; namespace?: string }): string {
  if (report.name === undefined) return report.kind;
  return report.namespace
    ? `${report.kind}/${report.namespace}/${report.name}`
    : `${report.kind}/${report.name}`;
}
